"""Public pages, anonymous: verification by QR code or number, the misuse form and its rate limit,
the list of products in force, the revocation list; what they must never reveal; query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind, Level, RevocationGround
from evaluation.models import Certificate, CouncilAssignment, MisuseReport, Scorecard
from evaluation.services.certificates import certificates_issue_for_decision, certificates_revoke_by_decision
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

from .test_certificates_helpers import (
    issue,
    product_of,
    recognition_decision,
    recognition_item,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "empty_cache")]
PERSONAS = [
    "anonymous",
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
]


@pytest.fixture
def frozen():
    with freeze_time("2026-07-15 03:00"):
        yield


@pytest.fixture
def empty_cache():
    cache.clear()  # the rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def certificate(producer_record):
    producer_record.address = "Thôn Đồng Vương"
    producer_record.phone = "0912 345 678"
    producer_record.email = "htx.gadoi@example.vn"
    producer_record.representative = "Trần Thị Hoa"
    producer_record.save()
    return issue(product_of(producer_record, "Gà đồi Yên Thế"), stars=4)


def _revoke(certificates, by, number="47/QĐ-UBND"):
    certificates_revoke_by_decision(
        certificates=certificates,
        decision_number=number,
        decision_date=datetime.date(2026, 7, 14),
        decision_signer="Lê Văn Tỉnh",
        decision_authority="Ủy ban nhân dân tỉnh Bắc Giang",
        ground=RevocationGround.PRODUCTION_STOPPED,
        note="Ghi chú nội bộ không công khai",
        by=by,
    )


def _verify_url(certificate):
    return reverse("public:verify", args=[certificate.public_code])


@pytest.mark.parametrize("who", PERSONAS)
def test_verify_page_for_every_persona(who, persona, client_for, certificate):
    response = client_for(persona(who)).get(_verify_url(certificate))

    body = response.content.decode()
    assert response.status_code == 200
    assert certificate.number in body and "Gà đồi Yên Thế" in body


def test_verify_page_shows_what_a_consumer_needs(client, certificate, district):
    body = client.get(_verify_url(certificate)).content.decode()

    for shown in (
        "OCOP-24-2026-0001",
        "Gà đồi Yên Thế",
        "HTX Gà đồi Yên Thế",
        "Thôn Đồng Vương",
        district.name,
        "★★★★",
        "Từ 10/07/2026 đến 10/07/2029",
        f"Số {certificate.decision.number} ngày 10/07/2026",
        '<span class="badge text-bg-success">Còn hiệu lực</span>',
        "Giấy chứng nhận đang có hiệu lực đến hết ngày 10/07/2029.",
        f"Cấp theo quyết định {certificate.decision.number}",
        'id="misuse"',
    ):
        assert shown in body, shown


def test_verify_page_reveals_no_scores_members_or_contacts(client, certificate):
    council = CouncilFactory(province=certificate.province, jurisdiction=certificate.district, level=Level.DISTRICT)
    member = CouncilMemberFactory(
        council=council,
        user=f.UserFactory(full_name="Phạm Giám Khảo", phone="0987 654 321", email="giamkhao@example.vn"),
        organisation="Phòng Kinh tế huyện",
    )
    assignment = CouncilAssignment.objects.create(
        council=council, dossier=certificate.dossier, level=Level.DISTRICT, mean_score=Decimal("67.45")
    )
    Scorecard.objects.create(
        assignment=assignment, member=member, sheet=certificate.dossier.sheet, total=Decimal("68.20")
    )
    certificate.decision.items.update(assignment=assignment)

    body = client.get(_verify_url(certificate)).content.decode()

    for hidden in (
        "67.45",
        "67,45",
        "68.20",
        "68,2",
        "Phạm Giám Khảo",
        "Phòng Kinh tế huyện",
        council.name,
        "0912 345 678",
        "htx.gadoi@example.vn",
        "Trần Thị Hoa",
        "0987 654 321",
        "giamkhao@example.vn",
        "Nguyễn Văn Ký",  # the decision's signer
    ):
        assert hidden not in body, hidden


def test_revoked_certificate_shows_it_in_words_colour_and_history(client, certificate, province_staff):
    _revoke([certificate], province_staff)

    body = client.get(_verify_url(certificate)).content.decode()

    assert '<span class="badge text-bg-danger">Đã thu hồi</span>' in body
    assert "Số 47/QĐ-UBND ngày 14/07/2026 — Ngừng sản xuất" in body
    assert "Thu hồi: Ngừng sản xuất" in body
    assert "Ghi chú nội bộ không công khai" not in body


def test_superseded_certificate_links_to_its_successor(client, certificate):
    newer = issue(
        certificate.product, stars=5, on=datetime.date(2026, 7, 14), kind=DossierKind.UPGRADE, renews=certificate
    )

    body = client.get(_verify_url(certificate)).content.decode()

    assert '<span class="badge text-bg-info">Đã được thay thế</span>' in body
    assert _verify_url(newer) in body


@pytest.mark.parametrize("code", ["AAAAAAAAAAA", "zz", "bad*code!!"])
def test_unknown_code_is_404_with_at_most_one_query(client, certificate, code):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/verify/{code}/")
    assert (response.status_code, len(captured) <= 1) == (404, True)


def test_verify_page_query_count_is_constant(client, certificate, producer_record, province_staff):
    client.get(_verify_url(certificate))
    with CaptureQueriesContext(connection) as plain:
        client.get(_verify_url(certificate))
    other = issue(product_of(producer_record, "Khác"))
    newer = issue(other.product, on=datetime.date(2026, 7, 12), kind=DossierKind.REEVALUATION, renews=other)
    _revoke([newer], province_staff)
    with CaptureQueriesContext(connection) as busy:
        response = client.get(_verify_url(other))

    assert response.status_code == 200
    assert Certificate.objects.get(pk=other.pk).events.count() == 2
    assert len(busy) == len(plain) == 2


def test_verify_page_is_not_stored_by_shared_caches(client, certificate):
    response = client.get(_verify_url(certificate))
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_misuse_report_is_stored_for_province_staff(client, certificate, province_staff):
    response = client.post(
        _verify_url(certificate),
        {"message": "Cửa hàng bán gà khác dán nhãn này", "where_seen": "Chợ Bố Hạ", "reporter_name": "Lan"},
    )

    report = MisuseReport.objects.get()
    assert response["Location"] == _verify_url(certificate) + "#misuse"
    assert (report.certificate, report.code, report.message, report.where_seen, report.reporter_name) == (
        certificate,
        certificate.public_code,
        "Cửa hàng bán gà khác dán nhãn này",
        "Chợ Bố Hạ",
        "Lan",
    )
    assert list(Notification.objects.values_list("recipient", "subject")) == [
        (province_staff.pk, f"Phản ánh sử dụng sai nhãn OCOP: {certificate.number}")
    ]


def test_misuse_form_is_rate_limited_per_client_address(client, certificate):
    data = {"message": "Nhãn giả"}
    statuses = [client.post(_verify_url(certificate), data, REMOTE_ADDR="203.0.113.7").status_code for _ in range(6)]
    limited = client.post(_verify_url(certificate), data, REMOTE_ADDR="203.0.113.7")
    elsewhere = client.post(_verify_url(certificate), data, REMOTE_ADDR="198.51.100.2")

    assert statuses == [302] * 5 + [429]
    assert "Bạn đã gửi quá nhiều phản ánh trong một giờ." in limited.content.decode()
    assert elsewhere.status_code == 302
    assert MisuseReport.objects.count() == 6


def test_misuse_limit_resets_after_an_hour(client, certificate):
    data = {"message": "Nhãn giả"}
    with freeze_time("2026-07-15 03:00") as clock:
        for _ in range(5):
            client.post(_verify_url(certificate), data)
        blocked = client.post(_verify_url(certificate), data)
        clock.tick(datetime.timedelta(hours=1, seconds=1))
        again = client.post(_verify_url(certificate), data)

    assert (blocked.status_code, again.status_code, MisuseReport.objects.count()) == (429, 302, 6)


def test_lookup_by_number_or_code_redirects_to_the_verify_page(client, certificate):
    by_number = client.get(reverse("public:verify_lookup"), {"number": " ocop-24-2026-0001 "})
    by_code = client.get(reverse("public:verify_lookup"), {"number": certificate.public_code})
    unknown = client.get(reverse("public:verify_lookup"), {"number": "OCOP-24-2026-9999"})

    assert (by_number["Location"], by_code["Location"]) == (_verify_url(certificate), _verify_url(certificate))
    assert "Không tìm thấy giấy chứng nhận có số hoặc mã này." in unknown.content.decode()


def test_lookup_is_rate_limited_against_guessing(client, certificate, settings):
    settings.OCOP_VERIFY_LOOKUPS_PER_HOUR = 3
    url = reverse("public:verify_lookup")
    guesses = [client.get(url, {"number": f"OCOP-24-2026-{n:04d}"}).status_code for n in range(2, 6)]
    blocked = client.get(url, {"number": certificate.number})

    assert guesses == [200, 200, 200, 429]
    assert blocked.status_code == 429
    assert "Bạn đã tra cứu quá nhiều lần trong một giờ." in blocked.content.decode()


def _issue_many(producer_record, count, first=0):
    decision = recognition_decision(province=producer_record.province)
    for n in range(first, first + count):
        recognition_item(decision, product_of(producer_record, f"Sản phẩm {n:02d}"), stars=3 + n % 3)
    return certificates_issue_for_decision(decision=decision, by=decision.created_by)


@pytest.mark.parametrize("who", PERSONAS)
def test_certified_products_for_every_persona(who, persona, client_for, certificate):
    response = client_for(persona(who)).get(reverse("public:certified_products"))
    assert (response.status_code, "Gà đồi Yên Thế" in response.content.decode()) == (200, True)


def test_certified_products_search_and_filters(client, producer_record, other_producer_record, other_district):
    _issue_many(producer_record, 3)
    ours = issue(product_of(other_producer_record, "Vải thiều sấy"), stars=5)
    expired = issue(product_of(other_producer_record, "Vải cũ"), on=datetime.date(2020, 1, 1))
    url = reverse("public:certified_products")

    def names(**query):
        body = client.get(url, query).content.decode()
        return sorted(n for n in ("Sản phẩm 00", "Sản phẩm 01", "Sản phẩm 02", "Vải thiều sấy", "Vải cũ") if n in body)

    assert expired.status == S.EXPIRED
    assert names() == ["Sản phẩm 00", "Sản phẩm 01", "Sản phẩm 02", "Vải thiều sấy"]
    assert names(q="vải") == ["Vải thiều sấy"]
    assert names(district=other_district.pk) == ["Vải thiều sấy"]
    assert names(stars=4) == ["Sản phẩm 01"]
    assert names(group=ours.product.product_set.group_id, stars=5) == ["Sản phẩm 02", "Vải thiều sấy"]


def test_certified_products_is_cacheable_for_anonymous_visitors(client, client_for, certificate, province_staff):
    anonymous = client.get(reverse("public:certified_products"))
    signed_in = client_for(province_staff).get(reverse("public:certified_products"))

    assert set(anonymous["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert "csrftoken" not in anonymous.cookies
    assert signed_in["Cache-Control"] == "private"


def test_certified_products_query_count_does_not_grow(client, producer_record):
    url = reverse("public:certified_products")
    _issue_many(producer_record, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _issue_many(producer_record, 24, first=1)
    with CaptureQueriesContext(connection) as twenty_five:
        body = client.get(url).content.decode()

    assert len(re.findall(r'href="/verify/[\w-]+/"', body)) == 25
    assert len(twenty_five) == len(one)


@pytest.mark.parametrize("who", PERSONAS)
def test_revocation_list_for_every_persona(who, persona, client_for, certificate, province_staff):
    _revoke([certificate], province_staff)
    body = client_for(persona(who)).get(reverse("public:revoked_certificates")).content.decode()
    assert certificate.number in body and "Ngừng sản xuất" in body


def test_revocation_list_shows_only_revoked_and_is_cacheable(client, certificate, producer_record, province_staff):
    kept = issue(product_of(producer_record, "Còn hiệu lực"))
    _revoke([certificate], province_staff)

    response = client.get(reverse("public:revoked_certificates"))
    body = response.content.decode()

    assert (certificate.number in body, kept.number in body) == (True, False)
    assert "47/QĐ-UBND (14/07/2026)" in body
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}


def test_revocation_list_query_count_does_not_grow(client, producer_record, province_staff):
    url = reverse("public:revoked_certificates")
    _revoke(_issue_many(producer_record, 1), province_staff, number="1/QĐ-TH")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _revoke(_issue_many(producer_record, 24, first=1), province_staff, number="2/QĐ-TH")
    with CaptureQueriesContext(connection) as twenty_five:
        body = client.get(url).content.decode()

    assert len(re.findall(r'href="/verify/[\w-]+/"', body)) == 25
    assert len(twenty_five) == len(one)
