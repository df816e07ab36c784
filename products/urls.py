from django.urls import path

from . import views
from .views import reference, signup

app_name = "products"
urlpatterns = [
    path("producers/", views.producer_list, name="producer_list"),
    path("producers/new/", views.producer_create, name="producer_create"),
    path("producers/export.<str:file_format>", views.producer_export, name="producer_export"),
    path("producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", views.producer_update, name="producer_update"),
    path("producers/<int:pk>/propose/", views.producer_propose, name="producer_propose"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/export.<str:file_format>", views.product_export, name="product_export"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_update, name="product_update"),
    path("products/<int:pk>/photos/", views.product_photo_add, name="product_photo_add"),
    path("products/<int:pk>/propose/", views.product_propose, name="product_propose"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("signup/", signup.signup, name="signup"),
    path("signup/sent/", signup.signup_done, name="signup_done"),
    path("signups/", signup.signup_list, name="signup_list"),
    path("signups/<int:pk>/", signup.signup_decide, name="signup_decide"),
    path("reference/", reference.reference_list, name="reference_list"),
    path("reference/<str:framework_code>/", reference.reference_list, name="reference_framework"),
    path("reference/groups/<int:pk>/edit/", reference.reference_group_edit, name="reference_group_edit"),
    path("reference/groups/<int:pk>/sets/new/", reference.reference_set_create, name="reference_set_create"),
    path("reference/sets/<int:pk>/edit/", reference.reference_set_edit, name="reference_set_edit"),
]
