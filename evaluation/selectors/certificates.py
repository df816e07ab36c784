"""Certificate reads. Signed-in pages start from `certificates_visible_to(user)`; the public pages
from the `public_*` selectors, which load only what may be shown to anyone."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.jurisdiction import in_province
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer, Product
from products.selectors import products_visible_to

from ..enums import CertificateStatus as S
from ..enums import DossierState
from ..models import Certificate, CertificateEvent, CertificateNotice, Dossier, MisuseReport

LIST_RELATIONS = ("product", "product__product_set__group", "producer", "district", "decision")


def _producer_id(user) -> int | None:
    membership = getattr(user, "producer_membership", None)
    return membership.producer_id if membership is not None else None


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Province staff: their province; district officer: their district; commune officer: their
    commune's products'; producer user: their producer's; a user holding several roles sees the
    union; anyone else nothing."""
    queryset = Certificate.objects.select_related(*LIST_RELATIONS).order_by("-valid_from", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(district_id=user.officer_district_id)
    if user.officer_commune_id:
        scope |= Q(product__commune_id=user.officer_commune_id)
    producer_id = _producer_id(user)
    if producer_id is not None:
        scope |= Q(producer_id=producer_id)
    return queryset.filter(scope)


def certificate_history(user, *, producer: Producer | None = None, product: Product | None = None):
    """Certificates of the visible products of `producer` (or of `product`), newest first, with
    `in_force`, and `linkable` telling whether `user` may open the certificate's own page (the
    registry's producer and product pages, evaluation/page_panels.py)."""
    products = products_visible_to(user)
    if producer is not None:
        products = products.filter(producer=producer)
    if product is not None:
        products = products.filter(pk=product.pk)
    openable = certificates_visible_to(user).filter(pk=OuterRef("pk"))
    return (
        Certificate.objects.filter(product__in=products.values("pk"))
        .select_related("product")
        .annotate(
            linkable=Exists(openable),
            in_force=ExpressionWrapper(Q(status__in=S.in_force()), output_field=BooleanField()),
        )
        .order_by("-valid_from", "-id")
    )


def certificate_register(
    user, *, status: str = "", stars: int | None = None, district=None, year: int | None = None, search: str = ""
) -> QuerySet[Certificate]:
    """The staff/district list with its filters (all optional)."""
    queryset = certificates_visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if stars:
        queryset = queryset.filter(stars=stars)
    if district is not None:
        queryset = queryset.filter(district=district)
    if year:
        queryset = queryset.filter(valid_from__year=year)
    if search:
        queryset = queryset.filter(
            Q(number__icontains=search) | Q(product__name__icontains=search) | Q(producer__name__icontains=search)
        )
    return queryset


def _history():
    return Prefetch("events", queryset=CertificateEvent.objects.select_related("decision").order_by("date", "id"))


def _open_renewals():
    return Prefetch(
        "renewal_dossiers",
        queryset=Dossier.objects.filter(state__in=DossierState.open_states()).select_related("round"),
        to_attr="open_renewals",
    )


def certificate_detail_for(user) -> QuerySet[Certificate]:
    """Visible certificates with what the detail page shows: history, notices, renewals."""
    return (
        certificates_visible_to(user)
        .select_related("superseded_by", "revocation_decision", "framework")
        .prefetch_related(
            _history(),
            Prefetch("notices", queryset=CertificateNotice.objects.order_by("sent_on", "id")),
            Prefetch("renewal_dossiers", queryset=Dossier.objects.select_related("round").order_by("-created_at")),
            Prefetch("supersedes", queryset=Certificate.objects.order_by("-valid_from")),
            _open_renewals(),
        )
    )


def own_certificates(user) -> QuerySet[Certificate]:
    """The producer user's certificates, newest first, with their open renewal dossiers."""
    producer_id = _producer_id(user) if user.is_authenticated else None
    if producer_id is None:
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(producer_id=producer_id)
        .select_related(*LIST_RELATIONS, "superseded_by")
        .prefetch_related(_open_renewals())
        .order_by("-valid_from", "-id")
    )


def renewal_deadline(valid_until: datetime.date) -> datetime.date:
    """The date by which the producer should file the re-evaluation dossier: the expiry minus a
    lead time (setting OCOP_RENEWAL_LEAD_DAYS, default 60) that leaves the district time to check
    the dossier and the council time to meet before the certificate lapses."""
    lead = getattr(settings, "OCOP_RENEWAL_LEAD_DAYS", 60)
    return valid_until - datetime.timedelta(days=lead)


@dataclass(frozen=True)
class NextStep:
    text: str
    tone: str  # a Bootstrap contextual colour


def certificate_next_step(certificate: Certificate, today: datetime.date) -> NextStep:
    """What the producer should do next about this certificate. Uses `open_renewals` when
    prefetched (own_certificates, certificate_detail_for)."""

    def day(value):
        return formats.date_format(value, "SHORT_DATE_FORMAT")

    if certificate.status == S.REVOKED:
        return NextStep(_("Giấy chứng nhận đã bị thu hồi: ngừng sử dụng nhãn OCOP trên sản phẩm."), "danger")
    if certificate.status == S.SUPERSEDED:
        newer = certificate.superseded_by.number if certificate.superseded_by_id else ""
        return NextStep(
            _("Đã được thay thế bởi giấy chứng nhận %(number)s: dùng mã QR mới.") % {"number": newer}, "info"
        )
    renewals = getattr(certificate, "open_renewals", None) or []
    if any(dossier.state not in DossierState.editable_states() for dossier in renewals):
        return NextStep(_("Hồ sơ đánh giá lại đã nộp và đang được xử lý."), "info")
    if renewals:
        # A draft (or a dossier returned for more) is the producer's to finish: nothing is being
        # processed until it is submitted (issue 19, item 10).
        deadline = renewal_deadline(certificate.valid_until)
        returned = any(dossier.state == DossierState.RETURNED for dossier in renewals)
        text = (
            _("Hồ sơ đánh giá lại bị trả lại: bổ sung và nộp lại, hạn khuyến nghị %(date)s.")
            if returned
            else _("Hồ sơ đánh giá lại đang soạn, chưa nộp: hoàn thiện và nộp trước %(date)s.")
        )
        return NextStep(text % {"date": day(deadline)}, "warning")
    if certificate.status == S.EXPIRED:
        return NextStep(
            _("Đã hết hạn: ngừng sử dụng nhãn OCOP và nộp hồ sơ đánh giá lại để được công nhận lại."), "danger"
        )
    deadline = renewal_deadline(certificate.valid_until)
    if today <= deadline:
        return NextStep(
            _("Nộp hồ sơ đánh giá lại trước %(date)s") % {"date": day(deadline)},
            "warning" if certificate.status == S.EXPIRING else "secondary",
        )
    return NextStep(
        _("Đã quá thời hạn khuyến nghị: nộp hồ sơ đánh giá lại ngay, trước khi hết hạn ngày %(date)s")
        % {"date": day(certificate.valid_until)},
        "danger",
    )


def misuse_reports_visible_to(user) -> QuerySet[MisuseReport]:
    queryset = MisuseReport.objects.select_related("certificate", "certificate__product").order_by("-created_at", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.staff_province_id:
        return queryset.filter(in_province(user.staff_province_id, "certificate__province_id"))
    return queryset.none()


# --- public -----------------------------------------------------------------------------------

PUBLIC_RELATIONS = (
    "product",
    "product__product_set__group",
    "producer",
    "producer__commune",
    "district",
    "decision",
    "superseded_by",
    "revocation_decision",
)


def public_certificate_by_code(code: str) -> Certificate | None:
    """The certificate behind a QR code, with its dated history: two queries."""
    return (
        Certificate.objects.select_related(*PUBLIC_RELATIONS)
        .prefetch_related(_history())
        .filter(public_code=code)
        .first()
    )


def public_certificate_for_report(code: str) -> Certificate | None:
    """The certificate a misuse report is about, with what its page shows: one query."""
    return Certificate.objects.select_related("product").filter(public_code=code).first()


def public_certificate_by_number(number: str) -> Certificate | None:
    return Certificate.objects.filter(number__iexact=number.strip()).only("public_code").first()


def public_certified_products(
    *, search: str = "", province=None, district=None, group=None, stars: int | None = None
) -> QuerySet[Certificate]:
    """Certificates in force, one per product (the database guarantees it), by product name.

    The search is shaped for the trigram indexes on product and producer names: each name is
    matched in its own table and the matches meet in one `product_id IN (… UNION …)`, which the
    planner can estimate and drive from the index. An OR across the joined names cannot use
    either index, and an OR of two IN-subqueries makes the planner guess half the table.
    """
    queryset = Certificate.objects.filter(status__in=S.in_force()).select_related(
        "product", "product__product_set__group", "producer", "district"
    )
    if search:
        by_product_name = Product.objects.filter(name__icontains=search).order_by().values("pk")
        by_producer_name = (
            Certificate.objects.filter(producer_id__in=Producer.objects.filter(name__icontains=search).values("pk"))
            .order_by()
            .values("product_id")
        )
        queryset = queryset.filter(product_id__in=by_product_name.union(by_producer_name))
    if province is not None:
        queryset = queryset.filter(province=province)
    if district is not None:
        queryset = queryset.filter(district=district)
    if group is not None:
        queryset = queryset.filter(product__product_set__group=group)
    if stars:
        queryset = queryset.filter(stars=stars)
    return queryset.order_by(*vi_order("product__name"), "id")


def _has_certificate_in_force(field: str) -> Exists:
    return Exists(Certificate.objects.filter(status__in=S.in_force(), **{field: OuterRef("pk")}))


def public_provinces() -> QuerySet[AdministrativeUnit]:
    """Provinces with a product in force (the public filter's first level): one index probe each."""
    return (
        AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        .filter(_has_certificate_in_force("province"))
        .order_by(*vi_order("name"), "id")
    )


def public_districts(province) -> QuerySet[AdministrativeUnit]:
    """The districts of `province` that have a product in force (the public filter's second level)."""
    return (
        AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, parent=province)
        .filter(_has_certificate_in_force("district"))
        .order_by(*vi_order("name"), "id")
    )


def public_revoked_certificates(*, search: str = "") -> QuerySet[Certificate]:
    queryset = Certificate.objects.filter(status=S.REVOKED).select_related(
        "product", "producer", "district", "revocation_decision"
    )
    if search:
        queryset = queryset.filter(
            Q(number__icontains=search) | Q(product__name__icontains=search) | Q(producer__name__icontains=search)
        )
    return queryset.order_by("-revocation_decision__date", "number")
