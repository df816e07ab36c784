import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop_portal.accounts.models import User


@pytest.mark.django_db
def test_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    assert not User.objects.exists()
