"""Errors from the services become structured responses, never a 500.

- django ValidationError → 400 `{"field": ["message", …], "non_field_errors": [...]}`
- IntegrityError / DataError that a service let through → 400 `non_field_errors`
- a stale `version` (optimistic locking) → 409 `{"detail": …, "current_version": N}`
- PermissionDenied → 403, Http404 → 404 (DRF's own handling)
- PostgreSQL giving up one of two transactions that wait for each other (deadlock, serialization
  failure, lock timeout) → 409 `{"detail": …, "retry": true}` with `Retry-After`: nothing of the
  request was written, sending it again is safe. The services take their locks in one order
  (docs/architecture.md, "Concurrency"), so this is a last resort, not the normal answer.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, OperationalError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from evaluation.services.dossiers import DossierConflict
from products.services import VersionConflict


def service_error_detail(error: DjangoValidationError) -> dict:
    detail = as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


# SQLSTATE of a transaction PostgreSQL rolled back because of another one: deadlock_detected,
# serialization_failure, lock_not_available.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}


def _retryable(exc) -> bool:
    cause = exc.__cause__ if isinstance(exc, OperationalError) else None
    return getattr(cause, "pgcode", None) in RETRYABLE_SQLSTATES


def exception_handler(exc, context):
    if _retryable(exc):
        return Response(
            {
                "detail": _("Yêu cầu trùng lúc với một thao tác khác trên cùng dữ liệu và chưa được ghi; hãy gửi lại."),
                "retry": True,
            },
            status=status.HTTP_409_CONFLICT,
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, VersionConflict):
        return Response(
            {
                "detail": _("Bản ghi đã được người khác lưu sau khi bạn đọc nó."),
                "current_version": exc.current.version,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DossierConflict):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(service_error_detail(exc))
    elif isinstance(exc, IntegrityError | DataError):
        exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [_("Dữ liệu mâu thuẫn với dữ liệu đã có.")]})
    return drf_exception_handler(exc, context)
