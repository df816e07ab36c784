"""Which of a dossier's evidence files each criterion of the scorecard is about (issue 19, item 11).

Evidence files are not linked to criteria in the data: a file has a type (EvidenceType), a
criterion has the sheet's text of the evidence it needs ("Giấy đăng ký kinh doanh — Bản sao…",
"(ghi trên phiếu) Phiếu kiểm nghiệm định kỳ các chỉ tiêu ATTP"). The words below name each type as
the shipped sheets write it; a criterion is shown the files of every type its text names, and the
types it names that the dossier lacks.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .enums import EvidenceType as T

# Lower-case phrases of the sheets' evidence texts → the evidence type they name.
WORDS: dict[str, tuple[str, ...]] = {
    T.BUSINESS_REGISTRATION: ("đăng ký kinh doanh",),
    T.FOOD_SAFETY: ("đủ điều kiện",),
    T.QUALITY_DECLARATION: ("công bố chất lượng", "tiêu chuẩn sản phẩm", "tiêu chuẩn công bố"),
    T.LAB_TEST: ("kiểm nghiệm", "chỉ tiêu an toàn"),
    T.TRADEMARK: ("nhãn hiệu", "sở hữu trí tuệ", "chỉ dẫn địa lý"),
    T.TRACEABILITY: ("truy xuất", "mã vạch"),
    T.CERTIFICATION: ("quản lý chất lượng", "vietgap", "haccp", "iso", "chứng nhận chất lượng"),
    # selling, not buying: a raw-material purchase contract ("hợp đồng mua bán … nguyên liệu") is
    # no distribution contract, and has no type of its own (it is filed as "Tài liệu khác")
    T.DISTRIBUTION: ("phân phối", "tiêu thụ", "xuất khẩu", "ký gửi", "đặt hàng"),
    T.PRODUCT_STORY: ("câu chuyện",),
    # the product's pictures, not "hình ảnh minh chứng" of environmental measures
    T.PHOTOS: ("hình ảnh sản phẩm", "tờ rơi, hình ảnh", "hình ảnh, phim"),
}


def evidence_types_named(text: str) -> list[str]:
    """The evidence types a criterion's evidence text names, in EvidenceType's order."""
    lowered = (text or "").casefold()
    return [kind for kind in T.values if any(word in lowered for word in WORDS.get(kind, ()))]


@dataclass
class CriterionEvidence:
    files: list = field(default_factory=list)  # the dossier's files of the named types
    missing: list[str] = field(default_factory=list)  # labels of named types the dossier lacks


def evidence_for(text: str, files: Iterable) -> CriterionEvidence:
    """The files (EvidenceFile rows) of the types `text` names, and the named types with none."""
    files = list(files)
    found = CriterionEvidence()
    labels = dict(T.choices)
    for kind in evidence_types_named(text):
        of_kind = [file for file in files if file.evidence_type == kind]
        if of_kind:
            found.files += of_kind
        else:
            found.missing.append(labels[kind])
    return found
