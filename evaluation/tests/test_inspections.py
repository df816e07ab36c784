"""Post-certification inspections (QĐ 26/2026 Art. 9) through their services: a plan per province
and year, periodic and ad-hoc inspections of a certificate in force, findings with evidence files
(checked like a dossier's), public misuse reports opened into or linked to an inspection, the
conclusion, and a finding that leads straight to a revocation on its Art. 8 ground — the province
for 3★/4★, the Ministry's decision recorded for 5★, within 15 days of the conclusion (day 15/16).
Every threshold is pinned from both sides; a refusal writes nothing."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.enums import CertificateStatus, Level
from evaluation.models import Certificate, FindingFile, Inspection, InspectionFinding, InspectionPlan, MisuseReport
from evaluation.models.inspections import InspectionKind, InspectionState
from evaluation.services import inspections as services
from evaluation.services.certificates import misuse_report_create
from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLANNED = datetime.date(2026, 9, 1)
CONCLUDED = datetime.date(2026, 9, 3)
LEAD = "Văn phòng Điều phối OCOP tỉnh"


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def certificate(producer_record):
    """3★, valid 10/07/2026 – 10/07/2029, of the producer's commune (Xã Đồng Tiến)."""
    return issue(product_of(producer_record))


@pytest.fixture
def plan(province, province_staff):
    return services.inspection_plan_create(
        province=province, year=2026, title="Kế hoạch kiểm tra OCOP năm 2026", by=province_staff
    )


def _inspection(certificate, by, *, kind=InspectionKind.AD_HOC, planned_on=PLANNED, plan=None, **extra):
    return services.inspection_create(
        certificate=certificate, kind=kind, planned_on=planned_on, lead=LEAD, by=by, plan=plan, **extra
    )


def _concluded(certificate, by, *, ground="art8_b", breach=True):
    inspection = _inspection(certificate, by)
    finding = services.inspection_finding_add(
        inspection=inspection,
        subject="criteria",
        breach=breach,
        description="Không còn phiếu kiểm nghiệm định kỳ",
        proposed_ground=ground if breach else "",
        by=by,
        files=[pdf()],
    )
    services.inspection_conclude(
        inspection=inspection, concluded_on=CONCLUDED, conclusion="Không còn đáp ứng tiêu chí 2.3", by=by
    )
    finding.refresh_from_db()
    return finding


def _revoke(finding, by, *, on, number="21/QĐ-UBND"):
    return services.inspection_finding_revoke(
        finding=finding,
        decision_number=number,
        decision_date=on,
        decision_signer="Chủ tịch UBND tỉnh",
        decision_authority="UBND tỉnh Bắc Giang",
        note="",
        by=by,
    )


def _stored_files(settings):
    root = Path(settings.MEDIA_ROOT) / "inspections"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- plans ------------------------------------------------------------------------------------


def test_one_plan_per_province_and_year(province, province_staff, plan):
    with pytest.raises(ValidationError) as refused:
        services.inspection_plan_create(province=province, year=2026, title="Kế hoạch khác", by=province_staff)
    assert refused.value.message_dict == {"year": ["Năm 2026 đã có kế hoạch kiểm tra."]}
    services.inspection_plan_create(province=province, year=2027, title="Kế hoạch 2027", by=province_staff)
    assert list(InspectionPlan.objects.values_list("year", flat=True)) == [2027, 2026]
    assert AuditEntry.objects.filter(action="inspection_plan.create").count() == 2


def test_only_the_province_s_staff_make_its_plan(province, district_officer, commune_officer):
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    for user in (district_officer, commune_officer, other_staff):
        with pytest.raises(PermissionDenied):
            services.inspection_plan_create(province=province, year=2026, title="Kế hoạch", by=user)
    assert not InspectionPlan.objects.exists()


# --- inspections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned_on", "allowed"),
    [
        (datetime.date(2026, 7, 10), True),  # the first day of validity
        (datetime.date(2026, 7, 9), False),
        (datetime.date(2029, 7, 10), True),  # the last day of validity
        (datetime.date(2029, 7, 11), False),
    ],
)
def test_an_inspection_falls_within_the_certificate_s_validity(certificate, province_staff, planned_on, allowed):
    if allowed:
        assert _inspection(certificate, province_staff, planned_on=planned_on).state == InspectionState.PLANNED
        return
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff, planned_on=planned_on)
    assert refused.value.message_dict["planned_on"] == [
        "Ngày kiểm tra phải trong thời hạn hiệu lực của giấy chứng nhận (10/07/2026 – 10/07/2029)."
    ]
    assert not Inspection.objects.exists()


def test_an_extended_certificate_is_inspected_until_its_extension(certificate, province_staff):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=CertificateStatus.EXTENDED, extended_until=datetime.date(2029, 12, 31)
    )
    certificate.refresh_from_db()
    assert _inspection(certificate, province_staff, planned_on=datetime.date(2029, 12, 31))
    with pytest.raises(ValidationError):
        _inspection(certificate, province_staff, planned_on=datetime.date(2030, 1, 1))


@pytest.mark.parametrize(
    ("planned_on", "allowed"), [(datetime.date(2026, 12, 31), True), (datetime.date(2027, 1, 1), False)]
)
def test_a_periodic_inspection_belongs_to_the_plan_of_its_year(certificate, province_staff, plan, planned_on, allowed):
    if allowed:
        inspection = _inspection(
            certificate, province_staff, kind=InspectionKind.PERIODIC, plan=plan, planned_on=planned_on
        )
        assert inspection.plan == plan
        return
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff, kind=InspectionKind.PERIODIC, plan=plan, planned_on=planned_on)
    assert refused.value.message_dict == {"planned_on": ["Ngày kiểm tra phải trong năm của kế hoạch (2026)."]}


def test_a_periodic_inspection_needs_a_plan_of_the_certificate_s_province(certificate, province_staff):
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff, kind=InspectionKind.PERIODIC)
    assert refused.value.message_dict == {"plan": ["Kiểm tra định kỳ phải thuộc kế hoạch kiểm tra của năm."]}
    other = f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ")
    foreign = InspectionPlan.objects.create(
        province=other, year=2026, title="Kế hoạch Phú Thọ", created_by=f.UserFactory(staff_province=other)
    )
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff, kind=InspectionKind.PERIODIC, plan=foreign)
    assert refused.value.message_dict == {"plan": ["Kế hoạch kiểm tra phải của tỉnh đã cấp giấy chứng nhận."]}
    assert not Inspection.objects.exists()


def test_only_a_certificate_in_force_is_inspected_for_at_least_one_subject(certificate, province_staff):
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff, checks_criteria=False, checks_mark=False)
    assert refused.value.messages == [
        "Hãy chọn ít nhất một nội dung kiểm tra: duy trì tiêu chí hoặc sử dụng biểu trưng OCOP."
    ]
    Certificate.objects.filter(pk=certificate.pk).update(status=CertificateStatus.REVOKED)
    certificate.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _inspection(certificate, province_staff)
    assert "chỉ kiểm tra sản phẩm có giấy chứng nhận còn hiệu lực" in refused.value.messages[0]
    assert not Inspection.objects.exists()


def test_only_the_staff_of_the_certificate_s_province_inspect(certificate, district_officer, commune_officer):
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    for user in (district_officer, commune_officer, other_staff):
        with pytest.raises(PermissionDenied):
            _inspection(certificate, user)
    assert not Inspection.objects.exists()


# --- findings ---------------------------------------------------------------------------------


def test_a_finding_with_its_evidence_files(certificate, province_staff, settings):
    inspection = _inspection(certificate, province_staff)
    finding = services.inspection_finding_add(
        inspection=inspection,
        subject="mark",
        breach=True,
        description="Dán nhãn 4 sao trên sản phẩm 3 sao",
        proposed_ground="art8_d",
        by=province_staff,
        files=[pdf("anh-nhan.pdf"), pdf("bien-ban.pdf")],
    )
    assert [(f.original_name, f.content_type) for f in finding.files.order_by("id")] == [
        ("anh-nhan.pdf", "application/pdf"),
        ("bien-ban.pdf", "application/pdf"),
    ]
    assert len(_stored_files(settings)) == 2
    entry = AuditEntry.objects.get(action="inspection.finding_add")
    assert entry.changes["finding"][1].startswith("Sử dụng biểu trưng OCOP: Dán nhãn 4 sao")


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("nhan.pdf", b"GIF89a not a pdf"), "không phải PDF, JPEG hoặc PNG"),
        (SimpleUploadedFile("rong.pdf", b""), "rỗng"),  # the upload check's own wording
        (SimpleUploadedFile("anh.png", PDF), "không khớp với nội dung thực"),
    ],
)
def test_one_bad_file_refuses_the_whole_finding(certificate, province_staff, settings, uploaded, message):
    inspection = _inspection(certificate, province_staff)
    with pytest.raises(ValidationError) as refused:
        services.inspection_finding_add(
            inspection=inspection,
            subject="mark",
            breach=True,
            description="Nhãn sai",
            by=province_staff,
            files=[pdf(), uploaded],
        )
    assert message in refused.value.message_dict["file"][0]
    assert (InspectionFinding.objects.count(), FindingFile.objects.count(), _stored_files(settings)) == (0, 0, [])


@pytest.mark.parametrize(("count", "allowed"), [(10, True), (11, False)])
def test_at_most_ten_files_per_finding(certificate, province_staff, count, allowed):
    inspection = _inspection(certificate, province_staff)
    add = lambda: services.inspection_finding_add(  # noqa: E731
        inspection=inspection,
        subject="other",
        breach=False,
        description="Ảnh hiện trường",
        by=province_staff,
        files=[pdf(f"anh-{n}.pdf") for n in range(count)],
    )
    if allowed:
        assert add().files.count() == 10
        return
    with pytest.raises(ValidationError) as refused:
        add()
    assert refused.value.message_dict == {"files": ["Tối đa 10 tệp cho một phát hiện."]}
    assert not InspectionFinding.objects.exists()


@pytest.mark.parametrize(
    ("breach", "ground", "message"),
    [
        (False, "art8_b", "Chỉ đề xuất căn cứ thu hồi khi phát hiện có vi phạm, không đạt."),
        (True, "art8_a", "Căn cứ thu hồi từ kết quả kiểm tra là Điều 8 điểm b, c hoặc d."),
        (True, "quality", "Căn cứ thu hồi từ kết quả kiểm tra là Điều 8 điểm b, c hoặc d."),
    ],
)
def test_a_finding_proposes_only_art8_b_to_d_and_only_on_a_breach(certificate, province_staff, breach, ground, message):
    inspection = _inspection(certificate, province_staff)
    with pytest.raises(ValidationError) as refused:
        services.inspection_finding_add(
            inspection=inspection,
            subject="criteria",
            breach=breach,
            description="…",
            proposed_ground=ground,
            by=province_staff,
        )
    assert refused.value.message_dict == {"proposed_ground": [message]}
    assert not InspectionFinding.objects.exists()


def test_no_finding_after_the_conclusion(certificate, province_staff):
    finding = _concluded(certificate, province_staff)
    with pytest.raises(ValidationError) as refused:
        services.inspection_finding_add(
            inspection=finding.inspection, subject="mark", breach=False, description="Muộn", by=province_staff
        )
    assert refused.value.messages == ["Lần kiểm tra đã có kết luận, không thể thêm phát hiện."]


# --- conclusion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("concluded_on", "allowed"),
    [
        (PLANNED, True),
        (PLANNED - datetime.timedelta(days=1), False),
        (CONCLUDED, True),
        (CONCLUDED + datetime.timedelta(days=1), False),
    ],
)
def test_the_conclusion_is_dated_from_the_inspection_to_today(certificate, province_staff, concluded_on, allowed):
    inspection = _inspection(certificate, province_staff)
    conclude = lambda: services.inspection_conclude(  # noqa: E731
        inspection=inspection, concluded_on=concluded_on, conclusion="Đạt", by=province_staff, today=CONCLUDED
    )
    if allowed:
        assert conclude().state == InspectionState.CONCLUDED
        return
    with pytest.raises(ValidationError) as refused:
        conclude()
    assert refused.value.message_dict == {
        "concluded_on": ["Ngày kết luận phải từ ngày kiểm tra đến hôm nay (01/09/2026 – 03/09/2026)."]
    }
    assert Inspection.objects.get().state == InspectionState.PLANNED


def test_the_producer_is_told_the_conclusion(certificate, province_staff, producer, other_producer):
    finding = _concluded(certificate, province_staff)
    assert list(Notification.objects.values_list("recipient__username", "subject")) == [
        ("producer", "Kết luận kiểm tra sản phẩm OCOP Gà đồi Yên Thế")
    ]
    with pytest.raises(ValidationError):
        services.inspection_conclude(
            inspection=finding.inspection, concluded_on=CONCLUDED, conclusion="Lần hai", by=province_staff
        )


# --- revocation from a finding ----------------------------------------------------------------


@pytest.mark.parametrize(("days", "allowed"), [(15, True), (16, False)])
def test_a_finding_leads_to_a_revocation_within_15_days_of_the_conclusion(certificate, province_staff, days, allowed):
    finding = _concluded(certificate, province_staff)
    on = CONCLUDED + datetime.timedelta(days=days)
    if allowed:
        revoked = _revoke(finding, province_staff, on=on)
        finding.refresh_from_db()
        assert (revoked.status, revoked.revocation_ground, revoked.revocation_decision.level) == (
            CertificateStatus.REVOKED,
            "art8_b",
            Level.PROVINCE,
        )
        assert finding.revocation_decision == revoked.revocation_decision
        assert AuditEntry.objects.filter(action="inspection.finding_revocation").count() == 1
        return
    with pytest.raises(ValidationError) as refused:
        _revoke(finding, province_staff, on=on)
    assert refused.value.message_dict["concluded_on"] == [
        f"{certificate.number}: Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày có kết luận "
        "(03/09/2026 – 18/09/2026)."
    ]
    finding.refresh_from_db()
    assert (Certificate.objects.get(pk=certificate.pk).status, finding.revocation_decision) == (
        CertificateStatus.VALID,
        None,
    )


def test_a_five_star_revocation_is_recorded_as_the_ministry_s(producer_record, province_staff):
    five = issue(product_of(producer_record, "Chè Tân Cương"), stars=5)
    finding = _concluded(five, province_staff, ground="art8_d")
    assert services.finding_revocation_initial(finding)["decision_authority"] == "Bộ Nông nghiệp và Môi trường"
    revoked = _revoke(finding, province_staff, on=CONCLUDED)
    assert (revoked.revocation_ground, revoked.revocation_decision.level) == ("art8_d", Level.CENTRAL)


def test_a_revocation_needs_a_concluded_breach_with_its_ground_once(certificate, province_staff):
    inspection = _inspection(certificate, province_staff)
    open_finding = services.inspection_finding_add(
        inspection=inspection,
        subject="mark",
        breach=True,
        description="Nhãn sai",
        proposed_ground="art8_d",
        by=province_staff,
    )
    with pytest.raises(ValidationError) as refused:
        _revoke(open_finding, province_staff, on=CONCLUDED)
    assert refused.value.messages == ["Chỉ thu hồi sau khi lần kiểm tra có kết luận."]
    compliant = _concluded(
        product_certificate := issue(product_of(certificate.producer, "Mật ong")), province_staff, breach=False
    )
    with pytest.raises(ValidationError) as refused:
        _revoke(compliant, province_staff, on=CONCLUDED)
    assert refused.value.messages == ["Phát hiện này không đề xuất căn cứ thu hồi."]
    assert Certificate.objects.get(pk=product_certificate.pk).status == CertificateStatus.VALID
    breach = _concluded(certificate, province_staff)
    _revoke(breach, province_staff, on=CONCLUDED)
    breach.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _revoke(breach, province_staff, on=CONCLUDED, number="22/QĐ-UBND")
    assert refused.value.messages == ["Đã có quyết định thu hồi từ phát hiện này."]


def test_another_province_s_staff_cannot_revoke_from_a_finding(certificate, province_staff):
    finding = _concluded(certificate, province_staff)
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    with pytest.raises(PermissionDenied):
        _revoke(finding, other_staff, on=CONCLUDED)
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID


# --- misuse reports ---------------------------------------------------------------------------


def test_an_ad_hoc_inspection_opened_from_a_misuse_report(certificate, province_staff):
    report = misuse_report_create(certificate=certificate, message="Nhãn OCOP trên hàng không rõ nguồn gốc")
    inspection = services.inspection_open_for_report(report=report, planned_on=PLANNED, lead=LEAD, by=province_staff)
    report.refresh_from_db()
    assert (inspection.kind, inspection.checks_criteria, inspection.checks_mark) == (InspectionKind.AD_HOC, False, True)
    assert (report.inspection, report.handled) == (inspection, True)
    assert AuditEntry.objects.filter(action="certificate.misuse_report_inspection").count() == 1


def test_a_report_links_only_to_an_inspection_of_its_certificate_once(certificate, producer_record, province_staff):
    report = misuse_report_create(certificate=certificate, message="Nhãn giả")
    other = _inspection(issue(product_of(producer_record, "Mật ong")), province_staff)
    with pytest.raises(ValidationError) as refused:
        services.misuse_report_link(report=report, inspection=other, by=province_staff)
    assert "không về giấy chứng nhận của lần kiểm tra" in refused.value.messages[0]
    own = _inspection(certificate, province_staff)
    services.misuse_report_link(report=report, inspection=own, by=province_staff)
    with pytest.raises(ValidationError) as refused:
        services.misuse_report_link(report=report, inspection=own, by=province_staff)
    assert refused.value.messages == ["Phản ánh này đã gắn với một lần kiểm tra khác."]
    assert MisuseReport.objects.get().inspection == own
