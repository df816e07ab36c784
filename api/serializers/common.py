from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key chosen among `selector(request.user)`: ids outside it are "does not exist"."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(self.context["request"].user)


LATE_REASON_HELP = (
    "Only after the round's deadline for this step: why it is taken late. Province staff only; "
    "recorded in the audit log. Without it a late step answers 400 on `late_reason`."
)


def late_reason_field():
    return serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text=LATE_REASON_HELP
    )
