"""How the report writes numbers, money, dates and place names (the seed report's conventions)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def vn_int(value) -> str:
    """1234567 → '1.234.567'."""
    return f"{int(value):,}".replace(",", ".")


def vn_count(value) -> str:
    """Counts in enumerations are written with two digits, as provincial reports do: 8 → '08'."""
    return f"{int(value):02d}" if 0 <= int(value) < 10 else vn_int(value)


def vn_range(low, high=None) -> str:
    """A target as the seeds write it: 25 → '25'; 25..30 → '25-30'; 5..5 → '5'."""
    if high is None or high == low:
        return vn_int(low)
    return f"{vn_int(low)}-{vn_int(high)}"


def vn_money(value, unit: str = "đồng") -> str:
    """460000000 → '460.000.000 đồng'."""
    return f"{vn_int(value)} {unit}"


def vn_percent(numerator, denominator) -> str:
    """61 of 35 → '174%' (half-up to a whole percent)."""
    if not denominator:
        return ""
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{vn_int(percent)}%"


def vn_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def short_unit_name(name: str, unit_type: str) -> str:
    """'Huyện Yên Thế' → 'Yên Thế'; 'Thành phố Bắc Giang' → 'TP. Bắc Giang'."""
    rest = name[len(unit_type) :].strip() if unit_type and name.startswith(unit_type) else name
    if unit_type.lower() == "thành phố":
        return f"TP. {rest}"
    if unit_type.lower() == "thị xã":
        return f"TX. {rest}"
    return rest


def short_group_name(name: str) -> str:
    """'Ngành thực phẩm' / 'Thực phẩm' → 'thực phẩm', for '53 sản phẩm thực phẩm'."""
    text = name.strip()
    if text.lower().startswith("ngành "):
        text = text[len("ngành ") :]
    return text[:1].lower() + text[1:]


def group_label(name: str) -> str:
    """The product group as tables and the workbook name it: 'Ngành thực phẩm' / 'THỰC PHẨM' →
    'Thực phẩm' — the prose's 'thực phẩm' (short_group_name) with a capital, never another name."""
    short = short_group_name((name or "").capitalize() if (name or "").isupper() else (name or ""))
    return short[:1].upper() + short[1:]
