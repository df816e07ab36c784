"""The annual report's council-member section: frozen in the snapshot, printed as annex 4."""

from evaluation.tests.test_fairness_views import _closed_dossiers
from reports.pdf import render_pdf
from reports.services import build_snapshot

from .pdftext import pdf_text


def test_the_report_prints_each_members_leniency_trips_and_recusals(province, district, commune, district_officer):
    _council, (chair, _vice, _m1, m2) = _closed_dossiers(
        province=province, district=district, commune=commune, officer=district_officer, count=2, year=2025
    )

    snapshot = build_snapshot(province=province, year=2025)
    text = pdf_text(render_pdf(snapshot))

    assert [row["name"] for row in snapshot["council_members"]] == sorted(
        row["name"] for row in snapshot["council_members"]
    )
    assert "Phụ lục 4. Thống kê chấm điểm của thành viên Hội đồng năm 2025" in text
    # the chair: 85 against means of 77,50 and 78,33 → +7,09; scored both, tripped none
    assert f"{chair.user.display_name} 2 2 +7,09 0 (0%) 0 (0%)" in text
    # the last member: recused on one of two dossiers, 75 against 77,50 → −2,50
    assert f"{m2.user.display_name} 2 1 −2,50 0 (0%) 1 (50%)" in text


def test_a_report_frozen_before_the_section_existed_prints_without_it(province):
    snapshot = build_snapshot(province=province, year=2025)
    del snapshot["council_members"]
    assert "Phụ lục 4" not in pdf_text(render_pdf(snapshot))
