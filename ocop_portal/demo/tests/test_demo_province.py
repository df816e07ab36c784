"""The demo province as a newcomer meets it: loaded twice (the second run changes nothing), every
stage and status present, and each persona's key page showing the work waiting for them.

The demo is loaded once for the module (it takes a while) and committed, so the tests read it
like a running portal would; the database is flushed afterwards, as transactional tests do.
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from evaluation.enums import CertificateStatus, DossierState, Level, RoundState
from evaluation.models import Certificate, Dossier, Round
from ocop_portal.accounts.models import User
from ocop_portal.core.backup import row_counts
from ocop_portal.core.models import Notification
from ocop_portal.demo.registry import PRODUCERS
from support.enums import GrantState
from support.models import AwardPolicy, SupportGrant

pytestmark = pytest.mark.django_db


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
    with django_db_blocker.unblock(), overrides:
        call_command("load_demo", stdout=io.StringIO())
        first = row_counts()
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        second = row_counts()
    yield first, second, output.getvalue()
    app.conf.task_always_eager = eager
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_demo_second_run_changes_no_row_counts(demo):
    first, second, _output = demo
    assert second == first
    assert first["evaluation_dossier"] > 0 and first["evaluation_scorecard"] > 0


def test_demo_personas_have_their_roles_and_password(demo):
    assert User.objects.get(username="huyen_yenthe").officer_district.name == "Huyện Yên Thế"
    assert User.objects.get(username="chuthe").producer_membership.producer.name == "HTX Gà đồi Yên Thế"
    assert User.objects.get(username="so_nnptnt").check_password("ocop-demo-2021")
    assert User.objects.get(username="hd_chutich").check_password("ocop-demo-2021")


def test_demo_open_round_has_a_dossier_at_every_stage(demo):
    current = Round.objects.get(state=RoundState.OPEN)
    stages = set(Dossier.objects.filter(round=current).values_list("state", "current_level"))
    assert {
        (DossierState.DRAFT, Level.DISTRICT),
        (DossierState.RETURNED, Level.DISTRICT),
        (DossierState.SUBMITTED, Level.DISTRICT),
        (DossierState.ACCEPTED, Level.DISTRICT),
        (DossierState.IN_SCORING, Level.DISTRICT),
        (DossierState.SCORED, Level.DISTRICT),
        (DossierState.FORWARDED, Level.PROVINCE),
        (DossierState.IN_SCORING, Level.PROVINCE),
        (DossierState.DECIDED, Level.DISTRICT),
        (DossierState.DECIDED, Level.PROVINCE),
    } <= stages
    returned = Dossier.objects.get(round=current, state=DossierState.RETURNED)
    assert "kiểm nghiệm" in returned.return_reasons
    assert current.year == timezone.localdate().year


def test_demo_has_certificates_in_every_status(demo):
    own = Certificate.objects.filter(producer__registration_number__in=[row[4] for row in PRODUCERS])
    statuses = set(own.values_list("status", flat=True))
    # the demo is a 2021 province: QĐ 26/2026's extension (Art. 12.3) has no case there
    assert statuses == set(CertificateStatus.values) - {CertificateStatus.EXTENDED}
    upgraded = Certificate.objects.get(status=CertificateStatus.SUPERSEDED, product__name="Mỳ Chũ")
    assert (upgraded.stars, upgraded.superseded_by.stars) == (3, 4)
    revoked = Certificate.objects.get(status=CertificateStatus.REVOKED, product__name="Mật ong rừng Canh Nậu")
    assert (revoked.revocation_ground, revoked.revocation_decision.number) == ("quality", "2894/QĐ-UBND")


def test_demo_support_has_grants_in_every_state_and_an_award_policy(demo):
    year = timezone.localdate().year
    states = set(SupportGrant.objects.filter(budget_line__year=year).values_list("state", flat=True))
    assert {GrantState.PROPOSED, GrantState.APPROVED, GrantState.PAID_IN_PART, GrantState.PAID} <= states
    policy = AwardPolicy.objects.get(year=year)
    assert (policy.first_3_stars, policy.first_4_stars, policy.first_5_stars) == (50_000_000, 150_000_000, 300_000_000)
    # The open round's recognitions proposed their awards themselves.
    assert SupportGrant.objects.filter(budget_line__year=year, source_key__startswith="certificate:").count() == 2


def test_demo_sends_no_email_for_its_own_history(demo):
    assert not Notification.objects.filter(email_pending=True).exists()
    assert Notification.objects.filter(recipient__username="hoidong").exists()


def test_demo_district_officer_queue_shows_submitted_dossiers(demo, client):
    response = _login(client, "huyen_yenthe").get(reverse("evaluation:dossier_queue"), {"state": "submitted"})
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("Rượu men lá Xuân Lương", "Măng khô Canh Nậu", "Gạo nếp Xuân Lương"))
    assert "Nước cốt vải Tân Sơn" not in page  # Lục Ngạn's


def test_demo_council_member_work_list_has_scorecards_to_fill(demo, client):
    response = _login(client, "hoidong").get(reverse("evaluation:council_work_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("Cam Bố Hạ", "Gừng Yên Thế", "Gà đồi hun khói Yên Thế"))
    assert "Chấm điểm" in page and "Khai báo xung đột lợi ích" in page


def test_demo_producer_sees_the_expiry_countdown(demo, client):
    certificate = Certificate.objects.get(product__name="Gà đồi Yên Thế", status=CertificateStatus.EXPIRING)
    days_left = (certificate.valid_until - timezone.localdate()).days
    response = _login(client, "chuthe").get(reverse("evaluation:my_certificates"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 0 < days_left <= 90
    assert f"còn {days_left} ngày" in page and certificate.number in page


def test_demo_public_verify_page_shows_a_valid_certificate(demo, client):
    certificate = Certificate.objects.filter(status=CertificateStatus.VALID).first()
    response = client.get(reverse("public:verify", args=[certificate.public_code]))
    assert response.status_code == 200
    assert "Còn hiệu lực" in response.content.decode()


def test_demo_summary_tells_each_persona_what_waits(demo):
    _first, _second, output = demo
    assert "huyen_yenthe: 3 hồ sơ chờ kiểm tra" in output
    assert "hoidong: 3 phiếu chấm cần hoàn thành" in output
    assert "chuthe: giấy chứng nhận OCOP-24-" in output
    assert output.count("/verify/") == len(CertificateStatus.values) - 1  # no extended certificate


@pytest.mark.parametrize(
    ("username", "url", "query", "expected"),
    [
        ("so_nnptnt", "evaluation:dossier_queue", {"state": "forwarded"}, "Chả gà đồi Yên Thế"),
        ("so_nnptnt", "support:grant_list", {}, "Dây chuyền giết mổ, đóng gói gà đồi"),
        ("huyen_lucngan", "evaluation:dossier_queue", {"state": "submitted"}, "Nước cốt vải Tân Sơn"),
        ("huyen_yenthe", "evaluation:council_work_list", {}, "Cam Bố Hạ"),
        ("chuthe", "evaluation:dossier_mine", {}, "Trứng gà đồi Yên Thế"),
        ("hd_tinh_tv2", "evaluation:council_work_list", {}, "Gà đồi hun khói Yên Thế"),
    ],
)
def test_demo_persona_pages_show_their_work(demo, client, username, url, query, expected):
    response = _login(client, username).get(reverse(url), query)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_demo_admin_reaches_django_admin(demo, client):
    response = _login(client, "admin").get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'href="/admin/accounts/user/"' in response.content.decode()


@pytest.mark.parametrize("username", ["so_nnptnt", "huyen_yenthe", "huyen_lucngan", "hoidong", "chuthe", "admin"])
def test_demo_every_persona_home_page_answers(demo, client, username):
    user = User.objects.get(username=username)
    response = _login(client, username).get("/")
    assert response.status_code == 200
    assert escape(user.full_name) in response.content.decode()
