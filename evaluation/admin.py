"""The Django admin for the post-certification inspections (QĐ 26/2026 Art. 9): to look records
up. Their writes (state, findings, files, revocations) go through evaluation/services/inspections.py,
so the admin shows those read-only."""

from django.contrib import admin

from .models import Inspection, InspectionFinding, InspectionPlan


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "province", "created_at")
    list_filter = ("year",)
    list_select_related = ("province",)
    search_fields = ("title",)
    raw_id_fields = ("province", "created_by")


class FindingInline(admin.TabularInline):
    model = InspectionFinding
    extra = 0
    fields = ("subject", "breach", "description", "proposed_ground", "revocation_decision", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("certificate", "kind", "planned_on", "state", "concluded_on", "province")
    list_filter = ("kind", "state")
    list_select_related = ("certificate", "province")
    search_fields = ("certificate__number", "certificate__product__name")
    raw_id_fields = ("plan", "certificate", "province", "created_by")
    readonly_fields = ("state", "concluded_on", "conclusion")
    inlines = [FindingInline]
