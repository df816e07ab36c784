"""The layout of an official document (văn bản hành chính, Nghị định 30/2020/NĐ-CP, Phụ lục I) that
the portal prints: the annual report, the council minutes, the decisions.

One description (`OfficialDocument`) feeds both outputs: the PDF (the templates in
`templates/official/`) and the Word twin (`ocop_portal.core.docx`), so the two always carry the
same header, number, place and date line, signature block and recipients.

Rules kept here (NĐ 30/2020, Phụ lục I):
- left of the header: the governing body (upper case) over the issuing body (upper case, bold),
  then "Số: <number>/<symbol>"; right: the national name and motto, then "<place>, ngày … tháng …
  năm …" in italics;
- in the date, days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02
  năm 2019", "ngày 28 tháng 3 năm 2019"); a date not yet known prints as dotted blanks, to be
  filled in by hand when the document is signed;
- the place is the name of the administrative unit where the body sits, without its type
  ("Tỉnh Bắc Ninh" → "Bắc Ninh");
- the signature block: the authority line (e.g. "KT. GIÁM ĐỐC") over the signer's title, then the
  signer's name; "Nơi nhận:" on the left, one recipient a line, the last ending with ".".
"""

import datetime
from dataclasses import dataclass, field

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "……"

# Since 01/03/2025 the provincial departments of agriculture and of natural resources are one
# department (Sở Nông nghiệp và Môi trường); documents dated before carry the old name.
AGRICULTURE_MERGED_ON = datetime.date(2025, 3, 1)

UNIT_TYPES = ("Thành phố", "Tỉnh", "Huyện", "Thị xã", "Quận", "Xã", "Phường", "Thị trấn", "Đặc khu")


def place_name(unit_name: str) -> str:
    """'Tỉnh Bắc Ninh' → 'Bắc Ninh'; 'Thành phố Hà Nội' → 'Hà Nội'; 'Huyện Yên Thế' → 'Yên Thế'."""
    name = (unit_name or "").strip()
    for unit_type in UNIT_TYPES:
        if name.lower().startswith(unit_type.lower() + " "):
            return name[len(unit_type) + 1 :].strip()
    return name


def agriculture_department(on: datetime.date) -> str:
    """The provincial department of agriculture's name on a date (upper case, for a header)."""
    if on >= AGRICULTURE_MERGED_ON:
        return "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    return "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"


def people_committee(unit_name: str) -> str:
    """'Tỉnh Bắc Giang' → 'UBND TỈNH BẮC GIANG' (the governing body line of a header)."""
    return f"UBND {unit_name.strip().upper()}"


def date_line(place: str, date: datetime.date | None, *, year: int | None = None) -> str:
    """'Bắc Ninh, ngày 05 tháng 02 năm 2026'; without a date, dotted blanks (and the year if known)."""
    if date is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {year or BLANK}"
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def number_line(number: str, symbol: str) -> str:
    """'Số: 78/BC-SNN' for a number given whole; 'Số: ……/BC-SNN' when it is still blank."""
    number = (number or "").strip()
    if not number:
        return f"Số: {BLANK}/{symbol}"
    return f"Số: {number}"


def signer_lines(title: str) -> list[str]:
    """'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' (or two lines) → the lines of the signature block, upper case."""
    parts = [part.strip() for chunk in (title or "").splitlines() for part in chunk.split("/")]
    return [part.upper() for part in parts if part]


def recipient_lines(text_or_list) -> list[str]:
    """One recipient a line, each as '- …;', the last one ending with '.' (NĐ 30 style)."""
    items = text_or_list.splitlines() if isinstance(text_or_list, str) else list(text_or_list or [])
    cleaned = [item.strip().lstrip("-+•").strip().rstrip(";.").strip() for item in items]
    cleaned = [item for item in cleaned if item]
    return [f"- {item}{'.' if index == len(cleaned) - 1 else ';'}" for index, item in enumerate(cleaned)]


@dataclass
class OfficialDocument:
    """Everything an official document's frame carries (its body is the caller's)."""

    governing_body: str  # "UBND TỈNH BẮC GIANG"
    issuer: str  # "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    number: str  # "Số: 78/BC-SNN"
    date_line: str  # "Bắc Giang, ngày 28 tháng 3 năm 2019"
    kind: str  # "BÁO CÁO", "BIÊN BẢN", "QUYẾT ĐỊNH"
    summary: str  # trích yếu: what the document is about
    signer: list[str] = field(default_factory=list)  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    # Further signatures side by side (minutes: the secretary and the presiding member).
    co_signers: list[tuple[list[str], str]] = field(default_factory=list)

    def as_context(self) -> dict:
        return {
            "national_name": NATIONAL_NAME,
            "motto": MOTTO,
            "governing_body": self.governing_body,
            "issuer": self.issuer,
            "number": self.number,
            "date_line": self.date_line,
            "kind": self.kind,
            "summary": self.summary,
            "signer": self.signer,
            "signer_name": self.signer_name,
            "recipients": self.recipients,
            "co_signers": [{"lines": lines, "name": name} for lines, name in self.co_signers],
        }


def vn_decimal(value, places: int = 2) -> str:
    """A score as Vietnamese documents write it: 61.666 → '61,67' (decimal comma); None → '—'."""
    if value is None or value == "":
        return "—"
    from decimal import ROUND_HALF_UP, Decimal

    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{number:f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{whole},{fraction}" if fraction else whole
