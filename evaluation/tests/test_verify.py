"""Public pages, anonymous: verification by QR code or number, the misuse form and its rate limit,
the list of products in force, the revocation list; what they must never reveal; query counts.
The verification page's own cache is tested in test_verify_cache.py."""

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


def _report_url(certificate):
    return reverse("public:verify_report", args=[certificate.public_code])


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
        f'<a class="btn btn-outline-danger" href="{_report_url(certificate)}">Gửi phản ánh</a>',
    ):
        assert shown in body, shown


def test_verify_page_has_no_form_and_sets_no_cookie(client, certificate):
    # What lets evaluation.verify_cache answer every anonymous visitor with the same bytes.
    response = client.get(_verify_url(certificate))

    assert ("<form" in response.content.decode(), "csrfmiddlewaretoken" in response.content.decode()) == (False, False)
    assert dict(response.cookies) == {}


def test_verify_page_refuses_post(client, certificate):
    response = client.post(_verify_url(certificate), {"message": "Nhãn giả"})

    assert (response.status_code, response["Allow"], MisuseReport.objects.count()) == (405, "GET, HEAD", 0)


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
    cache.clear()  # measure renders, not the page cache
    with CaptureQueriesContext(connection) as plain:
        client.get(_verify_url(certificate))
    other = issue(product_of(producer_record, "Khác"))
    newer = issue(other.product, on=datetime.date(2026, 7, 12), kind=DossierKind.REEVALUATION, renews=other)
    _revoke([newer], province_staff)
    cache.clear()
    with CaptureQueriesContext(connection) as busy:
        response = client.get(_verify_url(other))

    assert response.status_code == 200
    assert Certificate.objects.get(pk=other.pk).events.count() == 2
    assert len(busy) == len(plain) == 2


def test_verify_page_is_not_stored_by_shared_caches(client, certificate):
    response = client.get(_verify_url(certificate))
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


@pytest.mark.parametrize("who", PERSONAS)
def test_misuse_report_page_for_every_persona(who, persona, client_for, certificate):
    response = client_for(persona(who)).get(_report_url(certificate))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Giấy chứng nhận {certificate.number}</a>" in body and "Gà đồi Yên Thế" in body
    assert f'<form method="post" action="{_report_url(certificate)}"' in body
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_misuse_report_page_of_an_unknown_code_is_404(client):
    assert client.get("/verify/AAAAAAAAAAA/report/").status_code == 404


def test_misuse_report_is_stored_for_province_staff(client, certificate, province_staff):
    response = client.post(
        _report_url(certificate),
        {"message": "Cửa hàng bán gà khác dán nhãn này", "where_seen": "Chợ Bố Hạ", "reporter_name": "Lan"},
    )

    report = MisuseReport.objects.get()
    assert response["Location"] == _verify_url(certificate)
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


def test_misuse_report_thanks_on_the_verify_page_even_when_it_is_cached(client, certificate):
    client.get(_verify_url(certificate))  # the page is now in the cache
    response = client.post(_report_url(certificate), {"message": "Nhãn giả"}, follow=True)
    again = client.get(_verify_url(certificate))

    thanks = "Cảm ơn bạn. Phản ánh đã được chuyển đến Sở Nông nghiệp và Môi trường."
    assert response.redirect_chain == [(_verify_url(certificate), 302)]
    assert (thanks in response.content.decode(), thanks in again.content.decode()) == (True, False)


def test_misuse_report_invalid_form_shows_errors(client, certificate):
    response = client.post(_report_url(certificate), {"message": ""})

    assert (response.status_code, MisuseReport.objects.count()) == (200, 0)
    assert response.context["form"].errors == {"message": ["Trường này là bắt buộc."]}


def test_misuse_form_is_rate_limited_per_client_address(client, certificate):
    data = {"message": "Nhãn giả"}
    statuses = [client.post(_report_url(certificate), data, REMOTE_ADDR="203.0.113.7").status_code for _ in range(6)]
    limited = client.post(_report_url(certificate), data, REMOTE_ADDR="203.0.113.7")
    elsewhere = client.post(_report_url(certificate), data, REMOTE_ADDR="198.51.100.2")

    assert statuses == [302] * 5 + [429]
    assert "Bạn đã gửi quá nhiều phản ánh trong một giờ." in limited.content.decode()
    assert elsewhere.status_code == 302
    assert MisuseReport.objects.count() == 6


def test_misuse_limit_resets_after_an_hour(client, certificate):
    data = {"message": "Nhãn giả"}
    with freeze_time("2026-07-15 03:00") as clock:
        for _ in range(5):
            client.post(_report_url(certificate), data)
        blocked = client.post(_report_url(certificate), data)
        clock.tick(datetime.timedelta(hours=1, seconds=1))
        again = client.post(_report_url(certificate), data)

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
    assert names(q="Lục Ngạn") == ["Vải thiều sấy"]  # the producer's name
    assert names(q="gà đồi") == ["Sản phẩm 00", "Sản phẩm 01", "Sản phẩm 02"]
    assert names(district=other_district.pk) == ["Vải thiều sấy"]
    assert names(stars=4) == ["Sản phẩm 01"]
    assert names(group=ours.product.product_set.group_id, stars=5) == ["Sản phẩm 02", "Vải thiều sấy"]
    assert names(stars=7, q="vải") == ["Vải thiều sấy"]  # an invalid filter is left out, the others apply


def test_certified_products_are_ordered_by_name_across_pages(client, producer_record):
    _issue_many(producer_record, 27)
    url = reverse("public:certified_products")

    first = client.get(url, {"q": "sản phẩm"}).content.decode()
    second = client.get(url, {"q": "sản phẩm", "page": 2}).content.decode()

    def shown(body):
        return re.findall(r">(Sản phẩm \d\d)</a>", body)

    assert shown(first) == [f"Sản phẩm {n:02d}" for n in range(25)]
    assert shown(second) == ["Sản phẩm 25", "Sản phẩm 26"]
    assert "?q=s%E1%BA%A3n+ph%E1%BA%A9m&amp;page=2" in first


def _select_tag(body, name):
    return re.search(rf'<select name="{name}"[^>]*>', body)[0]


def _options(body, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1]) if select else None


def test_certified_products_in_one_province_offer_its_districts_at_once(
    client, producer_record, other_producer_record, district, other_district
):
    issue(product_of(producer_record, "Gà đồi"))
    issue(product_of(other_producer_record, "Vải thiều"))
    f.DistrictFactory(parent=district.parent, name="Huyện không có sản phẩm")

    body = client.get(reverse("public:certified_products")).content.decode()

    assert _options(body, "province") is None
    assert _options(body, "district") == [
        ("", "Tất cả"),
        (str(other_district.pk), "Huyện Lục Ngạn"),
        (str(district.pk), "Huyện Yên Thế"),
    ]


def test_certified_products_group_choices_are_the_current_groups(client, certificate):
    f.ProductGroupFactory(framework_code="1048", code="I", name="Ngành thực phẩm")

    body = client.get(reverse("public:certified_products")).content.decode()

    group = certificate.product.product_set.group
    assert _options(body, "group") == [("", "Tất cả"), (str(group.pk), "I. Thực phẩm")]


@pytest.fixture
def second_province_certificate():
    lang_son = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    commune = f.CommuneFactory(parent=f.DistrictFactory(parent=lang_son, name="Huyện Hữu Lũng"))
    return issue(product_of(f.ProducerFactory(commune=commune, name="HTX Na Chi Lăng"), "Na Chi Lăng"), stars=4)


def test_certified_products_across_provinces_ask_for_a_province_first(client, certificate, second_province_certificate):
    url = reverse("public:certified_products")
    lang_son, bac_giang = second_province_certificate.province, certificate.province
    hữu_lũng, yên_thế = second_province_certificate.district, certificate.district

    everywhere = client.get(url).content.decode()
    in_lang_son = client.get(url, {"province": lang_son.pk}).content.decode()
    moved = client.get(url, {"province": lang_son.pk, "district": yên_thế.pk}).content.decode()
    in_hữu_lũng = client.get(url, {"province": lang_son.pk, "district": hữu_lũng.pk}).content.decode()
    in_bac_giang = client.get(url, {"province": bac_giang.pk}).content.decode()

    assert _options(everywhere, "province") == [
        ("", "Tất cả"),
        (str(bac_giang.pk), "Tỉnh Bắc Giang"),
        (str(lang_son.pk), "Tỉnh Lạng Sơn"),
    ]
    assert "data-autosubmit" in _select_tag(everywhere, "province")
    assert "disabled" in _select_tag(everywhere, "district")
    assert _options(everywhere, "district") == [("", "Tất cả")]
    assert "Chọn tỉnh/thành phố trước để lọc theo huyện." in everywhere
    assert ("Gà đồi Yên Thế" in everywhere, "Na Chi Lăng" in everywhere) == (True, True)
    assert _options(in_lang_son, "district") == [("", "Tất cả"), (str(hữu_lũng.pk), "Huyện Hữu Lũng")]
    assert ("Gà đồi Yên Thế" in in_lang_son, "Na Chi Lăng" in in_lang_son) == (False, True)
    # A district of the province chosen before is dropped, not an error that would drop every filter.
    assert ("Gà đồi Yên Thế" in moved, "Na Chi Lăng" in moved, "is-invalid" in moved) == (False, True, False)
    assert "Na Chi Lăng" in in_hữu_lũng
    assert ("Gà đồi Yên Thế" in in_bac_giang, "Na Chi Lăng" in in_bac_giang) == (True, False)


def test_certified_products_is_cacheable_for_anonymous_visitors(client, client_for, certificate, province_staff):
    anonymous = client.get(reverse("public:certified_products"))
    signed_in = client_for(province_staff).get(reverse("public:certified_products"))

    assert set(anonymous["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert "csrftoken" not in anonymous.cookies
    assert signed_in["Cache-Control"] == "private"


def test_certified_products_query_count_does_not_grow(client, producer_record, settings, django_assert_num_queries):
    settings.OCOP_VERIFY_CACHE_SECONDS = 0  # the view's own queries, not the page cache (test_verify_cache.py)
    url = reverse("public:certified_products")
    _issue_many(producer_record, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _issue_many(producer_record, 24, first=1)
    # Provinces, the province's districts, the groups, the count and the page.
    with django_assert_num_queries(5):
        body = client.get(url, {"q": "sản phẩm", "stars": 4}).content.decode()
    with CaptureQueriesContext(connection) as twenty_five:
        body = client.get(url).content.decode()

    assert len(re.findall(r'href="/verify/[\w-]+/"', body)) == 25
    assert len(twenty_five) == len(one) == 5


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


def test_revocation_list_query_count_does_not_grow(client, producer_record, province_staff, settings):
    settings.OCOP_VERIFY_CACHE_SECONDS = 0  # the view's own queries, not the page cache (test_verify_cache.py)
    url = reverse("public:revoked_certificates")
    _revoke(_issue_many(producer_record, 1), province_staff, number="1/QĐ-TH")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    issued = _issue_many(producer_record, 24, first=1)
    # the province revokes 3★/4★; a 5★ revocation is the Ministry's decision, recorded apart
    _revoke([c for c in issued if c.stars < 5], province_staff, number="2/QĐ-TH")
    _revoke([c for c in issued if c.stars == 5], province_staff, number="3/QĐ-TH")
    with CaptureQueriesContext(connection) as twenty_five:
        body = client.get(url).content.decode()

    assert len(re.findall(r'href="/verify/[\w-]+/"', body)) == 25
    assert len(twenty_five) == len(one)
