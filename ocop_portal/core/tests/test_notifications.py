import pytest
from django.core import mail
from django.urls import reverse

from ocop_portal.core.models import Notification
from ocop_portal.core.services import notify


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
