"""The demo province as a newcomer meets it: Tỉnh Bắc Ninh on the 2025 map carrying former Bắc
Giang's history, loaded twice (the second run changes nothing), a live round of this year on
QĐ 26/2026's commune chain, certificates in every status today, and each persona's key page
showing the work waiting for them.

The demo counts its dates back from today, so the module runs on a frozen clock (FROZEN): the
statuses below hold because the demo computed them, not because the day happened to suit. The
demo is loaded once for the module (it takes a while) and committed, so the tests read it like a
running portal would; the database is flushed afterwards, as transactional tests do.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from freezegun import freeze_time

from demo.context import COMMUNE_OFFICERS
from demo.registry import PRODUCERS
from evaluation.enums import CertificateStatus, DossierState, Level, RoundState
from evaluation.models import Certificate, Dossier, Round
from evaluation.services.certificates.status import status_by_date
from evaluation.services.reevaluation import filing_window
from ocop_portal.accounts.models import User
from ocop_portal.core.admin_units import REFORM_DAY
from ocop_portal.core.backup import row_counts
from ocop_portal.core.models import AdministrativeUnit, Notification
from products.models import Producer, Product
from reports.figures import compute_figures
from reports.management.commands.annual_report import province_in_force
from support.enums import GrantState
from support.models import AwardPolicy, SupportGrant

pytestmark = pytest.mark.django_db

FROZEN = "2026-12-07 03:00:00"  # 10:00 in Hà Nội
TODAY = datetime.date(2026, 12, 7)
DEMO_REGISTRATIONS = [row[4] for row in PRODUCERS]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """(row counts after the first run, after the second run, the second run's output)."""
    from ocop_portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    overrides = override_settings(
        DEBUG=True,
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    clock = freeze_time(FROZEN)
    clock.start()
    try:
        with django_db_blocker.unblock(), overrides:
            call_command("load_demo", stdout=io.StringIO())
            first = row_counts()
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            second = row_counts()
        yield first, second, output.getvalue()
    finally:
        clock.stop()
        app.conf.task_always_eager = eager
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def frozen(demo):
    """Each test reads the demo on its own frozen day."""
    assert timezone.localdate() == TODAY
    return demo


def _login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def _merged():
    return AdministrativeUnit.objects.get(level="province", code="24", valid_from=REFORM_DAY)


def test_demo_second_run_changes_no_row_counts(frozen):
    first, second, _output = frozen
    assert second == first
    assert first["evaluation_dossier"] > 0 and first["evaluation_scorecard"] > 0


def test_demo_is_the_merged_province_carrying_former_bac_giang(frozen):
    merged = _merged()
    former = AdministrativeUnit.objects.get(level="province", code="24", valid_from=None)
    assert (merged.name, former.name, former.carried_into_id) == ("Tỉnh Bắc Ninh", "Tỉnh Bắc Giang", merged.pk)
    # The registry now lives in the merged province's 2025 communes (the 2021 seed's too).
    assert not Producer.objects.filter(province=former).exists()
    assert not Product.objects.filter(province=former).exists()
    demo_products = Product.objects.filter(producer__registration_number__in=DEMO_REGISTRATIONS)
    assert {(p.province_id, p.commune.valid_from) for p in demo_products.select_related("commune")} == {
        (merged.pk, REFORM_DAY)
    }
    chicken = demo_products.get(name="Gà đồi Yên Thế")
    assert (chicken.commune.name, chicken.district.name) == ("Xã Xuân Lương", "Huyện Yên Thế")
    # Pre-merger certificates keep their units, numbers and authority.
    expired = Certificate.objects.get(product__in=demo_products, product__name="Miến dong Canh Nậu")
    assert (expired.province_id, expired.district.name) == (former.pk, "Huyện Yên Thế")
    assert province_in_force("24", TODAY.year) == merged


def test_demo_merged_province_staff_see_and_manage_the_carried_certificates(frozen, client):
    assert User.objects.get(username="so_nnptnt").staff_province == _merged()
    response = _login(client, "so_nnptnt").get(reverse("evaluation:certificate_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("Miến dong Canh Nậu", "Gà đồi Yên Thế", "Rượu vải Lục Ngạn"))


def test_demo_open_round_is_this_years_on_the_commune_chain_of_qd_26_2026(frozen):
    current = Round.objects.get(state=RoundState.OPEN)
    assert (current.province, current.year, current.framework.code) == (_merged(), TODAY.year, "26/2026")
    assert list(current.framework.levels.order_by("order").values_list("level", flat=True)) == [
        Level.COMMUNE,
        Level.PROVINCE,
        Level.CENTRAL,
    ]
    stages = set(Dossier.objects.filter(round=current).values_list("state", "current_level"))
    assert stages == {
        (DossierState.DRAFT, Level.COMMUNE),
        (DossierState.RETURNED, Level.COMMUNE),
        (DossierState.SUBMITTED, Level.COMMUNE),
        (DossierState.FORWARDED, Level.PROVINCE),
        (DossierState.IN_SCORING, Level.PROVINCE),
        (DossierState.SCORED, Level.PROVINCE),
        (DossierState.DECIDED, Level.PROVINCE),
    }
    returned = Dossier.objects.get(round=current, state=DossierState.RETURNED)
    assert "kiểm nghiệm" in returned.return_reasons
    # Every other round (Bắc Giang's under QĐ 148, Bắc Ninh's previous one) is closed.
    frameworks = set(Round.objects.exclude(pk=current.pk).values_list("province__name", "framework__code"))
    assert {("Tỉnh Bắc Giang", "148"), ("Tỉnh Bắc Ninh", "26/2026")} <= frameworks


def test_demo_has_a_certificate_in_every_status_today(frozen):
    own = Certificate.objects.filter(producer__registration_number__in=DEMO_REGISTRATIONS)
    assert set(own.values_list("status", flat=True)) == set(CertificateStatus.values)
    for certificate in own.filter(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING]):
        assert status_by_date(certificate.valid_until, TODAY) == certificate.status
    expiring = own.get(status=CertificateStatus.EXPIRING)
    assert 0 < (expiring.valid_until - TODAY).days <= 90
    assert (own.get(status=CertificateStatus.EXPIRED).valid_until - TODAY).days < 0
    upgraded = own.get(status=CertificateStatus.SUPERSEDED)
    assert (upgraded.product.name, upgraded.stars, upgraded.superseded_by.stars) == ("Mỳ Chũ", 3, 4)
    revoked = own.get(status=CertificateStatus.REVOKED)
    assert (revoked.product.name, revoked.revocation_decision.number) == ("Mật ong rừng Canh Nậu", "2894/QĐ-UBND")
    # Extended under Art. 12.3: expired, its filing window closed before 22/05/2026, a
    # re-evaluation filed, valid until the result and at most 180 days past expiry.
    extended = own.get(status=CertificateStatus.EXTENDED)
    assert extended.valid_until < TODAY <= extended.extended_until
    assert extended.extended_until == extended.valid_until + datetime.timedelta(days=180)
    assert Dossier.objects.filter(renews_certificate=extended, state=DossierState.SUBMITTED).exists()


def test_demo_has_a_certificate_due_for_re_evaluation_inside_the_window(frozen):
    current = Round.objects.get(state=RoundState.OPEN)
    in_window = [
        certificate
        for certificate in Certificate.objects.filter(
            producer__registration_number__in=DEMO_REGISTRATIONS, status=CertificateStatus.VALID
        )
        if filing_window(current.framework, certificate.valid_until).contains(TODAY)
    ]
    assert [c.product.name for c in in_window] == ["Vải thiều Lục Ngạn"]
    assert 120 <= (in_window[0].valid_until - TODAY).days <= 180
    renewal = Dossier.objects.get(renews_certificate=in_window[0])
    assert (renewal.round, renewal.state, renewal.kind) == (current, DossierState.DRAFT, "reevaluation")


def test_demo_2021_report_reproduces_the_seed_after_the_carry(frozen):
    figures = compute_figures(province=province_in_force("24", 2021), year=2021)
    assert figures["registered_products"] == 92
    assert figures["proposed"]["total"] == 63
    assert figures["recognised"]["by_stars"] == {"5": 0, "4": 12, "3": 49}
    assert (figures["in_force"]["total"], figures["in_force"]["by_stars"]) == (155, {"5": 0, "4": 36, "3": 119})
    assert figures["support"]["stated"][0]["amount"] == 460_000_000  # as the seed states it, no grant invented
    assert len(figures["proposed"]["by_district"]) == 10  # Bắc Giang's districts, as in 2021


def test_demo_commune_officers_are_bound_to_2025_communes(frozen):
    officers = {
        user.username: (user.officer_commune.code, user.officer_commune.valid_from)
        for user in User.objects.filter(officer_commune__isnull=False).select_related("officer_commune")
    }
    assert officers == {username: (code, REFORM_DAY) for username, code in COMMUNE_OFFICERS.items()}


def test_demo_commune_officer_queue_shows_the_communes_submitted_dossiers(frozen, client):
    response = _login(client, "xa_xuanluong").get(reverse("evaluation:dossier_queue"), {"state": "submitted"})
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("Rượu men lá Xuân Lương", "Trà hoa vàng Xuân Lương", "Gạo nếp Xuân Lương"))
    assert "Nước cốt vải Tân Sơn" not in page  # Tân Sơn's


def test_demo_personas_have_their_roles_and_password(frozen):
    assert User.objects.get(username="huyen_yenthe").officer_district.name == "Huyện Yên Thế"
    assert User.objects.get(username="chuthe").producer_membership.producer.name == "HTX Gà đồi Yên Thế"
    assert User.objects.get(username="so_nnptnt").check_password("ocop-demo-2021")
    assert User.objects.get(username="xa_tanson").check_password("ocop-demo-2021")


def test_demo_support_has_grants_in_every_state_and_an_award_policy(frozen):
    states = set(SupportGrant.objects.filter(budget_line__year=TODAY.year).values_list("state", flat=True))
    assert {GrantState.PROPOSED, GrantState.APPROVED, GrantState.PAID_IN_PART, GrantState.PAID} <= states
    policy = AwardPolicy.objects.get(year=TODAY.year, province=_merged())
    assert (policy.first_3_stars, policy.first_4_stars, policy.first_5_stars) == (50_000_000, 150_000_000, 300_000_000)
    # This year's recognitions (the previous round's two, the open round's two) proposed their
    # awards themselves.
    assert SupportGrant.objects.filter(budget_line__year=TODAY.year, source_key__startswith="certificate:").count() == 4


def test_demo_sends_no_email_for_its_own_history(frozen):
    assert not Notification.objects.filter(email_pending=True).exists()
    assert Notification.objects.filter(recipient__username="hoidong").exists()


def test_demo_council_member_work_list_has_scorecards_to_fill(frozen, client):
    response = _login(client, "hoidong").get(reverse("evaluation:council_work_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("Cam Bố Hạ", "Gừng Yên Thế", "Gà đồi hun khói Yên Thế"))
    assert "Chấm điểm" in page and "Khai báo xung đột lợi ích" in page


def test_demo_producer_sees_the_expiry_countdown(frozen, client):
    certificate = Certificate.objects.get(producer__registration_number="2401000101", status=CertificateStatus.EXPIRING)
    days_left = (certificate.valid_until - TODAY).days
    response = _login(client, "chuthe").get(reverse("evaluation:my_certificates"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"còn {days_left} ngày" in page and certificate.number in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [(CertificateStatus.VALID, "Còn hiệu lực"), (CertificateStatus.EXTENDED, "Gia hạn chờ kết quả đánh giá lại")],
)
def test_demo_public_verify_page_shows_the_status_of_today(frozen, client, status, shown):
    certificate = Certificate.objects.filter(status=status).first()
    response = client.get(reverse("public:verify", args=[certificate.public_code]))
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_demo_summary_tells_each_persona_what_waits(frozen):
    _first, _second, output = frozen
    assert "xa_xuanluong: 3 hồ sơ chờ kiểm tra" in output
    assert "phuong_chu: 1 hồ sơ chờ kiểm tra, 1 hồ sơ đang soạn" in output
    assert "hoidong: 3 phiếu chấm cần hoàn thành" in output
    assert "chuthe: giấy chứng nhận OCOP-24-" in output
    # one verification link per status, and one for the certificate in its filing window
    assert output.count("/verify/") == len(CertificateStatus.values) + 1


@pytest.mark.parametrize(
    ("username", "url", "query", "expected"),
    [
        ("so_nnptnt", "evaluation:dossier_queue", {"state": "forwarded"}, "Chả gà đồi Yên Thế"),
        ("so_nnptnt", "support:grant_list", {}, "Dây chuyền giết mổ, đóng gói gà đồi"),
        ("xa_tanson", "evaluation:dossier_queue", {"state": "submitted"}, "Nước cốt vải Tân Sơn"),
        ("phuong_chu", "evaluation:dossier_queue", {"state": "submitted"}, "Rượu vải Lục Ngạn"),
        ("chuthe", "evaluation:dossier_mine", {}, "Trứng gà đồi Yên Thế"),
        ("hd_tinh_tv2", "evaluation:council_work_list", {}, "Gà đồi hun khói Yên Thế"),
    ],
)
def test_demo_persona_pages_show_their_work(frozen, client, username, url, query, expected):
    response = _login(client, username).get(reverse(url), query)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_demo_admin_reaches_django_admin(frozen, client):
    response = _login(client, "admin").get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'href="/admin/accounts/user/"' in response.content.decode()


@pytest.mark.parametrize(
    "username", ["so_nnptnt", "xa_xuanluong", "huyen_yenthe", "huyen_lucngan", "hoidong", "chuthe", "admin"]
)
def test_demo_every_persona_home_page_answers(frozen, client, username):
    user = User.objects.get(username=username)
    response = _login(client, username).get("/")
    assert response.status_code == 200
    assert escape(user.full_name) in response.content.decode()


def test_demo_report_workbook_of_the_merged_province_has_the_former_units(frozen):
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.excel import build_workbook
    from reports.services import build_snapshot

    def annex(province, year):
        workbook = load_workbook(BytesIO(build_workbook(build_snapshot(province=province, year=year, version=1))))
        return list(workbook["PL1 Sản phẩm công nhận"].iter_rows(values_only=True))

    merged = annex(_merged(), TODAY.year)
    assert merged[0][:5] == ("Sản phẩm", "Chủ thể", "Xã", "Tỉnh cũ", "Huyện cũ")
    # a dossier of Bắc Ninh itself: no former province; its product's former district
    assert ("Mỳ Chũ", "HTX Mỳ Chũ Cấm Sơn", "Xã Tân Sơn", None, "Lục Ngạn") in {row[:5] for row in merged[1:]}
    # Former Bắc Giang's 2021 report is an unmerged province's: one district column.
    assert annex(province_in_force("24", 2021), 2021)[0][:4] == ("Sản phẩm", "Chủ thể", "Huyện", "Nhóm")


def test_demo_dossiers_happen_on_their_rounds_days_not_the_loading_day(frozen):
    """Issue 19.13: a 2023 dossier said "submitted 07/12/2026" (the day the demo was loaded)."""
    from evaluation.models import DecisionItem, DossierTransition

    items = DecisionItem.objects.select_related("decision", "dossier")
    assert items.exists()
    for item in items.exclude(dossier__submitted_at=None):
        decided, dossier = item.decision.date, item.dossier
        submitted = timezone.localtime(dossier.submitted_at).date()
        assert decided - datetime.timedelta(days=90) <= submitted < decided, (dossier, submitted, decided)
        last_step = DossierTransition.objects.filter(dossier=dossier).exclude(to_state=DossierState.DECIDED)
        assert all(timezone.localtime(t.at).date() <= decided for t in last_step), dossier
    for dossier in Dossier.objects.exclude(submitted_at=None).select_related("round"):
        assert timezone.localtime(dossier.submitted_at).year in (dossier.round.year, dossier.round.year + 1), dossier


def test_demo_certificates_run_36_months_from_their_decision_by_one_rule(frozen):
    """Issue 19.13: the 2021 seed wrote 10/12/2021–09/12/2024, the portal 07/12/2026–07/12/2029."""
    from evaluation.services.certificates.status import valid_until_for

    certificates = list(Certificate.objects.all())
    assert len(certificates) > 10
    assert [c.number for c in certificates if c.valid_until != valid_until_for(c.valid_from)] == []


def test_demo_summary_names_every_council_account(frozen):
    """Issue 19.13: no "hd_chutich, hd_pho, hd_tv1…" wildcard: each account by its exact name."""
    from demo.people import COUNCIL_USERS

    _first, _second, output = frozen
    assert "…" not in output
    assert [name for name, _full in COUNCIL_USERS if name not in output] == []


def test_demo_verify_page_names_each_part_of_the_address_once(frozen, client):
    """Issue 19.13: "Xã Đồng Tiến, Xã Đồng Tiến, Huyện Yên Thế" on the public verification page."""
    import re

    for certificate in Certificate.objects.select_related("producer"):
        page = client.get(reverse("public:verify", args=[certificate.public_code])).content.decode()
        shown = re.search(r"Địa chỉ</dt>\s*<dd[^>]*>([^<]*)</dd>", page).group(1)
        parts = [part.strip().casefold() for part in shown.split(",")]
        assert len(parts) == len(set(parts)), shown


def test_demo_grants_said_fully_paid_have_their_whole_amount_disbursed(frozen):
    """Issue 19.13: the 2021 grants read "Đã chi 0 đ · Đã chi đủ" (written paid, nothing disbursed)."""
    from django.db.models import Sum

    grants = SupportGrant.objects.annotate(disbursed=Sum("disbursements__amount"))
    assert grants.filter(state=GrantState.PAID).exists()
    assert [(g.description, g.disbursed) for g in grants.filter(state=GrantState.PAID) if g.disbursed != g.amount] == []
    part = grants.filter(state=GrantState.PAID_IN_PART)
    assert [g.description for g in part if not g.disbursed or g.disbursed >= g.amount] == []


def test_demo_open_round_dossiers_past_the_commune_were_submitted_before_today(frozen):
    """Issue 19.13: a dossier already scored was not submitted on the day the demo was loaded."""
    past_commune = Dossier.objects.filter(
        round__state=RoundState.OPEN,
        state__in=[DossierState.FORWARDED, DossierState.IN_SCORING, DossierState.SCORED],
    )
    assert past_commune.count() >= 7
    assert [d.product.name for d in past_commune if timezone.localtime(d.submitted_at).date() >= TODAY] == []
