"""Property-based tests (hypothesis): arbitrary cells in a register file and arbitrary values
posted to the scorecard autosave never cause a 500, never import part of a file, and never store
an answer that is not one of the criterion's options."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from evaluation.models import Scorecard, ScorecardAnswer
from evaluation.services.councils import conflict_declare, council_assign
from evaluation.services.scorecards import scorecard_open
from evaluation.tests.test_councils import accepted_dossier, make_council
from ocop_portal.testing import factories as f
from products.enums import ImportState
from products.models import Producer, Product, RegistryImport
from products.register_file import COLUMNS
from products.tests.factories import register_row

pytestmark = pytest.mark.integration

# Bounded so the suite stays quick on two cores; raise locally when hunting.
IMPORT_EXAMPLES = 40
AUTOSAVE_EXAMPLES = 60
HYPOTHESIS = settings(
    max_examples=IMPORT_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cell_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "=1+1", "@SUM(A1)", "\u202e215", "2\u200b15", "null"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.just("x" * 5000),
)
row_overrides = st.dictionaries(st.sampled_from(COLUMNS), cell_text, max_size=4)
file_rows = st.lists(row_overrides, min_size=1, max_size=4)


def _rows(overrides: list[dict]) -> list[dict]:
    return [
        register_row(so_dkkd=f"2402{index:06d}", ten_chu_the=f"HTX Thử {index}", ten_san_pham=f"Sản phẩm {index}")
        | changes
        for index, changes in enumerate(overrides)
    ]


def _file(rows: list[dict], kind: str) -> tuple[str, bytes]:
    if kind == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        writer.writerows([[row.get(column, "") for column in COLUMNS] for row in rows])
        return "dang-ky.csv", text.getvalue().encode("utf-8", "surrogatepass")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        # Excel cannot hold these control characters at all; a real file never has them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row.get(column, "")) for column in COLUMNS])
    output = io.BytesIO()
    workbook.save(output)
    return "dang-ky.xlsx", output.getvalue()


@pytest.fixture
def staff_client(client, province_staff, commune, db):
    f.ProductSetFactory(code="02", name="Thịt, thủy sản, trứng, sữa tươi")
    client.raise_request_exception = False
    client.force_login(province_staff)
    return client


def _registry_size() -> tuple[int, int]:
    return Producer.objects.count(), Product.objects.count()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_register_file_with_arbitrary_cells_never_fails_or_imports_half(staff_client, kind):
    answers = []

    @HYPOTHESIS
    @given(overrides=file_rows)
    def check(overrides):
        rows = _rows(overrides)
        try:
            name, content = _file(rows, kind)
        except UnicodeEncodeError:  # lone surrogates cannot be written to a file at all
            return
        before = _registry_size()
        upload = staff_client.post(reverse("products:import_upload"), {"file": SimpleUploadedFile(name, content)})
        assert upload.status_code in (302, 400), upload.status_code
        if upload.status_code == 400:
            assert _registry_size() == before
            answers.append("refused")
            return
        registry_import = RegistryImport.objects.latest("pk")
        commit = staff_client.post(reverse("products:import_commit", args=[registry_import.pk]))
        assert commit.status_code == 302, commit.status_code
        registry_import.refresh_from_db()
        if registry_import.state == ImportState.COMMITTED:
            assert _registry_size() > before or registry_import.report["counts"]["producers"]["create"] == 0
            answers.append("committed")
        else:
            assert (registry_import.state, _registry_size()) == (ImportState.FAILED, before)
            answers.append("failed")

    check()
    # The strategy reaches every outcome, so the invariants above were really exercised.
    assert {"committed", "failed"} <= set(answers), answers


@pytest.fixture
def member_card(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    member = members[2]
    conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=member.user)
    card = scorecard_open(assignment=assignment, user=member.user)
    return assignment, member, card


def _answers_are_options(card: Scorecard) -> bool:
    return all(
        answer.option.criterion_id == answer.criterion_id and answer.points == answer.option.points
        for answer in ScorecardAnswer.objects.filter(scorecard=card).select_related("option")
    )


posted_value = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "1.5", "1e3", "NaN", "null", "[]", "{}", "0x10", " 7 ", "٣"]),
)


def test_scorecard_autosave_with_arbitrary_posts_never_fails_or_stores_a_foreign_option(client, member_card):
    assignment, member, card = member_card
    criteria = list(card.sheet.criteria.values_list("pk", flat=True))
    options = {
        pk: list(
            ScorecardAnswer._meta.get_field("option")
            .related_model.objects.filter(criterion_id=pk)
            .values_list("pk", flat=True)
        )
        for pk in criteria
    }
    all_options = [pk for values in options.values() for pk in values]
    client.raise_request_exception = False
    client.force_login(member.user)
    statuses = set()

    @settings(HYPOTHESIS, max_examples=AUTOSAVE_EXAMPLES)
    @given(
        criterion=st.one_of(st.sampled_from(criteria), st.integers(min_value=0, max_value=2**31 - 1)),
        option=st.one_of(st.sampled_from(all_options).map(str), posted_value),
        comment=st.one_of(st.text(max_size=50), st.just("c" * 2500)),
        htmx=st.booleans(),
        extra=st.dictionaries(st.sampled_from(["part", "points", "scorecard", "member"]), posted_value, max_size=2),
    )
    def check(criterion, option, comment, htmx, extra):
        url = reverse("evaluation:scorecard_answer", args=[assignment.pk, criterion])
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url, {"option": option, "comment": comment, **extra}, **headers)
        statuses.add(response.status_code)
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        assert _answers_are_options(card)

    check()
    card.refresh_from_db()
    expected_total = sum((a.points for a in card.answers.all()), Decimal(0))
    assert (card.state, card.total) == ("draft", expected_total)
    assert 500 not in statuses
