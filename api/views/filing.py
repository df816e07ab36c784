"""The official forms of a QĐ 26/2026 dossier through the API: the same selector, predicates and
services (evaluation/services/filing.py) as the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluation.selectors.dossiers import dossiers_visible_to
from evaluation.services import dossiers as dossier_services
from evaluation.services import filing as filing_services

from ..serializers import filing as s
from .common import ID_PATTERN, require_perm, validated


@extend_schema_view(
    retrieve=extend_schema(
        summary="Read a dossier's official forms, registration number and submitted copies",
        tags=["dossiers"],
        responses=s.FilingSerializer,
    ),
    partial_update=extend_schema(
        summary="Save forms 01 and/or 02 (while draft or returned)",
        tags=["dossiers"],
        request=s.FilingUpdateSerializer,
        responses={200: s.FilingSerializer},
    ),
)
class DossierFilingViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """A dossier under a framework with official forms (QĐ 26/2026), by the dossier's id: seen by
    the dossier's preparers and checkers; other dossiers answer 404."""

    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = s.FilingSerializer

    def get_queryset(self):
        return dossiers_visible_to(self.request.user).select_related("round__framework")

    def get_object(self):
        dossier = super().get_object()
        if not filing_services.uses_official_forms(dossier):
            raise Http404
        return dossier

    def _answer(self, dossier) -> Response:
        dossier.refresh_from_db()
        forms = filing_services.forms_of(dossier)
        can_edit = self.request.user.has_perm("evaluation.edit_dossier", dossier)
        forms.api_missing = filing_services.filing_missing_items(dossier) if can_edit else []
        forms.api_copies = list(dossier.submitted_copies.order_by("number"))
        return Response(s.FilingSerializer(forms).data)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def partial_update(self, request, *args, **kwargs):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        data = validated(self, s.FilingUpdateSerializer, request.data)
        version = data["version"]
        for form_no in ("01", "02"):
            if f"form{form_no}" in data:
                dossier = filing_services.filing_save_form(
                    dossier=dossier,
                    form_no=form_no,
                    data=dict(data[f"form{form_no}"]),
                    version=version,
                    by=request.user,
                )
                version = dossier.version
        return self._answer(dossier)

    @extend_schema(
        summary="The commune writes form 03, and with send=true accepts and forwards the dossier",
        tags=["dossiers"],
        request=s.Form03WriteSerializer,
        responses={200: s.FilingSerializer},
    )
    @action(detail=True, methods=["post"], url_path="form-03")
    def form_03(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.check_dossier", dossier)
        data = validated(self, s.Form03WriteSerializer, request.data)
        send, note = data.pop("send"), data.pop("note")
        filing_services.filing_save_form03(dossier=dossier, data=data, by=request.user)
        if send:
            dossier_services.dossier_accept(dossier=dossier, by=request.user, note=note)
        return self._answer(dossier)
