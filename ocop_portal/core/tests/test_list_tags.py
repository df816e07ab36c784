"""Template filters for list pages: `filter_field` writes a list filter as Bootstrap 5 markup
(labelled, errors tied to the widget for screen readers); `display` shows a choice's label as
`get_FOO_display` does."""

import pytest
from django import forms
from django.utils import translation

from evaluation.enums import DossierKind, DossierState, Level
from evaluation.models import Dossier
from ocop_portal.core.templatetags import ocop
from ocop_portal.core.templatetags.ocop import display, filter_field


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


CHOICE_FIELDS = [("state", DossierState), ("kind", DossierKind), ("current_level", Level)]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("field", "choices"), CHOICE_FIELDS)
def test_display_reads_as_get_display_in_each_language(language, field, choices):
    with translation.override(language):
        for value in [*choices.values, "no-such-value"]:
            dossier = Dossier(**{field: value})

            assert str(display(dossier, field)) == getattr(dossier, f"get_{field}_display")()


class _Selects(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Tất cả"), ("a", "Chè <xanh> & đen"), ("b", "Gạo")], required=False)
    typed = forms.TypedChoiceField(choices=[("", "---"), (3, "★★★"), (4, "★★★★")], coerce=int, required=False)
    grouped = forms.ChoiceField(choices=[("Nhóm", [("x", "X"), ("y", "Y")])], required=False)
    required = forms.ChoiceField(choices=[("", "Chọn"), ("a", "A")])
    off = forms.ChoiceField(choices=[("a", "A")], required=False, disabled=True)


SELECT_DATA = [None, {}, {"plain": "a", "typed": "4", "grouped": "y"}, {"plain": "zz", "typed": "9"}]


@pytest.mark.parametrize("data", SELECT_DATA)
def test_a_select_is_written_exactly_as_django_writes_it(data):
    """`filter_field` writes plain selects itself for speed; the markup must not drift from
    Django's own widget: escaping, the selected option, required/disabled, option groups."""
    form = _Selects(data)
    if data is not None:
        form.is_valid()
    for name in form.fields:
        bound = form[name]
        attrs = {"class": "form-select", "data-autosubmit": ""}

        ours = ocop._select_html(bound, dict(attrs))

        assert str(ours) == str(bound.as_widget(attrs=dict(attrs))), name


@pytest.mark.django_db
def test_a_model_select_is_written_exactly_as_django_writes_it():
    from ocop_portal.testing import factories as f

    province = f.ProvinceFactory(name="Tỉnh <Bắc> Giang")
    f.ProvinceFactory(code="26", name="Tỉnh Phú Thọ")

    class Units(forms.Form):
        unit = forms.ModelChoiceField(queryset=province.__class__.objects.order_by("name"), required=False)

    bound = Units({"unit": str(province.pk)})["unit"]

    assert str(ocop._select_html(bound, {})) == str(bound.as_widget(attrs={}))
    assert f'<option value="{province.pk}" selected>Tỉnh &lt;Bắc&gt; Giang</option>' in str(filter_field(bound))
