"""Public misuse reports and the product's standing (docs/mutation.md). A report is stored as the
visitor wrote it and reaches the active staff of the certificate's province — and of the province
it was carried into — with the number in the subject and no clickable link; a refused report
stores and sends nothing; marking it handled is audited once. The standing on the product
follows every certificate save that may move it, only the products named when a list is given,
and a certificate loaded from a fixture or deleted."""

import datetime

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.models import Certificate, MisuseReport
from evaluation.services.certificates import misuse_report_create, misuse_report_mark_handled
from evaluation.services.certificates.standing import products_standing_refresh
from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from products.models import Product

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 7, 10)


@pytest.fixture
def certificate(producer_record):
    with freeze_time("2026-07-15 03:00"):
        return issue(product_of(producer_record, "Gà đồi Yên Thế"), stars=4, on=ON)


# Misuse reports ---------------------------------------------------------------------------------


def test_a_report_is_stored_as_written_with_the_certificates_code(certificate):
    report = misuse_report_create(
        certificate=certificate,
        message="Nhãn OCOP 4 sao dán trên gà không rõ nguồn gốc",
        where_seen="Chợ Bố Hạ, sạp số 12",
        reporter_name="Nguyễn Thị Lan",
        reporter_contact="0912 000 111",
    )

    stored = MisuseReport.objects.get()
    assert stored == report
    assert (
        stored.certificate,
        stored.code,
        stored.message,
        stored.where_seen,
        stored.reporter_name,
        stored.reporter_contact,
        stored.handled,
    ) == (
        certificate,
        certificate.public_code,
        "Nhãn OCOP 4 sao dán trên gà không rõ nguồn gốc",
        "Chợ Bố Hạ, sạp số 12",
        "Nguyễn Thị Lan",
        "0912 000 111",
        False,
    )


def test_the_active_staff_of_the_province_are_told_with_the_number_and_no_live_link(
    certificate, province, province_staff, district_officer
):
    away = f.UserFactory(username="nghi-viec", staff_province=province, is_active=False)
    elsewhere = f.UserFactory(username="staff-bn", staff_province=f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh"))
    message = "Xem tại https://shop.example.vn/ga-ocop " + "x" * 600

    misuse_report_create(certificate=certificate, message=message)

    notes = list(Notification.objects.all())
    assert [note.recipient for note in notes] == [province_staff]
    note = notes[0]
    assert note.subject == f"Phản ánh sử dụng sai nhãn OCOP: {certificate.number}"
    assert note.url == reverse("evaluation:misuse_report_list")
    assert "https://shop.example.vn" not in note.body
    assert "shop[.]example[.]vn" in note.body or "example[.]vn" in note.body
    assert note.body.endswith("x" * 10) and len(note.body) < 520  # the first 500 characters only
    assert not Notification.objects.filter(recipient__in=[away, elsewhere, district_officer]).exists()


def test_a_report_on_a_carried_provinces_certificate_reaches_the_province_it_joined(province, province_staff):
    merged = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn cũ", carried_into=province)
    old_staff = f.UserFactory(username="so-cu", staff_province=merged)
    commune = f.CommuneFactory(parent=f.DistrictFactory(parent=merged, code="178"), code="06007")
    with freeze_time("2025-01-10 03:00"):
        old = issue(product_of(f.ProducerFactory(commune=commune, name="HTX Hồi Cao Lộc"), "Hoa hồi"), on=ON)

    misuse_report_create(certificate=old, message="Hoa hồi giả nhãn OCOP")

    assert {note.recipient for note in Notification.objects.all()} == {province_staff, old_staff}


def test_a_refused_report_stores_and_sends_nothing(certificate, province_staff):
    with pytest.raises(ValidationError) as refused:
        misuse_report_create(certificate=certificate, message="")
    assert "message" in refused.value.message_dict
    with pytest.raises(ValidationError):
        misuse_report_create(certificate=certificate, message="Nhãn giả", where_seen="x" * 256)

    assert (MisuseReport.objects.count(), Notification.objects.count()) == (0, 0)


def test_marking_a_report_handled_is_audited_once(certificate, province_staff):
    report = misuse_report_create(certificate=certificate, message="Nhãn giả")

    assert misuse_report_mark_handled(report=report, by=province_staff) is report
    assert MisuseReport.objects.get().handled is True
    entry = AuditEntry.objects.get(action="certificate.misuse_report_handled")
    assert (entry.actor, entry.object_id, entry.changes) == (
        province_staff,
        str(report.pk),
        {"handled": ["False", "True"]},
    )

    misuse_report_mark_handled(report=MisuseReport.objects.get(), by=province_staff)
    assert AuditEntry.objects.filter(action="certificate.misuse_report_handled").count() == 1


def test_marking_handled_keeps_what_another_user_changed_meanwhile(certificate, province_staff):
    """The list page's report is read before a colleague links it to an inspection: marking it
    handled afterwards must not undo the link."""
    from evaluation.models import Inspection

    report = misuse_report_create(certificate=certificate, message="Nhãn giả")
    inspection = Inspection.objects.create(
        certificate=certificate,
        province=certificate.province,
        kind="ad_hoc",
        planned_on=datetime.date(2026, 9, 1),
        lead="Văn phòng Điều phối OCOP tỉnh",
        created_by=province_staff,
    )
    MisuseReport.objects.filter(pk=report.pk).update(inspection=inspection)

    misuse_report_mark_handled(report=report, by=province_staff)
    assert (MisuseReport.objects.get().inspection, MisuseReport.objects.get().handled) == (inspection, True)


# The product's standing -------------------------------------------------------------------------


def standing(product):
    return tuple(Product.objects.filter(pk=product.pk).values_list("current_stars", "certificate_status").get())


def test_a_refresh_for_some_products_writes_those_only(certificate, producer_record):
    other = product_of(producer_record, "Trứng gà Yên Thế")
    with freeze_time("2026-07-15 03:00"):
        issue(other, stars=3, on=ON)
    Product.objects.update(current_stars=5, certificate_status=S.EXTENDED)  # stale

    assert products_standing_refresh([certificate.product_id]) == 1
    assert (standing(certificate.product), standing(other)) == ((4, S.VALID), (5, S.EXTENDED))
    assert products_standing_refresh(iter([other.pk])) == 1  # any iterable of ids
    assert standing(other) == (3, S.VALID)
    assert products_standing_refresh([]) == 0


def test_a_product_without_a_certificate_in_force_has_no_stars_and_an_empty_status(certificate):
    Product.objects.update(current_stars=4, certificate_status=S.VALID)
    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXPIRED)

    products_standing_refresh()
    assert standing(certificate.product) == (None, "")


def test_a_save_naming_a_standing_field_rewrites_the_standing(certificate):
    certificate.stars = 5
    certificate.save(update_fields=["issuing_authority", "stars"])
    assert standing(certificate.product) == (5, S.VALID)

    certificate.status = S.EXPIRING
    certificate.save()  # every field
    assert standing(certificate.product) == (5, S.EXPIRING)

    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXPIRED)  # no signal
    certificate.issuing_authority = "UBND huyện Yên Thế"
    certificate.save(update_fields=["issuing_authority"])
    assert standing(certificate.product) == (5, S.EXPIRING)


def test_saving_a_certificate_rewrites_its_products_standing_only(certificate, producer_record):
    other = product_of(producer_record, "Trứng gà Yên Thế")
    Product.objects.filter(pk=other.pk).update(current_stars=3, certificate_status=S.VALID)  # left to its own writer
    certificate.stars = 5
    certificate.save(update_fields=["stars"])

    assert standing(certificate.product) == (5, S.VALID)
    assert standing(other) == (3, S.VALID)


def test_a_certificate_moved_to_another_product_moves_the_standing(certificate, producer_record):
    other = product_of(producer_record, "Trứng gà Yên Thế")
    old_product = certificate.product
    certificate.product = other
    certificate.save(update_fields=["product"])

    assert standing(other) == (4, S.VALID)
    products_standing_refresh([old_product.pk])
    assert standing(old_product) == (None, "")


def test_a_certificate_loaded_from_a_fixture_leaves_the_standing_to_the_fixture(certificate):
    dump = serializers.serialize("json", [certificate])
    Product.objects.filter(pk=certificate.product_id).update(current_stars=3, certificate_status=S.EXPIRING)

    for loaded in serializers.deserialize("json", dump):
        loaded.save()  # a raw save, as loaddata makes it

    assert standing(certificate.product) == (3, S.EXPIRING)


def test_deleting_a_certificate_clears_its_products_standing_only(certificate, producer_record):
    other = product_of(producer_record, "Trứng gà Yên Thế")
    Product.objects.filter(pk=other.pk).update(current_stars=3, certificate_status=S.VALID)  # left to its own writer
    certificate.events.all().delete()
    certificate.delete()

    assert standing(certificate.product) == (None, "")
    assert standing(other) == (3, S.VALID)


def test_saving_another_model_does_not_touch_any_standing(certificate, producer_record):
    Product.objects.filter(pk=certificate.product_id).update(current_stars=2, certificate_status=S.EXPIRING)
    producer_record.phone = "0204 3855 000"
    producer_record.save()
    certificate.decision.signer = "Trần Văn Ký"
    certificate.decision.save()

    assert standing(certificate.product) == (2, S.EXPIRING)


def test_wiring_the_receivers_again_adds_no_second_one(certificate, producer_record, django_assert_num_queries):
    """EvaluationConfig.ready may run again (the autoreloader, a test runner): the standing is
    still written once per certificate save or deletion, and only for certificates."""
    from evaluation.services.certificates import standing as standing_module

    standing_module.connect()

    certificate.stars = 5
    with django_assert_num_queries(2):  # the save, then one refresh
        certificate.save(update_fields=["stars"])
    assert standing(certificate.product) == (5, S.VALID)
    producer_record.phone = "0204 3855 000"
    with django_assert_num_queries(1):
        producer_record.save(update_fields=["phone"])
    certificate.events.all().delete()
    with django_assert_num_queries(1):
        fresh = Certificate.objects.get(pk=certificate.pk)
    with django_assert_num_queries(8):  # the rows referring to it, the row, then one refresh
        fresh.delete()
    assert standing(certificate.product) == (None, "")


def test_a_report_with_the_message_only_stores_empty_fields(certificate):
    misuse_report_create(certificate=certificate, message="Nhãn giả")

    stored = MisuseReport.objects.get()
    assert (stored.where_seen, stored.reporter_name, stored.reporter_contact) == ("", "", "")


@pytest.mark.parametrize("length, told", [(499, 499), (500, 500), (501, 500), (502, 500)])
def test_the_notification_carries_the_first_500_characters_of_the_message(certificate, province_staff, length, told):
    message = "".join(chr(ord("a") + i % 26) for i in range(length))

    misuse_report_create(certificate=certificate, message=message)

    assert Notification.objects.get().body == message[:told]
    assert MisuseReport.objects.get().message == message  # the report itself keeps it all
