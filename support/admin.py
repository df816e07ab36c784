from django.contrib import admin

from .models import AwardPolicy, BudgetLine, Disbursement, SupportGrant


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("year", "province", "district", "category", "funding_source", "allocated_amount", "decision_number")
    list_filter = ("year", "category", "funding_source")
    list_select_related = ("province", "district")
    raw_id_fields = ("province", "district")


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0
    # Payments change a grant's state: they are recorded through the portal's service only.
    readonly_fields = ("paid_on", "amount", "note", "created_by", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupportGrant)
class SupportGrantAdmin(admin.ModelAdmin):
    list_display = ("producer", "budget_line", "amount", "state", "decision_number", "created_at")
    list_filter = ("state", "budget_line__year", "budget_line__category")
    list_select_related = ("producer", "budget_line")
    search_fields = ("producer__name", "description", "decision_number", "source_key")
    raw_id_fields = ("producer", "product", "budget_line")
    readonly_fields = ("state", "source_key", "proposed_by")
    inlines = [DisbursementInline]


@admin.register(AwardPolicy)
class AwardPolicyAdmin(admin.ModelAdmin):
    list_display = ("province", "year", "first_3_stars", "first_4_stars", "first_5_stars")
    list_select_related = ("province",)
    raw_id_fields = ("province",)
