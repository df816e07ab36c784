"""Province staff and the administrator record the facts a report states that the portal's own
workflow does not produce: the programme's budget by decision, events, projects and their funding,
and support a report states only in totals."""

from django.contrib import admin

from .models import (
    ActivityFunding,
    BudgetAllocation,
    DevelopmentProject,
    PromotionEvent,
    StatedSupport,
    StatedSupportLine,
)


@admin.register(BudgetAllocation, PromotionEvent, DevelopmentProject, ActivityFunding)
class ReportFactAdmin(admin.ModelAdmin):
    list_filter = ["year"]


class StatedSupportLineInline(admin.TabularInline):
    model = StatedSupportLine
    extra = 1


@admin.register(StatedSupport)
class StatedSupportAdmin(admin.ModelAdmin):
    list_filter = ["year"]
    list_display = ["__str__", "province", "amount"]
    inlines = [StatedSupportLineInline]
