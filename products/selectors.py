"""Reads for the registry: every queryset starts from what the user may see.

The registry reads only its own tables: the stars in force are kept on each product by the
evaluation app (Product.current_stars), and the certificates and support history on the
producer and product pages are panels those apps add (core/page_panels.py).

Scope: province staff see their province, a district officer their district, a commune officer
their commune, a producer user their own producer; a user holding several roles sees the union.
A product is also visible to the officer of its producer's district (or commune), so the officer
who registered a producer sees all its products.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.jurisdiction import in_province
from ocop_portal.core.models import AdministrativeUnit, AuditEntry

from .enums import ProposalState
from .models import EditProposal, Producer, Product, ProductGroup, ProductSet, RegistryImport

CURRENT_FRAMEWORK_CODE = "148"
AUDIT_TRAIL_LENGTH = 100


def _producer_id(user) -> int | None:
    membership = getattr(user, "producer_membership", None)
    return membership.producer_id if membership is not None else None


def _producer_scope(user, prefix: str = "") -> Q | None:
    """The Q selecting producers `user` may see (`prefix` reaches them from another model),
    or None for "everything"."""
    if user.is_superuser:
        return None
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id, f"{prefix}province_id")
    if user.officer_district_id:
        scope |= Q(**{f"{prefix}district_id": user.officer_district_id})
    if user.officer_commune_id:
        scope |= Q(**{f"{prefix}commune_id": user.officer_commune_id})
    producer_id = _producer_id(user)
    if producer_id is not None:
        scope |= Q(**{f"{prefix}pk": producer_id})
    return scope


def producers_visible_to(user) -> QuerySet[Producer]:
    queryset = Producer.objects.select_related("commune", "district", "province").order_by(*vi_order("name"), "id")
    if not user.is_authenticated:
        return queryset.none()
    scope = _producer_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def producer_rows(user) -> QuerySet[Producer]:
    """The producer list: visible producers with their product count and `best_stars`, the
    highest stars among their products' certificates in force (None without one)."""
    best = (
        Product.objects.filter(producer_id=OuterRef("pk"))
        .order_by()
        .values("producer_id")
        .annotate(best=Max("current_stars"))
        .values("best")
    )
    return producers_visible_to(user).annotate(
        product_count=Count("products"), best_stars=Subquery(best, output_field=IntegerField())
    )


# What a list row shows (name, producer, group › set, district). Fewer joins also keep
# PostgreSQL's planning cheap: at national scale planning a 9-table join cost more than running it.
PRODUCT_ROW_RELATIONS = ("producer", "product_set__group", "district")


def product_rows(user, *, relations: tuple[str, ...] = PRODUCT_ROW_RELATIONS) -> QuerySet[Product]:
    """The product list: visible products; each carries `current_stars`, the stars of its
    certificate in force (None without one), kept on the product by the evaluation app.
    `relations` are the related rows fetched with each product (the export adds the commune)."""
    return _products_in_scope(user).select_related(*relations)


def products_visible_to(user) -> QuerySet[Product]:
    """Visible products with everything a product's own page shows."""
    return _products_in_scope(user).select_related(
        "producer__district", "product_set__group", "commune", "district", "province"
    )


def _products_in_scope(user) -> QuerySet[Product]:
    queryset = Product.objects.order_by(*vi_order("name"), "id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(district_id=user.officer_district_id) | Q(producer__district_id=user.officer_district_id)
    if user.officer_commune_id:
        scope |= Q(commune_id=user.officer_commune_id) | Q(producer__commune_id=user.officer_commune_id)
    producer_id = _producer_id(user)
    if producer_id is not None:
        scope |= Q(producer_id=producer_id)
    return queryset.filter(scope)


def provinces_to_choose_from(user) -> QuerySet[AdministrativeUnit]:
    """Provinces a list can be narrowed to, for users whose scope spans several (a national
    deployment's superuser); none for everyone else, whose scope lies in one province."""
    queryset = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).order_by("name", "id")
    return queryset if user.is_authenticated and user.is_superuser else queryset.none()


def districts_visible_to(user) -> QuerySet[AdministrativeUnit]:
    """Districts offered in the list filters."""
    queryset = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT).order_by("name", "id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id, "parent_id")
    if user.officer_district_id:
        scope |= Q(pk=user.officer_district_id)
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        scope |= Q(pk__in=Producer.objects.filter(pk=membership.producer_id).values("district_id"))
    return queryset.filter(scope)


def communes_editable_by(user) -> QuerySet[AdministrativeUnit]:
    """Communes a user may register producers and products in: province staff — their province's
    (under its districts before 2025, directly under it on the 2025 map); a district officer —
    their district's; a commune officer — their commune."""
    queryset = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).select_related("parent")
    queryset = queryset.order_by("parent__name", "name", "id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= Q(parent__parent_id=user.staff_province_id) | Q(parent_id=user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(parent_id=user.officer_district_id)
    if user.officer_commune_id:
        scope |= Q(pk=user.officer_commune_id)
    return queryset.filter(scope)


def _editor_scope(user, prefix: str = "") -> Q:
    """Producers a province staff member, district or commune officer manages (their province,
    district, commune); matches nothing for anyone else."""
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id, f"{prefix}province_id")
    if user.officer_district_id:
        scope |= Q(**{f"{prefix}district_id": user.officer_district_id})
    if user.officer_commune_id:
        scope |= Q(**{f"{prefix}commune_id": user.officer_commune_id})
    return scope


def producers_editable_by(user) -> QuerySet[Producer]:
    """Producers a user may add products to (the product form's choices)."""
    queryset = Producer.objects.select_related("district").order_by(*vi_order("name"), "id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(_editor_scope(user))


def current_product_sets() -> QuerySet[ProductSet]:
    return ProductSet.objects.filter(framework_code=CURRENT_FRAMEWORK_CODE).select_related("group").order_by("code")


def current_product_groups() -> QuerySet[ProductGroup]:
    return ProductGroup.objects.filter(framework_code=CURRENT_FRAMEWORK_CODE).order_by("order", "code")


def reference_groups(framework_code: str) -> QuerySet[ProductGroup]:
    """A framework's groups with their sets (each with how many products use it) prefetched."""
    sets = ProductSet.objects.annotate(product_count=Count("products")).order_by("code")
    return (
        ProductGroup.objects.filter(framework_code=framework_code)
        .prefetch_related(Prefetch("sets", queryset=sets))
        .order_by("order", "code")
    )


def proposals_visible_to(user) -> QuerySet[EditProposal]:
    queryset = EditProposal.objects.select_related("producer", "product", "proposed_by", "reviewed_by")
    if not user.is_authenticated:
        return queryset.none()
    scope = _producer_scope(user, prefix="producer__")
    return queryset if scope is None else queryset.filter(scope)


def proposals_to_review(user) -> QuerySet[EditProposal]:
    """Pending proposals the user may decide on (producer users only propose)."""
    queryset = proposals_visible_to(user).filter(state=ProposalState.PENDING)
    if user.is_superuser:
        return queryset
    return queryset.filter(_editor_scope(user, prefix="producer__"))


def registry_imports_visible_to(user) -> QuerySet[RegistryImport]:
    queryset = RegistryImport.objects.select_related("uploaded_by").defer("content")
    if not user.is_authenticated or not user.staff_province_id:
        return queryset.none()
    return queryset.filter(province_id=user.staff_province_id)


def audit_trail_for_producer(producer: Producer) -> QuerySet[AuditEntry]:
    """The producer's entries and those of its products and edit proposals, newest first."""
    types = ContentType.objects.get_for_models(Producer, Product, EditProposal)
    product_ids = [str(pk) for pk in producer.products.values_list("pk", flat=True)]
    proposal_ids = [str(pk) for pk in producer.edit_proposals.values_list("pk", flat=True)]
    condition = (
        Q(content_type=types[Producer], object_id=str(producer.pk))
        | Q(content_type=types[Product], object_id__in=product_ids)
        | Q(content_type=types[EditProposal], object_id__in=proposal_ids)
    )
    return AuditEntry.objects.filter(condition).select_related("actor", "content_type")[:AUDIT_TRAIL_LENGTH]


def audit_trail_for_product(product: Product) -> QuerySet[AuditEntry]:
    types = ContentType.objects.get_for_models(Product, EditProposal)
    proposal_ids = [str(pk) for pk in product.edit_proposals.values_list("pk", flat=True)]
    condition = Q(content_type=types[Product], object_id=str(product.pk)) | Q(
        content_type=types[EditProposal], object_id__in=proposal_ids
    )
    return AuditEntry.objects.filter(condition).select_related("actor", "content_type")[:AUDIT_TRAIL_LENGTH]


def last_change(obj) -> AuditEntry | None:
    content_type = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor").first()
