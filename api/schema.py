"""OpenAPI additions: every operation documents its error responses with their shapes."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the user's language.")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the write was refused.")
    current_version = serializers.IntegerField(
        required=False, help_text="The record's version now: read it again, then retry with this version."
    )


class FieldErrorsSerializer(serializers.Serializer):
    """400: each invalid field maps to its messages; errors not about one field are under
    `non_field_errors`. Nested fields (lists of items) map to a list or object of the same shape."""

    non_field_errors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Errors not tied to one field."
    )

    class Meta:
        ref_name = "FieldErrors"


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        extra = {}
        if method in ("POST", "PUT", "PATCH") or self._is_list_view():
            extra["400"] = (FieldErrorsSerializer, "Invalid input or filter values, per field.")
        if self.get_auth() and self.get_auth() != [{}]:
            extra["401"] = (ErrorSerializer, "No or invalid credentials.")
        extra["403"] = (ErrorSerializer, "Not allowed: the action is refused for this user.")
        if "{" in self.path:
            extra["404"] = (ErrorSerializer, "Not found, or outside what this user may see.")
        if method in ("PATCH", "PUT"):
            extra["409"] = (ConflictSerializer, "The record changed since it was read (stale version).")
        for code, (serializer, description) in extra.items():
            if code not in responses:
                response = self._get_response_for_code(serializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
