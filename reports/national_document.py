"""The national summary's text: the frozen national figures written as the provincial report
writes its own (`document.py`). Vietnamese whatever the interface language (an administrative
document), computed from the snapshot alone so rendering a snapshot again gives the same document.
"""

import datetime

from ocop_portal.core.official import OfficialDocument, date_line, number_line, recipient_lines

from .formatting import vn_count, vn_date, vn_int, vn_money, vn_percent
from .national import COUNT_FIGURES

# The central coordination office sits under the agriculture ministry, renamed on 01/03/2025.
MINISTRY_RENAMED_ON = datetime.date(2025, 3, 1)
STAR_ORDER = ("5", "4", "3")


def national_title(year: int) -> str:
    return f"Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) năm {year} trên phạm vi toàn quốc"


def money(value) -> str:
    return vn_money(value, "đ")


def _stars_text(by_stars: dict) -> str:
    """{"5": 1, "4": 0, "3": 2} → '1 sản phẩm 5 sao và 2 sản phẩm 3 sao' (the seed's enumeration)."""
    parts = [f"{vn_int(by_stars[s])} sản phẩm {s} sao" for s in STAR_ORDER if by_stars.get(s)]
    return "; ".join(parts[:-1]) + " và " + parts[-1] if len(parts) > 1 else "".join(parts)


def overview_sentences(figures: dict, generated_on: str | None) -> list[str]:
    totals, year = figures["totals"], figures["year"]
    sentences = [
        f"Năm {year}, hệ thống tổng hợp số liệu của {vn_int(totals['provinces'])} tỉnh, thành phố. "
        f"Tổng số sản phẩm đăng ký tham gia Chương trình là {vn_int(totals['registered_products'])} sản phẩm "
        f"({vn_int(totals['registered_dossiers'])} hồ sơ); số sản phẩm đã được đưa vào đánh giá, phân hạng "
        f"là {vn_int(totals['evaluated'])} sản phẩm."
    ]
    recognised = (
        f"Số sản phẩm được công nhận đạt OCOP từ 3 sao trở lên trong năm: {vn_int(totals['recognised'])} sản phẩm"
    )
    stars = _stars_text(totals["recognised_by_stars"])
    sentences.append(recognised + (f", trong đó: có {stars}." if stars else "."))
    in_force = (
        f"Luỹ kế hết năm {year} cả nước có {vn_int(totals['in_force'])} sản phẩm OCOP còn hiệu lực "
        f"tại {vn_int(totals['provinces_with_certified_products'])}/{vn_int(totals['provinces'])} tỉnh, thành phố"
    )
    stars = _stars_text(totals["in_force_by_stars"])
    if stars:
        in_force += f", trong đó có {stars}"
    leaders = sorted(
        (row for row in figures["provinces"] if row["in_force"]), key=lambda r: (-r["in_force"], r["name"])
    )
    if leaders:
        in_force += "; dẫn đầu là " + ", ".join(f"{row['name']} ({vn_int(row['in_force'])})" for row in leaders[:3])
    sentences.append(in_force + ".")
    sentences.append(
        f"Trong năm cấp mới {vn_int(totals['certificates_issued'])} giấy chứng nhận; "
        f"{vn_int(totals['certificates_expired'])} giấy chứng nhận hết hiệu lực và "
        f"{vn_int(totals['certificates_revoked'])} giấy chứng nhận bị thu hồi."
    )
    support = (
        f"Kinh phí hỗ trợ phát triển sản phẩm năm {year}: được phân bổ {money(totals['budget_allocated'])}; "
        f"đã phê duyệt hỗ trợ {money(totals['budget_approved'])}"
    )
    if totals["budget_allocated"]:
        support += f" (bằng {vn_percent(totals['budget_approved'], totals['budget_allocated'])} số được phân bổ)"
    sentences.append(support + f"; đã giải ngân {money(totals['budget_disbursed'])}.")
    sentences.append(
        f"Tại ngày lập báo cáo{f' ({vn_date(generated_on)})' if generated_on else ''}, hệ thống quản lý "
        f"{vn_int(totals['producers'])} chủ thể với {vn_int(totals['products'])} sản phẩm."
    )
    return sentences


def province_paragraph(row: dict, year: int) -> str:
    if not any(row[name] for name in ("registered_dossiers", "recognised", "in_force", "budget_allocated")):
        return f"{row['name']}: chưa có số liệu đánh giá, chứng nhận và hỗ trợ năm {year} trên hệ thống."
    text = (
        f"{row['name']}: đăng ký {vn_int(row['registered_products'])} sản phẩm, đánh giá, phân hạng "
        f"{vn_int(row['evaluated'])} sản phẩm, công nhận {vn_int(row['recognised'])} sản phẩm từ 3 sao trở lên"
    )
    stars = "; ".join(
        f"{vn_count(row['recognised_by_stars'][s])} sản phẩm {s} sao"
        for s in STAR_ORDER
        if row["recognised_by_stars"][s]
    )
    if stars:
        text += f" ({stars})"
    text += (
        f"; còn hiệu lực đến 31/12/{year}: {vn_int(row['in_force'])} sản phẩm; "
        f"kinh phí hỗ trợ được phê duyệt {money(row['budget_approved'])}, "
        f"đã giải ngân {money(row['budget_disbursed'])}."
    )
    return text


def _table_row(row: dict) -> dict:
    """A province row (or the totals) with every figure written out: 1.234, 1.234.567 đ."""
    return {
        "name": row.get("name", ""),
        **{name: vn_int(row[name]) for name in COUNT_FIGURES},
        "recognised_by_stars": {s: vn_int(row["recognised_by_stars"][s]) for s in STAR_ORDER},
        "in_force_by_stars": {s: vn_int(row["in_force_by_stars"][s]) for s in STAR_ORDER},
        "allocated": money(row["budget_allocated"]),
        "approved": money(row["budget_approved"]),
        "disbursed": money(row["budget_disbursed"]),
        "approved_percent": vn_percent(row["budget_approved"], row["budget_allocated"]),
    }


# The national summary as an official document (NĐ 30/2020): the ministry over the central
# coordination office that issues it, in Hà Nội; number, date and signer are completed by hand.
NATIONAL_ISSUER = "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TRUNG ƯƠNG"
NATIONAL_SYMBOL = "BC-VPĐP"
NATIONAL_PLACE = "Hà Nội"
NATIONAL_SIGNER = ["CHÁNH VĂN PHÒNG"]
NATIONAL_RECIPIENTS = ["Bộ trưởng (để báo cáo)", "Ban Chỉ đạo Trung ương các Chương trình MTQG", "Lưu: VT"]


def national_frame(snapshot: dict) -> OfficialDocument:
    generated_on = snapshot.get("generated_on")
    as_of = datetime.date.fromisoformat(generated_on) if generated_on else datetime.date.today()
    year = snapshot["figures"]["year"]
    return OfficialDocument(
        governing_body="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
        if as_of >= MINISTRY_RENAMED_ON
        else "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        issuer=NATIONAL_ISSUER,
        number=number_line("", NATIONAL_SYMBOL),
        date_line=date_line(NATIONAL_PLACE, None, year=as_of.year),
        kind="BÁO CÁO TỔNG HỢP",
        summary=national_title(year),
        signer=NATIONAL_SIGNER,
        recipients=recipient_lines(NATIONAL_RECIPIENTS),
    )


def national_context(snapshot: dict) -> dict:
    figures = snapshot["figures"]
    year = figures["year"]
    generated_on = snapshot.get("generated_on")
    renamed = generated_on and datetime.date.fromisoformat(generated_on) >= MINISTRY_RENAMED_ON
    note = "Số liệu tổng hợp từ Cổng thông tin OCOP"
    if snapshot.get("version"):
        note += f", phiên bản {snapshot['version']}"
    if generated_on:
        note += f", chốt ngày {vn_date(generated_on)}"
    return {
        "doc": national_frame(snapshot).as_context(),
        "record_note": note + ".",
        "title": national_title(year),
        "header": f"Toàn quốc · {national_title(year)}",
        "ministry": "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" if renamed else "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        "year": year,
        "year_end": vn_date(figures["year_end"]),
        "version": snapshot.get("version"),
        "generated_on": vn_date(generated_on),
        "overview": overview_sentences(figures, generated_on),
        "rows": [_table_row(row) for row in figures["provinces"]],
        "totals": _table_row(figures["totals"]),
        "paragraphs": [province_paragraph(row, year) for row in figures["provinces"]],
    }
