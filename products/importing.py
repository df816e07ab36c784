"""Planning a registry import: what the rows of a register file would change.

Nothing here writes. `plan_import` compares the rows (see register_file.read_table) with the
database and reports, row by row, what would be created or updated and which cells are wrong.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from .enums import ProducerKind
from .models import Producer, Product
from .register_file import REQUIRED_COLUMNS
from .selectors import current_product_sets
from .validators import normalise_registration_number, normalise_spaces

KIND_ALIASES = {
    "htx": ProducerKind.COOPERATIVE,
    "hợp tác xã": ProducerKind.COOPERATIVE,
    "dn": ProducerKind.ENTERPRISE,
    "doanh nghiệp": ProducerKind.ENTERPRISE,
    "công ty": ProducerKind.ENTERPRISE,
    "tht": ProducerKind.COOPERATIVE_GROUP,
    "tổ hợp tác": ProducerKind.COOPERATIVE_GROUP,
    "hkd": ProducerKind.HOUSEHOLD,
    "hộ kinh doanh": ProducerKind.HOUSEHOLD,
    **{kind.value: kind for kind in ProducerKind},
}
# Model field → column, for mapping model validation errors back to the file.
PRODUCER_COLUMNS = {
    "name": "ten_chu_the",
    "kind": "loai_hinh",
    "registration_number": "so_dkkd",
    "tax_code": "ma_so_thue",
    "representative": "nguoi_dai_dien",
    "phone": "dien_thoai",
    "email": "email",
    "address": "dia_chi",
}
PRODUCT_COLUMNS = {"name": "ten_san_pham", "description": "mo_ta"}
# Optional producer fields: an empty cell keeps what the portal has.
OPTIONAL_PRODUCER_FIELDS = ("tax_code", "phone", "email")


@dataclass
class ProducerPlan:
    row: int
    values: dict
    existing: Producer | None = None
    action: str = "create"
    changed: list = field(default_factory=list)


@dataclass
class ProductPlan:
    row: int
    registration_number: str
    values: dict
    existing: Product | None = None
    action: str = "create"
    changed: list = field(default_factory=list)


@dataclass
class ImportPlan:
    producers: dict = field(default_factory=dict)
    products: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    row_count: int = 0

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def report(self) -> dict:
        counts = {
            "producers": _count(self.producers.values()),
            "products": _count(self.products.values()),
        }
        actions = [
            {
                "row": plan.row,
                "entity": "producer",
                "action": plan.action,
                "label": plan.values["name"],
                "changed": plan.changed,
            }
            for plan in self.producers.values()
            if plan.action != "unchanged"
        ] + [
            {
                "row": plan.row,
                "entity": "product",
                "action": plan.action,
                "label": plan.values["name"],
                "changed": plan.changed,
            }
            for plan in self.products.values()
            if plan.action != "unchanged"
        ]
        # The sort is stable and the producers come first in the list: a row's producer stays
        # before its product.
        actions.sort(key=lambda item: item["row"])
        return {"rows": self.row_count, "counts": counts, "errors": self.errors, "actions": actions}


def _count(plans) -> dict:
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for plan in plans:
        counts[plan.action] += 1
    return counts


class _Reference:
    """The units and product sets of the province, loaded once per import."""

    def __init__(self, province):
        units = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, parent=province)
        self.districts = {unit.code: unit for unit in units}
        # The communes of the 2025 map answer to the province; those of the earlier map to its districts.
        communes = AdministrativeUnit.objects.filter(
            models.Q(parent=province) | models.Q(parent__parent=province), level=UnitLevel.COMMUNE
        )
        self.communes = {unit.code: unit for unit in communes.select_related("parent")}
        self.sets = {product_set.code: product_set for product_set in current_product_sets()}


def _code(value: str, width: int) -> str:
    # Excel drops the leading zeros of codes typed as numbers (07243 → 7243); put them back.
    return value.zfill(width) if value.isdigit() else value


def _producer_values(plan: ImportPlan, number: int, row: dict, reference: _Reference) -> dict | None:
    errors_before = len(plan.errors)
    for column in REQUIRED_COLUMNS:
        if not row[column]:
            plan.error(number, column, _("Thiếu dữ liệu bắt buộc."))
    district_code, commune_code = _code(row["ma_huyen"], 3), _code(row["ma_xa"], 5)
    district = reference.districts.get(district_code)
    commune = reference.communes.get(commune_code)
    if district_code and district is None:
        plan.error(number, "ma_huyen", _("Không có huyện mã “%(code)s” trong tỉnh.") % {"code": district_code})
    if commune_code and commune is None:
        plan.error(number, "ma_xa", _("Không có xã mã “%(code)s” trong tỉnh.") % {"code": commune_code})
    elif district is not None and commune is not None and commune.parent_id != district.pk:
        plan.error(
            number,
            "ma_xa",
            _("Xã “%(commune)s” không thuộc %(district)s.") % {"commune": commune, "district": district},
        )
    kind = KIND_ALIASES.get(normalise_spaces(row["loai_hinh"]).lower())
    if row["loai_hinh"] and kind is None:
        plan.error(
            number,
            "loai_hinh",
            _("Loại hình “%(value)s” không hợp lệ; dùng HTX, DN, THT hoặc HKD.") % {"value": row["loai_hinh"]},
        )
    values = {
        "kind": kind,
        "name": normalise_spaces(row["ten_chu_the"]),
        "registration_number": normalise_registration_number(row["so_dkkd"]),
        "tax_code": normalise_spaces(row["ma_so_thue"]),
        "representative": normalise_spaces(row["nguoi_dai_dien"]),
        "phone": normalise_spaces(row["dien_thoai"]),
        "email": normalise_spaces(row["email"]),
        "address": normalise_spaces(row["dia_chi"]),
    }
    try:
        # Empty cells (and a kind not understood, reported above) are left out of the check.
        Producer(**values).clean_fields(
            exclude=["commune", "district", "province", *[f for f in values if not values[f]]]
        )
    except ValidationError as error:
        for model_field, messages in error.message_dict.items():
            for message in messages:
                plan.error(number, PRODUCER_COLUMNS[model_field], message)
    if len(plan.errors) > errors_before:
        return None
    return {**values, "commune": commune}


def _product_values(plan: ImportPlan, number: int, row: dict, reference: _Reference, commune) -> dict | None:
    if not row["ten_san_pham"]:
        if row["ma_bo_san_pham"] or row["mo_ta"]:
            plan.error(number, "ten_san_pham", _("Thiếu tên sản phẩm cho mã bộ sản phẩm hoặc mô tả đã ghi."))
        return None
    errors_before = len(plan.errors)
    set_code = _code(row["ma_bo_san_pham"], 2)
    product_set = reference.sets.get(set_code)
    if not set_code:
        plan.error(number, "ma_bo_san_pham", _("Thiếu mã bộ sản phẩm."))
    elif product_set is None:
        plan.error(number, "ma_bo_san_pham", _("Không có bộ sản phẩm mã “%(code)s”.") % {"code": set_code})
    values = {"name": normalise_spaces(row["ten_san_pham"]), "description": row["mo_ta"].strip()}
    try:
        Product(**values).clean_fields(exclude=["producer", "product_set", "commune", "district", "province"])
    except ValidationError as error:
        for model_field, messages in error.message_dict.items():
            for message in messages:
                plan.error(number, PRODUCT_COLUMNS.get(model_field, "ten_san_pham"), message)
    if len(plan.errors) > errors_before:
        return None
    return {**values, "product_set": product_set, "commune": commune}


def _same_as_earlier(plan: ImportPlan, number: int, earlier, values: dict, columns: dict, what: str) -> None:
    for model_field, column in columns.items():
        if earlier.values.get(model_field) != values.get(model_field):
            plan.error(
                number,
                column,
                _("%(what)s đã có ở dòng %(row)s với giá trị khác (“%(earlier)s” ≠ “%(value)s”).")
                % {
                    "what": what,
                    "row": earlier.row,
                    "earlier": earlier.values.get(model_field) or "",
                    "value": values.get(model_field) or "",
                },
            )


def _diff(existing, values: dict, keep_if_empty=()) -> list[str]:
    changed = []
    for model_field, value in values.items():
        if model_field in keep_if_empty and not value:
            continue
        if isinstance(value, models.Model):
            # Compare ids: loading each related unit or set would cost a query per row.
            if getattr(existing, f"{model_field}_id") != value.pk:
                changed.append(model_field)
        elif getattr(existing, model_field) != value:
            changed.append(model_field)
    return changed


def plan_import(rows: list[tuple[int, dict]], province) -> ImportPlan:
    """Compare the file's rows with the province's registry: what would be created or updated.

    Producers are keyed by registration number within the province, products by name
    (case-insensitive) within their producer, so importing the same file twice plans nothing.
    """
    plan = ImportPlan(row_count=len(rows))
    reference = _Reference(province)
    for number, row in rows:
        producer_values = _producer_values(plan, number, row, reference)
        if producer_values is None:
            continue
        registration = producer_values["registration_number"]
        earlier = plan.producers.get(registration)
        if earlier is not None:
            conflicts_before = len(plan.errors)
            what = _("Số đăng ký kinh doanh %(number)s") % {"number": registration}
            _same_as_earlier(plan, number, earlier, producer_values, {**PRODUCER_COLUMNS, "commune": "ma_xa"}, what)
            if len(plan.errors) > conflicts_before:
                continue
        else:
            plan.producers[registration] = ProducerPlan(row=number, values=producer_values)
        product_values = _product_values(plan, number, row, reference, producer_values["commune"])
        if product_values is None:
            continue
        key = (registration, product_values["name"].casefold())
        earlier_product = plan.products.get(key)
        if earlier_product is not None:
            what = _("Sản phẩm “%(name)s”") % {"name": product_values["name"]}
            # The name is the key (compared case-insensitively); the other cells must agree.
            columns = {"product_set": "ma_bo_san_pham", "description": "mo_ta"}
            _same_as_earlier(plan, number, earlier_product, product_values, columns, what)
            continue
        plan.products[key] = ProductPlan(row=number, registration_number=registration, values=product_values)
    _compare_with_database(plan, province)
    return plan


def _compare_with_database(plan: ImportPlan, province) -> None:
    existing = Producer.objects.filter(province=province, registration_number__in=list(plan.producers))
    existing = {producer.registration_number: producer for producer in existing}
    for registration, producer_plan in plan.producers.items():
        producer_plan.existing = existing.get(registration)
        if producer_plan.existing is not None:
            producer_plan.changed = _diff(producer_plan.existing, producer_plan.values, OPTIONAL_PRODUCER_FIELDS)
            producer_plan.action = "update" if producer_plan.changed else "unchanged"
    products = Product.objects.filter(producer__in=list(existing.values())).select_related("producer")
    by_key = {(product.producer.registration_number, product.name.casefold()): product for product in products}
    for key, product_plan in plan.products.items():
        product_plan.existing = by_key.get(key)
        if product_plan.existing is not None:
            product_plan.changed = _diff(product_plan.existing, product_plan.values, ("description",))
            product_plan.action = "update" if product_plan.changed else "unchanged"
