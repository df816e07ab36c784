"""Carrying former Bắc Giang (24, pre-2025) into Tỉnh Bắc Ninh (24, 2025) by the crosswalk: a dry
run, an all-or-nothing commit, a second commit that changes nothing, a split commune resolved per
commune and per record, and a predecessor with an open council session refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import RevocationGround
from evaluation.models import Decision
from evaluation.selectors.certificates import certificates_visible_to
from evaluation.selectors.dossiers import dossiers_visible_to
from evaluation.services.carry import carry_province
from evaluation.services.certificates.revocation import certificates_revoke_by_decision
from evaluation.services.councils import council_assign
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import issue
from evaluation.tests.test_councils import make_council
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, UnitSuccession
from ocop_portal.testing import factories as f
from products.models import Producer, Product
from products.selectors import producers_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(province, commune, sibling_commune):
    """Bắc Ninh (2025) with Xã A (all of Đồng Tiến and part of Canh Nậu) and Xã B (the rest);
    Bắc Giang ended the day before."""
    AdministrativeUnit.objects.filter(pk=province.pk).update(valid_until="2025-06-30")
    bac_ninh = AdministrativeUnit.objects.create(
        level="province", code="24", name="Tỉnh Bắc Ninh", unit_type="Tỉnh", valid_from="2025-07-01"
    )
    new_a = f.CommuneFactory(parent=bac_ninh, code="07243", name="Xã Yên Thế", valid_from="2025-07-01")
    new_b = f.CommuneFactory(parent=bac_ninh, code="07250", name="Xã Bố Hạ", valid_from="2025-07-01")
    UnitSuccession.objects.create(
        old_level="province", old_code="24", old_province_code="24", new_unit=bac_ninh, coverage="full"
    )
    for old, new, coverage in (("07243", new_a, "full"), ("07246", new_a, "partial"), ("07246", new_b, "partial")):
        UnitSuccession.objects.create(
            old_level="commune", old_code=old, old_province_code="24", new_unit=new, coverage=coverage
        )
    return bac_ninh, new_a, new_b


@pytest.fixture
def history(producer_record, sibling_commune):
    """A producer in each old commune, each with a product; a certificate in Đồng Tiến."""
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    split_producer = f.ProducerFactory(commune=sibling_commune, name="HTX Chè Canh Nậu")
    split_product = f.ProductFactory(producer=split_producer, name="Chè xanh Canh Nậu")
    certificate = issue(product, stars=4)
    return {"product": product, "split_producer": split_producer, "split_product": split_product, "cert": certificate}


def _places():
    return sorted(
        [(p.name, p.commune.name, p.district_id, p.province.name) for p in Producer.objects.all()]
        + [(p.name, p.commune.name, p.district_id, p.province.name) for p in Product.objects.all()]
    )


def test_dry_run_counts_lists_the_split_and_writes_nothing(merged, history, province):
    before, entries = _places(), AuditEntry.objects.count()

    report = carry_province(code="24", by=None)

    assert report.counts == {"producer": 2, "product": 2, "dossier": 1, "certificate": 1}
    assert [(s.old_code, [c.name for c in s.candidates], len(s.records)) for s in report.unresolved] == [
        ("07246", ["Xã Yên Thế", "Xã Bố Hạ"], 2)
    ]
    assert (report.committed, _places(), AuditEntry.objects.count()) == (False, before, entries)
    assert AdministrativeUnit.objects.get(pk=province.pk).carried_into is None


def test_commit_with_a_split_unresolved_is_refused_naming_it(merged, history):
    before = _places()
    with pytest.raises(ValidationError, match="07246"):
        carry_province(code="24", by=None, commit=True)
    assert _places() == before


def test_commit_resolved_per_commune_carries_everything_and_a_second_commit_changes_nothing(
    merged, history, province, district
):
    bac_ninh, _new_a, new_b = merged
    yen_the = district.pk
    staff = f.UserFactory(staff_province=bac_ninh)
    certificate = history["cert"]
    assert list(certificates_visible_to(staff)) == []

    report = carry_province(code="24", by=staff, commit=True, by_commune={"07246": new_b.pk})

    assert report.committed and report.moved == 5
    assert _places() == [
        ("Chè xanh Canh Nậu", "Xã Bố Hạ", yen_the, "Tỉnh Bắc Ninh"),
        ("Gà đồi Yên Thế", "Xã Yên Thế", yen_the, "Tỉnh Bắc Ninh"),
        ("HTX Chè Canh Nậu", "Xã Bố Hạ", yen_the, "Tỉnh Bắc Ninh"),
        ("HTX Gà đồi Yên Thế", "Xã Yên Thế", yen_the, "Tỉnh Bắc Ninh"),
    ]
    # The certificate keeps its number, authority, dates and the units of its time…
    certificate.refresh_from_db()
    assert (certificate.province, certificate.district) == (province, district)
    # …and the merged province's staff see and may revoke it, and see the dossier and producers.
    assert list(certificates_visible_to(staff)) == [certificate]
    assert staff.has_perm("evaluation.revoke_certificate", certificate)
    assert dossiers_visible_to(staff).count() == 1
    assert producers_visible_to(staff).count() == 2
    assert (
        AuditEntry.objects.filter(action__in=["producer.carried", "product.carried", "province.carried"]).count() == 5
    )

    entries = AuditEntry.objects.count()
    again = carry_province(code="24", by=staff, commit=True, by_commune={"07246": new_b.pk})
    assert (again.moved, again.counts["producer"], AuditEntry.objects.count()) == (0, 0, entries)


def test_a_split_commune_resolved_per_record(merged, history):
    _bac_ninh, new_a, new_b = merged
    choices = {("producer", history["split_producer"].pk): new_a.pk, ("product", history["split_product"].pk): new_b.pk}

    carry_province(code="24", by=None, commit=True, by_record=choices)

    assert Producer.objects.get(pk=history["split_producer"].pk).commune == new_a
    assert Product.objects.get(pk=history["split_product"].pk).commune == new_b


def test_a_predecessor_with_an_open_council_session_is_refused(merged, history, province, district, district_officer):
    council, _members = make_council(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế")
    dossier = DossierFactory(product=f.ProductFactory(producer=history["split_producer"], name="Chè búp"))
    dossier_transition(dossier, "submitted", by=district_officer)
    dossier_transition(dossier, "accepted", by=district_officer)
    council_assign(council=council, dossiers=[dossier], by=district_officer)
    before = _places()

    with pytest.raises(ValidationError, match="Hội đồng OCOP huyện Yên Thế"):
        carry_province(code="24", by=None, commit=True, by_commune={"07246": merged[2].pk})
    assert _places() == before


def test_the_command_dry_runs_then_commits(merged, history, capsys):
    _bac_ninh, _new_a, new_b = merged
    call_command("carry_province", "--province", "24")
    assert "unresolved producer:" in capsys.readouterr().out
    with pytest.raises(CommandError, match="07246"):
        call_command("carry_province", "--province", "24", "--commit")
    call_command("carry_province", "--province", "24", "--commit", "--commune", f"07246={new_b.pk}")
    assert "committed, 5 changes." in capsys.readouterr().out


def test_the_superuser_page_dry_runs_and_commits_with_a_commune_choice(merged, history, client):
    _bac_ninh, _new_a, new_b = merged
    client.force_login(f.UserFactory(is_superuser=True))
    url = reverse("evaluation:carry_province")
    page = client.get(url, {"province": "24"}).content.decode()
    assert "Xã 07246 Xã Canh Nậu được chia cho nhiều xã mới" in page
    assert Producer.objects.filter(province__name="Tỉnh Bắc Ninh").count() == 0

    refused = client.post(url, {"province": "24", "commit": ""})
    assert refused.status_code == 200 and "07246" in refused.content.decode()
    done = client.post(url, {"province": "24", "commit": "", "commune-07246": str(new_b.pk)})
    assert done.status_code == 302
    assert Producer.objects.filter(province__name="Tỉnh Bắc Ninh").count() == 2


def test_the_page_is_for_superusers_only(client, province_staff):
    client.force_login(province_staff)
    assert client.post(reverse("evaluation:carry_province"), {"province": "24", "commit": ""}).status_code == 403


def test_the_predecessors_report_and_public_verification_answer_as_before(merged, history, province, client):
    from reports.figures import compute_figures

    certificate = history["cert"]
    verify = reverse("public:verify", args=[certificate.public_code])
    before = compute_figures(province=province, year=2026)
    answer_before = client.get(verify)

    carry_province(code="24", by=None, commit=True, by_commune={"07246": merged[2].pk})

    assert compute_figures(province=province, year=2026) == before
    answer = client.get(verify)
    assert answer.status_code == answer_before.status_code == 200
    for text in (certificate.number, certificate.issuing_authority, certificate.decision.number):
        assert text in answer_before.content.decode()
        assert text in answer.content.decode()


@pytest.mark.integration
def test_the_merged_provinces_2026_report_covers_the_predecessor_by_commune(merged, history, province, tmp_path):
    from reports.figures import compute_figures
    from reports.tests.pdftext import pdf_text

    bac_ninh, _new_a, new_b = merged
    assert "merged_from" not in compute_figures(province=province, year=2026)
    carry_province(code="24", by=None, commit=True, by_commune={"07246": new_b.pk})

    figures = compute_figures(province=bac_ninh, year=2026)

    assert figures["merged_from"] == ["Tỉnh Bắc Giang"]
    assert figures["recognised"]["total"] == 1
    [row] = figures["annex"]["recognised_products"]
    assert (row["product"], row["commune"], row["former_province"], row["district"]) == (
        "Gà đồi Yên Thế",
        "Xã Yên Thế",
        "Tỉnh Bắc Giang",
        "Yên Thế",
    )
    pdf = tmp_path / "bao-cao-2026.pdf"
    call_command("annual_report", province="24", year=2026, output=str(pdf))
    text = pdf_text(pdf.read_bytes())
    assert "Tỉnh Bắc Ninh" in text and "Tỉnh cũ" in text and "Gà đồi Yên Thế" in text


def test_the_predecessors_support_grants_pass_to_the_merged_provinces_staff(merged, history, province):
    from support.selectors import grants_visible_to
    from support.tests.factories import BudgetLineFactory, SupportGrantFactory

    bac_ninh, _new_a, new_b = merged
    staff = f.UserFactory(staff_province=bac_ninh)
    grant = SupportGrantFactory(
        producer=history["split_producer"], budget_line=BudgetLineFactory(province=province, year=2025)
    )
    assert list(grants_visible_to(staff)) == []

    carry_province(code="24", by=None, commit=True, by_commune={"07246": new_b.pk})

    assert list(grants_visible_to(staff)) == [grant]
    assert staff.has_perm("support.approve_supportgrant", grant)


@freeze_time("2027-03-05 03:00")
def test_the_merged_province_revokes_a_carried_certificate_by_its_own_decision(merged, history, province):
    bac_ninh = merged[0]
    staff = f.UserFactory(staff_province=bac_ninh)
    carry_province(code="24", by=staff, commit=True, by_commune={"07246": merged[2].pk})
    certificate = history["cert"]

    (revoked,) = certificates_revoke_by_decision(
        certificates=[certificate],
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2027, 3, 2),
        decision_signer="Chủ tịch UBND tỉnh Bắc Ninh",
        decision_authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        ground=RevocationGround.NOT_REEVALUATED,
        note="",
        by=staff,
    )

    decision = Decision.objects.get(number="12/QĐ-UBND")
    # The decision is the merged province's; the certificate keeps the province that issued it.
    assert (decision.province, decision.issuer_unit) == (bac_ninh, bac_ninh)
    assert (revoked.status, revoked.revocation_decision, revoked.province) == ("revoked", decision, province)
