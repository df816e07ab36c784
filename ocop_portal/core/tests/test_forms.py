from django import forms
from django.core.exceptions import ValidationError

from ocop_portal.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def _bound():
    form = NameForm(data={"name": "x"})
    assert form.is_valid()
    return form


def test_an_error_on_a_field_the_form_has_goes_next_to_that_field():
    form = _bound()
    add_service_errors(form, ValidationError({"name": "Tên đã có."}))
    assert form.errors == {"name": ["Tên đã có."]}


def test_an_error_on_a_field_the_form_lacks_goes_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError({"province": "Ngoài địa bàn."}))
    assert form.non_field_errors() == ["Ngoài địa bàn."]
    assert "name" not in form.errors


def test_an_error_without_a_field_goes_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError(["Một.", "Hai."]))
    assert form.non_field_errors() == ["Một.", "Hai."]
