"""Dossier services: opening, registration, self-assessment, optimistic locking, submission with
completeness, return/accept/withdraw, deadlines, and the two frameworks' first steps."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.enums import DossierKind, DossierState, Level, RoundState, SheetState
from evaluation.models import (
    AnswerOption,
    Certificate,
    Criterion,
    CriterionCase,
    Decision,
    Dossier,
    RoundDeadline,
    SelfAssessmentAnswer,
)
from evaluation.selectors.dossiers import dossiers_visible_to, self_assessment_view, timeline_steps
from evaluation.services.dossiers import (
    DossierConflict,
    dossier_accept,
    dossier_create,
    dossier_missing_items,
    dossier_return,
    dossier_save_self_assessment,
    dossier_submit,
    dossier_update_registration,
    dossier_withdraw,
)
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory, build_sheet

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import REGISTRATION, attach_evidence, make_complete
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _dmy(day):
    return day.strftime("%d/%m/%Y")


# Opening ----------------------------------------------------------------------------------------


def test_create_picks_published_sheet_and_first_level(product, open_round, sheet, producer):
    build_sheet(framework_obj=open_round.framework, product_set=product.product_set, state=SheetState.DRAFT, version=2)
    dossier = dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=producer)
    assert (dossier.sheet, dossier.current_level, dossier.state) == (sheet, Level.DISTRICT, DossierState.DRAFT)
    assert (dossier.district, dossier.province, dossier.created_by) == (product.district, product.province, producer)
    assert AuditEntry.objects.get(action="dossier.create").object_id == str(dossier.pk)


def test_create_under_1489_starts_at_commune(product, round_1489, sheet_1489, district_officer):
    dossier = dossier_create(product=product, round=round_1489, kind=DossierKind.NEW, by=district_officer)
    assert (dossier.sheet, dossier.current_level) == (sheet_1489, Level.COMMUNE)


def test_create_without_published_sheet_is_refused(product, open_round, district_officer):
    with pytest.raises(ValidationError) as caught:
        dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    assert caught.value.messages == [
        f"Bộ sản phẩm “{product.product_set}” chưa có phiếu đánh giá đã ban hành theo “{open_round.framework}”."
    ]
    assert Dossier.objects.count() == 0


def test_one_open_dossier_per_product_per_round(product, open_round, sheet, district_officer):
    first = dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    with pytest.raises(ValidationError) as caught:
        dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    assert caught.value.messages == [f"Sản phẩm “Gà đồi Yên Thế” đã có hồ sơ số {first.pk} trong đợt này (Đang soạn)."]
    assert Dossier.objects.count() == 1


def test_withdrawn_dossier_frees_the_product(product, open_round, sheet, district_officer):
    first = dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    dossier_withdraw(dossier=first, by=district_officer, note="Làm lại")
    second = dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    assert sorted(Dossier.objects.values_list("pk", "state")) == [
        (first.pk, DossierState.WITHDRAWN),
        (second.pk, DossierState.DRAFT),
    ]


@pytest.mark.parametrize("persona_name", ["other_district_officer", "other_producer", "plain_user"])
def test_create_refused_outside_scope(persona_name, persona, product, open_round, sheet):
    with pytest.raises(PermissionDenied):
        dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=persona(persona_name))
    assert Dossier.objects.count() == 0


def test_create_refused_when_round_not_open(product, province, framework_148, sheet, district_officer):
    planned = RoundFactory(province=province, framework=framework_148, state=RoundState.PLANNED, title="Đợt 2")
    with pytest.raises(ValidationError) as caught:
        dossier_create(product=product, round=planned, kind=DossierKind.NEW, by=district_officer)
    assert caught.value.messages == ["Đợt “Đợt 2” không mở nhận hồ sơ (trạng thái: Dự kiến)."]


def test_create_refused_after_submission_deadline(product, open_round, sheet, district_officer):
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, submission=YESTERDAY)
    with pytest.raises(ValidationError) as caught:
        dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=district_officer)
    assert caught.value.messages == [f"Đã quá hạn nộp hồ sơ của đợt này ({_dmy(YESTERDAY)})."]
    assert Dossier.objects.count() == 0


def _certificate(product, framework, user, number="OCOP-24-2023-0001"):
    decision = Decision.objects.create(
        province=product.province,
        issuer_unit=product.district,
        level=Level.DISTRICT,
        number=f"QĐ-{number}",
        date=datetime.date(2023, 9, 1),
        signer="Nguyễn Văn A",
        authority="UBND huyện",
        created_by=user,
    )
    return Certificate.objects.create(
        number=number,
        public_code=number[-8:],
        product=product,
        producer=product.producer,
        province=product.province,
        district=product.district,
        stars=3,
        framework=framework,
        issuing_level=Level.DISTRICT,
        issuing_authority="UBND huyện",
        decision=decision,
        valid_from=datetime.date(2023, 9, 1),
        valid_until=datetime.date(2026, 9, 1),
    )


def test_upgrade_links_the_certificate_in_force(product, open_round, sheet, district_officer):
    certificate = _certificate(product, open_round.framework, district_officer)
    dossier = dossier_create(product=product, round=open_round, kind=DossierKind.UPGRADE, by=district_officer)
    assert dossier.renews_certificate == certificate


def test_reevaluation_refuses_another_products_certificate(product, other_product, open_round, sheet, province_staff):
    foreign = _certificate(other_product, open_round.framework, province_staff)
    with pytest.raises(ValidationError) as caught:
        dossier_create(
            product=product,
            round=open_round,
            kind=DossierKind.REEVALUATION,
            renews_certificate=foreign,
            by=province_staff,
        )
    assert caught.value.message_dict == {"renews_certificate": ["Giấy chứng nhận này không phải của sản phẩm đã chọn."]}


def test_reevaluation_without_certificate_is_refused(product, open_round, sheet, district_officer):
    with pytest.raises(ValidationError) as caught:
        dossier_create(product=product, round=open_round, kind=DossierKind.REEVALUATION, by=district_officer)
    assert caught.value.message_dict == {
        "renews_certificate": ["Sản phẩm chưa có giấy chứng nhận còn hiệu lực để đánh giá lại hoặc nâng hạng."]
    }


# Registration and optimistic locking ------------------------------------------------------------


def test_registration_saves_and_bumps_version(dossier, producer):
    dossier_update_registration(dossier=dossier, data={"main_markets": "Hà Nội"}, version=1, by=producer)
    dossier.refresh_from_db()
    assert (dossier.registration, dossier.version) == ({"main_markets": "Hà Nội"}, 2)
    assert AuditEntry.objects.get(action="dossier.registration").changes == {"main_markets": ["", "Hà Nội"]}


def test_stale_registration_save_is_a_conflict(dossier, producer, district_officer):
    dossier_update_registration(dossier=dossier, data={"main_markets": "Hà Nội"}, version=1, by=district_officer)
    stale = Dossier.objects.get(pk=dossier.pk)
    stale.version = 1
    with pytest.raises(DossierConflict) as caught:
        dossier_update_registration(dossier=stale, data={"main_markets": "Bắc Giang"}, version=1, by=producer)
    assert caught.value.messages == [
        "Hồ sơ đã được lưu bởi người khác sau khi bạn mở trang (phiên bản 1, hiện tại 2). "
        "Hãy tải lại trang để xem nội dung mới trước khi sửa tiếp."
    ]
    dossier.refresh_from_db()
    assert (dossier.registration, dossier.version) == ({"main_markets": "Hà Nội"}, 2)


def test_registration_refused_when_not_editable(dossier, producer):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        dossier_update_registration(dossier=dossier, data={"main_markets": "Hà Nội"}, version=1, by=producer)
    assert caught.value.messages == ["Hồ sơ đang ở trạng thái “Đã nộp”, không thể sửa."]
    assert Dossier.objects.get(pk=dossier.pk).registration == {}


@pytest.mark.parametrize("persona_name", ["other_district_officer", "other_producer", "plain_user"])
def test_registration_refused_for_outsiders(persona_name, persona, dossier):
    with pytest.raises(PermissionDenied):
        dossier_update_registration(dossier=dossier, data={"main_markets": "X"}, version=1, by=persona(persona_name))
    assert Dossier.objects.get(pk=dossier.pk).registration == {}


def test_council_member_may_read_but_not_edit(dossier, council_member):
    assert list(dossiers_visible_to(council_member)) == [dossier]
    with pytest.raises(PermissionDenied):
        dossier_update_registration(dossier=dossier, data={"main_markets": "X"}, version=1, by=council_member)


# Self-assessment --------------------------------------------------------------------------------


def _option(sheet, code, number):
    return AnswerOption.objects.get(criterion__sheet=sheet, criterion__code=code, number=number)


def test_self_assessment_saves_answers_and_totals(dossier, sheet, producer):
    a, b = _option(sheet, "1.1", 3), _option(sheet, "4.1", 2)
    dossier_save_self_assessment(
        dossier=dossier, answers={a.criterion_id: a.pk, b.criterion_id: b.pk}, case_choices={}, version=1, by=producer
    )
    view = self_assessment_view(dossier)
    assert (view.answered, view.total, view.points) == (2, 3, Decimal("35"))
    assert [(block.part.code, block.points, block.answered) for block in view.parts] == [
        ("A", Decimal("20"), 1),
        ("B", Decimal("15"), 1),
        ("C", Decimal("0"), 0),
    ]


def test_self_assessment_refuses_option_of_another_criterion(dossier, sheet, producer):
    wrong = _option(sheet, "4.1", 2)
    criterion_11 = Criterion.objects.get(sheet=sheet, code="1.1")
    with pytest.raises(ValidationError) as caught:
        dossier_save_self_assessment(
            dossier=dossier, answers={criterion_11.pk: wrong.pk}, case_choices={}, version=1, by=producer
        )
    assert caught.value.messages == ["Mức điểm đã chọn không thuộc tiêu chí 1.1."]
    assert SelfAssessmentAnswer.objects.count() == 0
    assert Dossier.objects.get(pk=dossier.pk).version == 1


def test_self_assessment_case_rules(dossier, sheet, producer):
    criterion = Criterion.objects.get(sheet=sheet, code="6.1")
    company = CriterionCase.objects.create(criterion=criterion, code="1", name="Doanh nghiệp, HTX", max_points=35)
    household = CriterionCase.objects.create(criterion=criterion, code="2", name="Hộ kinh doanh", max_points=20)
    company_option = AnswerOption.objects.create(criterion=criterion, case=company, number=1, text="Có", points=35)
    household_option = AnswerOption.objects.create(criterion=criterion, case=household, number=1, text="Có", points=20)
    with pytest.raises(ValidationError) as caught:
        dossier_save_self_assessment(
            dossier=dossier,
            answers={criterion.pk: household_option.pk},
            case_choices={"6.1": "1"},
            version=1,
            by=producer,
        )
    assert caught.value.messages == ["Tiêu chí 6.1: mức điểm đã chọn không thuộc trường hợp đang áp dụng."]
    dossier_save_self_assessment(
        dossier=dossier, answers={criterion.pk: company_option.pk}, case_choices={"6.1": "1"}, version=1, by=producer
    )
    dossier.refresh_from_db()
    assert (dossier.case_choices, list(dossier.self_assessment.values_list("option_id", flat=True))) == (
        {"6.1": "1"},
        [company_option.pk],
    )
    # Switching the case drops the answer given under the old one.
    dossier_save_self_assessment(dossier=dossier, answers={}, case_choices={"6.1": "2"}, version=2, by=producer)
    dossier.refresh_from_db()
    assert (dossier.case_choices, dossier.self_assessment.count()) == ({"6.1": "2"}, 0)


def test_self_assessment_stale_version_is_a_conflict(dossier, sheet, producer):
    option = _option(sheet, "1.1", 2)
    Dossier.objects.filter(pk=dossier.pk).update(version=5)
    with pytest.raises(DossierConflict):
        dossier_save_self_assessment(
            dossier=dossier, answers={option.criterion_id: option.pk}, case_choices={}, version=4, by=producer
        )
    assert SelfAssessmentAnswer.objects.count() == 0


# Submission and the completeness check ------------------------------------------------------------


def test_missing_items_lists_everything(dossier):
    assert dossier_missing_items(dossier) == [
        "Phiếu đăng ký: chưa điền “Mô tả sản phẩm”.",
        "Phiếu đăng ký: chưa điền “Quy mô, công suất sản xuất”.",
        "Phiếu đăng ký: chưa điền “Nguồn nguyên liệu”.",
        "Phiếu đăng ký: chưa điền “Thị trường tiêu thụ chính”.",
        "Phiếu đăng ký: chưa điền “Người liên hệ”.",
        "Phiếu đăng ký: chưa điền “Điện thoại liên hệ”.",
        "Tự đánh giá: còn 3 tiêu chí chưa chọn mức điểm (1.1, 4.1, 6.1).",
        "Minh chứng: thiếu “Giấy đăng ký kinh doanh”.",
        "Minh chứng: thiếu “Hình ảnh sản phẩm”.",
    ]


def test_submit_incomplete_is_refused_with_the_list(dossier, producer):
    dossier.registration = dict(REGISTRATION)
    dossier.save()
    attach_evidence(dossier, producer)
    with pytest.raises(ValidationError) as caught:
        dossier_submit(dossier=dossier, by=producer)
    assert caught.value.messages == ["Tự đánh giá: còn 3 tiêu chí chưa chọn mức điểm (1.1, 4.1, 6.1)."]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT


def test_required_evidence_types_follow_settings(dossier, producer, settings):
    settings.OCOP_REQUIRED_EVIDENCE_TYPES = ["food_safety"]
    make_complete(dossier, producer)
    assert dossier_missing_items(dossier) == ["Minh chứng: thiếu “Giấy chứng nhận cơ sở đủ điều kiện ATTP”."]


def test_submit_complete_dossier(dossier, producer):
    make_complete(dossier, producer)
    dossier_submit(dossier=dossier, by=producer)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.submitted_at is not None) == (DossierState.SUBMITTED, True)


def test_submit_a_day_after_deadline_is_refused(dossier, producer, open_round):
    make_complete(dossier, producer)
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, submission=YESTERDAY)
    with pytest.raises(ValidationError) as caught:
        dossier_submit(dossier=dossier, by=producer)
    assert caught.value.messages == [f"Đã quá hạn nộp hồ sơ của đợt này ({_dmy(YESTERDAY)})."]
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (DossierState.DRAFT, 1)


def test_submit_on_the_deadline_day_is_in_time(dossier, producer, open_round):
    make_complete(dossier, producer)
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, submission=timezone.localdate())
    dossier_submit(dossier=dossier, by=producer)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


def test_resubmission_is_bounded_by_the_check_deadline(dossier, producer, open_round):
    make_complete(dossier, producer)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.RETURNED)
    deadline = RoundDeadline.objects.create(
        round=open_round, level=Level.DISTRICT, submission=YESTERDAY, completeness_check=timezone.localdate()
    )
    dossier_submit(dossier=dossier, by=producer)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.RETURNED)
    deadline.completeness_check = YESTERDAY
    deadline.save()
    with pytest.raises(ValidationError) as caught:
        dossier_submit(dossier=dossier, by=producer)
    assert caught.value.messages == [f"Đã quá hạn kiểm tra hồ sơ của đợt này ({_dmy(YESTERDAY)})."]


def _submitted(dossier, user):
    make_complete(dossier, user)
    dossier_submit(dossier=dossier, by=user)
    dossier.refresh_from_db()
    return dossier


def test_return_needs_reasons(dossier, district_officer):
    _submitted(dossier, district_officer)
    with pytest.raises(ValidationError) as caught:
        dossier_return(dossier=dossier, by=district_officer, reasons=" ")
    assert caught.value.message_dict == {"note": ["Hãy ghi rõ lý do trả lại hồ sơ."]}
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


def test_check_a_day_after_deadline_is_refused(dossier, district_officer, open_round):
    _submitted(dossier, district_officer)
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, completeness_check=YESTERDAY)
    for action in (
        lambda: dossier_return(dossier=dossier, by=district_officer, reasons="Thiếu"),
        lambda: dossier_accept(dossier=dossier, by=district_officer),
    ):
        with pytest.raises(ValidationError) as caught:
            action()
        assert caught.value.messages == [f"Đã quá hạn kiểm tra hồ sơ của đợt này ({_dmy(YESTERDAY)})."]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


@pytest.mark.parametrize("persona_name", ["producer", "other_district_officer", "other_producer", "plain_user"])
def test_check_refused_for_non_checkers(persona_name, persona, dossier, district_officer):
    _submitted(dossier, district_officer)
    user = persona(persona_name)
    with pytest.raises(PermissionDenied):
        dossier_accept(dossier=dossier, by=user)
    with pytest.raises(PermissionDenied):
        dossier_return(dossier=dossier, by=user, reasons="Thiếu")
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


@pytest.mark.parametrize("persona_name", ["other_district_officer", "other_producer", "plain_user"])
def test_submit_and_withdraw_refused_for_outsiders(persona_name, persona, dossier, district_officer):
    make_complete(dossier, district_officer)
    user = persona(persona_name)
    with pytest.raises(PermissionDenied):
        dossier_submit(dossier=dossier, by=user)
    with pytest.raises(PermissionDenied):
        dossier_withdraw(dossier=dossier, by=user)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT


# Whole flows ------------------------------------------------------------------------------------


def test_full_flow_148_up_to_accepted_at_district(product, open_round, sheet, producer, district_officer):
    dossier = dossier_create(product=product, round=open_round, kind=DossierKind.NEW, by=producer)
    dossier_update_registration(dossier=dossier, data=REGISTRATION, version=dossier.version, by=producer)
    dossier.refresh_from_db()
    answers = {c.pk: c.options.order_by("number").last().pk for c in Criterion.objects.filter(sheet=sheet)}
    dossier_save_self_assessment(
        dossier=dossier, answers=answers, case_choices={}, version=dossier.version, by=producer
    )
    attach_evidence(dossier, producer)
    dossier_submit(dossier=dossier, by=producer)
    dossier_return(dossier=dossier, by=district_officer, reasons="Bổ sung phiếu kiểm nghiệm")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.return_reasons) == (DossierState.RETURNED, "Bổ sung phiếu kiểm nghiệm")
    assert [s["status"] for s in timeline_steps(dossier)] == ["done", "current", "todo", "todo", "todo", "todo"]
    attach_evidence(dossier, producer, kinds=["lab_test"])
    dossier_submit(dossier=dossier, by=producer)
    dossier_accept(dossier=dossier, by=district_officer)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.ACCEPTED, Level.DISTRICT)
    assert list(dossier.transitions.values_list("from_state", "to_state", "level", "by")) == [
        (DossierState.DRAFT, DossierState.SUBMITTED, Level.DISTRICT, producer.pk),
        (DossierState.SUBMITTED, DossierState.RETURNED, Level.DISTRICT, district_officer.pk),
        (DossierState.RETURNED, DossierState.SUBMITTED, Level.DISTRICT, producer.pk),
        (DossierState.SUBMITTED, DossierState.ACCEPTED, Level.DISTRICT, district_officer.pk),
    ]


def test_full_flow_1489_commune_check_forwards_to_province(product, round_1489, sheet_1489, producer, district_officer):
    dossier = dossier_create(product=product, round=round_1489, kind=DossierKind.NEW, by=producer)
    make_complete(dossier, producer)
    dossier_submit(dossier=dossier, by=producer)
    options = {
        code: AnswerOption.objects.get(criterion__sheet=sheet_1489, criterion__code=code, number=2)
        for code in ("1.1", "2.1", "3.3", "5.2")
    }
    with pytest.raises(ValidationError) as caught:
        dossier_accept(dossier=dossier, by=district_officer, commune_assessment={"1.1": options["1.1"].pk})
    assert caught.value.messages == [
        "Hãy chọn mức đánh giá của xã cho tiêu chí 2.1.",
        "Hãy chọn mức đánh giá của xã cho tiêu chí 3.3.",
        "Hãy chọn mức đánh giá của xã cho tiêu chí 5.2.",
    ]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
    dossier_accept(dossier=dossier, by=district_officer, commune_assessment={code: o.pk for code, o in options.items()})
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)
    assert dossier.commune_assessment == {
        "1.1": {"option": options["1.1"].pk, "points": "5.00"},
        "2.1": {"option": options["2.1"].pk, "points": "5.00"},
        "3.3": {"option": options["3.3"].pk, "points": "5.00"},
        "5.2": {"option": options["5.2"].pk, "points": "5.00"},
    }
    assert list(dossier.transitions.values_list("from_state", "to_state", "level")) == [
        (DossierState.DRAFT, DossierState.SUBMITTED, Level.COMMUNE),
        (DossierState.SUBMITTED, DossierState.ACCEPTED, Level.COMMUNE),
        (DossierState.ACCEPTED, DossierState.FORWARDED, Level.PROVINCE),
    ]


def test_dossiers_visible_to_each_persona(
    dossier, other_product, open_round, sheet, persona, council_member, province_staff
):
    other = DossierFactory(product=other_product, round=open_round, sheet=sheet)
    expected = {
        "province_staff": {dossier.pk, other.pk},
        "district_officer": {dossier.pk},
        "other_district_officer": {other.pk},
        "producer": {dossier.pk},
        "other_producer": {other.pk},
        "plain_user": set(),
    }
    seen = {name: set(dossiers_visible_to(persona(name)).values_list("pk", flat=True)) for name in expected}
    assert seen == expected
    assert set(dossiers_visible_to(council_member).values_list("pk", flat=True)) == {dossier.pk}


def test_roles_held_together_see_the_union_newest_first(dossier, other_product, open_round, sheet, district_officer):
    """An officer who also sits on a council sees their district's dossiers and those assigned to
    the council (each role is one branch of the scope's UNION), in the lists' order."""
    theirs = DossierFactory(product=other_product, round=open_round, sheet=sheet)
    unrelated = DossierFactory(product=f.ProductFactory(producer=other_product.producer), round=open_round, sheet=sheet)
    council = CouncilFactory(province=open_round.province, jurisdiction=other_product.district, level=Level.DISTRICT)
    CouncilMemberFactory(council=council, user=district_officer)
    council.assignments.create(dossier=theirs, level=Level.DISTRICT)
    Dossier.objects.filter(pk=dossier.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert list(dossiers_visible_to(district_officer)) == [theirs, dossier]
    assert unrelated.district_id == theirs.district_id != dossier.district_id


def test_inactive_council_seat_sees_nothing(dossier, council_member):
    council_member.council_seats.update(active=False)
    assert list(dossiers_visible_to(council_member)) == []


def test_staff_of_another_province_sees_nothing(dossier):
    stranger = f.UserFactory(staff_province=f.ProvinceFactory(code="26", name="Tỉnh Khác"))
    assert list(dossiers_visible_to(stranger)) == []


def test_one_role_is_a_plain_filter_several_roles_a_union(dossier, other_product, open_round, district_officer):
    """PostgreSQL plans `id IN (… UNION …)` ~1 ms slower, for the queue's page and its count: a
    user with one role gets their role's filter alone (docs/benchmarks.md, issue 9)."""
    assert "UNION" not in str(dossiers_visible_to(district_officer).query)
    council = CouncilFactory(province=open_round.province, jurisdiction=other_product.district, level=Level.DISTRICT)
    CouncilMemberFactory(council=council, user=district_officer)
    assert "UNION" in str(dossiers_visible_to(district_officer).query)
