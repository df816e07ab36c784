"""Issue 19, item 8: Django's "---------" empty choice reads "Tất cả" in a list's filters and
"Chọn…" in a form, for every select (done once, in the form renderer and the filter tag)."""

import pytest
from django import forms
from django.urls import reverse

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.templatetags.ocop import filter_field


class _Form(forms.Form):
    unit = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.order_by("pk"), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


@pytest.mark.django_db
def test_a_forms_select_says_choose():
    html = str(_Form()["unit"]) + str(_Form()["kind"])
    assert "---------" not in html
    assert html.count('<option value="" selected>Chọn…</option>') == 2


@pytest.mark.django_db
def test_a_filters_select_says_all():
    html = str(filter_field(_Form()["unit"])) + str(filter_field(_Form()["kind"]))
    assert "---------" not in html
    assert html.count('<option value="" selected>Tất cả</option>') == 2


@pytest.mark.django_db
def test_no_page_shows_dashes(client_for, province_staff):
    client = client_for(province_staff)
    for name in ("evaluation:dossier_queue", "evaluation:dossier_create", "evaluation:certificate_list"):
        html = client.get(reverse(name)).content.decode()
        assert "---------" not in html, name
