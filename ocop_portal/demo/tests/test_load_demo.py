import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop_portal.accounts.models import User
from products.models import Producer, Product


@pytest.mark.django_db
def test_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_loads_personas_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (User.objects.count(), Producer.objects.count(), Product.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Producer.objects.count(), Product.objects.count()) == counts
    assert User.objects.get(username="huyen_yenthe").officer_district.name == "Huyện Yên Thế"
    assert User.objects.get(username="chuthe").producer_membership.producer.name == "HTX Gà đồi Yên Thế"
    assert User.objects.get(username="so_nnptnt").check_password("ocop-demo-2021")
