"""The year's programme facts that the workflow does not produce — the budget assigned by decision,
the fairs and trade-promotion events, the development projects and their funding by source — as
province staff enter them on the report's page (they were entered only through the admin).

One formset per kind of fact, each limited to the staff's province and the year; saving writes one
audit entry per row created, changed or deleted."""

from django import forms
from django.db import transaction

from ocop_portal.core.services import audit_log

from .models import ActivityFunding, BudgetAllocation, DevelopmentProject, PromotionEvent

# (prefix, model, fields, heading) in the order the report writes them.
FACTS = (
    ("budget", BudgetAllocation, ["amount", "source", "decision_number", "decision_date"]),
    ("events", PromotionEvent, ["name", "place", "participants", "cost"]),
    ("projects", DevelopmentProject, ["name", "beneficiary", "place", "total_cost", "state_share"]),
    ("funding", ActivityFunding, ["activity", "source", "amount", "state"]),
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def fact_formsets(province, year: int, data=None) -> list:
    """The four formsets of `province`'s facts of `year` (bound when `data` is given)."""
    formsets = []
    for prefix, model, fields in FACTS:
        formset_class = forms.modelformset_factory(
            model,
            fields=fields,
            extra=1,
            can_delete=True,
            widgets={"decision_date": DATE_WIDGET} if "decision_date" in fields else None,
        )
        formset = formset_class(
            data, prefix=prefix, queryset=model.objects.filter(province=province, year=year).order_by("id")
        )
        formset.heading = model._meta.verbose_name_plural
        formsets.append(formset)
    return formsets


def _values(instance, fields) -> dict:
    return {name: str(getattr(instance, name)) for name in fields}


def facts_save(*, province, year: int, formsets, by) -> int:
    """Save valid `formsets` for `province` and `year`. Side effects: the rows created, changed and
    deleted, one audit entry each (programme_fact.created / .changed / .deleted). Returns how many
    rows changed."""
    changed = 0
    with transaction.atomic():
        for formset, (_prefix, _model, fields) in zip(formsets, FACTS, strict=True):
            for instance in formset.save(commit=False):
                created = instance.pk is None
                instance.province, instance.year = province, year
                instance.save()
                audit_log(
                    actor=by,
                    action="programme_fact.created" if created else "programme_fact.changed",
                    obj=instance,
                    changes=_values(instance, fields),
                )
                changed += 1
            for instance in formset.deleted_objects:
                audit_log(actor=by, action="programme_fact.deleted", obj=instance, changes=_values(instance, fields))
                instance.delete()
                changed += 1
    return changed
