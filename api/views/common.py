"""What every API view shares: objects come from a selector (unseen → 404) and actions are
checked with the pages' django-rules permissions (seen but refused → 403)."""

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, viewsets

# Ids are bigint: longer strings are not ids, so they are a 404 from the URL resolver.
ID_PATTERN = "[0-9]{1,18}"


def require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ID_PATTERN
    # Subclasses set `selector(user) -> QuerySet`; nothing starts from Model.objects.all().
    selector = None

    def get_queryset(self):
        return type(self).selector(self.request.user)


class ListCreateRetrieveViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    lookup_value_regex = ID_PATTERN
    selector = None

    def get_queryset(self):
        return type(self).selector(self.request.user)


def validated(view, serializer_class, data) -> dict:
    """Input checked by `serializer_class` (400 with field errors otherwise), as a plain dict."""
    serializer = serializer_class(data=data, context=view.get_serializer_context())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
