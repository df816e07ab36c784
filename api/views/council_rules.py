"""The province's rules for its councils through the API (evaluation.services.councils, as on the
page /evaluation/councils/rules/): its staff read and change them, its district officers read the
rules their councils keep within; anyone else 403."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluation.services import councils as services

from ..serializers.councils import CouncilRulesSerializer, ProvinceCouncilRulesSerializer
from .common import validated


class ProvinceCouncilRulesView(APIView):
    def _read(self, province_id) -> Response:
        return Response(
            ProvinceCouncilRulesSerializer(
                {"province": province_id, **services.province_council_rules(province_id)}
            ).data
        )

    @extend_schema(
        summary="Read your province's rules for its councils",
        tags=["councils"],
        responses={200: ProvinceCouncilRulesSerializer},
    )
    def get(self, request):
        province_id = services.rules_province_id(request.user)
        if province_id is None:
            raise PermissionDenied
        return self._read(province_id)

    @extend_schema(
        summary="Change your province's rules for its councils (province staff; district councils follow)",
        tags=["councils"],
        request=CouncilRulesSerializer,
        responses={200: ProvinceCouncilRulesSerializer},
    )
    def patch(self, request):
        if not request.user.staff_province_id:
            raise PermissionDenied
        rules = validated(self, CouncilRulesSerializer, request.data)
        services.province_council_rules_set(province=request.user.staff_province, by=request.user, **rules)
        return self._read(request.user.staff_province_id)

    def get_serializer_context(self):
        return {"request": self.request, "view": self}
