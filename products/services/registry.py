"""Writes to the registry: producers, products and their photos."""

import uuid

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.services import audit_log, model_changes, snapshot

from ..enums import AuditAction, ProductStatus
from ..models import Producer, Product, ProductPhoto, ProductSet
from ..validators import normalise_registration_number, normalise_spaces, validate_image_upload

PRODUCER_FIELDS = (
    "kind",
    "name",
    "registration_number",
    "tax_code",
    "representative",
    "phone",
    "email",
    "commune",
    "address",
)
PRODUCT_FIELDS = ("name", "product_set", "commune", "description", "status")


class VersionConflict(Exception):
    """Someone saved the record after the form was loaded; `current` is what they saved."""

    def __init__(self, current):
        super().__init__(f"{current!r} is at version {current.version}")
        self.current = current


def _place(obj, commune: AdministrativeUnit) -> None:
    """Set the denormalised district and province from the commune, on the commune's own map
    (commune → district → province before 2025, commune → province from 01/07/2025)."""
    obj.commune = commune
    obj.district, obj.province = commune.district_and_province()


def _check_place_allowed(actor, place) -> None:
    """`place` (a Producer or Product) has been placed: the actor must edit the registry there."""
    if not rules.has_perm("products.place_in", actor, place):
        raise ValidationError(
            {"commune": _("Bạn chỉ được đăng ký và sửa hồ sơ thuộc địa bàn mình phụ trách.")}, code="out_of_scope"
        )


def _tidy_producer(producer: Producer) -> None:
    producer.registration_number = normalise_registration_number(producer.registration_number)
    for field in ("name", "tax_code", "representative", "phone", "email", "address"):
        setattr(producer, field, normalise_spaces(getattr(producer, field)))


def _check_registration_unique(producer: Producer) -> None:
    existing = (
        Producer.objects.filter(province=producer.province, registration_number=producer.registration_number)
        .exclude(pk=producer.pk)
        .select_related("district")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "registration_number": _(
                    "Số đăng ký kinh doanh %(number)s đã được dùng cho chủ thể “%(name)s” (%(district)s)."
                )
                % {"number": existing.registration_number, "name": existing.name, "district": existing.district}
            },
            code="duplicate_registration",
        )


def _check_product_name_unique(product: Product) -> None:
    clash = Product.objects.filter(producer_id=product.producer_id, name__iexact=product.name).exclude(pk=product.pk)
    if clash.exists():
        raise ValidationError(
            {
                "name": _("Chủ thể “%(producer)s” đã có sản phẩm tên “%(name)s”.")
                % {"producer": product.producer, "name": product.name}
            },
            code="duplicate_product_name",
        )


def _created_changes(obj, fields) -> dict:
    return {field: change for field, change in model_changes({}, obj, fields).items() if change[1]}


def producer_create(
    *,
    actor,
    kind: str,
    name: str,
    registration_number: str,
    representative: str,
    commune: AdministrativeUnit,
    address: str,
    tax_code: str = "",
    phone: str = "",
    email: str = "",
    note: str = "",
) -> Producer:
    """Register a producer in the commune's district and province.

    Side effects: one Producer row and one audit entry.
    """
    producer = Producer(
        kind=kind,
        name=name,
        registration_number=registration_number,
        tax_code=tax_code,
        representative=representative,
        phone=phone,
        email=email,
        address=address,
    )
    _place(producer, commune)
    _tidy_producer(producer)
    _check_place_allowed(actor, producer)
    _check_registration_unique(producer)
    producer.full_clean()
    with transaction.atomic():
        producer.save()
        audit_log(
            actor=actor,
            action=AuditAction.PRODUCER_CREATED,
            obj=producer,
            changes=_created_changes(producer, PRODUCER_FIELDS),
            note=note,
        )
    return producer


def producer_update(*, producer: Producer, actor, expected_version: int, data: dict, note: str = "") -> Producer:
    """Apply `data` (a subset of PRODUCER_FIELDS) if nobody saved since `expected_version`.

    Raises VersionConflict when the record moved on. Saving identical values writes nothing.
    Side effects: the Producer row (version + 1) and one audit entry listing the changed fields.
    """
    unknown = set(data) - set(PRODUCER_FIELDS)
    if unknown:
        raise ValueError(f"not producer fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Producer.objects.select_for_update(no_key=True).get(pk=producer.pk)
        if current.version != expected_version:
            raise VersionConflict(current)
        before = snapshot(current, PRODUCER_FIELDS)
        for field, value in data.items():
            setattr(current, field, value)
        if "commune" in data and data["commune"].pk != before["commune"].pk:
            _place(current, data["commune"])
            _check_place_allowed(actor, current)
        _tidy_producer(current)
        _check_registration_unique(current)
        current.full_clean()
        changes = model_changes(before, current, PRODUCER_FIELDS)
        if not changes:
            return current
        current.version += 1
        current.save()
        audit_log(actor=actor, action=AuditAction.PRODUCER_UPDATED, obj=current, changes=changes, note=note)
    return current


def product_create(
    *,
    actor,
    producer: Producer,
    name: str,
    product_set: ProductSet,
    commune: AdministrativeUnit,
    description: str = "",
    status: str = ProductStatus.ACTIVE,
    note: str = "",
) -> Product:
    """Register a product of `producer` made in `commune`.

    Side effects: one Product row and one audit entry.
    """
    product = Product(
        producer=producer,
        name=normalise_spaces(name),
        product_set=product_set,
        description=description.strip(),
        status=status,
    )
    _place(product, commune)
    _check_place_allowed(actor, product)
    _check_product_name_unique(product)
    product.full_clean(validate_constraints=False)
    with transaction.atomic():
        product.save()
        audit_log(
            actor=actor,
            action=AuditAction.PRODUCT_CREATED,
            obj=product,
            changes=_created_changes(product, PRODUCT_FIELDS),
            note=note,
        )
    return product


def product_update(*, product: Product, actor, expected_version: int, data: dict, note: str = "") -> Product:
    """Apply `data` (a subset of PRODUCT_FIELDS) if nobody saved since `expected_version`.

    Raises VersionConflict when the record moved on. Saving identical values writes nothing.
    Side effects: the Product row (version + 1) and one audit entry listing the changed fields.
    """
    unknown = set(data) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValueError(f"not product fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Product.objects.select_for_update(no_key=True).get(pk=product.pk)
        if current.version != expected_version:
            raise VersionConflict(current)
        before = snapshot(current, PRODUCT_FIELDS)
        for field, value in data.items():
            setattr(current, field, value)
        current.name = normalise_spaces(current.name)
        current.description = current.description.strip()
        if "commune" in data and data["commune"].pk != before["commune"].pk:
            _place(current, data["commune"])
            _check_place_allowed(actor, current)
        _check_product_name_unique(current)
        current.full_clean(validate_constraints=False)
        changes = model_changes(before, current, PRODUCT_FIELDS)
        if not changes:
            return current
        current.version += 1
        current.save()
        audit_log(actor=actor, action=AuditAction.PRODUCT_UPDATED, obj=current, changes=changes, note=note)
    return current


def product_photo_add(*, product: Product, actor, image, caption: str = "") -> ProductPhoto:
    """Store a validated photo under a random name (the uploaded name is never used).

    Side effects: the image file in MEDIA_ROOT, one ProductPhoto row and one audit entry.
    """
    extension = validate_image_upload(image)
    image.name = f"{uuid.uuid4().hex}.{extension}"
    photo = ProductPhoto(product=product, image=image, caption=normalise_spaces(caption))
    photo.full_clean()
    with transaction.atomic():
        photo.save()
        audit_log(
            actor=actor,
            action=AuditAction.PHOTO_ADDED,
            obj=product,
            changes={"photo": ["", photo.image.name]},
        )
    return photo
