"""The province's calendar-day clocks (evaluation/services/province_clocks.py): what the mutation
run of issue 24 found no test for (docs/mutation.md) — the reminders' words, link and recipients,
a dossier created before QĐ 26/2026 but filed on the day it came into force, the 45-day clock
bound to re-evaluation dossiers only, the clocks of a page's dossiers, and the two queries."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import DossierKind, DossierState, Level
from evaluation.services.province_clocks import TRANSITION, attach_day_clocks, day_clock_reminders, dossier_day_clocks
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from evaluation.tests.test_province_advisory import province_dossier
from evaluation.tests.test_province_reevaluation import (  # noqa: F401
    complete_on_1_september,
    old_dossier,
    reevaluation,
)
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def _subjects(user):
    """The reminders `user` got (the dossier's own steps notify them too)."""
    return list(Notification.objects.filter(recipient=user, subject__contains=": còn ").values_list("subject", "url"))


def test_the_45_day_reminder_names_the_product_the_days_and_the_deadline(complete_on_1_september, province_staff):  # noqa: F811
    dossier = complete_on_1_september
    assert day_clock_reminders(D("2026-10-16")) == 1
    assert _subjects(province_staff) == [
        (
            f"Hồ sơ đánh giá lại “{dossier.product.name}”: còn 0 ngày để Hội đồng quyết định (45 ngày, hạn 16/10/2026)",
            reverse("evaluation:dossier_detail", args=[dossier.pk]),
        )
    ]


def test_the_transition_reminder_names_the_old_framework_and_the_deadline(province, commune, province_staff):
    dossier = old_dossier(province, commune, province_staff, "2026-05-20")
    assert day_clock_reminders(D("2026-07-14")) == 1
    ((subject, _url),) = _subjects(province_staff)
    assert subject == (
        f"Hồ sơ “{dossier.product.name}” nộp theo 148: còn 7 ngày để hoàn thành theo quy định cũ (hạn 21/07/2026)"
    )


def test_reminders_go_to_the_active_staff_of_the_dossiers_province_only(
    complete_on_1_september,  # noqa: F811
    province_staff,
):
    retired = f.UserFactory(username="retired", staff_province=complete_on_1_september.province, is_active=False)
    elsewhere = f.UserFactory(
        username="elsewhere", staff_province=f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    )
    day_clock_reminders(D("2026-10-16"))
    assert len(_subjects(province_staff)) == 1
    assert _subjects(retired) == _subjects(elsewhere) == []


def test_each_due_clock_is_counted(province, commune, province_staff):
    old_dossier(province, commune, province_staff, "2026-05-20")
    old_dossier(province, commune, province_staff, "2026-05-20")
    assert day_clock_reminders(D("2026-07-14")) == 2


def test_an_open_dossier_without_a_clock_is_passed_over(province, commune, province_staff):
    old_dossier(province, commune, province_staff, "2026-05-22")  # filed under the new framework
    assert day_clock_reminders(D("2026-07-14")) == 0


def test_a_dossier_created_before_22_may_but_filed_that_day_has_no_transition_deadline(
    province, commune, province_staff
):
    with freeze_time("2026-05-21 10:00:00+07:00"):
        product = f.ProductFactory(producer=f.ProducerFactory(commune=commune))
        dossier = DossierFactory(product=product, round=RoundFactory(framework=framework("148"), province=province))
    with freeze_time("2026-05-22 10:00:00+07:00"):
        dossier_transition(dossier, DossierState.SUBMITTED, by=province_staff)
    assert dossier_day_clocks([dossier], D("2026-06-01")) == {}


def test_a_new_dossier_at_the_provinces_council_has_no_45_day_clock(province, commune, province_staff):
    with freeze_time("2026-09-01 09:00:00+07:00"):
        dossier = reevaluation(province, commune, province_staff, kind=DossierKind.NEW)
    assert dossier.state == DossierState.FORWARDED
    assert dossier_day_clocks([dossier], D("2026-09-10")) == {}


def test_an_old_framework_dossier_at_the_province_keeps_its_transition_deadline_only(province, commune, province_staff):
    with freeze_time("2026-05-20 09:00:00+07:00"):
        dossier = province_dossier(province=province, commune=commune, staff=province_staff, code="148")
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)
    (clock,) = dossier_day_clocks([dossier], D("2026-06-01"))[dossier.pk]
    assert (clock.kind, clock.deadline) == (TRANSITION, D("2026-07-21"))


def test_a_page_of_dossiers_gets_each_its_clocks_as_of_the_day_asked(
    province,
    commune,
    province_staff,
    complete_on_1_september,  # noqa: F811
):
    without = old_dossier(province, commune, province_staff, "2026-05-22")
    attach_day_clocks([complete_on_1_september, without], D("2026-10-12"))
    (clock,) = complete_on_1_september.day_clocks
    assert clock.left == 4
    assert without.day_clocks == []


def test_the_clocks_of_a_page_take_two_queries(
    province,
    commune,
    province_staff,
    complete_on_1_september,  # noqa: F811
    django_assert_num_queries,
):
    old = old_dossier(province, commune, province_staff, "2026-05-20")
    dossiers = [complete_on_1_september, old]
    for dossier in dossiers:
        dossier.round  # noqa: B018 — the page loads the round with the dossier
    with django_assert_num_queries(2):
        clocks = dossier_day_clocks(dossiers, D("2026-06-01"))
        assert [c.framework for c in clocks[old.pk]] == ["148"]
        assert [c.deadline for c in clocks[complete_on_1_september.pk]] == [D("2026-10-16")]


def test_a_dossier_of_the_new_framework_itself_has_no_transition_deadline(province, commune, province_staff):
    """A round under QĐ 26/2026 opened before 22/05/2026: its dossiers finish under 26/2026, no
    "old framework" binds them."""
    dossier = old_dossier(province, commune, province_staff, "2026-05-21", code="26/2026")
    assert dossier_day_clocks([dossier], D("2026-06-01")) == {}


def test_the_transition_runs_to_the_first_framework_after_the_old_one(province, commune, province_staff):
    later = framework("26/2026")
    later.pk, later.code, later.valid_from = None, "99/2027", D("2027-01-01")
    later.clocks = {**later.clocks, "transition_new_days": 10}
    later.save()
    dossier = old_dossier(province, commune, province_staff, "2026-05-21")
    (clock,) = dossier_day_clocks([dossier], D("2026-06-01"))[dossier.pk]
    assert (clock.started, clock.days, clock.deadline) == (D("2026-05-22"), 60, D("2026-07-21"))
