"""The producer's filing under a framework with official dossier forms (QĐ 26/2026 Annex III).

- Form 01 (phiếu đăng ký) and form 02 (báo cáo tự đánh giá: parts I, II and IV here; part III is
  the self-assessment on the sheet and the evidence by topic) are saved like the registration
  form: partial saves are fine, with optimistic locking on `Dossier.version`; what is required is
  checked when the dossier is submitted (`filing_missing_items`).
- The registration number `<n>/PĐK-<province code>-<commune code>-<year>` is allocated at the
  first submission, in the submitting transaction, from `RegistrationSequence` (commune, round
  year) under a row lock: a rolled-back submission gives its number back, two parallel
  submissions never share one, so the numbers of a commune's year run 01, 02, … without gaps.
  The two leading blanks of the printed pattern are not explained by the decision; the portal
  writes the commune's sequence number there (research/qd26-2026-forms.md).
- Each submission freezes what was filed in a `SubmittedCopy` (canonical JSON of the forms,
  the self-assessment and the evidence's SHA-256, and its own SHA-256 chained to the previous
  copy): the electronic dossier has legal value (Art. 6), so the database refuses to change it.

Stored shapes: `DossierForms.form01` / `form02` / `form03`: {field key → JSON value}.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.core.services import audit_log

from ..enums import DossierKind, DossierState, EvidenceTopic
from ..models import Dossier, DossierForms, RegistrationSequence, SelfAssessmentAnswer, SubmittedCopy
from ..rules.dossiers import can_check_dossier, can_prepare_dossier

COPY_FORMAT = "ocop-dossier-filing/1"
NUMBER_SYMBOL = "PĐK"


@dataclass(frozen=True)
class FormField:
    label: object
    required: bool = True
    kind: str = "text"  # text, long, date, count, flag, sex
    max_length: int = 255
    help_text: object = ""


# Mẫu số 01, in the order of the printed form.
FORM01_FIELDS: dict[str, FormField] = {
    "unit_name": FormField(gettext_lazy("Tên đơn vị")),
    "representative": FormField(gettext_lazy("Họ tên người đại diện pháp lý"), max_length=150),
    "position": FormField(gettext_lazy("Chức vụ"), max_length=150),
    "contact_address": FormField(gettext_lazy("Địa chỉ liên hệ")),
    "phone": FormField(gettext_lazy("Điện thoại"), max_length=20),
    "email": FormField(gettext_lazy("Email"), required=False, max_length=254),
    "product_name": FormField(gettext_lazy("Tên sản phẩm")),
    "classification": FormField(
        gettext_lazy("Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm)"),
        kind="long",
        max_length=500,
        help_text=gettext_lazy("Theo Phụ lục I (Danh mục phân loại sản phẩm)."),
    ),
    "samples": FormField(
        gettext_lazy("Sản phẩm mẫu (số lượng)"),
        kind="count",
        help_text=gettext_lazy("5 mẫu; sản phẩm dịch vụ du lịch ghi 0."),
    ),
    "place": FormField(gettext_lazy("Địa danh nơi ký"), required=False, max_length=100),
}

# Mẫu số 02, parts I, II and IV (part III is the self-assessment and the evidence by topic).
FORM02_FIELDS: dict[str, FormField] = {
    "producer_name": FormField(gettext_lazy("Tên chủ thể")),
    "organisation_type": FormField(gettext_lazy("Loại hình tổ chức"), max_length=100),
    "address": FormField(gettext_lazy("Địa chỉ")),
    "phone": FormField(gettext_lazy("Điện thoại"), max_length=20),
    "email": FormField(gettext_lazy("Email"), required=False, max_length=254),
    "rep_name": FormField(gettext_lazy("Người đại diện pháp luật: họ tên"), max_length=150),
    "rep_sex": FormField(gettext_lazy("Giới tính"), kind="sex", max_length=10),
    "rep_ethnicity": FormField(gettext_lazy("Dân tộc"), max_length=60),
    "rep_address": FormField(gettext_lazy("Địa chỉ thường trú")),
    "founded_on": FormField(gettext_lazy("Ngày thành lập/đăng ký kinh doanh"), kind="date"),
    "registration_no": FormField(gettext_lazy("Số giấy đăng ký (nếu có)"), required=False, max_length=30),
    "product_spec": FormField(
        gettext_lazy("Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn"), kind="long", max_length=5000
    ),
    "has_business_registration": FormField(gettext_lazy("a) Giấy đăng ký kinh doanh"), False, "flag"),
    "quality_declared": FormField(gettext_lazy("b) Đã công bố chất lượng sản phẩm theo quy định"), False, "flag"),
    "food_safety_certificate": FormField(
        gettext_lazy("c) Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm"), False, "flag"
    ),
    "production_certificate": FormField(
        gettext_lazy("c) Giấy chứng nhận cơ sở đủ điều kiện sản xuất (nếu pháp luật yêu cầu)"), False, "flag"
    ),
    "ip_trademark": FormField(gettext_lazy("d) Giấy chứng nhận đăng ký nhãn hiệu"), False, "flag"),
    "ip_geographical": FormField(
        gettext_lazy("d) Quyền sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận"), False, "flag"
    ),
    "ip_patent": FormField(gettext_lazy("d) Bằng sáng chế"), False, "flag"),
    "ip_design": FormField(gettext_lazy("d) Bằng độc quyền kiểu dáng công nghiệp"), False, "flag"),
    "ip_copyright": FormField(gettext_lazy("d) Giấy chứng nhận bản quyền tác giả"), False, "flag"),
    "ip_other": FormField(gettext_lazy("d) Khác (ghi rõ)"), required=False),
    "history": FormField(gettext_lazy("Lịch sử hình thành của chủ thể"), kind="long", max_length=5000),
    "structure": FormField(gettext_lazy("Cơ cấu tổ chức của chủ thể"), kind="long", max_length=5000),
    "business_results": FormField(
        gettext_lazy("Phần II. Kết quả thực hiện phương án sản xuất kinh doanh"),
        kind="long",
        max_length=10000,
        help_text=gettext_lazy(
            "Vùng nguyên liệu và công nghệ; thay đổi về chất lượng, bao bì, nhãn; thị trường; kết quả kinh doanh "
            "(doanh thu, lợi nhuận)."
        ),
    ),
    "business_plan": FormField(gettext_lazy("Phần IV. Kế hoạch sản xuất, kinh doanh"), kind="long", max_length=10000),
}

# Mẫu số 03: the commune's narrative on four local topics (Art. 7.2 a) — text, never points.
FORM03_FIELDS: dict[str, FormField] = {
    "local_materials": FormField(
        gettext_lazy("1. Về sử dụng nguyên liệu địa phương"),
        kind="long",
        max_length=5000,
        help_text=gettext_lazy(
            "Mô tả của chủ thể và đánh giá của xã về tình hình sử dụng nguyên liệu thực tế trên địa bàn xã."
        ),
    ),
    "local_labour": FormField(
        gettext_lazy("2. Về sử dụng lao động địa phương"),
        kind="long",
        max_length=5000,
        help_text=gettext_lazy("Mô tả của chủ thể và đánh giá của xã về lao động địa phương thực tế sử dụng."),
    ),
    "idea_origin": FormField(
        gettext_lazy("3. Nguồn gốc ý tưởng sản phẩm"),
        kind="long",
        max_length=5000,
        help_text=gettext_lazy("Sản phẩm truyền thống hay sản phẩm mới, so với thực tế địa phương."),
    ),
    "local_identity": FormField(
        gettext_lazy("4. Bản sắc/trí tuệ địa phương"),
        kind="long",
        max_length=5000,
        help_text=gettext_lazy(
            "Giá trị văn hoá, tri thức bản địa, kinh nghiệm sản xuất của cộng đồng, cách làm đặc trưng địa phương."
        ),
    ),
}

FORMS = {"01": FORM01_FIELDS, "02": FORM02_FIELDS, "03": FORM03_FIELDS}
SEXES = ("Nam", "Nữ")


def uses_official_forms(dossier: Dossier) -> bool:
    return bool(dossier.round.framework.dossier_forms)


def forms_of(dossier: Dossier) -> DossierForms:
    """The dossier's forms row (created empty the first time)."""
    forms, _created = DossierForms.objects.get_or_create(dossier=dossier)
    return forms


def form_initial(dossier: Dossier, form_no: str) -> dict:
    """What a blank form starts from: the registry's data on the producer and the product."""
    product, producer = dossier.product, dossier.product.producer
    if form_no == "01":
        return {
            "unit_name": producer.name,
            "representative": producer.representative,
            "contact_address": producer.address,
            "phone": producer.phone,
            "email": producer.email,
            "product_name": product.name,
            "classification": f"{product.product_set.group} / {product.product_set}",
        }
    if form_no == "02":
        return {
            "producer_name": producer.name,
            "organisation_type": producer.get_kind_display(),
            "address": producer.address,
            "phone": producer.phone,
            "email": producer.email,
            "rep_name": producer.representative,
            "registration_no": producer.registration_number,
        }
    return {}


def form_values(dossier: Dossier, form_no: str, forms: DossierForms | None = None) -> dict:
    """The form as shown: what was saved, over the registry's data for fields never saved."""
    forms = forms or forms_of(dossier)
    return {**form_initial(dossier, form_no), **getattr(forms, f"form{form_no}")}


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def _require_preparer(dossier: Dossier, by) -> None:
    if not can_prepare_dossier.test(by, dossier):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))


def filing_save_form(*, dossier: Dossier, form_no: str, data: dict, version: int, by) -> Dossier:
    """Save fields of form 01 or 02 (partial is fine: autosave sends what it has).

    Side effects: DossierForms.form01/form02, Dossier.version (+1), an audit entry with the
    changed keys. Raises DossierConflict on a stale `version`, ValidationError when the dossier is
    not editable or a key is not on the form, PermissionDenied for someone who may not prepare it.
    """
    from .dossiers import _bump_version

    if form_no not in ("01", "02"):
        raise ValidationError(_("Biểu mẫu không hợp lệ."))
    _require_preparer(dossier, by)
    spec = FORMS[form_no]
    unknown = set(data) - set(spec)
    if unknown:
        raise ValidationError(_("Trường không có trong biểu mẫu: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        _bump_version(dossier, version)
        forms = DossierForms.objects.select_for_update(no_key=True).filter(dossier=dossier).first() or forms_of(dossier)
        before = dict(getattr(forms, f"form{form_no}"))
        after = {**before, **{key: _json_value(value) for key, value in data.items()}}
        setattr(forms, f"form{form_no}", after)
        forms.save(update_fields=[f"form{form_no}"])
        changed = {key: [before.get(key, ""), value] for key, value in after.items() if before.get(key, "") != value}
        if changed:
            audit_log(actor=by, action=f"dossier.form{form_no}", obj=dossier, changes=changed)
    dossier.refresh_from_db()
    return dossier


def _blank(value) -> bool:
    return value in (None, "") or (isinstance(value, str) and not value.strip())


def filing_missing_items(dossier: Dossier) -> list[str]:
    """What forms 01 and 02 still lack before the dossier can be submitted."""
    forms = forms_of(dossier)
    missing = []
    for form_no, title in (("01", _("Mẫu số 01")), ("02", _("Mẫu số 02"))):
        values = getattr(forms, f"form{form_no}")
        missing += [
            _("%(form)s: chưa điền “%(field)s”.") % {"form": title, "field": spec.label}
            for key, spec in FORMS[form_no].items()
            if spec.required and _blank(values.get(key))
        ]
    return missing


# The registration number -------------------------------------------------------------------------


def registration_number_format(*, sequence: int, province_code: str, commune_code: str, year: int) -> str:
    return f"{sequence:02d}/{NUMBER_SYMBOL}-{province_code}-{commune_code}-{year}"


def allocate_registration_number(dossier: Dossier) -> str:
    """The dossier's registration number, allocated now if it has none (inside the caller's
    transaction: a rollback gives the number back)."""
    forms = DossierForms.objects.select_for_update(no_key=True).filter(dossier=dossier).first() or forms_of(dossier)
    if forms.registration_number:
        return forms.registration_number
    commune = dossier.product.commune
    year = dossier.round.year
    RegistrationSequence.objects.get_or_create(commune=commune, year=year)
    sequence = RegistrationSequence.objects.select_for_update(no_key=True).get(commune=commune, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    forms.registration_number = registration_number_format(
        sequence=sequence.last_number, province_code=dossier.province.code, commune_code=commune.code, year=year
    )
    forms.save(update_fields=["registration_number"])
    return forms.registration_number


# The submitted copy ------------------------------------------------------------------------------


def canonical_json(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def filing_content(dossier: Dossier, *, at=None, by=None, number: int = 0, previous: str = "") -> dict:
    """Everything the producer files, as JSON: what a submitted copy freezes and the PDFs print."""
    forms = forms_of(dossier)
    product, producer = dossier.product, dossier.product.producer
    answers = (
        SelfAssessmentAnswer.objects.filter(dossier=dossier)
        .select_related("criterion", "option")
        .order_by("criterion__order", "criterion_id")
    )
    evidence = dossier.evidence.order_by("topic", "evidence_type", "uploaded_at", "id")
    return {
        "format": COPY_FORMAT,
        "dossier": dossier.pk,
        "kind": dossier.kind,
        "framework": dossier.round.framework.code,
        "round": {"id": dossier.round_id, "year": dossier.round.year, "title": str(dossier.round)},
        "province": {"code": dossier.province.code, "name": dossier.province.name},
        "commune": {"code": product.commune.code, "name": product.commune.name},
        "producer": {"id": producer.pk, "name": producer.name, "registration_number": producer.registration_number},
        "product": {"id": product.pk, "name": product.name, "set": product.product_set.code},
        "registration_number": forms.registration_number,
        "form01": dict(forms.form01),
        "form02": dict(forms.form02),
        "case_choices": dossier.case_choices,
        "self_assessment": [
            {
                "criterion": a.criterion.code,
                "name": a.criterion.name,
                "option": a.option.number,
                "text": a.option.text,
                "points": str(a.option.points),
            }
            for a in answers
        ],
        "evidence": [
            {
                "id": e.pk,
                "topic": e.topic,
                "type": e.evidence_type,
                "name": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
                "valid_until": e.valid_until.isoformat() if e.valid_until else "",
            }
            for e in evidence
        ],
        "number": number,
        "submitted_at": at.isoformat() if at else "",
        "submitted_by": {"id": by.pk, "name": str(by)} if by else {},
        "previous_sha256": previous,
    }


def record_submission(dossier: Dossier, by) -> SubmittedCopy:
    """Freeze what was just submitted (inside the submitting transaction, after the transition)."""
    dossier = Dossier.objects.select_related("round__framework", "product__producer", "product__commune").get(
        pk=dossier.pk
    )
    last = SubmittedCopy.objects.filter(dossier=dossier).order_by("-number").first()
    number = (last.number if last else 0) + 1
    content = filing_content(
        dossier, at=dossier.submitted_at or timezone.now(), by=by, number=number, previous=last.sha256 if last else ""
    )
    digest = content_sha256(content)
    copy = SubmittedCopy.objects.create(
        dossier=dossier,
        number=number,
        submitted_at=dossier.submitted_at or timezone.now(),
        submitted_by=by,
        registration_number=content["registration_number"],
        content=content,
        sha256=digest,
        previous_sha256=content["previous_sha256"],
    )
    audit_log(
        actor=by,
        action="dossier.submitted_copy",
        obj=dossier,
        changes={"sha256": ["", digest], "registration_number": ["", copy.registration_number]},
    )
    return copy


def latest_copy(dossier: Dossier) -> SubmittedCopy | None:
    return SubmittedCopy.objects.filter(dossier=dossier).order_by("-number").first()


def copy_is_intact(copy: SubmittedCopy) -> bool:
    """Whether the stored content still hashes to the stored SHA-256."""
    return content_sha256(copy.content) == copy.sha256


def attempt_label(kind: str) -> str:
    return {
        DossierKind.NEW: _("Lần đầu"),
        DossierKind.UPGRADE: _("Nâng hạng"),
        DossierKind.REEVALUATION: _("Đánh giá lại"),
    }.get(kind, "")


def evidence_by_topic(evidence_rows: list[dict]) -> list[tuple[int, str, list[dict]]]:
    """Form 02's evidence table: every topic with the files filed under it (possibly none),
    then the files without a topic under 0."""
    grouped = [
        (topic.value, topic.label, [e for e in evidence_rows if e.get("topic") == topic.value])
        for topic in EvidenceTopic
    ]
    untopical = [e for e in evidence_rows if not e.get("topic")]
    if untopical:
        grouped.append((0, _("Tài liệu khác"), untopical))
    return grouped


# Form 03 -----------------------------------------------------------------------------------------


def form03_missing(values: dict) -> list[str]:
    return [
        _("Mẫu số 03: chưa viết “%(field)s”.") % {"field": spec.label}
        for key, spec in FORM03_FIELDS.items()
        if _blank(values.get(key))
    ]


def filing_save_form03(*, dossier: Dossier, data: dict, by) -> DossierForms:
    """The commune officer's form 03 (four narrative assessments). Saved while the dossier waits
    for the commune's check. Side effects: DossierForms.form03 (+ who and when), an audit entry."""
    if not can_check_dossier.test(by, dossier):
        raise PermissionDenied(_("Chỉ cán bộ kiểm tra hồ sơ của địa bàn được thực hiện bước này."))
    if dossier.state != DossierState.SUBMITTED:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”, không thực hiện được bước này.")
            % {"state": dossier.get_state_display()}
        )
    unknown = set(data) - set(FORM03_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không có trong biểu mẫu: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        forms_of(dossier)
        forms = DossierForms.objects.select_for_update(no_key=True).get(dossier=dossier)
        before = dict(forms.form03)
        forms.form03 = {**before, **{key: str(value or "").strip() for key, value in data.items()}}
        forms.form03_by, forms.form03_at = by, timezone.now()
        forms.save(update_fields=["form03", "form03_by", "form03_at"])
        changed = {
            key: [before.get(key, ""), value] for key, value in forms.form03.items() if before.get(key, "") != value
        }
        if changed:
            audit_log(actor=by, action="dossier.form03", obj=dossier, changes=changed)
    return forms
