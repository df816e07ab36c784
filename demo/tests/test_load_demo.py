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


def test_readme_lists_every_demo_account_by_its_exact_name():
    import re
    from pathlib import Path

    from django.conf import settings

    from demo.people import COUNCIL_USERS, PERSONAS

    table = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8").split("Demo accounts", 1)[1]
    table = table.split("\n\n", 2)[1]
    listed = set(re.findall(r"`([a-z_0-9]+)`", table))
    accounts = {username for username, *_rest in PERSONAS} | {username for username, _name in COUNCIL_USERS}
    assert (sorted(accounts - listed), "*" in table) == ([], False)
