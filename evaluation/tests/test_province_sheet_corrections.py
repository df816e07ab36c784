"""Issue 18 (Medium 6, the part left): provinces keep their own corrections of the shared score
sheets without touching anyone else's. A province's staff copy a shared sheet into a correction
of their province, edit and publish it; only their province's new dossiers are scored on it; the
shared sheet and every other province's dossiers stay as they were; publishing retires only the
same scope's earlier version. Also: a QĐ 148 + 1489 round opens dossiers on QĐ 148's sheets
(the sheet lookup's fallback, which dossier_create did not use)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluation.enums import DossierKind, SheetState
from evaluation.models import Criterion, Framework, ScoreSheet
from evaluation.selectors.sheets import evaluable_product_sets, published_sheet_for
from evaluation.services.dossiers import dossier_create
from evaluation.services.sheets import criterion_update, sheet_new_version, sheet_publish
from evaluation.tests.factories import RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    return build_sheet(framework_obj=load_framework("26/2026"))


@pytest.fixture
def second_province():
    return f.ProvinceFactory(code="99", name="Tỉnh Thử Hai")


@pytest.fixture
def second_staff(second_province):
    return f.UserFactory(username="staff-b", staff_province=second_province)


def _correct(sheet, by):
    """Copy into a correction, move 1.1's 4★ mark to 3★ (the totals stay), publish."""
    draft = sheet_new_version(sheet, by)
    criterion = Criterion.objects.get(sheet=draft, code="1.1")
    criterion_update(criterion, by, max_points=criterion.max_points, mandatory_min_star=3)
    return sheet_publish(draft, by)


def test_province_staff_copy_a_shared_sheet_into_their_own_correction(shared, province, province_staff):
    draft = sheet_new_version(shared, province_staff)
    assert (draft.province, draft.state, draft.version) == (province, SheetState.DRAFT, shared.version + 1)
    assert AuditEntry.objects.filter(action="sheet.new_version", object_id=str(draft.pk)).exists()
    published = sheet_publish(draft, province_staff)
    shared.refresh_from_db()
    assert (published.state, shared.state) == (SheetState.PUBLISHED, SheetState.PUBLISHED)


def test_only_their_province_is_scored_on_it(
    shared, province, province_staff, second_province, producer_record, district_officer
):
    correction = _correct(shared, province_staff)
    framework = shared.framework
    assert published_sheet_for(framework, shared.product_set, province_id=province.pk) == correction
    assert published_sheet_for(framework, shared.product_set, province_id=second_province.pk) == shared
    assert published_sheet_for(framework, shared.product_set) == shared
    product = f.ProductFactory(producer=producer_record, product_set=shared.product_set)
    round_a = RoundFactory(framework=framework, province=province)
    dossier = dossier_create(product=product, round=round_a, kind=DossierKind.NEW, by=province_staff)
    assert dossier.sheet == correction


def test_nobody_else_edits_publishes_or_copies_a_provinces_correction(
    shared, province_staff, second_staff, national_editor
):
    draft = sheet_new_version(shared, province_staff)
    criterion = Criterion.objects.get(sheet=draft, code="1.1")
    for user in (second_staff, national_editor):
        with pytest.raises(PermissionDenied):
            criterion_update(criterion, user, max_points=criterion.max_points, mandatory_min_star=3)
        with pytest.raises(PermissionDenied):
            sheet_publish(draft, user)
    published = sheet_publish(draft, province_staff)
    with pytest.raises(PermissionDenied):
        sheet_new_version(published, second_staff)
    assert ScoreSheet.objects.filter(province__isnull=False).count() == 1


def test_each_publication_retires_only_its_own_scope(shared, province, province_staff, second_staff, national_editor):
    first = _correct(shared, province_staff)
    other = _correct(shared, second_staff)
    second = _correct(first, province_staff)  # the province corrects its correction
    states = dict(ScoreSheet.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[other.pk], states[shared.pk]) == (
        SheetState.RETIRED,
        SheetState.PUBLISHED,
        SheetState.PUBLISHED,
        SheetState.PUBLISHED,
    )
    national = sheet_publish(sheet_new_version(shared, national_editor), national_editor)
    states = dict(ScoreSheet.objects.values_list("pk", "state"))
    assert (states[shared.pk], states[national.pk], states[second.pk], states[other.pk]) == (
        SheetState.RETIRED,
        SheetState.PUBLISHED,
        SheetState.PUBLISHED,
        SheetState.PUBLISHED,
    )
    assert national.province is None


def test_a_148_1489_round_opens_dossiers_on_the_148_sheets(province, producer_record, district_officer):
    sheet_148 = build_sheet()
    round_ = RoundFactory(framework=Framework.objects.get(code="148+1489"), province=province)
    product = f.ProductFactory(producer=producer_record, product_set=sheet_148.product_set)
    assert evaluable_product_sets([round_]) == {round_.pk: {sheet_148.product_set_id}}
    dossier = dossier_create(product=product, round=round_, kind=DossierKind.NEW, by=district_officer)
    assert dossier.sheet == sheet_148


def test_the_evaluable_sets_count_the_provinces_corrections(province, second_province, province_staff):
    framework = load_framework("26/2026")
    product_set = f.ProductSetFactory(code="77")
    # the shared sheet is still a draft; the first province published a correction of its own
    build_sheet(framework_obj=framework, product_set=product_set, state=SheetState.DRAFT)
    correction = build_sheet(framework_obj=framework, product_set=product_set, version=2)
    ScoreSheet.objects.filter(pk=correction.pk).update(province=province)
    rounds = [RoundFactory(framework=framework, province=p) for p in (province, second_province)]
    assert evaluable_product_sets(rounds) == {rounds[0].pk: {product_set.pk}, rounds[1].pk: set()}


# --- pages ----------------------------------------------------------------------------------------


def test_the_sheet_page_offers_the_correction_and_shows_its_scope(
    client_for, shared, province, province_staff, second_staff
):
    client = client_for(province_staff)
    page = client.get(reverse("evaluation:sheet_detail", args=[shared.pk])).content.decode()
    assert f"Tạo bản hiệu chỉnh của {province.name}" in page and "Dùng chung toàn quốc" in page
    answer = client.post(reverse("evaluation:sheet_new_version", args=[shared.pk]))
    draft = ScoreSheet.objects.get(province=province)
    assert answer.url == reverse("evaluation:sheet_detail", args=[draft.pk])
    page = client.get(answer.url).content.decode()
    assert f"Bản hiệu chỉnh của {province.name}" in page and "Sửa điểm" in page
    # another province: the draft is not theirs to see; published, it is readable, not editable
    other = client_for(second_staff)
    assert other.get(reverse("evaluation:sheet_detail", args=[draft.pk])).status_code == 404
    sheet_publish(draft, province_staff)
    page = other.get(reverse("evaluation:sheet_detail", args=[draft.pk])).content.decode()
    assert "Sửa điểm" not in page and "Tạo bản hiệu chỉnh" not in page
    listing = other.get(reverse("evaluation:sheet_list")).content.decode()
    assert f"Hiệu chỉnh của {province.name}" in listing
