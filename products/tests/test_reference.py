"""Product groups and sets: every signed-in persona reads them, the national role (and superusers)
renames them and adds sets; one province's staff does not (issue 18, Medium 6); each change
leaves one audit entry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from products.models import ProductGroup, ProductSet
from products.services import reference as services

PERSONAS = [
    "national_editor",
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "superuser",
    "anonymous",
]
READS = dict.fromkeys(PERSONAS, 200) | {"anonymous": "login"}
MANAGES = dict.fromkeys(PERSONAS, 403) | {"national_editor": 200, "superuser": 200, "anonymous": "login"}


@pytest.fixture
def food_group(db):
    return f.ProductGroupFactory(framework_code="148", code="I", name="Thực phẩm", name_en="Food")


@pytest.fixture
def old_group(db):
    return f.ProductGroupFactory(framework_code="1048", code="I", name="Thực phẩm (1048)")


@pytest.fixture
def meat_set(food_group):
    return f.ProductSetFactory(group=food_group, code="02", name="Thịt, thủy sản, trứng, sữa tươi")


def _urls(food_group, meat_set):
    return {
        "reference_list": reverse("products:reference_list"),
        "reference_framework": reverse("products:reference_framework", args=["1048"]),
        "reference_group_edit": reverse("products:reference_group_edit", args=[food_group.pk]),
        "reference_set_create": reverse("products:reference_set_create", args=[food_group.pk]),
        "reference_set_edit": reverse("products:reference_set_edit", args=[meat_set.pk]),
    }


EXPECTED = {
    "reference_list": READS,
    "reference_framework": READS,
    "reference_group_edit": MANAGES,
    "reference_set_create": MANAGES,
    "reference_set_edit": MANAGES,
}


@pytest.mark.django_db
@pytest.mark.parametrize("view", list(EXPECTED))
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_reference_view_by_persona(view, persona_name, persona, client_for, food_group, old_group, meat_set):
    url = _urls(food_group, meat_set)[view]

    response = client_for(persona(persona_name)).get(url)

    expected = EXPECTED[view][persona_name]
    if expected == "login":
        assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={url}")
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", ["district_officer", "producer", "plain_user"])
def test_reference_posts_are_forbidden_to_other_roles_and_change_nothing(
    persona_name, persona, client_for, food_group, meat_set
):
    client = client_for(persona(persona_name))

    responses = [
        client.post(reverse("products:reference_group_edit", args=[food_group.pk]), {"name": "Đổi"}).status_code,
        client.post(reverse("products:reference_set_edit", args=[meat_set.pk]), {"name": "Đổi"}).status_code,
        client.post(
            reverse("products:reference_set_create", args=[food_group.pk]), {"code": "99", "name": "Mới"}
        ).status_code,
    ]

    assert responses == [403, 403, 403]
    assert list(ProductSet.objects.values_list("code", "name")) == [("02", "Thịt, thủy sản, trứng, sữa tươi")]
    assert ProductGroup.objects.get().name == "Thực phẩm"
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_reference_list_shows_the_framework_groups_with_sets_and_product_counts(
    national_editor, client_for, food_group, old_group, meat_set
):
    f.ProductFactory(product_set=meat_set)

    response = client_for(national_editor).get(reverse("products:reference_list"))

    groups = list(response.context["groups"])
    assert groups == [food_group]
    assert [(s.code, s.product_count) for s in groups[0].sets.all()] == [("02", 1)]
    assert response.context["can_manage"] is True
    assert reverse("products:reference_set_edit", args=[meat_set.pk]) in response.content.decode()


@pytest.mark.django_db
def test_reference_list_is_read_only_for_a_district_officer(district_officer, client_for, food_group, meat_set):
    response = client_for(district_officer).get(reverse("products:reference_list"))

    assert response.context["can_manage"] is False
    assert reverse("products:reference_set_edit", args=[meat_set.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_unknown_framework_is_not_found(national_editor, client_for):
    response = client_for(national_editor).get(reverse("products:reference_framework", args=["2099"]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_staff_renames_a_group_with_an_audit_entry(national_editor, client_for, food_group):
    response = client_for(national_editor).post(
        reverse("products:reference_group_edit", args=[food_group.pk]),
        {"name": "  Thực phẩm   và đồ uống ", "name_en": "Food"},
    )

    assert response.status_code == 302
    food_group.refresh_from_db()
    assert (food_group.name, food_group.name_en) == ("Thực phẩm và đồ uống", "Food")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id, entry.changes) == (
        national_editor,
        "product_group.updated",
        str(food_group.pk),
        {"name": ["Thực phẩm", "Thực phẩm và đồ uống"]},
    )


@pytest.mark.django_db
def test_staff_renames_a_set_with_an_audit_entry(national_editor, client_for, meat_set):
    client_for(national_editor).post(
        reverse("products:reference_set_edit", args=[meat_set.pk]),
        {"name": "Thịt, trứng, sữa tươi", "name_en": "Meat, eggs, fresh milk"},
    )

    meat_set.refresh_from_db()
    assert (meat_set.code, meat_set.name, meat_set.name_en) == ("02", "Thịt, trứng, sữa tươi", "Meat, eggs, fresh milk")
    assert list(AuditEntry.objects.values_list("action", "changes")) == [
        (
            "product_set.updated",
            {
                "name": ["Thịt, thủy sản, trứng, sữa tươi", "Thịt, trứng, sữa tươi"],
                "name_en": ["", "Meat, eggs, fresh milk"],
            },
        )
    ]


@pytest.mark.django_db
def test_saving_unchanged_names_writes_no_audit_entry(national_editor, meat_set):
    services.product_set_update(product_set=meat_set, actor=national_editor, name=meat_set.name, name_en="")

    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_staff_adds_a_set_to_a_group_under_its_framework(national_editor, client_for, food_group):
    response = client_for(national_editor).post(
        reverse("products:reference_set_create", args=[food_group.pk]),
        {"code": "27", "name": "Mật ong, sản phẩm từ mật ong", "name_en": "Honey"},
    )

    assert response.status_code == 302
    created = ProductSet.objects.get(code="27")
    assert (created.framework_code, created.group, created.name) == ("148", food_group, "Mật ong, sản phẩm từ mật ong")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.changes) == (
        "product_set.created",
        str(created.pk),
        {"code": ["", "27"], "name": ["", "Mật ong, sản phẩm từ mật ong"], "name_en": ["", "Honey"]},
    )


@pytest.mark.django_db
def test_adding_a_set_with_a_used_code_names_the_existing_set(national_editor, client_for, food_group, meat_set):
    response = client_for(national_editor).post(
        reverse("products:reference_set_create", args=[food_group.pk]), {"code": "02", "name": "Thịt gà"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["Mã 02 đã dùng cho bộ sản phẩm “02. Thịt, thủy sản, trứng, sữa tươi”."]
    }
    assert ProductSet.objects.count() == 1
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_same_set_code_is_allowed_under_another_framework(national_editor, old_group, meat_set):
    created = services.product_set_create(group=old_group, actor=national_editor, code="02", name="Thịt và trứng")

    assert (created.framework_code, created.code) == ("1048", "02")


@pytest.mark.django_db
def test_renaming_a_set_to_a_used_name_is_refused(national_editor, food_group, meat_set):
    other = f.ProductSetFactory(group=food_group, code="03", name="Chè tươi")

    with pytest.raises(ValidationError) as refused:
        services.product_set_update(product_set=other, actor=national_editor, name="thịt, thủy sản, trứng, sữa tươi")

    assert refused.value.message_dict == {
        "name": ["Tên này đã dùng cho bộ sản phẩm “02. Thịt, thủy sản, trứng, sữa tươi” của cùng khung pháp lý."]
    }


@pytest.mark.django_db
def test_renaming_a_group_to_a_used_name_shows_the_error_on_the_field(national_editor, client_for, food_group):
    drinks = f.ProductGroupFactory(framework_code="148", code="II", name="Đồ uống", order=2)

    response = client_for(national_editor).post(
        reverse("products:reference_group_edit", args=[drinks.pk]), {"name": "THỰC PHẨM"}
    )

    assert response.context["form"].errors == {
        "name": ["Tên này đã dùng cho nhóm “I. Thực phẩm” của cùng khung pháp lý."]
    }
    drinks.refresh_from_db()
    assert drinks.name == "Đồ uống"


def test_a_provinces_staff_cannot_rename_the_shared_groups_or_sets(province_staff, food_group, meat_set):
    """Issue 18, Medium 6: the groups are printed on every province's certificates."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.product_group_update(group=food_group, actor=province_staff, name="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.product_set_update(product_set=meat_set, actor=province_staff, name="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.product_set_create(group=food_group, actor=province_staff, code="99", name="Bộ mới")
    food_group.refresh_from_db()
    meat_set.refresh_from_db()
    assert (food_group.name, meat_set.name, ProductSet.objects.filter(code="99").exists()) == (
        "Thực phẩm",
        "Thịt, thủy sản, trứng, sữa tươi",
        False,
    )
    assert not AuditEntry.objects.exists()
