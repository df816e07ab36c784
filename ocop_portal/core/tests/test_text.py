"""Links in text the public sends to staff are never clickable (issue 18, Also)."""

import pytest

from ocop_portal.core.text import defang_links


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bấm https://evil.example.com/login?x=1 ngay", "Bấm hxxps[://]evil[.]example[.]com/login?x=1 ngay"),
        ("xem www.shop.vn", "xem www[.]shop[.]vn"),
        ("shop-gia.com.vn/sp", "shop-gia[.]com[.]vn/sp"),
        ("FTP://a.b.cc", "fxp[://]a[.]b[.]cc"),
        ("Giá 1.234.567 đ, bán tại chợ.", "Giá 1.234.567 đ, bán tại chợ."),
        ("Nhãn giả", "Nhãn giả"),
    ],
)
def test_links_are_defanged(text, shown):
    assert defang_links(text) == shown


@pytest.mark.django_db
def test_a_misuse_report_mails_staff_no_clickable_link(province_staff, producer_record):
    from django.core import mail

    from api.tests.factories import make_certificate
    from evaluation.services.certificates import misuse_report_create
    from ocop_portal.core.services import notifications_send_emails
    from ocop_portal.testing import factories as f

    province_staff.email = "so@bacgiang.gov.vn"
    province_staff.save()
    certificate = make_certificate(f.ProductFactory(producer=producer_record), stars=3)
    misuse_report_create(certificate=certificate, message="Hàng giả bán ở https://shop-gia.example.com/ocop")
    notifications_send_emails()
    [message] = mail.outbox
    assert "https://" not in message.body and "shop-gia.example.com" not in message.body
    assert "hxxps[://]shop-gia[.]example[.]com/ocop" in message.body
