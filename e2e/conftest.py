"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Screenshots of each journey's key steps go to artifacts/screenshots/<test name>/ (CI keeps them).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (scripts/ensure-system-packages.sh).")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def shot(page, request):
    """shot("step name") saves a full-page screenshot under the test's folder, emptied first so
    it never mixes this run's steps with an earlier run's."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    counter = {"n": 0}

    def take(name: str):
        counter["n"] += 1
        page.screenshot(path=str(folder / f"{counter['n']:02d}-{name}.png"), full_page=True)

    return take


@pytest.fixture
def sign_in(page, live_server):
    def login(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

    return login


@pytest.fixture
def ux(page):
    """Usability checks for each page a journey visits (e2e/usability.py)."""
    from .usability import Ux

    return Ux(page)


@pytest.fixture
def sign_out(page):
    """Sign out as a person does, with the page's sign-out form: the server ends the session and
    its Clear-Site-Data drops the offline scorecard's copies and worker.

    Dropping the browser's cookies instead raced with the page's background requests (the
    scorecard's worker keeping its copies): a response still in flight renewed the old CSRF
    cookie after the next sign-in page had set a new one, and that form was refused ("CSRF token
    incorrect"; CI, stop 27). A real sign-out keeps the CSRF cookie, so a late renewal is harmless."""

    def out():
        if page.locator("form[data-signout]").count():
            # form.submit() skips the unsynced-answers question, which a test does not answer
            page.evaluate("() => document.querySelector('form[data-signout]').submit()")
            page.wait_for_url(re.compile(r"/accounts/login/"))

    return out


@pytest.fixture
def switch_user(sign_out, sign_in):
    """Sign out and sign in as someone else in the same browser."""

    def switch(username: str, password: str):
        sign_out()
        sign_in(username, password)

    return switch


@pytest.fixture
def fetch(page, live_server):
    """GET a URL with the browser's cookies (the signed-in session) and return the response."""

    def get(url: str):
        return page.context.request.get(url if url.startswith("http") else f"{live_server.url}{url}")

    return get


@pytest.fixture(autouse=True)
def _fail_fast(page):
    """A missing element fails in 10 s, not Playwright's 30 s: the suite has a time budget."""
    page.set_default_timeout(10_000)


@pytest.fixture
def scoring(province, district, producer_record, district_officer):
    """Gà đồi Yên Thế's dossier before a new district council of four, nobody has scored yet."""
    from ocop_portal.testing import factories as f

    from .builders import dossier_in_scoring

    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    return dossier_in_scoring(province=province, district=district, product=product, checker=district_officer)
