"""The national summary: figures that add up to the provincial reports, a constant query count,
the rendered document, the job (eager), and who may ask for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from evaluation.models import Certificate
from ocop_portal.testing import factories as f
from reports import services
from reports.enums import ReportKind, RequestState
from reports.figures import compute_figures
from reports.national import SCALAR_FIGURES, compute_national_figures
from support.enums import GrantState
from support.models import Disbursement, SupportGrant

from .factories import YEAR, small_year
from .pdftext import pdf_text, read_file


def _province_with_year(code: str, name: str, *, n: int, start: int, stars: int = 3):
    province = f.ProvinceFactory(code=code, name=name)
    commune = f.CommuneFactory(parent=f.DistrictFactory(parent=province))
    small_year(province=province, commune=commune, n=n, start=start, stars=stars)
    return province


@pytest.fixture
def two_provinces(province, commune):
    small_year(province=province, commune=commune, n=3, stars=4)
    other = _province_with_year("20", "Tỉnh Lạng Sơn", n=2, start=100)
    return province, other


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="national-admin", is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_each_province_row_equals_its_annual_report_and_totals_are_the_sums(two_provinces):
    first, second = two_provinces
    # A payment, a revocation in the year and an expiry make every figure non-trivial.
    grant = SupportGrant.objects.filter(budget_line__province=second).first()
    SupportGrant.objects.filter(pk=grant.pk).update(state=GrantState.PAID)
    Disbursement.objects.create(grant=grant, paid_on=f"{YEAR}-12-01", amount=1_000_000)
    Certificate.objects.filter(province=first, number__endswith="-001").update(valid_until=f"{YEAR}-12-30")

    national = compute_national_figures(year=YEAR)

    rows = {row["id"]: row for row in national["provinces"]}
    assert list(rows) == [second.pk, first.pk]  # ordered by code: 20, 24
    for province in (first, second):
        province_figures, row = compute_figures(province=province, year=YEAR), rows[province.pk]
        assert row["registered_products"] == province_figures["registered_products"]
        assert row["registered_dossiers"] == province_figures["registered_dossiers"]
        assert row["evaluated"] == province_figures["proposed"]["total"]
        assert row["recognised"] == province_figures["recognised"]["total"]
        assert row["recognised_by_stars"] == province_figures["recognised"]["by_stars"]
        assert row["in_force"] == province_figures["in_force"]["total"]
        assert row["in_force_by_stars"] == province_figures["in_force"]["by_stars"]
        assert row["certificates_expired"] == province_figures["certificates"]["expired"]
        assert row["certificates_revoked"] == province_figures["certificates"]["revoked_total"]
        assert row["budget_approved"] == province_figures["support"]["total_amount"]
    assert {key: rows[first.pk][key] for key in ("recognised", "in_force", "certificates_expired")} == {
        "recognised": 3,
        "in_force": 2,
        "certificates_expired": 1,
    }
    assert (rows[second.pk]["budget_allocated"], rows[second.pk]["budget_disbursed"]) == (500_000_000, 1_000_000)
    totals = national["totals"]
    for name in SCALAR_FIGURES:
        assert totals[name] == sum(row[name] for row in national["provinces"]), name
    assert totals["recognised_by_stars"] == {"5": 0, "4": 3, "3": 2}
    assert (totals["provinces"], totals["recognised"], totals["budget_approved"]) == (2, 5, 5 * 4_900_000)


@pytest.mark.django_db
def test_national_query_count_is_the_same_for_two_and_three_provinces(two_provinces, django_assert_num_queries):
    with CaptureQueriesContext(connection) as two:
        assert len(compute_national_figures(year=YEAR)["provinces"]) == 2

    _province_with_year("01", "Thành phố Hà Nội", n=4, start=200, stars=5)
    with django_assert_num_queries(len(two.captured_queries)):
        national = compute_national_figures(year=YEAR)

    assert [row["name"] for row in national["provinces"]] == ["Thành phố Hà Nội", "Tỉnh Lạng Sơn", "Tỉnh Bắc Giang"]
    assert national["totals"]["recognised_by_stars"] == {"5": 4, "4": 3, "3": 2}


@pytest.mark.django_db
def test_a_province_without_activity_has_a_row_of_zeros(two_provinces):
    f.ProvinceFactory(code="26", name="Tỉnh Vĩnh Phúc")

    rows = {row["name"]: row for row in compute_national_figures(year=YEAR)["provinces"]}

    quiet = rows["Tỉnh Vĩnh Phúc"]
    assert [quiet[name] for name in SCALAR_FIGURES] == [0] * len(SCALAR_FIGURES)


@pytest.mark.integration
def test_national_summary_command_writes_the_totals_and_every_province(two_provinces, tmp_path):
    from django.core.management import call_command

    pdf, xlsx = tmp_path / "tong-hop.pdf", tmp_path / "tong-hop.xlsx"

    call_command("national_summary", year=YEAR, output=str(pdf), xlsx=str(xlsx))

    text = pdf_text(pdf.read_bytes())
    for phrase in [
        f"Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) năm {YEAR} trên phạm vi toàn quốc",
        f"Năm {YEAR}, hệ thống tổng hợp số liệu của 2 tỉnh, thành phố.",
        "Số sản phẩm được công nhận đạt OCOP từ 3 sao trở lên trong năm: 5 sản phẩm, "
        "trong đó: có 3 sản phẩm 4 sao và 2 sản phẩm 3 sao.",
        f"Luỹ kế hết năm {YEAR} cả nước có 5 sản phẩm OCOP còn hiệu lực tại 2/2 tỉnh, thành phố",
        "được phân bổ 1.000.000.000 đ; đã phê duyệt hỗ trợ 24.500.000 đ (bằng 2% số được phân bổ)",
        "Tỉnh Bắc Giang: đăng ký 3 sản phẩm, đánh giá, phân hạng 3 sản phẩm, công nhận 3 sản phẩm từ 3 sao "
        "trở lên (03 sản phẩm 4 sao)",
        "Tỉnh Lạng Sơn: đăng ký 2 sản phẩm",
        "Biểu 1. Đánh giá, phân hạng và chứng nhận sản phẩm OCOP năm",
        # The official frame (NĐ 30/2020): ministry over the issuing office, number, motto, place
        # and date line to complete by hand, signature block and recipients.
        "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TRUNG ƯƠNG",
        "Số: ……/BC-VPĐP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày …… tháng …… năm",
        "BÁO CÁO TỔNG HỢP Kết quả thực hiện Chương trình",
        "CHÁNH VĂN PHÒNG",
        "Nơi nhận: - Bộ trưởng (để báo cáo);",
        "- Lưu: VT.",
        "Số liệu tổng hợp từ Cổng thông tin OCOP",
    ]:
        assert phrase in text, phrase
    assert "Toàn quốc · Kết quả thực hiện Chương trình" in text  # the running header
    assert "Ngày lập báo cáo" not in text
    sheet = load_workbook(xlsx)["Theo tỉnh"]
    assert [sheet.cell(row=r, column=1).value for r in (3, 4, 5)] == ["Tỉnh Lạng Sơn", "Tỉnh Bắc Giang", "Toàn quốc"]
    assert sheet.cell(row=5, column=7).value == 5  # recognised, national total


@pytest.mark.integration
def test_national_request_runs_eagerly_and_a_failure_says_why_and_can_be_retried(
    two_provinces, superuser, django_capture_on_commit_callbacks, monkeypatch
):
    import weasyprint

    def broken_write_pdf(*args, **kwargs):
        raise RuntimeError("Pango could not load a font")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken_write_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.national_summary_request_create(year=YEAR, by=superuser)
    report.refresh_from_db()
    assert (report.kind, report.province, report.state) == (ReportKind.NATIONAL, None, RequestState.FAILED)
    assert report.error == "RuntimeError: Pango could not load a font"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request_retry(report=report, by=superuser)
    report.refresh_from_db()

    assert (report.state, report.attempts, report.version) == (RequestState.DONE, 2, 1)
    assert report.snapshot["figures"]["totals"]["recognised"] == 5
    assert report.pdf.name.endswith(f"bao-cao-ocop-toan-quoc-{YEAR}-v1.pdf")
    assert "trên phạm vi toàn quốc" in pdf_text(read_file(report.pdf))


@pytest.mark.django_db
def test_national_and_provincial_versions_are_counted_apart(province, province_staff, superuser):
    provincial = services.report_request_create(province=province, year=YEAR, by=province_staff)
    national = services.national_summary_request_create(year=YEAR, by=superuser)
    again = services.national_summary_request_create(year=YEAR, by=superuser)

    assert (provincial.version, national.version, again.pk) == (1, 1, national.pk)
    assert (national.kind, national.province_id) == (ReportKind.NATIONAL, None)
