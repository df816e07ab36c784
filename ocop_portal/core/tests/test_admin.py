"""Every page of the Django admin renders for a superuser: its list, its add page and the change
page of a real object. The portal's form renderer once found none of the admin's own widget
templates, and each change page with one of them answered 500."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from evaluation.models import Inspection, InspectionPlan
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, Notification
from ocop_portal.core.services import audit_log
from ocop_portal.testing import factories as f
from reports.models import ActivityFunding, BudgetAllocation, DevelopmentProject, PromotionEvent, StatedSupport
from support.enums import FundingSource, SupportCategory
from support.models import AwardPolicy, BudgetLine, SupportGrant

pytestmark = pytest.mark.django_db


def _budget_line(province):
    return BudgetLine.objects.create(
        province=province,
        year=2024,
        funding_source=FundingSource.choices[0][0],
        category=SupportCategory.choices[0][0],
        allocated_amount=100_000_000,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 1, 15),
    )


def _inspection(ctx):
    """A periodic inspection, in its plan, with a finding (the admin's read-only inline)."""
    from evaluation.models.inspections import InspectionKind
    from evaluation.services import inspections
    from evaluation.tests.test_certificates_helpers import issue, product_of

    certificate = issue(product_of(ctx["producer"]))
    plan = inspections.inspection_plan_create(
        province=ctx["province"], year=2026, title="Kế hoạch kiểm tra 2026", by=ctx["staff"]
    )
    inspection = inspections.inspection_create(
        certificate=certificate,
        kind=InspectionKind.PERIODIC,
        plan=plan,
        planned_on=datetime.date(2026, 9, 1),
        lead="Văn phòng Điều phối OCOP tỉnh",
        by=ctx["staff"],
    )
    inspections.inspection_finding_add(
        inspection=inspection, subject="mark", breach=False, description="Đúng quy định", by=ctx["staff"]
    )
    return inspection


# One object per model the admin shows; a model registered without a builder here fails the
# coverage test below, so a new admin page is never left untested.
BUILDERS = {
    Group: lambda ctx: Group.objects.create(name="Nhóm thử"),
    AccessAttempt: lambda ctx: AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="ua", failures_since_start=1
    ),
    AccessLog: lambda ctx: AccessLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="ua"),
    AccessFailureLog: lambda ctx: AccessFailureLog.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="ua", locked_out=False
    ),
    AdministrativeUnit: lambda ctx: ctx["district"],
    AuditEntry: lambda ctx: audit_log(actor=ctx["superuser"], action="test.admin", obj=ctx["district"]),
    Notification: lambda ctx: Notification.objects.create(recipient=ctx["staff"], subject="Thông báo"),
    # The user change page: the read-only password hash widget and the raw-id role fields.
    f.UserFactory._meta.model: lambda ctx: ctx["staff"],
    BudgetLine: lambda ctx: _budget_line(ctx["province"]),
    SupportGrant: lambda ctx: SupportGrant.objects.create(
        producer=ctx["producer"],
        budget_line=_budget_line(ctx["province"]),
        amount=10_000_000,
        description="Hỗ trợ bao bì",
    ),
    AwardPolicy: lambda ctx: AwardPolicy.objects.create(province=ctx["province"], year=2024),
    # Two-factor devices (django-otp): a superuser may remove a lost phone's device.
    TOTPDevice: lambda ctx: TOTPDevice.objects.create(user=ctx["staff"], name="Điện thoại", confirmed=True),
    # The programme's facts the annual report states (reports/models.py).
    BudgetAllocation: lambda ctx: BudgetAllocation.objects.create(
        province=ctx["province"], year=2024, amount=500_000_000, source="Ngân sách tỉnh", decision_number="649/QĐ-UBND"
    ),
    PromotionEvent: lambda ctx: PromotionEvent.objects.create(
        province=ctx["province"], year=2024, name="Hội chợ OCOP", participants=40, cost=120_000_000
    ),
    DevelopmentProject: lambda ctx: DevelopmentProject.objects.create(
        province=ctx["province"], year=2024, name="Dự án chuỗi giá trị", total_cost=300_000_000, state_share=150_000_000
    ),
    ActivityFunding: lambda ctx: ActivityFunding.objects.create(
        province=ctx["province"], year=2024, activity=ActivityFunding.Activity.choices[0][0], source="OCOP", amount=7
    ),
    StatedSupport: lambda ctx: StatedSupport.objects.create(
        province=ctx["province"], year=2024, decision_number="2121/QĐ-UBND", amount=460_000_000
    ),
    # Post-certification inspections (QĐ 26/2026 Art. 9): looked up here, written by their services.
    InspectionPlan: lambda ctx: _inspection(ctx).plan,
    Inspection: _inspection,
}


def test_every_registered_model_has_a_builder():
    assert set(admin.site._registry) == set(BUILDERS)


@pytest.fixture
def ctx(province, district, commune, province_staff, producer_record):
    superuser = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    return {
        "province": province,
        "district": district,
        "staff": province_staff,
        "producer": producer_record,
        "superuser": superuser,
    }


@pytest.mark.parametrize("model", list(BUILDERS), ids=lambda model: model._meta.label)
def test_admin_pages_render_for_a_superuser(client, ctx, model):
    obj = BUILDERS[model](ctx)
    client.force_login(ctx["superuser"])
    info = (model._meta.app_label, model._meta.model_name)
    change = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert change.status_code == 200, change.content[:500]
    assert change.context["original"].pk == obj.pk
    listing = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert listing.status_code == 200
    if admin.site._registry[model].has_add_permission(listing.wsgi_request):
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200


def test_user_change_page_shows_the_password_hash_widget_and_saves_a_role(client, ctx):
    """The page the issue found answering 500: it renders the read-only password hash and saves
    a full name and a province binding."""
    user = f.UserFactory(username="moi", full_name="")
    client.force_login(ctx["superuser"])
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"password" in page.content
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(
        {
            "username": "moi",
            "full_name": "Nguyễn Văn Mới",
            "staff_province": ctx["province"].pk,
            "date_joined_0": timezone.localtime(user.date_joined).strftime("%d/%m/%Y"),
            "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )
    data.pop("date_joined", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Văn Mới"
    assert user.staff_province == ctx["province"]
