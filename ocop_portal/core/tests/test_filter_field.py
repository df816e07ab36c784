"""The `filter_field` template filter writes a list filter as Bootstrap 5 markup: labelled, and
with its errors tied to the widget for screen readers."""

from django import forms

from ocop_portal.core.templatetags.ocop import filter_field


class _Filters(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, help_text="Tên hoặc số ĐKKD")
    stars = forms.ChoiceField(label="Hạng sao", choices=[("", "Mọi hạng"), ("3", "3 sao")], required=False)


def test_a_select_and_a_text_box_are_labelled_and_styled():
    form = _Filters({"q": "chè", "stars": "3"})
    form.is_valid()

    select, text = str(filter_field(form["stars"])), str(filter_field(form["q"]))

    assert '<label for="id_stars" class="form-label">Hạng sao</label>' in select
    assert 'class="form-select"' in select and '<option value="3" selected>3 sao</option>' in select
    assert 'class="form-control"' in text and 'value="chè"' in text
    assert 'aria-describedby="id_q_helptext"' in text and '<div id="id_q_helptext" class="form-text">' in text
    assert "is-invalid" not in select + text


def test_an_invalid_choice_is_marked_and_explained():
    form = _Filters({"stars": "9"})
    form.is_valid()

    html = str(filter_field(form["stars"]))

    assert 'class="form-select is-invalid"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_stars_errors"' in html
    assert '<div id="id_stars_errors" class="invalid-feedback"><strong class="d-block">' in html
    assert "9" in html  # Django's message names the refused value
