import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from products import services
from products.enums import AuditAction, ProducerKind, ProductStatus, ProposalState
from products.models import Producer, Product, ProductPhoto

from .factories import EditProposalFactory, image_bytes


def _producer_kwargs(commune, **overrides):
    values = {
        "kind": ProducerKind.COOPERATIVE,
        "name": "HTX Mật ong Đồng Tiến",
        "registration_number": "2401000777",
        "representative": "Lê Văn Nam",
        "commune": commune,
        "address": "Thôn Đồng Vương",
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
def test_producer_create_places_it_in_the_communes_district_and_logs_it(district_officer, commune, district, province):
    producer = services.producer_create(
        actor=district_officer, **_producer_kwargs(commune, registration_number=" 2401 000777 ", name="HTX  Mật ong ")
    )

    assert (producer.district, producer.province, producer.registration_number, producer.name) == (
        district,
        province,
        "2401000777",
        "HTX Mật ong",
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (
        district_officer,
        AuditAction.PRODUCER_CREATED,
        str(producer.pk),
    )
    assert entry.changes["registration_number"] == ["", "2401000777"]
    assert entry.changes["commune"] == ["", "Xã Đồng Tiến"]


@pytest.mark.django_db
def test_producer_create_duplicate_registration_names_the_existing_producer(province_staff, commune, other_commune):
    f.ProducerFactory(commune=commune, name="HTX Gà đồi Yên Thế", registration_number="2401000101")

    with pytest.raises(ValidationError) as raised:
        services.producer_create(
            actor=province_staff, **_producer_kwargs(other_commune, registration_number="2401000101")
        )

    assert raised.value.message_dict == {
        "registration_number": [
            "Số đăng ký kinh doanh 2401000101 đã được dùng cho chủ thể “HTX Gà đồi Yên Thế” (Huyện Yên Thế)."
        ]
    }
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_producer_create_same_registration_in_another_province_is_allowed(province_staff, commune):
    other_province = f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ")
    foreign_commune = f.CommuneFactory(parent=f.DistrictFactory(parent=other_province))
    f.ProducerFactory(commune=foreign_commune, registration_number="2401000101")

    producer = services.producer_create(
        actor=province_staff, **_producer_kwargs(commune, registration_number="2401000101")
    )

    assert Producer.objects.filter(registration_number="2401000101").count() == 2
    assert producer.province.code == "24"


@pytest.mark.django_db
def test_producer_create_by_officer_outside_their_district_is_refused(district_officer, other_commune):
    with pytest.raises(ValidationError) as raised:
        services.producer_create(actor=district_officer, **_producer_kwargs(other_commune))

    assert raised.value.message_dict == {"commune": ["Bạn chỉ được đăng ký và sửa hồ sơ thuộc địa bàn mình phụ trách."]}
    assert not Producer.objects.exists()


@pytest.mark.django_db
def test_producer_update_records_changed_fields_and_bumps_version(district_officer, producer_record):
    updated = services.producer_update(
        producer=producer_record,
        actor=district_officer,
        expected_version=1,
        data={"phone": "0912 000 111", "kind": ProducerKind.ENTERPRISE},
    )

    assert (updated.version, updated.phone, updated.kind) == (2, "0912 000 111", ProducerKind.ENTERPRISE)
    entry = AuditEntry.objects.get(action=AuditAction.PRODUCER_UPDATED)
    assert entry.changes == {"kind": ["cooperative", "enterprise"], "phone": ["", "0912 000 111"]}


@pytest.mark.django_db
def test_producer_update_with_identical_values_writes_nothing(district_officer, producer_record):
    updated = services.producer_update(
        producer=producer_record, actor=district_officer, expected_version=1, data={"name": producer_record.name}
    )

    assert updated.version == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_producer_update_with_stale_version_is_refused_and_keeps_the_other_save(
    district_officer, province_staff, producer_record
):
    services.producer_update(
        producer=producer_record, actor=province_staff, expected_version=1, data={"representative": "Người A"}
    )

    with pytest.raises(services.VersionConflict) as raised:
        services.producer_update(
            producer=producer_record, actor=district_officer, expected_version=1, data={"representative": "Người B"}
        )

    assert (raised.value.current.representative, raised.value.current.version) == ("Người A", 2)
    producer_record.refresh_from_db()
    assert producer_record.representative == "Người A"
    assert AuditEntry.objects.filter(action=AuditAction.PRODUCER_UPDATED).count() == 1


@pytest.mark.django_db
def test_producer_update_to_a_used_registration_number_is_refused(district_officer, producer_record, commune):
    f.ProducerFactory(commune=commune, name="HTX Rau Đồng Tiến", registration_number="2401000555")

    with pytest.raises(ValidationError) as raised:
        services.producer_update(
            producer=producer_record,
            actor=district_officer,
            expected_version=1,
            data={"registration_number": "2401000555"},
        )

    assert raised.value.messages == [
        "Số đăng ký kinh doanh 2401000555 đã được dùng cho chủ thể “HTX Rau Đồng Tiến” (Huyện Yên Thế)."
    ]


@pytest.mark.django_db
def test_producer_update_officer_cannot_move_producer_out_of_their_district(
    district_officer, producer_record, other_commune
):
    with pytest.raises(ValidationError) as raised:
        services.producer_update(
            producer=producer_record, actor=district_officer, expected_version=1, data={"commune": other_commune}
        )

    assert list(raised.value.message_dict) == ["commune"]
    producer_record.refresh_from_db()
    assert producer_record.commune.code == "07243"


@pytest.mark.django_db
def test_producer_update_staff_moving_commune_moves_district(province_staff, producer_record, other_commune):
    updated = services.producer_update(
        producer=producer_record, actor=province_staff, expected_version=1, data={"commune": other_commune}
    )

    assert (updated.commune, updated.district.name) == (other_commune, "Huyện Lục Ngạn")


@pytest.mark.django_db
def test_product_create_logs_and_denormalises(district_officer, producer_record, food_set, district):
    product = services.product_create(
        actor=district_officer,
        producer=producer_record,
        name=" Trứng gà  đồi ",
        product_set=food_set,
        commune=producer_record.commune,
    )

    assert (product.name, product.district, product.status) == ("Trứng gà đồi", district, ProductStatus.ACTIVE)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes["name"]) == (AuditAction.PRODUCT_CREATED, ["", "Trứng gà đồi"])


@pytest.mark.django_db
def test_product_create_same_name_for_same_producer_is_refused_case_insensitively(
    district_officer, product_record, food_set
):
    with pytest.raises(ValidationError) as raised:
        services.product_create(
            actor=district_officer,
            producer=product_record.producer,
            name="GÀ ĐỒI YÊN THẾ",
            product_set=food_set,
            commune=product_record.commune,
        )

    assert raised.value.message_dict == {"name": ["Chủ thể “HTX Gà đồi Yên Thế” đã có sản phẩm tên “GÀ ĐỒI YÊN THẾ”."]}
    assert Product.objects.count() == 1


@pytest.mark.django_db
def test_product_create_same_name_for_another_producer_is_allowed(
    province_staff, product_record, other_producer_record
):
    product = services.product_create(
        actor=province_staff,
        producer=other_producer_record,
        name=product_record.name,
        product_set=product_record.product_set,
        commune=other_producer_record.commune,
    )

    assert Product.objects.filter(name=product.name).count() == 2


@pytest.mark.django_db
def test_product_update_with_stale_version_is_refused(district_officer, product_record):
    services.product_update(
        product=product_record, actor=district_officer, expected_version=1, data={"status": ProductStatus.STOPPED}
    )

    with pytest.raises(services.VersionConflict) as raised:
        services.product_update(
            product=product_record, actor=district_officer, expected_version=1, data={"description": "Mới"}
        )

    assert (raised.value.current.status, raised.value.current.version) == (ProductStatus.STOPPED, 2)
    product_record.refresh_from_db()
    assert product_record.description == ""


@pytest.mark.django_db
def test_product_update_renaming_onto_a_sibling_is_refused(district_officer, product_record, food_set):
    sibling = f.ProductFactory(producer=product_record.producer, name="Trứng gà đồi", product_set=food_set)

    with pytest.raises(ValidationError) as raised:
        services.product_update(
            product=sibling, actor=district_officer, expected_version=1, data={"name": "gà đồi yên thế"}
        )

    assert raised.value.message_dict == {"name": ["Chủ thể “HTX Gà đồi Yên Thế” đã có sản phẩm tên “gà đồi yên thế”."]}


@pytest.mark.django_db
def test_product_photo_add_stores_a_valid_image_under_a_random_name(district_officer, product_record):
    upload = SimpleUploadedFile("../../etc/ảnh gốc.png", image_bytes("PNG"), content_type="image/png")

    photo = services.product_photo_add(
        product=product_record, actor=district_officer, image=upload, caption="Mặt trước"
    )

    directory, file_name = photo.image.name.rsplit("/", 1)
    assert directory == f"products/{product_record.pk}"
    assert file_name.endswith(".png") and len(file_name) == 36
    assert photo.image.storage.exists(photo.image.name)
    assert AuditEntry.objects.get().action == AuditAction.PHOTO_ADDED


@pytest.mark.django_db
def test_product_photo_add_refuses_a_file_that_is_not_an_image(district_officer, product_record):
    upload = SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")

    with pytest.raises(ValidationError) as raised:
        services.product_photo_add(product=product_record, actor=district_officer, image=upload)

    assert raised.value.messages == ["Tệp không phải là ảnh hợp lệ. Hãy chọn ảnh JPEG, PNG hoặc WEBP."]
    assert not ProductPhoto.objects.exists()


@pytest.mark.django_db
def test_product_photo_add_refuses_a_gif(district_officer, product_record):
    upload = SimpleUploadedFile("anh.gif", image_bytes("GIF"), content_type="image/gif")

    with pytest.raises(ValidationError):
        services.product_photo_add(product=product_record, actor=district_officer, image=upload)

    assert not ProductPhoto.objects.exists()


@pytest.mark.django_db
def test_product_photo_add_refuses_a_file_over_the_limit(district_officer, product_record, settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 2048
    upload = SimpleUploadedFile("anh.png", image_bytes("PNG", size=(400, 400)) + b"\0" * 4096)

    with pytest.raises(ValidationError) as raised:
        services.product_photo_add(product=product_record, actor=district_officer, image=upload)

    assert raised.value.messages == ["Tệp lớn hơn giới hạn cho phép (2 KB)."]


@pytest.mark.django_db
def test_edit_proposal_create_keeps_only_changed_fields_and_notifies_reviewers(
    producer, producer_record, district_officer, other_district_officer, province_staff
):
    proposal = services.edit_proposal_create(
        actor=producer,
        producer=producer_record,
        data={"name": producer_record.name, "phone": "0912 345 678"},
        note="Số mới",
    )

    assert proposal.changes == {"fields": {"phone": ["", "0912 345 678"]}, "base_version": 1, "note": "Số mới"}
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["officer", "staff"]
    producer_record.refresh_from_db()
    assert producer_record.phone == ""


@pytest.mark.django_db
def test_edit_proposal_create_without_changes_is_refused(producer, producer_record):
    with pytest.raises(ValidationError) as raised:
        services.edit_proposal_create(actor=producer, producer=producer_record, data={"name": producer_record.name})

    assert raised.value.messages == ["Đề nghị chưa thay đổi thông tin nào."]


@pytest.mark.django_db
def test_edit_proposal_accept_applies_the_change_and_tells_the_producer(district_officer, proposal, producer):
    services.edit_proposal_accept(proposal=proposal, actor=district_officer, expected_version=1, note="Đồng ý")

    proposal.refresh_from_db()
    proposal.producer.refresh_from_db()
    assert (proposal.state, proposal.reviewed_by, proposal.review_note) == (
        ProposalState.ACCEPTED,
        district_officer,
        "Đồng ý",
    )
    assert (proposal.producer.phone, proposal.producer.version) == ("0912 345 678", 2)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.PRODUCER_UPDATED,
        AuditAction.PROPOSAL_ACCEPTED,
    ]
    assert Notification.objects.get().recipient == producer


@pytest.mark.django_db
def test_edit_proposal_accept_with_stale_version_changes_nothing(district_officer, proposal):
    with pytest.raises(services.VersionConflict):
        services.edit_proposal_accept(proposal=proposal, actor=district_officer, expected_version=7)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_edit_proposal_of_a_product_applies_to_the_product(district_officer, producer, product_record):
    proposal = services.edit_proposal_create(
        actor=producer,
        producer=product_record.producer,
        product=product_record,
        data={"description": "Gà ri lai", "status": ProductStatus.STOPPED},
    )

    services.edit_proposal_accept(proposal=proposal, actor=district_officer, expected_version=1)

    product_record.refresh_from_db()
    assert (product_record.description, product_record.status) == ("Gà ri lai", ProductStatus.STOPPED)


@pytest.mark.django_db
def test_edit_proposal_reject_requires_a_reason_then_closes_it(district_officer, proposal):
    with pytest.raises(ValidationError) as raised:
        services.edit_proposal_reject(proposal=proposal, actor=district_officer, note="  ")
    assert raised.value.message_dict == {"note": ["Hãy ghi lý do không chấp nhận."]}

    services.edit_proposal_reject(proposal=proposal, actor=district_officer, note="Thiếu giấy tờ")

    proposal.refresh_from_db()
    assert (proposal.state, proposal.review_note) == (ProposalState.REJECTED, "Thiếu giấy tờ")
    assert proposal.producer.phone == ""


@pytest.mark.django_db
def test_edit_proposal_cannot_be_decided_twice(district_officer, province_staff, producer_record, producer):
    proposal = EditProposalFactory(producer=producer_record, proposed_by=producer)
    services.edit_proposal_reject(proposal=proposal, actor=district_officer, note="Không rõ")

    with pytest.raises(ValidationError) as raised:
        services.edit_proposal_accept(proposal=proposal, actor=province_staff, expected_version=1)

    assert raised.value.messages == ["Đề nghị này đã được xem xét."]
