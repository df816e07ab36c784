"""Accounts through the API: province staff manage their province's users, superusers anyone's
(ocop_portal.accounts.services, as on the account pages)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ocop_portal.accounts import services

from ..serializers import accounts as s
from .common import ListCreateRetrieveViewSet, validated


class AccountFilter(filters.FilterSet):
    is_active = filters.BooleanFilter(label="Only active (true) or deactivated (false) accounts.")
    staff_province = filters.NumberFilter(field_name="staff_province_id", label="Only staff of this province id.")
    officer_district = filters.NumberFilter(
        field_name="officer_district_id", label="Only officers of this district id."
    )
    officer_commune = filters.NumberFilter(field_name="officer_commune_id", label="Only officers of this commune id.")
    producer = filters.NumberFilter(
        field_name="producer_membership__producer_id", label="Only users acting for this producer id."
    )


@extend_schema_view(
    list=extend_schema(summary="List the accounts you manage", tags=["accounts"]),
    retrieve=extend_schema(summary="Read one account", tags=["accounts"]),
    create=extend_schema(
        summary="Invite a person: create the account with its roles and e-mail a set-password link",
        tags=["accounts"],
        request=s.AccountInviteSerializer,
        responses={201: s.AccountSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an account's name, e-mail, phone or roles (within your province)",
        tags=["accounts"],
        request=s.AccountUpdateSerializer,
        responses={200: s.AccountSerializer},
    ),
)
class AccountViewSet(ListCreateRetrieveViewSet):
    """Province staff see and manage the accounts bound in their province and nowhere else;
    superusers every account. Others: 403."""

    serializer_class = s.AccountSerializer
    filterset_class = AccountFilter
    selector = services.accounts_visible_to
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not services.may_manage_accounts(request.user):
            raise PermissionDenied

    def _read(self, user, code=status.HTTP_200_OK) -> Response:
        return Response(s.AccountSerializer(get_object_or_404(self.get_queryset(), pk=user.pk)).data, status=code)

    def _base_url(self) -> str:
        return self.request.build_absolute_uri("/")

    def create(self, request, *args, **kwargs):
        data = validated(self, s.AccountInviteSerializer, request.data)
        user = services.account_invite(by=request.user, base_url=self._base_url(), **data)
        # An account invited without a role (a council member) is in the province's view once seated.
        return Response(s.AccountSerializer(user).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        user = self.get_object()
        data = validated(self, s.AccountUpdateSerializer, request.data)
        services.account_update(by=request.user, user=user, **data)
        return self._read(user)

    @extend_schema(
        summary="Deactivate an account: no sign-in, no API key",
        tags=["accounts"],
        request=s.AccountActiveSerializer,
        responses={200: s.AccountSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def deactivate(self, request, pk=None):
        user = self.get_object()
        note = validated(self, s.AccountActiveSerializer, request.data)["note"]
        services.account_set_active(by=request.user, user=user, active=False, note=note)
        return self._read(user)

    @extend_schema(
        summary="Reactivate a deactivated account",
        tags=["accounts"],
        request=s.AccountActiveSerializer,
        responses={200: s.AccountSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def activate(self, request, pk=None):
        user = self.get_object()
        note = validated(self, s.AccountActiveSerializer, request.data)["note"]
        services.account_set_active(by=request.user, user=user, active=True, note=note)
        return self._read(user)

    @extend_schema(
        summary="E-mail a new set-password link (account without a password yet)",
        tags=["accounts"],
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["post"], url_path="resend-invitation", filterset_class=None)
    def resend_invitation(self, request, pk=None):
        services.account_resend_invitation(by=request.user, user=self.get_object(), base_url=self._base_url())
        return Response(status=status.HTTP_204_NO_CONTENT)
