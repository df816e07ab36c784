"""Province staff and the administrator record the facts a report states that the portal's own
workflow does not produce: the programme's budget by decision, events, projects and their funding."""

from django.contrib import admin

from .models import ActivityFunding, BudgetAllocation, DevelopmentProject, PromotionEvent


@admin.register(BudgetAllocation, PromotionEvent, DevelopmentProject, ActivityFunding)
class ReportFactAdmin(admin.ModelAdmin):
    list_filter = ["year"]
