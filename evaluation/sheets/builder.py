"""Between a ParsedSheet and the stored tree. `write_tree` inserts a whole sheet with one bulk
insert per level (five queries whatever its size); `read_tree` reads a stored sheet back into a
ParsedSheet (five queries), for the checks and for copying a sheet into a new version."""

from django.db.models import Prefetch

from ..models import AnswerOption, Criterion, CriterionCase, CriterionGroup, ScoreSheet, SheetPart
from .parser import ParsedCase, ParsedCriterion, ParsedGroup, ParsedOption, ParsedPart, ParsedSheet

# The part titles of QĐ 148 (DOMAIN.md §3); the sheet files carry only the letter.
PART_NAMES = {
    "A": "Sản phẩm và sức mạnh cộng đồng",
    "B": "Khả năng tiếp thị",
    "C": "Chất lượng sản phẩm",
}


def write_tree(sheet: ScoreSheet, parsed: ParsedSheet, *, part_names: dict | None = None) -> None:
    """Insert the parts, groups, criteria, cases and options of `parsed` under `sheet` (saved, empty)."""
    names = PART_NAMES if part_names is None else part_names
    parts = SheetPart.objects.bulk_create(
        [SheetPart(sheet=sheet, code=p.code, name=names.get(p.code, ""), max_points=p.max_points) for p in parsed.parts]
    )
    group_rows = [
        (group, CriterionGroup(part=part, number=group.number, name=group.name, max_points=group.max_points))
        for part, parsed_part in zip(parts, parsed.parts, strict=True)
        for group in parsed_part.groups
    ]
    CriterionGroup.objects.bulk_create([row for _group, row in group_rows])
    criterion_rows = []
    for parsed_group, group in group_rows:
        for criterion in parsed_group.criteria:
            criterion_rows.append(
                (
                    criterion,
                    Criterion(
                        sheet=sheet,
                        group=group,
                        code=criterion.code,
                        name=criterion.name,
                        max_points=criterion.max_points,
                        mandatory_min_star=criterion.mandatory_min_star,
                        evidence=criterion.evidence,
                        note=criterion.note,
                        order=len(criterion_rows) + 1,
                    ),
                )
            )
    Criterion.objects.bulk_create([row for _criterion, row in criterion_rows])
    case_rows = {
        (stored.pk, case.code): CriterionCase(
            criterion=stored, code=case.code, name=case.name, max_points=case.max_points
        )
        for criterion, stored in criterion_rows
        for case in criterion.cases
    }
    CriterionCase.objects.bulk_create(list(case_rows.values()))
    AnswerOption.objects.bulk_create(
        [
            AnswerOption(
                criterion=stored,
                case=case_rows[(stored.pk, option.case_code)] if option.case_code else None,
                number=option.number,
                text=option.text,
                points=option.points,
                min_star_marker=option.min_star,
            )
            for criterion, stored in criterion_rows
            for option in criterion.options
        ]
    )


def read_tree(sheet: ScoreSheet) -> tuple[ParsedSheet, dict]:
    """The stored sheet as a ParsedSheet, and the part names (to copy them unchanged)."""
    parts = list(
        sheet.parts.order_by("code").prefetch_related(
            Prefetch("groups", queryset=CriterionGroup.objects.order_by("number"))
        )
    )
    criteria = list(
        Criterion.objects.filter(sheet=sheet)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("cases", queryset=CriterionCase.objects.order_by("id")),
            Prefetch("options", queryset=AnswerOption.objects.order_by("number", "id")),
        )
    )
    by_group: dict[int, list] = {}
    for criterion in criteria:
        by_group.setdefault(criterion.group_id, []).append(criterion)
    parsed_parts = []
    for part in parts:
        groups = [
            ParsedGroup(
                number=group.number,
                name=group.name,
                max_points=group.max_points,
                criteria=[_parsed_criterion(criterion) for criterion in by_group.get(group.pk, [])],
            )
            for group in part.groups.all()
        ]
        parsed_parts.append(ParsedPart(code=part.code, max_points=part.max_points, groups=groups))
    return ParsedSheet(parts=parsed_parts), {part.code: part.name for part in parts}


def _parsed_criterion(criterion: Criterion) -> ParsedCriterion:
    cases = {case.pk: ParsedCase(code=case.code, name=case.name) for case in criterion.cases.all()}
    options = []
    for option in criterion.options.all():
        case = cases.get(option.case_id)
        parsed_option = ParsedOption(
            number=option.number,
            text=option.text,
            points=option.points,
            min_star=option.min_star_marker,
            case_code=case.code if case else "",
        )
        options.append(parsed_option)
        if case:
            case.options.append(parsed_option)
    return ParsedCriterion(
        code=criterion.code,
        name=criterion.name,
        max_points=criterion.max_points,
        mandatory_min_star=criterion.mandatory_min_star,
        evidence=criterion.evidence,
        note=criterion.note,
        cases=list(cases.values()),
        options=options,
    )
