"""Every registry view × every persona: the status (or redirect) each one gets, and no leaks.

The objects belong to Huyện Yên Thế and its producer; "other" personas are bound to Huyện Lục
Ngạn and its producer, whose records exist too, so a leak would have something to show.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from products import services
from products.enums import ProposalState
from products.models import EditProposal, Producer, ProductPhoto

from .factories import image_bytes, register_row, xlsx_bytes

PERSONAS = [
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "superuser",
    "anonymous",
]
LOGIN = "login"


def _table(**statuses):
    missing = set(PERSONAS) - set(statuses)
    assert not missing, missing
    return statuses


EVERYONE = _table(
    province_staff=200,
    district_officer=200,
    other_district_officer=200,
    producer=200,
    other_producer=200,
    plain_user=200,
    superuser=200,
    anonymous=LOGIN,
)
SEES_OBJECT = _table(
    province_staff=200,
    district_officer=200,
    other_district_officer=404,
    producer=200,
    other_producer=404,
    plain_user=404,
    superuser=200,
    anonymous=LOGIN,
)
EDITS_OBJECT = {**SEES_OBJECT, "producer": 403}
PROPOSES = {**SEES_OBJECT, "province_staff": 403, "district_officer": 403, "superuser": 403}
CREATES = _table(
    province_staff=200,
    district_officer=200,
    other_district_officer=200,
    producer=403,
    other_producer=403,
    plain_user=403,
    superuser=200,
    anonymous=LOGIN,
)
IMPORTS = _table(
    province_staff=200,
    district_officer=403,
    other_district_officer=403,
    producer=403,
    other_producer=403,
    plain_user=403,
    superuser=403,
    anonymous=LOGIN,
)

# (url name, which object's pk it takes, expectations, template rendered on 200)
GET_VIEWS = [
    ("products:producer_list", None, EVERYONE, "products/producer_list.html"),
    ("products:producer_create", None, CREATES, "products/producer_form.html"),
    ("products:producer_detail", "producer", SEES_OBJECT, "products/producer_detail.html"),
    ("products:producer_update", "producer", EDITS_OBJECT, "products/producer_form.html"),
    ("products:producer_propose", "producer", PROPOSES, "products/proposal_form.html"),
    ("products:product_list", None, EVERYONE, "products/product_list.html"),
    ("products:product_create", None, CREATES, "products/product_form.html"),
    ("products:product_detail", "product", SEES_OBJECT, "products/product_detail.html"),
    ("products:product_update", "product", EDITS_OBJECT, "products/product_form.html"),
    ("products:product_photo_add", "product", EDITS_OBJECT, "products/photo_form.html"),
    ("products:product_propose", "product", PROPOSES, "products/proposal_form.html"),
    ("products:proposal_list", None, EVERYONE, "products/proposal_list.html"),
    ("products:proposal_review", "proposal", SEES_OBJECT, "products/proposal_review.html"),
    ("products:import_upload", None, IMPORTS, "products/import_upload.html"),
    ("products:import_preview", "import", IMPORTS, "products/import_preview.html"),
]
DOWNLOADS = [
    ("products:producer_export", "xlsx", EVERYONE),
    ("products:producer_export", "csv", EVERYONE),
    ("products:product_export", "xlsx", EVERYONE),
    ("products:product_export", "csv", EVERYONE),
    ("products:import_template", None, IMPORTS),
]


@pytest.fixture
def world(province_staff, producer, other_producer, product_record, other_product_record, proposal, food_set, commune):
    registry_import = services.registry_import_preview(
        actor=province_staff,
        province=province_staff.staff_province,
        file_name="dang-ky.xlsx",
        content=xlsx_bytes([register_row()]),
        max_bytes=10 * 1024 * 1024,
    )
    return {
        "producer": product_record.producer,
        "product": product_record,
        "proposal": proposal,
        "import": registry_import,
    }


def _url(name, target, world):
    return reverse(name, args=[world[target].pk]) if target else reverse(name)


def _assert_login_redirect(response, url):
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize(("name", "target", "expected", "template"), GET_VIEWS, ids=[v[0] for v in GET_VIEWS])
def test_get_view_by_persona(name, target, expected, template, persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    url = _url(name, target, world)

    response = client_for(user).get(url)

    status = expected[persona_name]
    if status == LOGIN:
        _assert_login_redirect(response, url)
        return
    assert response.status_code == status
    if status == 200:
        assert template in [used.name for used in response.templates]
        if target in {"producer", "product"}:
            assert world[target].name in response.content.decode()
    else:
        # Refusals never show the record they refuse.
        assert world["producer"].name not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize(("name", "file_format", "expected"), DOWNLOADS, ids=[f"{v[0]}-{v[1]}" for v in DOWNLOADS])
def test_download_by_persona(name, file_format, expected, persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    url = reverse(name, args=[file_format]) if file_format else reverse(name)

    response = client_for(user).get(url)

    status = expected[persona_name]
    if status == LOGIN:
        _assert_login_redirect(response, url)
        return
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response.content[:2] in {b"PK", b"\xef\xbb"}


DECIDES = {**SEES_OBJECT, "producer": 403}
DECIDE_EXPECTED = {persona: (302 if status == 200 else status) for persona, status in DECIDES.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_proposal_decide_by_persona(persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    proposal = world["proposal"]
    url = reverse("products:proposal_decide", args=[proposal.pk])

    response = client_for(user).post(url, {"decision": "reject", "note": "Thiếu giấy tờ", "version": 1})

    proposal.refresh_from_db()
    expected = DECIDE_EXPECTED[persona_name]
    if expected == LOGIN:
        _assert_login_redirect(response, url)
        assert proposal.state == ProposalState.PENDING
        return
    assert response.status_code == expected
    if expected == 302:
        assert response.url == reverse("products:proposal_review", args=[proposal.pk])
        assert (proposal.state, proposal.reviewed_by) == (ProposalState.REJECTED, user)
    else:
        assert (proposal.state, proposal.reviewed_by) == (ProposalState.PENDING, None)


IMPORT_COMMIT_EXPECTED = {persona: (302 if status == 200 else status) for persona, status in IMPORTS.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_import_commit_by_persona(persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    url = reverse("products:import_commit", args=[world["import"].pk])

    response = client_for(user).post(url)

    expected = IMPORT_COMMIT_EXPECTED[persona_name]
    created = Producer.objects.filter(registration_number="2401000901").exists()
    if expected == LOGIN:
        _assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    assert created is (expected == 302)


def _producer_post(world):
    producer = world["producer"]
    return {
        "version": producer.version,
        "kind": producer.kind,
        "name": "HTX Gà đồi Yên Thế (đổi tên)",
        "registration_number": producer.registration_number,
        "representative": producer.representative,
        "commune": producer.commune_id,
        "address": producer.address,
    }


POST_EDITS = _table(
    province_staff=302,
    district_officer=302,
    other_district_officer=404,
    producer=403,
    other_producer=404,
    plain_user=404,
    superuser=302,
    anonymous=LOGIN,
)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_producer_update_post_by_persona(persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    producer = world["producer"]
    url = reverse("products:producer_update", args=[producer.pk])

    response = client_for(user).post(url, _producer_post(world))

    producer.refresh_from_db()
    expected = POST_EDITS[persona_name]
    if expected == LOGIN:
        _assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    if expected == 302:
        assert response.url == reverse("products:producer_detail", args=[producer.pk])
        assert (producer.name, producer.version) == ("HTX Gà đồi Yên Thế (đổi tên)", 2)
    else:
        assert (producer.name, producer.version) == ("HTX Gà đồi Yên Thế", 1)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_photo_upload_post_by_persona(persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    product = world["product"]
    url = reverse("products:product_photo_add", args=[product.pk])
    upload = SimpleUploadedFile("anh.jpg", image_bytes("JPEG"), content_type="image/jpeg")

    response = client_for(user).post(url, {"image": upload, "caption": "Mặt trước"})

    expected = POST_EDITS[persona_name]
    if expected == LOGIN:
        _assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    captions = list(ProductPhoto.objects.filter(product=product).values_list("caption", flat=True))
    assert captions == (["Mặt trước"] if expected == 302 else [])


PROPOSE_POSTS = {**POST_EDITS, "province_staff": 403, "district_officer": 403, "superuser": 403, "producer": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_product_propose_post_by_persona(persona_name, persona, client_for, world, superuser):
    user = superuser if persona_name == "superuser" else persona(persona_name)
    product = world["product"]
    url = reverse("products:product_propose", args=[product.pk])

    response = client_for(user).post(
        url, {"name": product.name, "description": "Gà ri lai", "status": product.status, "note": ""}
    )

    expected = PROPOSE_POSTS[persona_name]
    if expected == LOGIN:
        _assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    proposals = EditProposal.objects.filter(product=product)
    assert [p.changes["fields"] for p in proposals] == ([{"description": ["", "Gà ri lai"]}] if expected == 302 else [])
