"""Producers and products: read through the registry selectors, written through its services
with the registry's django-rules permissions."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from products import selectors, services
from products.filters import ProducerFilter, ProductFilter

from ..serializers import registry as s
from .common import ListCreateRetrieveViewSet, require_perm, validated


class _VersionedUpdateMixin(mixins.UpdateModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema_view(
    list=extend_schema(summary="List producers in scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one producer", tags=["registry"]),
    create=extend_schema(
        summary="Register a producer",
        tags=["registry"],
        request=s.ProducerWriteSerializer,
        responses={201: s.ProducerSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a producer (send its version)",
        tags=["registry"],
        request=s.ProducerUpdateSerializer,
        responses={200: s.ProducerSerializer},
    ),
)
class ProducerViewSet(_VersionedUpdateMixin, ListCreateRetrieveViewSet):
    """Province staff see their province, a district officer their district, a producer user
    their own record. Province staff and district officers register and change producers."""

    serializer_class = s.ProducerSerializer
    filterset_class = ProducerFilter
    selector = selectors.producer_rows

    def create(self, request, *args, **kwargs):
        require_perm(request, "products.add_producer")
        data = validated(self, s.ProducerWriteSerializer, request.data)
        producer = services.producer_create(actor=request.user, **data)
        producer = get_object_or_404(self.get_queryset(), pk=producer.pk)
        return Response(s.ProducerSerializer(producer).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        producer = self.get_object()
        require_perm(request, "products.change_producer", producer)
        data = validated(self, s.ProducerUpdateSerializer, request.data)
        version = data.pop("version")
        services.producer_update(producer=producer, actor=request.user, expected_version=version, data=data)
        producer = get_object_or_404(self.get_queryset(), pk=producer.pk)
        return Response(s.ProducerSerializer(producer).data)


@extend_schema_view(
    list=extend_schema(summary="List products in scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one product", tags=["registry"]),
    create=extend_schema(
        summary="Register a product",
        tags=["registry"],
        request=s.ProductWriteSerializer,
        responses={201: s.ProductSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a product (send its version)",
        tags=["registry"],
        request=s.ProductUpdateSerializer,
        responses={200: s.ProductSerializer},
    ),
)
class ProductViewSet(_VersionedUpdateMixin, ListCreateRetrieveViewSet):
    """Products visible as on the registry pages; writes follow the same rules."""

    serializer_class = s.ProductSerializer
    filterset_class = ProductFilter
    selector = selectors.product_rows

    def create(self, request, *args, **kwargs):
        require_perm(request, "products.add_product")
        data = validated(self, s.ProductWriteSerializer, request.data)
        product = services.product_create(actor=request.user, **data)
        product = get_object_or_404(self.get_queryset(), pk=product.pk)
        return Response(s.ProductSerializer(product).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        require_perm(request, "products.change_product", product)
        data = validated(self, s.ProductUpdateSerializer, request.data)
        version = data.pop("version")
        services.product_update(product=product, actor=request.user, expected_version=version, data=data)
        product = get_object_or_404(self.get_queryset(), pk=product.pk)
        return Response(s.ProductSerializer(product).data)
