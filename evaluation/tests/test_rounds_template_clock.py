"""Art. 5 round templates and the commune's 15-working-day clock (QĐ 26/2026 Art. 7.2): the
deadlines a template sets, the clock on the queue and the dossier page, the daily reminders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from evaluation.enums import DossierState, Level
from evaluation.models import Dossier, RoundDeadline
from evaluation.services.clocks import clock_reminders
from evaluation.services.rounds import round_from_template
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def _deadlines(round_):
    return {
        d.level: (d.submission, d.completeness_check, d.decision) for d in RoundDeadline.objects.filter(round=round_)
    }


def test_template_pair_2_of_2026(province, province_staff):
    framework("26/2026")
    round_ = round_from_template(province=province, year=2026, pair=2, by=province_staff)
    assert (round_.framework.code, round_.number, round_.opens_on, round_.framework_expired) == (
        "26/2026",
        2,
        D(2026, 5, 22),  # the framework's first day, later than 01/05
        False,
    )
    # the producer files 15 working days before the commune's request date (Fri 30/10/2026)
    assert _deadlines(round_) == {
        Level.COMMUNE: (D(2026, 10, 9), D(2026, 10, 30), None),
        Level.PROVINCE: (None, None, D(2026, 12, 30)),
    }


def test_template_pair_1_of_2027_skips_hung_kings_day(province, province_staff):
    framework("26/2026")
    round_ = round_from_template(province=province, year=2027, pair=1, by=province_staff)
    assert (round_.opens_on, _deadlines(round_)[Level.COMMUNE]) == (
        D(2027, 1, 1),
        (D(2027, 4, 8), D(2027, 4, 30), None),
    )


@pytest.mark.parametrize(("year", "pair"), [(2026, 1), (2027, 3), (2027, 0)])
def test_template_refuses_a_pair_the_framework_does_not_define(province, province_staff, year, pair):
    framework("26/2026")
    with pytest.raises(ValidationError):
        round_from_template(province=province, year=year, pair=pair, by=province_staff)


def test_template_page(province, province_staff, client_for):
    framework("26/2026")
    client = client_for(province_staff)
    assert "Tạo đợt theo mốc Điều 5" in client.get(reverse("evaluation:round_list")).content.decode()
    response = client.post(reverse("evaluation:round_template"), {"year": 2026, "pair": 2})
    round_ = RoundDeadline.objects.get(level=Level.COMMUNE).round
    assert response.url == reverse("evaluation:round_detail", args=[round_.pk])
    response = client.post(reverse("evaluation:round_template"), {"year": 2026, "pair": 1}, follow=True)
    assert "chưa thuộc thời gian hiệu lực" in response.content.decode()


@pytest.fixture
def commune_dossiers(province, district):
    """Dossiers under QĐ 26/2026 received by the commune on Mon 20/04/2026 (deadline 14/05)."""
    round_ = RoundFactory(framework=framework("26/2026"), province=province, number=9)

    def make(count):
        made = []
        for _n in range(count):
            product = f.ProductFactory(producer=f.ProducerFactory(commune=f.CommuneFactory(parent=district)))
            dossier = DossierFactory(product=product, round=round_, current_level=Level.COMMUNE)
            Dossier.objects.filter(pk=dossier.pk).update(
                state=DossierState.SUBMITTED,
                submitted_at=timezone.make_aware(datetime.datetime(2026, 4, 20, 9, 0)),
            )
            made.append(dossier)
        return made

    return make


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        ("2026-05-08", 'data-clock="running">còn 4 ngày làm việc (hạn 14/05/2026)'),
        ("2026-05-11", 'data-clock="warn">còn 3 ngày làm việc (hạn 14/05/2026)'),
        ("2026-05-15", 'data-clock="overdue">quá hạn kiểm tra (14/05/2026)'),
    ],
)
def test_clock_on_the_queue_and_the_page(commune_dossiers, province_staff, client_for, today, shown):
    dossier = commune_dossiers(1)[0]
    client = client_for(province_staff)
    with freeze_time(f"{today} 03:00"):
        assert shown in client.get(reverse("evaluation:dossier_queue")).content.decode()
        assert shown in client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()


def test_queue_queries_do_not_grow_with_clocks(commune_dossiers, province_staff, client_for):
    client = client_for(province_staff)
    commune_dossiers(1)
    client.get(reverse("evaluation:dossier_queue"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("evaluation:dossier_queue"))
    commune_dossiers(6)
    with CaptureQueriesContext(connection) as seven:
        client.get(reverse("evaluation:dossier_queue"))
    assert len(seven) == len(one)


@pytest.mark.parametrize(
    ("today", "sent"), [("2026-05-08", 0), ("2026-05-11", 1), ("2026-05-13", 0), ("2026-05-14", 1)]
)
def test_reminders_on_the_warning_day_and_the_last_day(commune_dossiers, province_staff, today, sent):
    commune_dossiers(1)
    assert clock_reminders(D.fromisoformat(today)) == sent
    assert Notification.objects.filter(recipient=province_staff).count() == sent
