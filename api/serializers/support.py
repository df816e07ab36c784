"""Support money: budget lines and grants."""

import datetime

from rest_framework import serializers

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from support.enums import FundingSource, GrantState, SupportCategory
from support.selectors import budget_lines_visible_to, producers_in_scope, products_in_scope

from .common import ScopedPrimaryKeyRelatedField

MAX_AMOUNT = 10**15  # đồng: far above any province's budget, far below the column's limit


def _check_date(value):
    if value is not None and not (datetime.date(1990, 1, 1) <= value <= datetime.date(2100, 12, 31)):
        raise serializers.ValidationError("Date must be between 1990-01-01 and 2100-12-31.")
    return value


class BudgetLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the budget line.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    district = serializers.IntegerField(
        source="district_id", allow_null=True, help_text="Id of the district it is reserved for (null: province-wide)."
    )
    year = serializers.IntegerField(help_text="Budget year.")
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, help_text="Where the money comes from.")
    category = serializers.ChoiceField(choices=SupportCategory.choices, help_text="What it pays for.")
    allocated_amount = serializers.IntegerField(help_text="Allocated, in đồng.")
    committed = serializers.IntegerField(help_text="Committed by approved grants, in đồng.")
    paid = serializers.IntegerField(help_text="Paid out, in đồng.")
    remaining = serializers.IntegerField(help_text="Allocated minus committed, in đồng.")
    decision_number = serializers.CharField(help_text="Allocation decision number.")
    decision_date = serializers.DateField(help_text="Allocation decision date.")
    note = serializers.CharField(help_text="Note (may be empty).")


class BudgetLineCreateSerializer(serializers.Serializer):
    district = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT),
        required=False,
        allow_null=True,
        default=None,
        help_text="District id to reserve the line for (omit for province-wide).",
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Budget year.")
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, help_text="Where the money comes from.")
    category = serializers.ChoiceField(choices=SupportCategory.choices, help_text="What it pays for.")
    allocated_amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="Allocated, in đồng.")
    decision_number = serializers.CharField(max_length=60, help_text="Allocation decision number.")
    decision_date = serializers.DateField(validators=[_check_date], help_text="Allocation decision date.")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="", help_text="Note.")


class GrantSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the grant.")
    producer = serializers.IntegerField(source="producer_id", help_text="Id of the producer supported.")
    producer_name = serializers.CharField(source="producer.name", help_text="Name of the producer.")
    product = serializers.IntegerField(source="product_id", allow_null=True, help_text="Id of the product, if any.")
    budget_line = serializers.IntegerField(source="budget_line_id", help_text="Id of the budget line.")
    year = serializers.IntegerField(source="budget_line.year", help_text="Budget year.")
    category = serializers.ChoiceField(
        source="budget_line.category", choices=SupportCategory.choices, help_text="Category of the line."
    )
    amount = serializers.IntegerField(help_text="State support, in đồng (proposed, then approved).")
    units = serializers.IntegerField(help_text="Units supported (products tested, fairs attended…).")
    description = serializers.CharField(help_text="What is supported.")
    counterpart_amount = serializers.IntegerField(help_text="Producer's counterpart funds, in đồng.")
    total_project_cost = serializers.IntegerField(allow_null=True, help_text="Total project cost, in đồng.")
    decision_number = serializers.CharField(help_text="Support decision number (empty until approved).")
    decision_date = serializers.DateField(allow_null=True, help_text="Support decision date.")
    state = serializers.ChoiceField(choices=GrantState.choices, help_text="Where the grant is.")
    paid = serializers.IntegerField(help_text="Paid so far, in đồng.")
    created_at = serializers.DateTimeField(help_text="When it was proposed.")


class GrantCreateSerializer(serializers.Serializer):
    producer = ScopedPrimaryKeyRelatedField(
        selector=producers_in_scope, help_text="Producer id the user may propose support for."
    )
    product = ScopedPrimaryKeyRelatedField(
        selector=products_in_scope,
        required=False,
        allow_null=True,
        default=None,
        help_text="Product id of that producer, when the support is for one product.",
    )
    budget_line = ScopedPrimaryKeyRelatedField(
        selector=budget_lines_visible_to, help_text="Budget line id the grant would be paid from."
    )
    amount = serializers.IntegerField(min_value=1, max_value=MAX_AMOUNT, help_text="State support, in đồng.")
    units = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1, help_text="Units supported.")
    description = serializers.CharField(max_length=2000, help_text="What is supported.")
    counterpart_amount = serializers.IntegerField(
        min_value=0, max_value=MAX_AMOUNT, default=0, help_text="Producer's counterpart funds, in đồng."
    )
    total_project_cost = serializers.IntegerField(
        min_value=0, max_value=MAX_AMOUNT, required=False, allow_null=True, default=None, help_text="Total cost."
    )


class GrantApproveSerializer(serializers.Serializer):
    amount = serializers.IntegerField(
        min_value=1, max_value=MAX_AMOUNT, required=False, help_text="Approved amount, in đồng (default: proposed)."
    )
    decision_number = serializers.CharField(max_length=60, help_text="Support decision number.")
    decision_date = serializers.DateField(validators=[_check_date], help_text="Support decision date.")


class GrantRefuseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, help_text="Why the grant is refused or cancelled (required).")


class DisbursementCreateSerializer(serializers.Serializer):
    paid_on = serializers.DateField(validators=[_check_date], help_text="Date paid (not before the decision).")
    amount = serializers.IntegerField(min_value=1, max_value=MAX_AMOUNT, help_text="Amount paid, in đồng.")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="", help_text="Note.")


class DisbursementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the payment.")
    grant = serializers.IntegerField(source="grant_id", help_text="Id of the grant.")
    paid_on = serializers.DateField(help_text="Date paid.")
    amount = serializers.IntegerField(help_text="Amount paid, in đồng.")
    note = serializers.CharField(help_text="Note (may be empty).")
