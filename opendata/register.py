"""The open register's columns (English name, English and Vietnamese labels, Table Schema type)
and its rows as of a date.

A certificate issued on or before the date is in it, with its status that day: revoked,
superseded or extended when its history says so by then, otherwise what the calendar gives
(valid, expiring, expired). The columns follow what the national OCOP system publishes for a
product: certificate number, issue and expiry dates, stars, product story, producer name,
representative, address and photos. Producers' phone numbers and e-mail addresses are left
out of the public file, as they are from every public page; the authenticated export for the
national system (api/EXPORT.md) carries them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from evaluation.enums import CertificateStatus as S
from evaluation.models import Certificate, CertificateEvent
from evaluation.services.certificates import status_by_date
from products.models import ProductPhoto

SCHEMA_VERSION = "1.0"
# Statuses a decision (or the re-evaluation rule) sets, which the calendar alone cannot tell.
DECIDED_STATUSES = {S.REVOKED, S.SUPERSEDED, "extended"}
IN_FORCE = {S.VALID, S.EXPIRING, "extended"}
STATUS_VALUES = [S.VALID, S.EXPIRING, "extended", S.EXPIRED, S.REVOKED, S.SUPERSEDED]


@dataclass(frozen=True)
class Column:
    name: str
    title_en: str
    title_vi: str
    type: str = "string"
    required: bool = False
    enum: tuple = ()


COLUMNS = (
    Column("certificate_number", "Certificate number", "Số giấy chứng nhận", required=True),
    Column(
        "status", "Status on the snapshot date", "Trạng thái tại ngày số liệu", required=True, enum=tuple(STATUS_VALUES)
    ),
    Column("stars", "Stars", "Hạng sao", "integer", required=True, enum=(3, 4, 5)),
    Column("issue_date", "Issue date", "Ngày cấp", "date", required=True),
    Column("expiry_date", "Expiry date", "Ngày hết hạn", "date", required=True),
    Column("decision_number", "Recognition decision", "Quyết định công nhận", required=True),
    Column("issuing_authority", "Issuing authority", "Cơ quan cấp", required=True),
    Column("revocation_date", "Revocation date", "Ngày thu hồi", "date"),
    Column("revocation_ground", "Revocation ground", "Căn cứ thu hồi"),
    Column("verify_url", "Verification page", "Trang tra cứu", required=True),
    Column("product_name", "Product", "Tên sản phẩm", required=True),
    Column("product_group", "Product group", "Nhóm sản phẩm", required=True),
    Column("product_set", "Product set", "Bộ sản phẩm", required=True),
    Column("product_story", "Product story", "Câu chuyện sản phẩm"),
    Column("photos", "Photos (space-separated addresses)", "Hình ảnh (các đường dẫn cách nhau bởi dấu cách)"),
    Column("producer_name", "Producer", "Tên chủ thể", required=True),
    Column("producer_kind", "Producer kind", "Loại hình chủ thể", required=True),
    Column("registration_number", "Business registration number", "Số đăng ký kinh doanh", required=True),
    Column("representative", "Representative", "Người đại diện", required=True),
    Column("address", "Address", "Địa chỉ", required=True),
    Column("commune", "Commune", "Xã/phường"),
    Column("district", "District", "Huyện"),
    Column("province", "Province", "Tỉnh/thành phố", required=True),
    Column("province_code", "Province code (GSO)", "Mã tỉnh (GSO)", required=True),
)


def _absolute(path: str) -> str:
    """A public address: the deployment's base URL (OCOP_PUBLIC_BASE_URL) + path, or the path
    alone when no base URL is configured."""
    return f"{settings.OCOP_PUBLIC_BASE_URL.rstrip('/')}{path}"


def status_on(certificate: Certificate, day: datetime.date) -> tuple[str, datetime.date | None]:
    """(status on `day`, the day a decided status took effect). `certificate.dated_events` holds
    its events up to `day` (register_rows prefetches them), oldest first."""
    decided = [e for e in certificate.dated_events if e.to_status in DECIDED_STATUSES]
    if decided:
        return decided[-1].to_status, decided[-1].date
    return status_by_date(certificate.valid_until, day), None


def register_rows(day: datetime.date) -> list[dict]:
    """Every certificate issued by `day`, by certificate number: one dict per row, values as
    plain text/integers/ISO dates (what the CSV and JSON write)."""
    certificates = (
        Certificate.objects.filter(valid_from__lte=day)
        .select_related(
            "decision",
            "producer",
            "product__product_set__group",
            "product__commune",
            "product__district",
            "product__province",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CertificateEvent.objects.filter(date__lte=day).order_by("date", "id"),
                to_attr="dated_events",
            ),
            Prefetch("product__photos", queryset=ProductPhoto.objects.order_by("id"), to_attr="ordered_photos"),
        )
        .order_by("number", "id")
    )
    rows = []
    for certificate in certificates:
        status, since = status_on(certificate, day)
        product, producer = certificate.product, certificate.producer
        rows.append(
            {
                "certificate_number": certificate.number,
                "status": str(status),
                "stars": certificate.stars,
                "issue_date": certificate.valid_from.isoformat(),
                "expiry_date": certificate.valid_until.isoformat(),
                "decision_number": certificate.decision.number,
                "issuing_authority": certificate.issuing_authority or certificate.decision.authority,
                "revocation_date": since.isoformat() if status == S.REVOKED and since else "",
                "revocation_ground": certificate.get_revocation_ground_display() if status == S.REVOKED else "",
                "verify_url": _absolute(reverse("public:verify", args=[certificate.public_code])),
                "product_name": product.name,
                "product_group": product.product_set.group.name,
                "product_set": product.product_set.name,
                "product_story": product.description,
                "photos": " ".join(_absolute(photo.image.url) for photo in product.ordered_photos),
                "producer_name": producer.name,
                "producer_kind": producer.get_kind_display(),
                "registration_number": producer.registration_number,
                "representative": producer.representative,
                "address": producer.address,
                "commune": product.commune.name if product.commune_id else "",
                "district": product.district.name if product.district_id else "",
                "province": product.province.name,
                "province_code": product.province.code,
            }
        )
    return rows
