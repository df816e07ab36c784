"""Form fields shared by the apps' list filters and filter forms."""

from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class _ReadOnceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.field.rows():
            yield self.choice(obj)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(self.field.rows()) + extra

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows())


class ReadOnceModelChoiceField(ModelChoiceField):
    """A list filter's model select that reads its rows once per form: checking the chosen value
    and rendering the options share one query (Django's field runs a `get` for the first and
    the whole queryset again for the second). `rows`, when given, are those rows already read."""

    iterator = _ReadOnceIterator

    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, **kwargs)  # sets the queryset, which forgets any rows read
        self._rows = rows

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)  # a form copies its fields, and the queryset with them
        copied._rows = self._rows
        return copied

    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(self.queryset)
        return self._rows

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._rows = None

    queryset = property(ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        if value in self.empty_values or (self.null_label is not None and value == self.null_value):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        chosen = next((obj for obj in self.rows() if str(getattr(obj, key)) == str(value)), None)
        if chosen is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return chosen
