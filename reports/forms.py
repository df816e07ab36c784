from django import forms

from .enums import DOCUMENT_FIELDS, NARRATIVE_FIELDS
from .models import ReportNarrative, YearPlan


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = DOCUMENT_FIELDS + NARRATIVE_FIELDS
        widgets = {
            **{field: forms.Textarea(attrs={"rows": 5, "class": "form-control"}) for field in NARRATIVE_FIELDS},
            **{
                field: forms.TextInput(attrs={"class": "form-control"})
                for field in ("document_number", "place", "issuer", "signer_title", "signer_name")
            },
            "cutoff_date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "document_date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "recipients": forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        }


class YearPlanForm(forms.ModelForm):
    class Meta:
        model = YearPlan
        fields = [
            "target_products",
            "target_products_max",
            "target_per_district_min",
            "target_per_district_max",
            "target_upgrades",
            "target_upgrades_max",
            "target_five_star",
            "target_tourism",
            "target_cumulative",
            "district_round1_deadline",
            "district_round2_deadline",
            "province_round1_deadline",
            "province_round2_deadline",
            "announcement_deadline",
            "budget_need",
            "budget_need_sources",
        ]
        widgets = {
            **{
                name: forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
                for name in fields
                if name.endswith("_deadline")
            },
            "budget_need_sources": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        }


class YearTargetForm(forms.ModelForm):
    """The year's own target and the province's standing at its end, on that year's page (its
    deadlines and budget need belong to the year before's page)."""

    class Meta:
        model = YearPlan
        fields = ["target_products", "target_products_max", "national_rank", "regional_rank", "region"]
