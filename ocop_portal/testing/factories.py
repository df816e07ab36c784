"""factory_boy factories for the shared models (units, users) and the registry."""

import factory
from django.contrib.auth import get_user_model

from ocop_portal.core.enums import EmailFrequency, UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.enums import ProducerKind
from products.models import Producer, ProducerMembership, Product, ProductGroup, ProductSet

PASSWORD = "ocop-test-Pa55word"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("level", "code")

    level = UnitLevel.PROVINCE
    code = "24"
    name = "Tỉnh Bắc Giang"
    unit_type = "Tỉnh"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    level = UnitLevel.DISTRICT
    code = factory.Sequence(lambda n: f"{300 + n:03d}")
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    unit_type = "Huyện"
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    level = UnitLevel.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    unit_type = "Xã"
    parent = factory.SubFactory(DistrictFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    # Accounts default to the daily digest; tests read each notice's own e-mail unless they ask
    # for the digest (ocop_portal/core/tests/test_notifications.py).
    notification_email = EmailFrequency.EACH
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("framework_code", "code")

    framework_code = "148"
    code = "I"
    name = "Thực phẩm"
    order = 1


class ProductSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductSet
        django_get_or_create = ("framework_code", "code")

    framework_code = "148"
    group = factory.SubFactory(ProductGroupFactory)
    code = "01"
    name = "Rau, củ, quả, hạt tươi"


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    kind = ProducerKind.COOPERATIVE
    name = factory.Sequence(lambda n: f"HTX Nông sản số {n}")
    registration_number = factory.Sequence(lambda n: f"24{n:08d}")
    representative = "Trần Thị Hoa"
    commune = factory.SubFactory(CommuneFactory)
    district = factory.LazyAttribute(lambda p: p.commune.district_and_province()[0])
    province = factory.LazyAttribute(lambda p: p.commune.district_and_province()[1])
    address = "Thôn Đông"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Vải thiều sấy khô {n}")
    product_set = factory.SubFactory(ProductSetFactory)
    commune = factory.LazyAttribute(lambda p: p.producer.commune)
    district = factory.LazyAttribute(lambda p: p.producer.district)
    province = factory.LazyAttribute(lambda p: p.producer.province)


class ProducerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerMembership

    user = factory.SubFactory(UserFactory)
    producer = factory.SubFactory(ProducerFactory)
