"""Producer sign-up through the API (QĐ 26/2026): the public request, with the page's hourly
allowance per address and the same answer whatever was given, and the commune officer's list
and decision (own commune only), with products.services.signup as on the pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop_portal.core.rate_limit import RATE_WINDOW_SECONDS, over_rate_limit
from products.enums import SignupState
from products.services import signup as services

from ..serializers import signups as s
from .common import ReadOnlyViewSet, validated


class PublicSignupView(APIView):
    """Anyone, no key: ask for a producer account. Shares the sign-up page's allowance per client
    address (OCOP_SIGNUPS_PER_HOUR), so the API is no way around it."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="Ask for a producer account by business registration number (public)",
        tags=["public"],
        auth=[],
        request=s.SignupRequestSerializer,
        responses={
            202: s.SignupAcceptedSerializer,
            400: OpenApiResponse(description="A field is missing or malformed."),
            429: OpenApiResponse(description="Too many requests from this address in an hour."),
        },
    )
    def post(self, request):
        if over_rate_limit(request, "producer_signup", getattr(settings, "OCOP_SIGNUPS_PER_HOUR", 5)):
            raise Throttled(wait=RATE_WINDOW_SECONDS)
        serializer = s.SignupRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.signup_request(**serializer.validated_data)
        detail = _(
            "Đã nhận đề nghị. Nếu số đăng ký thuộc một chủ thể của tỉnh, UBND xã sẽ xác nhận và gửi thư "
            "chọn mật khẩu đến địa chỉ thư điện tử đã khai."
        )
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class SignupFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=SignupState.choices, label="Only requests in this state.")


@extend_schema_view(
    list=extend_schema(summary="List the sign-up requests of your commune", tags=["registry"]),
    retrieve=extend_schema(summary="Read one sign-up request", tags=["registry"]),
)
class SignupViewSet(ReadOnlyViewSet):
    """The officers of the producer's commune see and decide its requests; anyone else: 403."""

    serializer_class = s.SignupSerializer
    filterset_class = SignupFilter
    selector = services.signups_for

    def get_queryset(self):
        return super().get_queryset().select_related("user").order_by("-created_at", "-id")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.officer_commune_id:
            raise PermissionDenied

    def _read(self, signup) -> Response:
        return Response(s.SignupSerializer(get_object_or_404(self.get_queryset(), pk=signup.pk)).data)

    @extend_schema(
        summary="Confirm: open the producer account and e-mail its set-password link",
        tags=["registry"],
        request=None,
        responses={200: s.SignupSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def confirm(self, request, pk=None):
        signup = self.get_object()
        services.signup_confirm(signup=signup, by=request.user, base_url=request.build_absolute_uri("/"))
        return self._read(signup)

    @extend_schema(
        summary="Refuse, with the reason the requester receives",
        tags=["registry"],
        request=s.SignupRejectSerializer,
        responses={200: s.SignupSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        signup = self.get_object()
        reason = validated(self, s.SignupRejectSerializer, request.data)["reason"]
        services.signup_reject(signup=signup, by=request.user, reason=reason)
        return self._read(signup)
