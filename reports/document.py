"""The annual report's text: the frozen figures written as the seed report writes them.

The report is a Vietnamese administrative document whatever the interface language, so its
sentences are Vietnamese here and not translated. Everything is computed from the snapshot alone,
so rendering a snapshot again gives the same document.
"""

import datetime

from ocop_portal.core.official import (
    OfficialDocument,
    agriculture_department,
    date_line,
    number_line,
    people_committee,
    place_name,
    recipient_lines,
    signer_lines,
)

from .charts import png, simple_bars_layout, stars_by_district_layout, svg
from .council_members import council_member_rows
from .enums import NARRATIVE_FIELDS
from .formatting import group_label, vn_count, vn_date, vn_int, vn_money, vn_percent, vn_range

LEVEL_NAMES = {"district": "Cấp huyện", "province": "Cấp tỉnh"}
# What the report writes after every part computed from illustrative rows (reports.figures).
ILLUSTRATIVE = "(số liệu minh họa)"


def illustrative(figures: dict, part: str) -> bool:
    return part in (figures.get("illustrative") or [])


def _labelled(text: str, figures: dict, part: str) -> str:
    """`text` with the illustrative label when `part` is illustrative ('… sao.' → '… sao (số liệu minh họa).')."""
    if not illustrative(figures, part):
        return text
    return f"{text[:-1]} {ILLUSTRATIVE}." if text.endswith(".") else f"{text} {ILLUSTRATIVE}"


def report_title(year: int) -> str:
    return f"Kết quả Chương trình Mỗi xã một sản phẩm (OCOP) năm {year}; Phương hướng nhiệm vụ năm {year + 1}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _join(items: list[str]) -> str:
    """'a', 'b', 'c' → 'a; b và c' (the seed's enumeration)."""
    if len(items) <= 1:
        return "".join(items)
    return "; ".join(items[:-1]) + " và " + items[-1]


def evaluation_sentences(figures: dict) -> dict:
    year = figures["year"]
    proposed, recognised, target = figures["proposed"], figures["recognised"], figures["target"]
    rounds = figures["rounds"]
    round_text = "; ".join(
        f"đợt {row['number']} vào tháng {int(row['date'][5:7])}/{row['date'][:4]}"
        if row["date"]
        else f"đợt {row['number']}"
        for row in rounds
    )
    registered = (
        f"Tổng số sản phẩm đăng ký tham gia Chương trình năm {year} là {vn_int(figures['registered_products'])} "
        f"sản phẩm. Năm {year} tổ chức {len(rounds)} đợt đánh giá, phân hạng sản phẩm"
        + (f" ({round_text})." if round_text else ".")
    )
    groups = _join([f"{vn_count(row['count'])} sản phẩm {row['name']}" for row in proposed["by_group"]])
    # No-break spaces keep "Lục Nam 06" on one line (and one page) as a reader expects.
    districts = "; ".join(
        f"{row['name']} {vn_count(row['count'])}".replace(" ", "\u00a0") for row in proposed["by_district"]
    )
    proposed_text = (
        f"Tổng số sản phẩm các huyện, thành phố đề xuất tham gia đánh giá: {vn_int(proposed['total'])} sản phẩm"
    )
    if groups:
        proposed_text += f" ({groups})"
    if districts:
        proposed_text += f", trong đó: {districts}."
    upgrades = [
        f"{vn_count(row['count'])} sản phẩm nâng hạng từ {row['from']} sao lên {row['to']} sao"
        for row in figures["upgrades"]
    ]
    by_stars = recognised["by_stars"]
    star_parts = [f"{vn_int(by_stars[s])} sản phẩm {s} sao" for s in ("5", "4", "3") if by_stars.get(s)]
    recognised_text = f"Số sản phẩm được đánh giá đạt OCOP từ 3 sao trở lên: {vn_int(recognised['total'])} sản phẩm"
    if figures.get("cutoff"):
        recognised_text = (
            f"Số sản phẩm được đánh giá đạt OCOP từ 3 sao trở lên (quyết định công nhận từ ngày "
            f"{vn_date(figures['period_start'])} đến ngày {vn_date(figures['year_end'])}): "
            f"{vn_int(recognised['total'])} sản phẩm"
        )
    if upgrades:
        recognised_text += f" ({'; '.join(upgrades)})"
    if star_parts:
        recognised_text += ", trong đó: có " + "; ".join(star_parts)
    recognised_text += "."
    bullets = [proposed_text, recognised_text]
    kinds = recognised.get("by_producer_kind") or []
    if kinds:
        bullets.append(
            _labelled(
                "Các sản phẩm được công nhận là của "
                + ", ".join(f"{vn_count(row['producers'])} {row['label'].lower()}" for row in kinds)
                + " ("
                + "; ".join(f"{row['label'].lower()}: {vn_int(row['products'])} sản phẩm" for row in kinds)
                + ").",
                figures,
                "recognised_by_producer_kind",
            )
        )
    if recognised.get("potential_five"):
        bullets.append(
            f"Số sản phẩm đạt từ 90 điểm, đề nghị Hội đồng trung ương đánh giá 5 sao: "
            f"{vn_int(recognised['potential_five'])} sản phẩm."
        )
    if target["products"]:
        bullets.append(plan_sentence(figures))
    return {"registered": registered, "bullets": bullets}


def plan_sentence(figures: dict) -> str:
    target, total = figures["target"], figures["recognised"]["total"]
    text = (
        f"So với kế hoạch năm {figures['year']} ({vn_range(target['products'], target.get('products_max'))} "
        "sản phẩm): "
        f"{vn_int(total)} sản phẩm, đạt {vn_percent(total, target['products'])} kế hoạch"
    )
    above = target["above_plan"]
    if above > 0:
        text += f", vượt {vn_int(above)} sản phẩm"
    elif above < 0:
        text += f", còn thiếu {vn_int(-above)} sản phẩm"
    return text + "."


def support_paragraphs(figures: dict) -> list[dict]:
    """As the seed: one block per support decision (its categories, units and total), then one
    block per category for the support approved without a decision number on the grants."""
    support = figures["support"]
    blocks = []
    stated = support.get("stated") or []
    stated_decisions = [
        {
            "number": row["decision"],
            "date": row["date"],
            "units": row["units"],
            "categories": row["lines"],
            "amount": row["amount"],
        }
        for row in stated
        if row["decision"]
    ]
    for decision in support["decisions"] + stated_decisions:
        blocks.append(
            {
                "lead": f"Hỗ trợ theo Quyết định số {decision['number']}"
                + (f" ngày {vn_date(decision['date'])}" if decision["date"] else "")
                + f". Tổng số chủ thể, sản phẩm được hỗ trợ là {vn_int(decision['units'])}, trong đó:",
                "lines": [
                    f"Hỗ trợ {row['label'][:1].lower()}{row['label'][1:]}: {vn_int(row['units'])} {row['unit']}"
                    for row in decision["categories"]
                ],
                "closing": f"Tổng kinh phí thực hiện hỗ trợ là {vn_money(decision['amount'])}."
                if decision["amount"] is not None
                else "",
            }
        )
    stated_lines = [line for row in stated if not row["decision"] for line in row["lines"]]
    for row in support["without_decision"] + stated_lines:
        blocks.append(
            {
                "lead": f"Hỗ trợ {row['label'][:1].lower()}{row['label'][1:]}",
                "lines": [f"Tổng số: {vn_int(row['units'])} {row['unit']}"]
                + ([f"Tổng kinh phí thực hiện hỗ trợ: {vn_money(row['amount'])}"] if row["amount"] is not None else []),
                "closing": "",
            }
        )
    letters = "abcdefghijklmnopqrstuvwxyz"
    for index, block in enumerate(blocks):
        block["letter"] = letters[index % len(letters)]
    return blocks


def programme_paragraphs(figures: dict) -> dict:
    """The budget by decision, the events and the projects as the seeds write them (seed 004)."""
    programme = figures.get("programme") or {}
    year = figures["year"]
    budget = ""
    if programme.get("allocations"):
        parts = [
            f"{vn_money(row['amount'])}"
            + (f" tại Quyết định số {row['decision']}" if row["decision"] else "")
            + (f" ngày {vn_date(row['date'])}" if row["date"] else "")
            + f" (Nguồn vốn: {row['source']})"
            for row in programme["allocations"]
        ]
        budget = (
            f"Tổng kinh phí bố trí để triển khai thực hiện Chương trình OCOP năm {year} là "
            f"{vn_money(programme['allocated_total'])}, trong đó: " + "; ".join(parts) + "."
        )
    events = ""
    if programme.get("events"):
        events = (
            f"Trong năm đã hỗ trợ các chủ thể tham gia {vn_count(len(programme['events']))} hội chợ, sự kiện "
            f"xúc tiến thương mại, tổng kinh phí {vn_money(programme['events_cost'])}"
        )
        if programme["events_funding"]:
            events += (
                " ("
                + "; ".join(f"{row['source']}: {vn_money(row['amount'])}" for row in programme["events_funding"])
                + ")"
            )
        events += ", gồm:"
    event_lines = [
        row["name"]
        + (f" - {row['place']}" if row["place"] else "")
        + (f" ({vn_int(row['participants'])} chủ thể tham gia)" if row["participants"] else "")
        + (f", kinh phí {vn_money(row['cost'])}" if row["cost"] else "")
        for row in programme.get("events", [])
    ]
    projects = ""
    if programme.get("projects"):
        projects = (
            f"Trong năm {year} đã triển khai {vn_count(len(programme['projects']))} dự án hỗ trợ phát triển sản "
            f"phẩm, tổng kinh phí {vn_money(programme['projects_total'])}, trong đó ngân sách nhà nước hỗ trợ "
            f"{vn_money(programme['projects_state'])}, gồm:"
        )
    project_lines = [
        row["name"]
        + (f" cho {row['beneficiary']}" if row["beneficiary"] else "")
        + f", tổng kinh phí thực hiện {vn_money(row['total_cost'])}"
        + (f" (ngân sách nhà nước {vn_money(row['state_share'])})" if row["state_share"] else "")
        + (f", địa điểm thực hiện tại {row['place']}" if row["place"] else "")
        for row in programme.get("projects", [])
    ]
    return {
        "budget": budget,
        "events": events,
        "event_lines": event_lines,
        "projects": projects,
        "project_lines": project_lines,
    }


def support_categories(figures: dict) -> list[dict]:
    return [
        {"label": row["label"], "units": f"{vn_int(row['units'])} {row['unit']}", "amount": vn_int(row["amount"])}
        for row in figures["support"]["categories"]
    ]


def assessment_sentences(figures: dict) -> list[str]:
    recognised, in_force, target = figures["recognised"], figures["in_force"], figures["target"]
    year = figures["year"]
    by_stars = recognised["by_stars"]
    parts = [f"{vn_int(by_stars[s])} sản phẩm {s} sao" for s in ("5", "4", "3") if by_stars.get(s)]
    first = f"Năm {year} đã có {vn_int(recognised['total'])} sản phẩm được đánh giá, phân hạng đạt từ 3 sao trở lên"
    if parts:
        first += ", trong đó có " + " và ".join(parts)
    if target["products"]:
        first += f" (đạt {vn_percent(recognised['total'], target['products'])} kế hoạch"
        if target["above_plan"] > 0:
            first += f", vượt kế hoạch đề ra {vn_int(target['above_plan'])} sản phẩm"
        first += ")"
    in_force_parts = [
        f"{vn_int(in_force['by_stars'][s])} sản phẩm {s} sao" for s in ("5", "4", "3") if in_force["by_stars"].get(s)
    ]
    second = (
        f"Luỹ kế đến ngày {vn_date(figures['year_end'])} toàn tỉnh có {vn_int(in_force['total'])} "
        "sản phẩm OCOP còn hiệu lực"
    )
    if in_force_parts:
        second += ", trong đó có " + " và ".join(in_force_parts)
    standing = standing_phrase(figures)
    if standing:
        second += f" ({standing})"
    changes = figures["certificates"]
    third = f"Trong năm {_certificates(changes['expired'], 'hết hiệu lực')}, "
    third += _certificates(changes["revoked_total"], "bị thu hồi", lead="")
    if changes["revoked"]:
        third += " (" + "; ".join(f"{row['label'].lower()}: {vn_int(row['count'])}" for row in changes["revoked"]) + ")"
    third += f"; {_certificates(in_force['expiring_next_year'], f'sẽ hết hạn trong năm {year + 1}', lead='')}"
    return [first + ".", second + ".", _labelled(third + ".", figures, "certificate_changes")]


def standing_phrase(figures: dict) -> str:
    """'đứng thứ 2 khu vực Miền núi phía Bắc và thứ 7 cả nước về số sản phẩm OCOP' (seed 000)."""
    standing = figures.get("standing") or {}
    parts = []
    if standing.get("regional_rank") and standing.get("region"):
        parts.append(f"thứ {standing['regional_rank']} khu vực {standing['region']}")
    if standing.get("national_rank"):
        parts.append(f"thứ {standing['national_rank']} cả nước")
    return f"đứng {' và '.join(parts)} về số sản phẩm OCOP" if parts else ""


def _certificates(count: int, what: str, *, lead: str = "có ") -> str:
    """'có 3 giấy chứng nhận hết hiệu lực', or 'không có giấy chứng nhận nào hết hiệu lực' for
    none: a report does not write 'có 0 giấy chứng nhận'."""
    if not count:
        return f"không có giấy chứng nhận nào {what}"
    return f"{lead}{vn_int(count)} giấy chứng nhận {what}"


def next_year_lines(figures: dict) -> dict:
    plan = figures["next_year"]
    year = plan["year"]
    targets = []
    if plan["target_products"]:
        text = (
            f"có thêm {vn_range(plan['target_products'], plan.get('target_products_max'))} sản phẩm đạt 3 sao trở lên"
        )
        if plan.get("target_per_district_min"):
            per_district = vn_range(plan["target_per_district_min"], plan.get("target_per_district_max"))
            text += f" (mỗi huyện, thành phố có ít nhất {per_district} sản phẩm)"
        targets.append(text)
    if plan["target_upgrades"]:
        upgrades = vn_range(plan["target_upgrades"], plan.get("target_upgrades_max"))
        targets.append(f"nâng hạng sao cho {'từ ' if plan.get('target_upgrades_max') else ''}{upgrades} sản phẩm")
    if plan["target_five_star"]:
        targets.append(f"ít nhất {vn_count(plan['target_five_star'])} sản phẩm đạt 5 sao cấp quốc gia")
    if plan.get("target_tourism"):
        targets.append(f"tối thiểu {vn_count(plan['target_tourism'])} sản phẩm dịch vụ du lịch")
    if plan.get("target_cumulative"):
        targets.append(f"nâng tổng số sản phẩm OCOP của tỉnh lên trên {vn_int(plan['target_cumulative'])} sản phẩm")
    levels = []
    for level in ("district", "province"):
        rows = [row for row in plan["deadlines"] if row["level"] == level]
        if rows:
            levels.append(
                {
                    "name": LEVEL_NAMES[level],
                    "lines": [f"Đợt {vn_count(row['round'])}: Trước ngày {vn_date(row['date'])}" for row in rows],
                }
            )
    need = ""
    if plan.get("budget_need") is not None:
        need = (
            f"Dự kiến nhu cầu kinh phí từ nguồn ngân sách thực hiện Chương trình OCOP năm {year} là: "
            f"{vn_money(plan['budget_need'])}."
        )
    return {
        "year": year,
        "need": need,
        "need_sources": plan.get("budget_need_sources") or [],
        "target": f"Phấn đấu đạt mục tiêu năm {year}: " + "; ".join(targets) + "." if targets else "",
        "levels": levels,
        "announcement": (
            f"Tổ chức hội nghị công bố kết quả đánh giá, phân hạng sản phẩm và trao giấy chứng nhận các sản phẩm "
            f"đạt từ 3 sao trở lên. Thời gian: Xong trước {vn_date(plan['announcement'])}."
            if plan["announcement"]
            else ""
        ),
    }


def chart_layouts(figures: dict) -> dict:
    year = figures["year"]
    return {
        "stars_by_district": stars_by_district_layout(
            _labelled(f"Sản phẩm được công nhận năm {year} theo huyện và hạng sao", figures, "recognised_by_district"),
            figures["recognised"]["by_district"],
        ),
        "products_by_group": simple_bars_layout(
            f"Sản phẩm đề xuất đánh giá năm {year} theo nhóm",
            [(group_label(row["name"]), row["count"]) for row in figures["proposed"]["by_group"]],
        ),
        "support_by_category": simple_bars_layout(
            f"Kinh phí hỗ trợ năm {year} theo nội dung (đồng)",
            [(row["label"], row["amount"]) for row in figures["support"]["categories"]],
        ),
        "in_force_by_district": stars_by_district_layout(
            _labelled(
                f"Sản phẩm OCOP còn hiệu lực tại {vn_date(figures['year_end'])} theo huyện",
                figures,
                "in_force_by_district",
            ),
            figures["in_force"]["by_district"],
        ),
    }


def charts(figures: dict) -> dict:
    """The charts as inline SVG (the PDF and the dashboard)."""
    return {name: svg(layout) for name, layout in chart_layouts(figures).items()}


# The charts the report prints (its <figure data-chart="…">): the Word twin shows them as PNGs.
REPORT_CHARTS = ("stars_by_district", "products_by_group", "support_by_category")


def chart_images(figures: dict) -> dict[str, bytes]:
    """The report's charts as PNGs, drawn from the same layouts as the PDF's SVGs."""
    layouts = chart_layouts(figures)
    return {name: png(layouts[name]) for name in REPORT_CHARTS}


def annex_tables(figures: dict) -> dict:
    annex = figures["annex"]
    return {
        "recognised": [
            {**row, "valid_until": vn_date(row["valid_until"]), "decision_date": vn_date(row["decision_date"])}
            for row in annex["recognised_products"]
        ],
        "revoked": [{**row, "date": vn_date(row["date"])} for row in annex["revoked_certificates"]],
        "grants": [
            {
                **row,
                "amount": vn_int(row["amount"]),
                "units": vn_int(row["units"]),
                "decision_date": vn_date(row["decision_date"]),
            }
            for row in annex["support_grants"]
        ],
    }


REPORT_SYMBOL = "BC-SNN"
DEFAULT_RECIPIENTS = ["UBND tỉnh (báo cáo)", "Văn phòng Điều phối nông thôn mới tỉnh", "Lưu: VT"]
DEFAULT_SIGNER = "GIÁM ĐỐC"


def official_frame(snapshot: dict) -> OfficialDocument:
    """The report as an official document (NĐ 30/2020): what the staff filled in, and for what they
    left blank, the province's department on the document's date and dotted blanks to sign by hand."""
    figures, fields = snapshot["figures"], snapshot.get("document") or {}
    province = figures["province"]["name"]
    issued_on = datetime.date.fromisoformat(fields["document_date"]) if fields.get("document_date") else None
    generated_on = snapshot.get("generated_on")
    as_of = issued_on or (datetime.date.fromisoformat(generated_on) if generated_on else datetime.date.today())
    return OfficialDocument(
        governing_body=people_committee(province),
        issuer=(fields.get("issuer") or agriculture_department(as_of)).upper(),
        number=number_line(fields.get("document_number", ""), REPORT_SYMBOL),
        date_line=date_line(fields.get("place") or place_name(province), issued_on, year=as_of.year),
        kind="BÁO CÁO",
        summary=report_title(figures["year"]),
        signer=signer_lines(fields.get("signer_title") or DEFAULT_SIGNER),
        signer_name=fields.get("signer_name", ""),
        recipients=recipient_lines(fields.get("recipients") or DEFAULT_RECIPIENTS),
    )


def record_note(snapshot: dict) -> str:
    """Where the figures come from: the portal's frozen version (the PDF is the record)."""
    note = "Số liệu tổng hợp từ Cổng thông tin OCOP"
    if snapshot.get("version"):
        note += f", phiên bản {snapshot['version']}"
    if snapshot.get("generated_on"):
        note += f", chốt ngày {vn_date(snapshot['generated_on'])}"
    return note + "."


def report_context(snapshot: dict) -> dict:
    figures = snapshot["figures"]
    year = figures["year"]
    narrative = snapshot.get("narrative", {})
    return {
        "doc": official_frame(snapshot).as_context(),
        "record_note": record_note(snapshot),
        "title": report_title(year),
        "province_name": figures["province"]["name"],
        "year": year,
        "next_year": year + 1,
        "version": snapshot.get("version"),
        "generated_on": vn_date(snapshot.get("generated_on")),
        "reference_date": vn_date(figures["year_end"]),
        "narrative": {field: _paragraphs(narrative.get(field, "")) for field in NARRATIVE_FIELDS},
        "evaluation": evaluation_sentences(figures),
        "support_blocks": support_paragraphs(figures),
        "programme": programme_paragraphs(figures),
        "support_sources": [
            {"label": row["label"], "amount": vn_int(row["amount"]), "counterpart": vn_int(row["counterpart"])}
            for row in figures["support"]["sources"]
        ],
        "support_categories": support_categories(figures),
        "support_total": vn_money(figures["support"]["total_amount"]),
        "assessment": assessment_sentences(figures),
        "in_force_by_district": [
            {
                "name": row["name"],
                "five": row["stars"]["5"],
                "four": row["stars"]["4"],
                "three": row["stars"]["3"],
                "total": row["total"],
            }
            for row in figures["in_force"]["by_district"]
        ],
        "in_force": figures["in_force"],
        "next": next_year_lines(figures),
        "charts": charts(figures),
        "annex": annex_tables(figures),
        "merged_from": figures.get("merged_from", []),
        "illustrative_label": ILLUSTRATIVE,
        "illustrative": dict.fromkeys(figures.get("illustrative") or [], True),
        # Annex 1 is labelled in its caption when all its rows are illustrative, else row by row.
        "annex_all_illustrative": bool(figures["annex"]["recognised_products"])
        and all(row.get("illustrative") for row in figures["annex"]["recognised_products"]),
        "council_members": council_member_rows(snapshot),
    }
