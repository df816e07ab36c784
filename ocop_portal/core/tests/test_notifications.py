import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from ocop_portal.core.enums import EmailFrequency
from ocop_portal.core.models import Notification
from ocop_portal.core.services import notifications_send_digests, notifications_send_emails, notify


@pytest.mark.django_db(transaction=True)
def test_notify_creates_a_notice_and_mails_each_recipient_after_commit(district_officer, plain_user):
    notify(recipients=[district_officer, plain_user], subject="Hồ sơ đã nộp", body="Mời kiểm tra", url="/x/")
    assert Notification.objects.filter(subject="Hồ sơ đã nộp").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([district_officer.email, plain_user.email])


@pytest.mark.django_db
def test_notification_list_shows_only_mine_with_unread_marks(client, district_officer, other_district_officer):
    notify(recipients=[district_officer], subject="Của tôi")
    notify(recipients=[other_district_officer], subject="Của người khác")
    client.force_login(district_officer)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Của tôi" in page
    assert "Của người khác" not in page
    assert "Mới" in page


@pytest.mark.django_db
def test_reading_someone_elses_notification_is_404(client, district_officer, other_district_officer):
    [note] = notify(recipients=[other_district_officer], subject="Riêng")
    client.force_login(district_officer)
    assert client.post(reverse("core:notification_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.django_db
def test_reading_marks_read_and_follows_a_local_link_only(client, district_officer):
    [local] = notify(recipients=[district_officer], subject="A", url="/accounts/profile/")
    [external] = notify(recipients=[district_officer], subject="B", url="https://evil.example/")
    client.force_login(district_officer)
    assert client.post(reverse("core:notification_read", args=[local.pk]))["Location"] == "/accounts/profile/"
    assert client.post(reverse("core:notification_read", args=[external.pk]))["Location"] == reverse(
        "core:notifications"
    )
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


# --- E-mail preference: one mail per notice, a daily digest (the default), or none -------------


def test_a_new_account_takes_the_daily_digest_by_default(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="moi", email="moi@example.vn", password="x")
    assert user.notification_email == EmailFrequency.DAILY


@pytest.mark.django_db(transaction=True)
def test_digest_readers_get_no_mail_per_notice_and_one_digest_listing_them_in_order(district_officer, plain_user):
    set_frequency(district_officer, EmailFrequency.DAILY)
    notify(recipients=[district_officer, plain_user], subject="Hồ sơ đã nộp", body="Gà đồi Yên Thế", url="/d/1/")
    notify(recipients=[district_officer], subject="Đợt 2 đã mở", url="/r/2/")
    # plain_user reads each notice as it comes; the officer's two wait for the digest.
    assert [m.to for m in mail.outbox] == [[plain_user.email]]
    mail.outbox.clear()

    assert notifications_send_digests() == 1
    [digest] = mail.outbox
    assert (digest.to, digest.subject) == ([district_officer.email], "Cổng OCOP: 2 thông báo mới")
    assert digest.body.index("Hồ sơ đã nộp") < digest.body.index("Gà đồi Yên Thế") < digest.body.index("Đợt 2 đã mở")
    assert "/d/1/" in digest.body and "/r/2/" in digest.body
    assert not Notification.objects.filter(email_pending=True).exists()
    # Sent once: a second run, and the per-notice outbox flush, send nothing more.
    assert (notifications_send_digests(), notifications_send_emails(), len(mail.outbox)) == (0, 0, 1)


@pytest.mark.django_db
def test_the_outbox_flush_leaves_digest_copies_to_the_digest(district_officer):
    set_frequency(district_officer, EmailFrequency.DAILY)
    [note] = notify(recipients=[district_officer], subject="Chờ thư tổng hợp")
    assert notifications_send_emails() == 0
    note.refresh_from_db()
    assert (note.email_pending, mail.outbox) == (True, [])


@pytest.mark.django_db
def test_a_failed_digest_keeps_the_notices_owed_for_the_next_run(district_officer, monkeypatch):
    set_frequency(district_officer, EmailFrequency.DAILY)
    notify(recipients=[district_officer], subject="A")
    notify(recipients=[district_officer], subject="B")

    def smtp_down(*args, **kwargs):
        raise OSError("SMTP unreachable")

    monkeypatch.setattr("ocop_portal.core.services.send_mail", smtp_down)
    with pytest.raises(OSError):
        notifications_send_digests()
    assert Notification.objects.filter(email_pending=True).count() == 2
    monkeypatch.undo()
    assert notifications_send_digests() == 1
    assert "A" in mail.outbox[0].body and "B" in mail.outbox[0].body


@pytest.mark.django_db
def test_no_mail_means_no_copy_is_owed(district_officer):
    set_frequency(district_officer, EmailFrequency.NONE)
    [note] = notify(recipients=[district_officer], subject="Chỉ trong cổng")
    assert note.email_pending is False
    assert (notifications_send_digests(), notifications_send_emails(), mail.outbox) == (0, 0, [])


@pytest.mark.django_db
def test_choosing_the_preference_on_the_profile_page(client, district_officer):
    set_frequency(district_officer, EmailFrequency.DAILY)
    notify(recipients=[district_officer], subject="Còn nợ thư")
    client.force_login(district_officer)
    url = reverse("accounts:notification_email")

    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Một thư tổng hợp mỗi ngày" in page and 'value="daily"' in page

    bad = client.post(url, {"notification_email": "hourly"})
    district_officer.refresh_from_db()
    assert (bad.status_code, district_officer.notification_email) == (400, EmailFrequency.DAILY)
    assert "Hãy chọn một lựa chọn hợp lệ. hourly không phải là một trong các lựa chọn khả thi." in bad.content.decode()

    assert client.get(url).status_code == 405
    response = client.post(url, {"notification_email": "none"})
    assert (response.status_code, response["Location"]) == (302, reverse("accounts:profile"))
    district_officer.refresh_from_db()
    assert district_officer.notification_email == EmailFrequency.NONE
    # Choosing no mail drops the copy still owed, so no digest goes out later.
    assert not Notification.objects.filter(email_pending=True).exists()


def test_the_profile_preference_needs_sign_in(client, db):
    response = client.post(reverse("accounts:notification_email"), {"notification_email": "none"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- Reading many notices: mark all read, grouped by day and subject --------------------------


@pytest.mark.django_db
def test_mark_all_read_marks_only_mine(client, district_officer, other_district_officer):
    notify(recipients=[district_officer], subject="Một")
    notify(recipients=[district_officer], subject="Hai")
    [theirs] = notify(recipients=[other_district_officer], subject="Của người khác")
    client.force_login(district_officer)
    url = reverse("core:notification_read_all")

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not district_officer.notifications.filter(read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # Nothing unread: the button is gone.
    assert "Đánh dấu tất cả đã đọc" not in client.get(reverse("core:notifications")).content.decode()


@pytest.mark.django_db
def test_notices_are_grouped_by_day_then_subject(client, district_officer):
    now = timezone.now()
    with freeze_time(now - datetime.timedelta(days=1)):
        notify(recipients=[district_officer], subject="Hồ sơ mới nộp")
    with freeze_time(now):
        for _ in range(3):
            notify(recipients=[district_officer], subject="Hồ sơ mới nộp")
        notify(recipients=[district_officer], subject="Đợt 2 đã mở")
    client.force_login(district_officer)

    response = client.get(reverse("core:notifications"))
    days = response.context["days"]
    assert [[(g.subject, len(g.notes), g.unread) for g in day.groups] for day in days] == [
        [("Đợt 2 đã mở", 1, 1), ("Hồ sơ mới nộp", 3, 3)],
        [("Hồ sơ mới nộp", 1, 1)],
    ]
    page = response.content.decode()
    assert page.index("Hôm nay") < page.index("Hôm qua")
    assert "Đánh dấu tất cả đã đọc (5)" in page


@pytest.mark.django_db
def test_notification_page_queries_do_not_grow_with_notices(client, district_officer):
    client.force_login(district_officer)
    notify(recipients=[district_officer], subject="Một")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:notifications"))
    for n in range(40):
        notify(recipients=[district_officer], subject=f"Thông báo {n % 7}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("core:notifications"))
    assert len(many) == len(few)


def set_frequency(user, frequency):
    user.notification_email = frequency
    user.save(update_fields=["notification_email"])
