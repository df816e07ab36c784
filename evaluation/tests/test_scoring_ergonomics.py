"""Issue 19, item 11: the scorecard shows the producer's self-assessment beside each criterion and
leads on to the next dossier to score; the member's work list shows the scoring deadline."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.enums import AssignmentState, Level
from evaluation.models import AnswerOption, Criterion, RoundDeadline, SelfAssessmentAnswer
from evaluation.services.councils import assignment_close, conflict_declare, council_assign
from evaluation.tests.test_councils import P55, P85, accepted_dossier, make_council, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossiers = [accepted_dossier(commune=commune, checker=district_officer) for _ in range(2)]
    assignments = council_assign(council=council, dossiers=dossiers, by=district_officer)
    return assignments, members[2]


def test_the_producers_self_assessment_is_beside_the_criterion(two, client_for):
    (first, _second), member = two
    criterion = Criterion.objects.get(sheet=first.dossier.sheet, code="1.1")
    option = AnswerOption.objects.get(criterion=criterion, points=Decimal(20))
    SelfAssessmentAnswer.objects.create(dossier=first.dossier, criterion=criterion, option=option)
    score(first, member, P55, submit=False)

    page = client_for(member.user).get(reverse("evaluation:scorecard", args=[first.pk])).content.decode()
    block = page[page.index(f'id="criterion-{criterion.id}"') :]
    block = block[: block.index("</form>")]
    assert "Chủ thể tự đánh giá" in block
    assert f"mức {option.number}: {option.text} (20 điểm)" in block


def test_the_scorecard_leads_to_the_next_dossier_to_score(two, client_for):
    (first, second), member = two
    client = client_for(member.user)
    score(first, member, P55, submit=False)
    page = client.get(reverse("evaluation:scorecard", args=[first.pk]))
    assert page.context["next_assignment"] == second
    assert f'href="{reverse("evaluation:scorecard", args=[second.pk])}"' in page.content.decode()
    assert "Lưu và sang hồ sơ tiếp theo" in page.content.decode()
    score(second, member, P55)  # submitted: nothing left after the first
    assert client.get(reverse("evaluation:scorecard", args=[first.pk])).context["next_assignment"] is None


def test_the_next_dossier_is_never_one_the_member_recused_from(two, client_for):
    (first, second), member = two
    conflict_declare(assignment=second, member=member, has_conflict=True, reason="Người thân", by=member.user)
    score(first, member, P55, submit=False)
    assert (
        client_for(member.user).get(reverse("evaluation:scorecard", args=[first.pk])).context["next_assignment"] is None
    )


def test_a_dossier_sent_back_for_reconciliation_is_next_again(two, client_for):
    """The member's card of the first revision is submitted; the reconciliation's new revision
    has none yet, so the dossier is to score again."""
    (first, second), member = two
    chair, vice, m1, m2 = second.council.members.order_by("order")
    assert m1 == member
    for seat, points in ((chair, P85), (vice, P85), (m1, P55), (m2, P85)):
        score(second, seat, points)
    score(first, member, P55, submit=False)
    client = client_for(member.user)
    assert client.get(reverse("evaluation:scorecard", args=[first.pk])).context["next_assignment"] is None
    assignment_close(assignment=second, by=chair.user)
    assert second.state == AssignmentState.RECONCILIATION
    assert client.get(reverse("evaluation:scorecard", args=[first.pk])).context["next_assignment"] == second


def test_a_session_closed_without_the_members_card_is_not_next(two, client_for):
    (first, second), member = two
    chair, vice, _m1, m2 = second.council.members.order_by("order")
    for seat in (chair, vice, m2):
        score(second, seat, P85)
    assignment_close(assignment=second, by=chair.user)
    assert second.state == AssignmentState.CLOSED
    score(first, member, P55, submit=False)
    page = client_for(member.user).get(reverse("evaluation:scorecard", args=[first.pk]))
    assert page.context["next_assignment"] is None


def test_the_work_list_shows_the_scoring_deadline(two, client_for):
    (first, _second), member = two
    RoundDeadline.objects.create(round=first.dossier.round, level=Level.DISTRICT, scoring=datetime.date(2026, 12, 20))
    page = client_for(member.user).get(reverse("evaluation:council_work_list")).content.decode()
    assert "Hạn chấm" in page
    assert "20/12/2026" in page


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "Giấy đăng ký kinh doanh — Bản sao chứng minh hoạt động kinh doanh hợp pháp",
            ["business_registration"],
        ),
        ("(ghi trên phiếu) Phiếu kiểm nghiệm định kỳ các chỉ tiêu ATTP", ["lab_test"]),
        (
            "Sở hữu trí tuệ — Minh chứng thể hiện Đơn đăng ký nhãn hiệu đã được cơ quan có thẩm quyền chấp nhận",
            ["trademark"],
        ),
        ("Câu chuyện về sản phẩm — Bản sao tờ rơi, hình ảnh, phim, ghi âm...", ["product_story", "photos"]),
        ("Mã số mã vạch, tem truy xuất nguồn gốc — Bản sao tài liệu", ["traceability"]),
        ("Sử dụng lao động địa phương — Danh sách lao động đóng bảo hiểm", []),
        ("Bảo vệ môi trường — Bản sao hồ sơ; hình ảnh minh chứng về thực hiện giải pháp bảo vệ môi trường", []),
        (
            "Nguồn gốc nguyên liệu, vùng nguyên liệu — Giấy xác nhận an toàn thực phẩm đối với vùng nguyên liệu, "
            "hợp đồng mua bán/hợp đồng nguyên tắc, hóa đơn chứng từ hợp lệ",
            [],
        ),
        ("Phát triển thị trường — Bản sao tài liệu: Hợp đồng, cam kết, ký gửi, đặt hàng, biên nhận", ["distribution"]),
        ("", []),
    ],
)
def test_a_criterions_sheet_text_names_the_evidence_types_it_needs(text, types):
    from evaluation.scorecard_evidence import evidence_types_named

    assert evidence_types_named(text) == types


def test_every_part_is_on_one_page_with_the_evidence_beside_its_criterion(two, client_for, tmp_path, settings):
    """Issue 19, item 11: one page for the whole card (a link to each part, no page per part), and
    each criterion shows the dossier's files of the types its sheet text names and the ones missing."""
    from evaluation.enums import EvidenceType
    from evaluation.models import EvidenceFile

    settings.MEDIA_ROOT = tmp_path
    (first, _second), member = two
    Criterion.objects.filter(sheet=first.dossier.sheet, code="1.1").update(
        evidence="Giấy đăng ký kinh doanh — Bản sao; Phiếu kiểm nghiệm chỉ tiêu ATTP"
    )
    criterion = Criterion.objects.get(sheet=first.dossier.sheet, code="1.1")
    kept = EvidenceFile.objects.create(
        dossier=first.dossier,
        evidence_type=EvidenceType.BUSINESS_REGISTRATION,
        file="evidence/x.pdf",
        original_name="dkkd-htx.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=member.user,
    )
    score(first, member, P55, submit=False)

    response = client_for(member.user).get(reverse("evaluation:scorecard", args=[first.pk]))
    page = response.content.decode()
    assert sorted({row[0].part for row in response.context["rows"]}) == ["A", "B", "C"]
    for part in ("A", "B", "C"):
        assert f'id="part-{part}"' in page and f'href="#part-{part}"' in page
    assert "?part=" not in page.split('id="offline-strings"', 1)[1]  # no page per part left
    block = page[page.index(f'id="criterion-{criterion.id}"') :]
    block = block[: block.index("</form>")]
    href = reverse("evaluation:evidence_download", args=[first.dossier.pk, kept.pk])
    assert f'href="{href}"' in block and "dkkd-htx.pdf" in block
    assert "Hồ sơ chưa có: Phiếu kết quả kiểm nghiệm" in block
    other = Criterion.objects.get(sheet=first.dossier.sheet, code="4.1")
    other_block = page[page.index(f'id="criterion-{other.id}"') :]
    assert "dkkd-htx.pdf" not in other_block[: other_block.index("</form>")]
