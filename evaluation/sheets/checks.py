"""The checksums of data/ocop-criteria/README.md, on a ParsedSheet (from a file or a stored sheet).

A sheet may be published only when the list of findings is empty:

- each part's criterion maxima (a criterion with cases counts its best case once) add up to the
  part's maximum, and the part's maximum is the framework's (`Framework.part_maxima`);
- the parts add up to the framework's total (100);
- each criterion's maximum equals its best option;
- each group's criteria add up to the group total printed on the sheet, where one is printed.

A finding is a dict {where, expected, actual, message} (plus `ref`, a stable key the sheet page
uses to highlight the part, group or criterion concerned). Messages are Vietnamese source
strings, stored as they were when the check ran.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from .parser import ParsedSheet


def points_text(value) -> str:
    """40.00 → "40", 2.50 → "2,5": how points are written in the report."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _finding(ref: str, where: str, expected, actual, message: str) -> dict:
    return {
        "ref": ref,
        "where": where,
        "expected": points_text(expected),
        "actual": points_text(actual),
        "message": message,
    }


def part_label(code: str) -> str:
    return _("Phần %(part)s") % {"part": code}


def check_sheet(sheet: ParsedSheet, part_maxima: dict) -> list[dict]:
    """Every mismatch of the sheet against itself and the framework's part maxima."""
    findings: list[dict] = []
    framework_parts = {code: Decimal(str(value)) for code, value in part_maxima.items()}
    sheet_parts = {part.code: part for part in sheet.parts}

    for code, expected in framework_parts.items():
        if code not in sheet_parts:
            findings.append(
                _finding(
                    f"part:{code}",
                    part_label(code),
                    expected,
                    0,
                    _("Phiếu thiếu phần %(part)s (khung pháp lý quy định %(expected)s điểm).")
                    % {"part": code, "expected": points_text(expected)},
                )
            )
    for part in sheet.parts:
        findings.extend(_part_findings(part, framework_parts.get(part.code)))

    expected_total = sum(framework_parts.values(), Decimal(0))
    actual_total = sum((part.max_points for part in sheet.parts), Decimal(0))
    if actual_total != expected_total:
        findings.append(
            _finding(
                "total",
                _("Toàn phiếu"),
                expected_total,
                actual_total,
                _("Tổng điểm các phần là %(actual)s, phải bằng %(expected)s.")
                % {"actual": points_text(actual_total), "expected": points_text(expected_total)},
            )
        )
    return findings


def _part_findings(part, framework_max: Decimal | None) -> list[dict]:
    findings = []
    where = part_label(part.code)
    if framework_max is None:
        findings.append(
            _finding(
                f"part:{part.code}",
                where,
                0,
                part.max_points,
                _("Phần %(part)s không có trong khung pháp lý.") % {"part": part.code},
            )
        )
    elif part.max_points != framework_max:
        findings.append(
            _finding(
                f"part:{part.code}",
                where,
                framework_max,
                part.max_points,
                _("Phần %(part)s ghi %(actual)s điểm, khung pháp lý quy định %(expected)s điểm.")
                % {"part": part.code, "actual": points_text(part.max_points), "expected": points_text(framework_max)},
            )
        )
    criteria_sum = sum((criterion.max_points for criterion in part.criteria), Decimal(0))
    if criteria_sum != part.max_points:
        findings.append(
            _finding(
                f"part:{part.code}",
                where,
                part.max_points,
                criteria_sum,
                _("Tổng điểm tối đa các tiêu chí của phần %(part)s là %(actual)s, khác điểm của phần (%(expected)s).")
                % {"part": part.code, "actual": points_text(criteria_sum), "expected": points_text(part.max_points)},
            )
        )
    for group in part.groups:
        findings.extend(_group_findings(part, group))
    return findings


def _group_findings(part, group) -> list[dict]:
    findings = []
    group_sum = sum((criterion.max_points for criterion in group.criteria), Decimal(0))
    if group.max_points is not None and group_sum != group.max_points:
        findings.append(
            _finding(
                f"group:{part.code}:{group.number}",
                _("Phần %(part)s › Nhóm %(group)s") % {"part": part.code, "group": group.number},
                group.max_points,
                group_sum,
                _("Nhóm %(group)s ghi %(expected)s điểm nhưng các tiêu chí cộng lại %(actual)s.")
                % {
                    "group": group.number,
                    "expected": points_text(group.max_points),
                    "actual": points_text(group_sum),
                },
            )
        )
    for criterion in group.criteria:
        where = _("Phần %(part)s › Tiêu chí %(code)s") % {"part": part.code, "code": criterion.code}
        best = criterion.best_option_points
        if best is None:
            findings.append(
                _finding(
                    f"criterion:{criterion.code}",
                    where,
                    criterion.max_points,
                    0,
                    _("Tiêu chí %(code)s chưa có phương án trả lời.") % {"code": criterion.code},
                )
            )
        elif best != criterion.max_points:
            findings.append(
                _finding(
                    f"criterion:{criterion.code}",
                    where,
                    criterion.max_points,
                    best,
                    _("Tiêu chí %(code)s ghi tối đa %(expected)s điểm nhưng phương án cao nhất được %(actual)s điểm.")
                    % {
                        "code": criterion.code,
                        "expected": points_text(criterion.max_points),
                        "actual": points_text(best),
                    },
                )
            )
    return findings
