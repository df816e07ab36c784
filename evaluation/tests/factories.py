"""Factories for the evaluation app. `build_sheet` makes a small but complete, published sheet:
parts A 40 / B 25 / C 35, one group each, with a criterion carrying star markers (the gate)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from evaluation.enums import Level, MemberRole, RoundState, SheetState
from evaluation.models import (
    AnswerOption,
    Council,
    CouncilMember,
    Criterion,
    CriterionGroup,
    Dossier,
    Framework,
    Round,
    ScoreSheet,
    SheetPart,
)
from evaluation.reference import load_frameworks
from ocop_portal.testing import factories as f

# (part, group no, criterion code, [(points, star marker)])
MINI_SHEET = [
    ("A", 1, "1.1", [(0, None), (10, 3), (20, 4), (40, None)]),
    ("B", 4, "4.1", [(0, None), (15, None), (25, None)]),
    ("C", 6, "6.1", [(0, None), (5, 3), (20, None), (35, None)]),
]


def framework(code="148") -> Framework:
    load_frameworks()
    return Framework.objects.get(code=code)


def build_sheet(*, framework_obj=None, product_set=None, spec=MINI_SHEET, state=SheetState.PUBLISHED, version=1):
    framework_obj = framework_obj or framework()
    product_set = product_set or f.ProductSetFactory()
    sheet = ScoreSheet.objects.create(
        framework=framework_obj,
        product_set=product_set,
        version=version,
        title=f"Phiếu thử {product_set.code}",
        state=state,
        published_at=None if state == SheetState.DRAFT else timezone.now(),
    )
    parts = {}
    for order, (part_code, group_no, code, options) in enumerate(spec):
        if part_code not in parts:
            parts[part_code] = SheetPart.objects.create(
                sheet=sheet, code=part_code, max_points=framework_obj.part_maxima[part_code]
            )
        group, _ = CriterionGroup.objects.get_or_create(
            part=parts[part_code], number=group_no, defaults={"name": f"Nhóm {group_no}"}
        )
        criterion = Criterion.objects.create(
            sheet=sheet,
            group=group,
            code=code,
            name=f"Tiêu chí {code}",
            max_points=max(Decimal(p) for p, _ in options),
            order=order,
        )
        for number, (points, marker) in enumerate(options, start=1):
            AnswerOption.objects.create(
                criterion=criterion, number=number, text=f"Mức {number}", points=points, min_star_marker=marker
            )
    return sheet


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    province = factory.SubFactory(f.ProvinceFactory)
    framework = factory.LazyFunction(framework)
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    state = RoundState.OPEN


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    product = factory.SubFactory(f.ProductFactory)
    round = factory.SubFactory(RoundFactory, province=factory.SelfAttribute("..product.province"))
    sheet = factory.LazyAttribute(
        lambda d: (
            ScoreSheet.objects.filter(product_set=d.product.product_set, state=SheetState.PUBLISHED).first()
            or build_sheet(framework_obj=d.round.framework, product_set=d.product.product_set)
        )
    )
    current_level = Level.DISTRICT
    district = factory.LazyAttribute(lambda d: d.product.district)
    province = factory.LazyAttribute(lambda d: d.product.province)
    created_by = factory.SubFactory(f.UserFactory)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    province = factory.SubFactory(f.ProvinceFactory)
    level = Level.DISTRICT
    jurisdiction = factory.SubFactory(f.DistrictFactory)
    name = factory.Sequence(lambda n: f"Hội đồng đánh giá, phân hạng sản phẩm OCOP số {n}")
    term_start = datetime.date(2026, 1, 1)


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(f.UserFactory)
    role = MemberRole.MEMBER
