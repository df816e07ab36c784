"""The short "what each persona finds" text printed at the end of load_demo, read from the data."""

from django.urls import reverse

from evaluation.enums import CertificateStatus, DossierState, Level, RoundState
from evaluation.models import Certificate, Dossier
from evaluation.selectors.councils import member_work_list
from ocop_portal.accounts.models import User
from support.enums import GrantState
from support.models import SupportGrant

from .context import Demo
from .people import DEMO_PASSWORD


def summary_lines(demo: Demo) -> list[str]:
    users = demo.users
    lines = [f"Mật khẩu của mọi tài khoản demo: {DEMO_PASSWORD}"]
    lines.append("admin: quản trị Django tại /admin/")
    lines.append(f"so_nnptnt: {_staff_work(demo)}")
    for username in ("huyen_yenthe", "huyen_lucngan"):
        lines.append(f"{username}: {_officer_work(users[username])}")
    lines.append(f"hoidong: {_cards_to_fill(users['hoidong'])} phiếu chấm cần hoàn thành (Hội đồng huyện và tỉnh)")
    lines.append(f"chuthe: {_producer_work(demo)}")
    members = [name for name in users if name.startswith("hd_")]
    waiting = [f"{name} ({count})" for name in members if (count := _cards_to_fill(users[name]))]
    lines.append(f"{', '.join(members[:3])}…: thành viên Hội đồng; còn phiếu chấm: {', '.join(waiting) or 'không'}")
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
    unchecked = _dossiers(
        province=demo.province, state=DossierState.SUBMITTED, district__in=_districts_without_officer(demo)
    )
    proposals = SupportGrant.objects.filter(budget_line__province=demo.province, state=GrantState.PROPOSED).count()
    expiring = Certificate.objects.filter(province=demo.province, status=CertificateStatus.EXPIRING).count()
    return (
        f"{forwarded.count()} hồ sơ huyện chuyển lên chờ phân công Hội đồng tỉnh; "
        f"{unchecked} hồ sơ chờ kiểm tra ở huyện chưa có cán bộ; {proposals} đề xuất hỗ trợ chờ duyệt; "
        f"{expiring} giấy chứng nhận sắp hết hạn"
    )


def _districts_without_officer(demo: Demo) -> list:
    staffed = set(User.objects.filter(officer_district__isnull=False).values_list("officer_district_id", flat=True))
    return [unit for unit in demo.districts.values() if unit.pk not in staffed]


def _officer_work(user) -> str:
    district = user.officer_district_id
    return (
        f"{_dossiers(district_id=district, state=DossierState.SUBMITTED)} hồ sơ chờ kiểm tra, "
        f"{_dossiers(district_id=district, state=DossierState.ACCEPTED)} hồ sơ đã tiếp nhận chờ trình Hội đồng, "
        f"{_dossiers(district_id=district, state=DossierState.SCORED, current_level=Level.DISTRICT)} "
        f"hồ sơ có kết quả chờ quyết định, {_cards_to_fill(user)} phiếu chấm của mình"
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
    parts.append(f"{returned} hồ sơ bị trả lại cần bổ sung, {drafts} hồ sơ đánh giá lại đang soạn")
    return "; ".join(parts)


def verify_urls(demo: Demo) -> list[tuple[str, str]]:
    """One public verification address per certificate status, from the demo's own products."""
    urls = []
    for status in CertificateStatus:
        certificate = (
            Certificate.objects.filter(product__in=demo.products.values(), status=status)
            .select_related("product")
            .order_by("-valid_from", "id")
            .first()
        )
        if certificate is not None:
            path = reverse("public:verify", args=[certificate.public_code])
            urls.append((f"{status.label} — {certificate.product.name}", f"http://127.0.0.1:8000{path}"))
    return urls
