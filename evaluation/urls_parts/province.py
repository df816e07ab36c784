"""URL patterns of the province's steps: the advisory team and the 5★ dossier to the Ministry."""

from django.urls import path

from ..views import province

urlpatterns = [
    path("province/work/", province.province_work_view, name="province_work"),
    path("dossiers/<int:pk>/province/", province.dossier_province_view, name="dossier_province"),
    path("dossiers/<int:pk>/province/advisory/", province.advisory_add_view, name="advisory_add"),
    path("dossiers/<int:pk>/five-star/approve/", province.five_star_approve_view, name="five_star_approve"),
    path("dossiers/<int:pk>/five-star/send/", province.five_star_send_view, name="five_star_send"),
    path("dossiers/<int:pk>/five-star/outcome/", province.five_star_outcome_view, name="five_star_outcome"),
]
