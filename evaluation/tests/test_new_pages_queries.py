"""Issue 17, "Done when": the query-count tests extended to the pages the QĐ 26/2026 work added
and that had none — the dossier's province page (advisory records, the 5★ package), the misuse
reports list and the province's council rules. Each reads as many queries with one row as with
many: a page that starts querying per row fails here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import AdvisoryKind
from evaluation.services.advisory import advisory_record
from evaluation.services.certificates import misuse_report_create
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_dossiers import _certificate
from evaluation.tests.test_province_advisory import before_council, province_dossier
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def test_the_province_page_reads_a_fixed_number_of_queries(client_for, province, commune, province_staff):
    dossier = province_dossier(province=province, commune=commune, staff=province_staff)
    _assignment, _members, helper = before_council(province, dossier, province_staff)
    client = client_for(province_staff)
    url = reverse("evaluation:dossier_province", args=[dossier.pk])
    today = timezone.localdate()
    advisory_record(dossier=dossier, kind=AdvisoryKind.REVIEW, on=today, text="Rà soát 0", by=helper.user)
    client.get(url)  # warm the caches
    one = _count(client, url)
    for number in range(1, 8):
        kind = AdvisoryKind.SITE_VISIT if number % 2 else AdvisoryKind.TEST_REQUEST
        advisory_record(dossier=dossier, kind=kind, on=today, text=f"Ghi nhận {number}", by=helper.user)
    assert _count(client, url) == one


def test_the_misuse_reports_list_reads_a_fixed_number_of_queries(client_for, province_staff, producer_record):
    client = client_for(province_staff)
    url = reverse("evaluation:misuse_report_list")
    framework = load_framework("148")

    def report(n):
        product = f.ProductFactory(producer=producer_record, name=f"Sản phẩm {n}")
        certificate = _certificate(product, framework, province_staff, number=f"OCOP-24-2023-{n:04d}")
        misuse_report_create(certificate=certificate, message=f"Nhãn sai hạng sao {n}")

    report(1)
    client.get(url)
    one = _count(client, url)
    for n in range(2, 9):
        report(n)
    assert _count(client, url) == one


def test_the_council_rules_page_reads_a_fixed_number_of_queries(client_for, province, province_staff, district_officer):
    from evaluation.services.councils import province_council_rules_set

    counts = []
    for user in (province_staff, district_officer, province_staff):
        client = client_for(user)
        url = reverse("evaluation:council_rules")
        client.get(url)
        counts.append(_count(client, url))
        province_council_rules_set(province=province, by=province_staff, min_members=len(counts) + 3)
    # session, user, notifications, the rules row (none yet, then one); a district officer's page
    # also reads their district to find its province
    assert counts == [4, 5, 4]
