"""Certificates: the signed-in list (certificates_visible_to), the public verification and
certified-product list (the public selectors), and the register export."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluation.enums import CertificateStatus
from evaluation.reference import framework_in_force
from evaluation.selectors import certificates as selectors
from evaluation.services import certificates as certificate_services
from evaluation.services.reevaluation import certificate_extend
from ocop_portal.core.spreadsheet import csv_cell
from products.models import ProductPhoto

from ..filters import YearFilter
from ..serializers import certificates as s
from ..throttling import PublicListThrottle, PublicVerifyThrottle
from .common import ReadOnlyViewSet, validated

STAR_CHOICES = [(3, "3"), (4, "4"), (5, "5")]


class CertificateFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=CertificateStatus.choices, label="Only certificates with this status.")
    stars = filters.TypedChoiceFilter(choices=STAR_CHOICES, coerce=int, label="Only certificates of these stars.")
    district = filters.NumberFilter(field_name="district_id", label="Only certificates of this district id.")
    group = filters.NumberFilter(field_name="product__product_set__group_id", label="Only this product group id.")
    year = YearFilter(field_name="valid_from__year", label="Only certificates issued in this year.")


# What CertificateSerializer reads: fewer joins keep PostgreSQL's planning (several ms for a
# 10-table join) off every list request.
CERTIFICATE_RELATIONS = ("product__product_set__group", "producer", "decision")


def _certificates(user):
    return selectors.certificates_visible_to(user).select_related(None).select_related(*CERTIFICATE_RELATIONS)


@extend_schema_view(
    list=extend_schema(summary="List certificates in scope", tags=["certificates"]),
    retrieve=extend_schema(summary="Read one certificate", tags=["certificates"]),
)
class CertificateViewSet(ReadOnlyViewSet):
    """Province staff: their province; a district officer: their district; a producer user:
    their own certificates."""

    serializer_class = s.CertificateSerializer
    filterset_class = CertificateFilter
    selector = _certificates

    def _revoke(self, request, certificates, data) -> list:
        """Revoke by the province's decision, as the revoke pages do: each certificate one the user
        may revoke and still in force or expired, all of them or none."""
        if not all(request.user.has_perm("evaluation.revoke_certificate", c) for c in certificates):
            raise PermissionDenied
        revoked = certificate_services.certificates_revoke_by_decision(
            certificates=certificates, by=request.user, **data
        )
        return s.CertificateSerializer(
            _certificates(request.user).filter(pk__in=[c.pk for c in revoked]), many=True
        ).data

    @extend_schema(
        summary="Revoke the certificate by the province's revocation decision",
        tags=["certificates"],
        request=s.RevocationSerializer,
        responses={200: s.CertificateSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def revoke(self, request, pk=None):
        certificate = self.get_object()
        if not request.user.has_perm("evaluation.revoke_certificate", certificate):
            raise PermissionDenied
        data = validated(self, s.RevocationSerializer, request.data)
        return Response(self._revoke(request, [certificate], data)[0])

    @extend_schema(
        summary="Extend the certificate until its re-evaluation result (QĐ 26/2026 Art. 12.3)",
        description="For a certificate whose re-evaluation window closed before QĐ 26/2026 came into force "
        "and whose re-evaluation dossier is filed: valid at most 180 days past its expiry, status "
        "`extended`. The province's staff (of the issuing province or the one it merged into).",
        tags=["certificates"],
        request=None,
        responses={200: s.CertificateSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def extend(self, request, pk=None):
        certificate = self.get_object()
        today = timezone.localdate()
        certificate_extend(certificate=certificate, framework=framework_in_force(today), by=request.user, today=today)
        return Response(s.CertificateSerializer(_certificates(request.user).get(pk=certificate.pk)).data)

    @extend_schema(
        summary="Revoke several certificates by one decision (all or none)",
        operation_id="certificates_revoke_bulk",
        tags=["certificates"],
        request=s.BulkRevocationSerializer,
        responses={200: s.CertificateSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="revoke", filterset_class=None, pagination_class=None)
    def revoke_bulk(self, request):
        if not request.user.has_perm("evaluation.revoke_certificates_in_bulk"):
            raise PermissionDenied
        data = validated(self, s.BulkRevocationSerializer, request.data)
        ids = data.pop("certificates")
        certificates = list(_certificates(request.user).filter(pk__in=ids))
        missing = sorted(set(ids) - {c.pk for c in certificates})
        if missing:
            return Response(
                {"certificates": [f"Not found: {', '.join(map(str, missing))}."]}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(self._revoke(request, certificates, data))


@extend_schema(
    summary="Verify a certificate by the code on its QR label (public)",
    tags=["public"],
    auth=[],
    responses={
        200: s.PublicCertificateSerializer,
        404: OpenApiResponse(description="No certificate has this code."),
        429: OpenApiResponse(description="Too many requests from this address: retry after `Retry-After` seconds."),
    },
)
class PublicVerifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicVerifyThrottle]

    def get(self, request, code):
        certificate = selectors.public_certificate_by_code(code)
        if certificate is None:
            raise Http404
        return Response(s.PublicCertificateSerializer(certificate).data)


class CertifiedProductFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", max_length=100, label="Product or producer name contains this text.")
    district = filters.NumberFilter(field_name="district_id", label="Only products of this district id.")
    group = filters.NumberFilter(field_name="product__product_set__group_id", label="Only this product group id.")
    stars = filters.TypedChoiceFilter(choices=STAR_CHOICES, coerce=int, label="Only products of these stars.")

    def search(self, queryset, name, value):
        # The public selector does the matching, so the API and the public page agree.
        return queryset.filter(pk__in=selectors.public_certified_products(search=value.strip()).values("pk"))


@extend_schema(
    summary="List certified products in force (public)",
    tags=["public"],
    auth=[],
    responses={
        200: s.CertifiedProductSerializer(many=True),
        429: OpenApiResponse(description="Too many requests from this address: retry after `Retry-After` seconds."),
    },
)
class PublicCertifiedProductList(generics.ListAPIView):
    """Every product with a certificate in force, one row per product, by product name."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicListThrottle]
    serializer_class = s.CertifiedProductSerializer
    filterset_class = CertifiedProductFilter

    def get_queryset(self):
        return selectors.public_certified_products()


def register_export_rows(user):
    """Certificates in force the user may see, with everything the export prints joined."""
    return (
        selectors.certificates_visible_to(user)
        .filter(status__in=CertificateStatus.in_force())
        .select_related(
            "framework",
            "decision",
            "producer__commune",
            "product__product_set__group",
            "district",
            "province",
        )
        .prefetch_related(
            Prefetch("product__photos", queryset=ProductPhoto.objects.order_by("id"), to_attr="export_photos")
        )
        .order_by("number", "id")
    )


def register_export_data(user) -> dict:
    rows = list(register_export_rows(user))
    return {
        "schema_version": s.EXPORT_SCHEMA_VERSION,
        "generated_at": timezone.now(),
        "count": len(rows),
        "certificates": rows,
    }


CSV_COLUMNS = (
    ("certificate_number", lambda c: c.number),
    ("public_code", lambda c: c.public_code),
    ("stars", lambda c: c.stars),
    ("status", lambda c: c.status),
    ("framework", lambda c: c.framework.code),
    ("issuing_level", lambda c: c.issuing_level),
    ("valid_from", lambda c: c.valid_from.isoformat()),
    ("valid_until", lambda c: c.valid_until.isoformat()),
    ("decision_number", lambda c: c.decision.number),
    ("decision_date", lambda c: c.decision.date.isoformat()),
    ("decision_authority", lambda c: c.decision.authority),
    ("product_portal_id", lambda c: c.product_id),
    ("product_name", lambda c: c.product.name),
    ("group_code", lambda c: c.product.product_set.group.code),
    ("product_set_code", lambda c: c.product.product_set.code),
    ("producer_portal_id", lambda c: c.producer_id),
    ("producer_name", lambda c: c.producer.name),
    ("producer_kind", lambda c: c.producer.kind),
    ("registration_number", lambda c: c.producer.registration_number),
    ("tax_code", lambda c: c.producer.tax_code),
    ("producer_address", lambda c: c.producer.address),
    ("commune_code", lambda c: c.producer.commune.code),
    ("district_code", lambda c: c.district.code if c.district_id else ""),
    ("province_code", lambda c: c.province.code),
    # schema 1.1: what the national OCOP system publishes for a product
    ("product_story", lambda c: c.product.description),
    ("producer_representative", lambda c: c.producer.representative),
    ("producer_phone", lambda c: c.producer.phone),
    ("producer_email", lambda c: c.producer.email),
    ("photo_urls", None),  # absolute addresses, space-separated (needs the request)
)


@extend_schema(
    summary="Export the certified-product register (certificates in force) as JSON",
    description="The stable shape documented in api/EXPORT.md, for upload to the national OCOP database.",
    tags=["export"],
    responses={200: s.RegisterExportSerializer},
)
class RegisterExportView(APIView):
    def get(self, request):
        data = register_export_data(request.user)
        return Response(s.RegisterExportSerializer(data, context={"request": request}).data)


@extend_schema(
    summary="Export the certified-product register as CSV (UTF-8 with BOM)",
    description="One row per certificate in force, columns as in api/EXPORT.md, ordered by certificate number.",
    tags=["export"],
    responses={(200, "text/csv"): OpenApiTypes.STR},
)
class RegisterExportCsvView(APIView):
    def get(self, request):
        output = io.StringIO(newline="")
        writer = csv.writer(output)
        writer.writerow([name for name, _value in CSV_COLUMNS])
        for certificate in register_export_rows(request.user):
            photos = " ".join(request.build_absolute_uri(p.image.url) for p in certificate.product.export_photos)
            writer.writerow([csv_cell(value(certificate) if value else photos) for _name, value in CSV_COLUMNS])
        response = HttpResponse(("\ufeff" + output.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="ocop-register-{stamp}.csv"'
        return response
