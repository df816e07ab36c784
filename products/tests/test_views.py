"""Pages doing their job: forms, conflicts, lists, proposals (the persona matrix is elsewhere)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from products import services
from products.enums import ProducerKind, ProposalState
from products.models import Producer, Product


def _producer_form(commune, **overrides):
    data = {
        "kind": ProducerKind.HOUSEHOLD,
        "name": "Hộ kinh doanh Mật ong Đồng Tiến",
        "registration_number": "24H8009999",
        "representative": "Lý Văn Sơn",
        "commune": commune.pk,
        "address": "Thôn Đình",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_officer_registers_a_producer_in_their_district(district_officer, commune, district, client_for):
    response = client_for(district_officer).post(reverse("products:producer_create"), _producer_form(commune))

    producer = Producer.objects.get()
    assert response.url == reverse("products:producer_detail", args=[producer.pk])
    assert (producer.name, producer.district, producer.kind) == (
        "Hộ kinh doanh Mật ong Đồng Tiến",
        district,
        ProducerKind.HOUSEHOLD,
    )


@pytest.mark.django_db
def test_officer_form_offers_only_communes_of_their_district(district_officer, commune, other_commune, client_for):
    client = client_for(district_officer)

    page = client.get(reverse("products:producer_create"))
    response = client.post(reverse("products:producer_create"), _producer_form(other_commune))

    assert list(page.context["form"].fields["commune"].queryset) == [commune]
    assert list(response.context["form"].errors) == ["commune"]
    assert not Producer.objects.exists()


@pytest.mark.django_db
def test_duplicate_registration_error_shows_next_to_the_field(province_staff, producer_record, commune, client_for):
    data = _producer_form(commune, registration_number=producer_record.registration_number)

    response = client_for(province_staff).post(reverse("products:producer_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "registration_number": [
            f"Số đăng ký kinh doanh {producer_record.registration_number} đã được dùng cho chủ thể "
            "“HTX Gà đồi Yên Thế” (Huyện Yên Thế)."
        ]
    }
    assert "is-invalid" in response.content.decode()


@pytest.mark.django_db
def test_form_marks_required_fields(province_staff, commune, client_for):
    response = client_for(province_staff).get(reverse("products:producer_create"))

    form = response.context["form"]
    assert [name for name, field in form.fields.items() if field.required] == [
        "kind",
        "name",
        "registration_number",
        "representative",
        "commune",
        "address",
    ]
    assert response.content.decode().count('class="asteriskField"') == 6


@pytest.mark.django_db
def test_stale_save_shows_the_conflict_page_and_keeps_the_other_save(
    district_officer, province_staff, producer_record, client_for
):
    client = client_for(district_officer)
    loaded = client.get(reverse("products:producer_update", args=[producer_record.pk])).context["form"].initial
    services.producer_update(
        producer=producer_record, actor=province_staff, expected_version=1, data={"representative": "Đinh Thị Mai"}
    )
    data = {**loaded, "representative": "Hà Văn Tú", "tax_code": "", "phone": "", "email": ""}

    response = client.post(reverse("products:producer_update", args=[producer_record.pk]), data)

    assert response.status_code == 409
    differing = [(row["label"], row["mine"], row["theirs"]) for row in response.context["rows"] if row["differs"]]
    assert differing == [("Người đại diện", "Hà Văn Tú", "Đinh Thị Mai")]
    assert response.context["last_change"].actor == province_staff
    producer_record.refresh_from_db()
    assert (producer_record.representative, producer_record.version) == ("Đinh Thị Mai", 2)


@pytest.mark.django_db
def test_product_create_defaults_the_commune_to_the_producers(district_officer, producer_record, food_set, client_for):
    data = {"producer": producer_record.pk, "name": "Trứng gà đồi", "product_set": food_set.pk, "status": "active"}

    response = client_for(district_officer).post(reverse("products:product_create"), data)

    product = Product.objects.get()
    assert response.url == reverse("products:product_detail", args=[product.pk])
    assert (product.commune, product.district) == (producer_record.commune, producer_record.district)


@pytest.mark.django_db
def test_product_create_offers_only_producers_in_scope(
    district_officer, producer_record, other_producer_record, client_for
):
    response = client_for(district_officer).get(reverse("products:product_create"))

    assert list(response.context["form"].fields["producer"].queryset) == [producer_record]


@pytest.mark.django_db
def test_product_update_duplicate_name_error(district_officer, product_record, food_set, client_for):
    sibling = f.ProductFactory(producer=product_record.producer, name="Trứng gà đồi", product_set=food_set)
    data = {
        "version": 1,
        "name": "gà đồi yên thế",
        "product_set": food_set.pk,
        "commune": sibling.commune_id,
        "status": "active",
    }

    response = client_for(district_officer).post(reverse("products:product_update", args=[sibling.pk]), data)

    assert response.context["form"].errors == {
        "name": ["Chủ thể “HTX Gà đồi Yên Thế” đã có sản phẩm tên “gà đồi yên thế”."]
    }


@pytest.mark.django_db
def test_photo_upload_rejects_a_fake_image(district_officer, product_record, client_for):
    fake = SimpleUploadedFile("anh.png", b"not an image", content_type="image/png")

    response = client_for(district_officer).post(
        reverse("products:product_photo_add", args=[product_record.pk]), {"image": fake}
    )

    assert response.context["form"].errors == {
        "image": ["Tệp không phải là ảnh hợp lệ. Hãy chọn ảnh JPEG, PNG hoặc WEBP."]
    }


@pytest.mark.django_db
def test_producer_detail_shows_audit_trail_and_pending_proposals(
    district_officer, producer, product_record, proposal, client_for
):
    services.product_update(
        product=product_record, actor=district_officer, expected_version=1, data={"description": "Gà thả vườn"}
    )

    response = client_for(district_officer).get(reverse("products:producer_detail", args=[product_record.producer_id]))

    rows = response.context["audit_rows"]
    assert [(row["action"], row["entry"].actor) for row in rows] == [("Sửa thông tin sản phẩm", district_officer)]
    assert rows[0]["changes"] == [{"label": "Mô tả", "old": "—", "new": "Gà thả vườn"}]
    assert list(response.context["proposals"]) == [proposal]
    assert list(response.context["products"]) == [product_record]


@pytest.mark.django_db
def test_product_detail_audit_trail_labels_choice_values(district_officer, product_record, client_for):
    services.product_update(
        product=product_record, actor=district_officer, expected_version=1, data={"status": "stopped"}
    )

    response = client_for(district_officer).get(reverse("products:product_detail", args=[product_record.pk]))

    assert response.context["audit_rows"][0]["changes"] == [
        {"label": "Trạng thái", "old": "Đang sản xuất", "new": "Ngừng sản xuất"}
    ]


@pytest.mark.django_db
def test_the_product_page_offers_a_labelled_photo_upload_only_to_editors(
    district_officer, producer, product_record, client_for
):
    url = reverse("products:product_detail", args=[product_record.pk])
    page = client_for(district_officer).get(url).content.decode()

    assert '<label for="id_image" class="form-label">Ảnh<span class="asteriskField">*</span></label>' in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page and 'aria-describedby="id_image_helptext"' in page
    assert '<label for="id_caption" class="form-label">Chú thích</label>' in page
    producer_page = client_for(producer).get(url)  # the producer proposes changes instead
    assert producer_page.status_code == 200 and 'id="id_image"' not in producer_page.content.decode()


@pytest.mark.django_db
def test_accepting_a_proposal_through_the_page_updates_the_producer(district_officer, proposal, client_for):
    client = client_for(district_officer)
    page = client.get(reverse("products:proposal_review", args=[proposal.pk]))
    assert page.context["rows"] == [
        {"label": "Điện thoại", "when_proposed": "—", "now": "—", "proposed": "0912 345 678"}
    ]

    response = client.post(
        reverse("products:proposal_decide", args=[proposal.pk]), {"decision": "accept", "version": 1, "note": ""}
    )

    assert response.url == reverse("products:proposal_review", args=[proposal.pk])
    proposal.refresh_from_db()
    proposal.producer.refresh_from_db()
    assert (proposal.state, proposal.producer.phone) == (ProposalState.ACCEPTED, "0912 345 678")


@pytest.mark.django_db
def test_rejecting_without_a_reason_keeps_the_proposal_pending(district_officer, proposal, client_for):
    response = client_for(district_officer).post(
        reverse("products:proposal_decide", args=[proposal.pk]), {"decision": "reject", "version": 1, "note": ""}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"note": ["Hãy ghi lý do không chấp nhận."]}
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


@pytest.mark.django_db
def test_producer_proposes_an_edit_that_changes_nothing_until_accepted(producer, producer_record, client_for):
    data = {
        "name": producer_record.name,
        "representative": "Chủ mới",
        "address": producer_record.address,
        "note": "Đổi người đại diện",
    }

    response = client_for(producer).post(reverse("products:producer_propose", args=[producer_record.pk]), data)

    assert response.url == reverse("products:producer_detail", args=[producer_record.pk])
    proposal = producer_record.edit_proposals.get()
    assert proposal.changes["fields"] == {"representative": ["Trần Thị Hoa", "Chủ mới"]}
    producer_record.refresh_from_db()
    assert producer_record.representative == "Trần Thị Hoa"
    assert AuditEntry.objects.get().action == "proposal.created"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["HTX Gà đồi Yên Thế", "HTX Vải thiều Lục Ngạn"]),
        ({"q": "vải"}, ["HTX Vải thiều Lục Ngạn"]),
        ({"kind": "enterprise"}, []),
        ({"district": "other"}, ["HTX Vải thiều Lục Ngạn"]),
    ],
)
def test_producer_list_search_and_filters(
    province_staff, producer_record, other_producer_record, client_for, query, expected
):
    if query.get("district") == "other":
        query = {"district": other_producer_record.district_id}

    response = client_for(province_staff).get(reverse("products:producer_list"), query)

    assert [p.name for p in response.context["page_obj"]] == expected


@pytest.mark.django_db
def test_producer_list_searches_registration_number_ignoring_spaces(province_staff, producer_record, client_for):
    number = producer_record.registration_number
    response = client_for(province_staff).get(reverse("products:producer_list"), {"q": f"{number[:4]} {number[4:]}"})

    assert [p.name for p in response.context["page_obj"]] == ["HTX Gà đồi Yên Thế"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("province_staff", ["Gà đồi Yên Thế", "Vải thiều Lục Ngạn"]),
        ("district_officer", ["Gà đồi Yên Thế"]),
        ("other_district_officer", ["Vải thiều Lục Ngạn"]),
        ("producer", ["Gà đồi Yên Thế"]),
        ("other_producer", ["Vải thiều Lục Ngạn"]),
        ("plain_user", []),
    ],
)
def test_product_list_shows_only_the_personas_scope(
    persona_name, expected, persona, client_for, product_record, other_product_record
):
    response = client_for(persona(persona_name)).get(reverse("products:product_list"))

    assert [p.name for p in response.context["page_obj"]] == expected


@pytest.mark.django_db
def test_product_list_filters_by_group_status_and_producer_kind(province_staff, product_record, client_for):
    f.ProductFactory(
        name="Rượu làng Vân",
        product_set=f.ProductSetFactory(code="14", name="Rượu", group=f.ProductGroupFactory(code="II", name="Đồ uống")),
        status="stopped",
    )
    client = client_for(province_staff)
    url = reverse("products:product_list")
    drinks = f.ProductGroupFactory(code="II")

    assert [p.name for p in client.get(url, {"group": drinks.pk}).context["page_obj"]] == ["Rượu làng Vân"]
    assert [p.name for p in client.get(url, {"status": "active"}).context["page_obj"]] == ["Gà đồi Yên Thế"]
    assert [p.name for p in client.get(url, {"kind": "enterprise"}).context["page_obj"]] == []


@pytest.mark.django_db
def test_product_list_paginates_by_25_in_a_stable_order(province_staff, food_set, commune, client_for):
    for _ in range(27):
        f.ProductFactory(producer=f.ProducerFactory(commune=commune), name="Chè", product_set=food_set)
    client = client_for(province_staff)

    first = client.get(reverse("products:product_list"))
    second = client.get(reverse("products:product_list"), {"page": 2})

    first_ids = [p.pk for p in first.context["page_obj"]]
    second_ids = [p.pk for p in second.context["page_obj"]]
    assert (len(first_ids), len(second_ids)) == (25, 2)
    assert first_ids + second_ids == sorted(first_ids + second_ids)
