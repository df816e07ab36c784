"""The second province: what a role may do or see in one province, the same role in another
province may not.

The scenario (conftest.py) is province A with something of every kind. Province B gets the same
roles — its staff, a district officer, a council with a seated member and a chair, a producer
user — each with data of its own, so an empty answer for B's users is a scoped answer, not an
empty database. Every permission registered with django-rules and every selector that takes a
user is checked, so a rule or selector added later is covered without editing this file.
"""

import importlib
import inspect
from collections import defaultdict

import pytest
import rules
from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from evaluation.models import Criterion, CriterionGroup, ScoreSheet
from evaluation.services.councils import council_assign
from evaluation.tests.factories import RoundFactory
from evaluation.tests.test_councils import make_council
from ocop_portal.testing import factories as f

from .conftest import _accepted

pytestmark = pytest.mark.django_db

ROLES = ("province_staff", "district_officer", "commune_officer", "council_member", "chair", "producer")
# Score sheets are national reference data: one published sheet per product set serves every
# province, so they are not part of either province's rows.
NATIONAL_REFERENCE = (ScoreSheet, Criterion, CriterionGroup)
SELECTOR_MODULES = (
    "evaluation.selectors.dossiers",
    "evaluation.selectors.councils",
    "evaluation.selectors.certificates",
    "evaluation.selectors.inspections",
    "evaluation.selectors.jobs",
    "products.selectors",
    "support.selectors",
    "reports.selectors",
)


@pytest.fixture
def home(scenario, province_staff, district_officer, commune_officer, producer):
    return {
        "province_staff": province_staff,
        "district_officer": district_officer,
        "commune_officer": commune_officer,
        "council_member": scenario["seat"].user,
        "chair": scenario["chair"].user,
        "producer": producer,
    }


@pytest.fixture
def elsewhere(scenario):
    """Province B's holders of the same roles, each with a dossier, a council and a producer."""
    province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    district = f.DistrictFactory(parent=province, code="256", name="Huyện Yên Phong")
    commune = f.CommuneFactory(parent=district, code="09193")
    producer_record = f.ProducerFactory(commune=commune, name="HTX Yên Phong")
    officer = f.UserFactory(username="officer-bn", officer_district=district)
    producer_user = f.UserFactory(username="producer-bn")
    f.ProducerMembershipFactory(user=producer_user, producer=producer_record)
    council, (chair, _vice, seat, _fourth) = make_council(province=province, jurisdiction=district)
    dossier = _accepted(
        f.ProductFactory(producer=producer_record, name="Gà Yên Phong"), officer, RoundFactory(province=province)
    )
    council_assign(council=council, dossiers=[dossier], by=officer)
    return {
        "province_staff": f.UserFactory(username="staff-bn", staff_province=province),
        "district_officer": officer,
        "commune_officer": f.UserFactory(username="xa-bn", officer_commune=commune),
        "council_member": seat.user,
        "chair": chair.user,
        "producer": producer_user,
    }


def _allows(perm: str, user, obj) -> bool:
    try:
        return bool(rules.has_perm(perm, user, obj))
    except (AttributeError, TypeError, ValueError):
        return False  # an object of another kind than the rule's


def _objects(scenario) -> dict[str, models.Model]:
    return {
        name: obj
        for name, obj in scenario.objects.items()
        if isinstance(obj, models.Model) and not isinstance(obj, NATIONAL_REFERENCE)
    }


def _objects_for(perm: str, objects: dict) -> dict:
    """The objects a permission is about: those of the model its name ends with
    ("evaluation.close_councilassignment" → CouncilAssignment), else every object."""
    app_label, codename = perm.split(".", 1)
    model_names = {model._meta.model_name: model for model in apps.get_app_config(app_label).get_models()}
    words = codename.split("_")
    for start in range(1, len(words)):
        model = model_names.get("".join(words[start:]))
        if model is not None:
            return {name: obj for name, obj in objects.items() if isinstance(obj, model)}
    return objects


def test_no_permission_on_a_provinces_object_reaches_the_same_role_of_another_province(scenario, home, elsewhere):
    granted, leaks = defaultdict(set), []
    for role in ROLES:
        for perm in sorted(rules.permissions.permissions):
            if _allows(perm, home[role], None):
                continue  # a permission of the role itself, not of an object
            for name, obj in _objects_for(perm, _objects(scenario)).items():
                if _allows(perm, home[role], obj):
                    granted[role].add(perm)
                    if _allows(perm, elsewhere[role], obj):
                        leaks.append((role, perm, name))

    assert leaks == [], "\n".join(map(str, leaks))
    # The check above is only as good as what province A's roles were granted: the core of each.
    assert {
        "evaluation.view_dossier",
        "evaluation.check_dossier",
        "evaluation.change_council",
        "evaluation.close_councilassignment",
        "evaluation.revoke_certificate",
        "reports.view_report_request",
    } <= granted["province_staff"]
    assert {"evaluation.view_dossier", "evaluation.check_dossier", "evaluation.change_council"} <= granted[
        "district_officer"
    ]
    assert {"evaluation.view_dossier", "evaluation.prepare_dossier", "products.change_producer"} <= granted[
        "commune_officer"
    ]
    assert {"evaluation.view_dossier", "evaluation.score_councilassignment"} <= granted["council_member"]
    assert {"evaluation.close_councilassignment"} <= granted["chair"]
    assert {"evaluation.view_dossier", "evaluation.prepare_dossier"} <= granted["producer"]


def _selectors():
    for module_name in SELECTOR_MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            # (make mutate's copies hold each function's mutants beside it: not selectors)
            if name.startswith("_") or "__mutmut_" in name or function.__module__ != module_name:
                continue
            parameters = list(inspect.signature(function).parameters.values())
            others_have_defaults = all(p.default is not p.empty for p in parameters[1:])
            if parameters and parameters[0].name == "user" and others_have_defaults:
                yield f"{module_name}.{name}", function


def _province_a_rows(result: QuerySet, objects) -> list[str]:
    own = {obj.pk: name for name, obj in objects.items() if isinstance(obj, result.model)}
    return sorted(own[pk] for pk in result.filter(pk__in=list(own)).values_list("pk", flat=True))


def test_no_selector_shows_a_provinces_rows_to_the_same_role_of_another_province(scenario, home, elsewhere):
    objects = _objects(scenario)
    seen_at_home, leaks = defaultdict(set), []
    for selector, function in _selectors():
        for role in ROLES:
            result = function(home[role])
            if not isinstance(result, QuerySet):
                continue
            if _province_a_rows(result, objects):
                seen_at_home[role].add(selector)
                leaked = _province_a_rows(function(elsewhere[role]), objects)
                if leaked:
                    leaks.append((role, selector, leaked))

    assert leaks == [], "\n".join(map(str, leaks))
    assert {
        "evaluation.selectors.dossiers.dossiers_visible_to",
        "evaluation.selectors.councils.decisions_visible_to",
        "evaluation.selectors.certificates.misuse_reports_visible_to",
        "support.selectors.grants_visible_to",
        "reports.selectors.report_requests_visible_to",
    } <= seen_at_home["province_staff"]
    # post-certification inspections (QĐ 26/2026 Art. 9): the scenario's concluded inspection
    assert {
        "evaluation.selectors.inspections.inspections_visible_to",
        "evaluation.selectors.inspections.inspection_plans_visible_to",
    } <= seen_at_home["province_staff"]
    assert "evaluation.selectors.inspections.inspections_visible_to" in seen_at_home["commune_officer"]
    assert "evaluation.selectors.inspections.inspections_visible_to" in seen_at_home["producer"]
    assert "evaluation.selectors.dossiers.dossiers_visible_to" in seen_at_home["council_member"]
    # the scenario's council pack: the province's staff, the district's officer, the council's members
    for role in ("province_staff", "district_officer", "council_member", "chair"):
        assert "evaluation.selectors.jobs.jobs_visible_to" in seen_at_home[role], role
    assert "products.selectors.products_visible_to" in seen_at_home["producer"]
    assert {
        "products.selectors.producers_visible_to",
        "evaluation.selectors.dossiers.dossiers_visible_to",
        "evaluation.selectors.certificates.certificates_visible_to",
    } <= seen_at_home["commune_officer"]
