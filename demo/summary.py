"""The short "what each persona finds" text printed at the end of load_demo, read from the data."""

import datetime

from django.urls import reverse

from evaluation.enums import CertificateStatus, DossierState, Level, RoundState
from evaluation.models import Certificate, Dossier
from evaluation.selectors.councils import member_work_list
from ocop_portal.accounts.models import User
from ocop_portal.core.jurisdiction import in_province
from support.enums import GrantState
from support.models import SupportGrant

from .context import COMMUNE_OFFICERS, Demo
from .people import DEMO_PASSWORD


def summary_lines(demo: Demo) -> list[str]:
    users = demo.users
    lines = [f"Mật khẩu của mọi tài khoản demo: {DEMO_PASSWORD}"]
    lines.append("admin: quản trị Django tại /admin/")
    lines.append(f"so_nnptnt: {_staff_work(demo)}")
    for username in COMMUNE_OFFICERS:
        lines.append(f"{username}: {_commune_work(users[username])}")
    for username in ("huyen_yenthe", "huyen_lucngan"):
        lines.append(f"{username}: cán bộ huyện của tỉnh Bắc Giang cũ (các đợt trước 01/07/2025)")
    lines.append(f"hoidong: {_cards_to_fill(users['hoidong'])} phiếu chấm cần hoàn thành (Hội đồng tỉnh)")
    lines.append(f"chuthe: {_producer_work(demo)}")
    members = [name for name in users if name.startswith("hd_")]
    waiting = [f"{name} ({count})" for name in members if (count := _cards_to_fill(users[name]))]
    lines.append(f"{', '.join(members)}: thành viên Hội đồng")
    lines.append(f"  còn phiếu chấm: {', '.join(waiting) or 'không'}")
    lines.append("Tra cứu công khai giấy chứng nhận:")
    lines += [f"  {label}: {url}" for label, url in verify_urls(demo)]
    return lines


def _dossiers(**filters) -> int:
    """Dossiers of open rounds (the 2021 history has dossiers left in these states too)."""
    return Dossier.objects.filter(round__state=RoundState.OPEN, **filters).count()


def _staff_work(demo: Demo) -> str:
    forwarded = Dossier.objects.filter(
        round__state=RoundState.OPEN, state=DossierState.FORWARDED, current_level=Level.PROVINCE
    ).exclude(assignments__level=Level.PROVINCE)
    staffed = User.objects.filter(officer_commune__isnull=False).values("officer_commune_id")
    unchecked = (
        Dossier.objects.filter(round__state=RoundState.OPEN, province=demo.province, state=DossierState.SUBMITTED)
        .exclude(product__commune_id__in=staffed)
        .count()
    )
    scored = _dossiers(province=demo.province, state=DossierState.SCORED, current_level=Level.PROVINCE)
    proposals = SupportGrant.objects.filter(budget_line__province=demo.province, state=GrantState.PROPOSED).count()
    in_force = Certificate.objects.filter(in_province(demo.province.pk))
    expiring = in_force.filter(status=CertificateStatus.EXPIRING).count()
    extended = in_force.filter(status=CertificateStatus.EXTENDED).count()
    return (
        f"{forwarded.count()} hồ sơ xã chuyển lên chờ phân công Hội đồng tỉnh; "
        f"{unchecked} hồ sơ chờ kiểm tra ở xã chưa có cán bộ; {scored} kết quả chờ quyết định công nhận; "
        f"{proposals} đề xuất hỗ trợ chờ duyệt; {expiring} giấy chứng nhận sắp hết hạn, {extended} đang gia hạn"
    )


def _commune_work(user) -> str:
    commune = user.officer_commune_id
    return (
        f"{_dossiers(product__commune_id=commune, state=DossierState.SUBMITTED)} hồ sơ chờ kiểm tra, "
        f"{_dossiers(product__commune_id=commune, state=DossierState.DRAFT)} hồ sơ đang soạn "
        f"({user.officer_commune.name})"
    )


def _cards_to_fill(user) -> int:
    return sum(1 for a in member_work_list(user) if not a.recused and a.my_card_state != "submitted")


def _producer_work(demo: Demo) -> str:
    producer = demo.users["chuthe"].producer_membership.producer
    parts = [
        f"giấy chứng nhận {c.number} ({c.product.name}, {c.get_status_display()}) còn "
        f"{(c.valid_until - demo.today).days} ngày"
        for c in Certificate.objects.filter(producer=producer, status__in=CertificateStatus.in_force())
        .select_related("product")
        .order_by("valid_until")
    ]
    returned = _dossiers(product__producer=producer, state=DossierState.RETURNED)
    drafts = _dossiers(product__producer=producer, state=DossierState.DRAFT)
    parts.append(f"{returned} hồ sơ bị trả lại cần bổ sung, {drafts} hồ sơ đang soạn")
    return "; ".join(parts)


def verify_urls(demo: Demo) -> list[tuple[str, str]]:
    """One public verification address per certificate status, from the demo's own products, and
    one for the certificate inside its re-evaluation filing window (valid, 180–120 days left)."""
    own = Certificate.objects.filter(product__in=demo.products.values()).select_related("product")
    picked = [
        (status.label, own.filter(status=status).order_by("-valid_from", "id").first()) for status in CertificateStatus
    ]
    window = own.filter(
        status=CertificateStatus.VALID,
        valid_until__gte=demo.today + datetime.timedelta(days=120),
        valid_until__lte=demo.today + datetime.timedelta(days=180),
    ).first()
    picked.append((f"{CertificateStatus.VALID.label}, đến kỳ nộp hồ sơ đánh giá lại", window))
    urls = []
    for label, certificate in picked:
        if certificate is not None:
            path = reverse("public:verify", args=[certificate.public_code])
            urls.append((f"{label} — {certificate.product.name}", f"http://127.0.0.1:8000{path}"))
    return urls
