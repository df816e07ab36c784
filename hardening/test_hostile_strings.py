"""Hostile strings posted to every form the portal shows: each is refused with a field error or
stored and shown escaped, and nothing answers 500.

The forms are found by rendering every page of the route matrix as the first persona allowed to
open it and reading its `<form method="post">` elements, so a new form is covered without being
listed here. Every text input and textarea gets the hostile string; the other fields keep what
the page offers (the first choice of an empty required select).
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from django.urls import reverse

from .route_matrix import PERSONAS, ROUTES

pytestmark = pytest.mark.integration

SCRIPT = '<script>alert("ocop")</script><img src=x onerror=alert(1)>'
HOSTILE = {
    "html": f"Gà đồi {SCRIPT}",
    "sql": "x'); DROP TABLE products_producer; -- \" OR 1=1 --",
    "bidi_zero_width": "\u202eỒĐ\u200b\u200c\u200d\ufeff\u2066Gà\u2069 đồi",
    "long": "Đ" * 10_000,
    "nul": "trước\x00sau",
}
TEXT_INPUTS = {"text", "search", "email", "tel", "url", ""}
# Try each page as the first of these personas it opens for (and never as anonymous unless public).
PREFERENCE = ("province_staff", "district_officer", "producer", "council_member", "plain_user", "anonymous")
# Forms that end the scenario's objects' editable life go last, so they do not hide the others.
LAST = ("withdraw", "return", "revoke", "cancel", "logout", "delete", "close", "submit", "publish", "token_revoke")
# How many post forms the crawl found when written (SECURITY.md quotes it); fewer means lost coverage.
FORMS_FOUND = 36
# The shared reference data's forms: only the national role opens them (issue 18, Medium 6).
SHARED_REFERENCE_FORMS = {
    "products:reference_group_edit",
    "products:reference_set_create",
    "products:reference_set_edit",
    "evaluation:sheet_import",
}
SKIPPED_ACTIONS = ("/accounts/logout/", "/i18n/setlang/")


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "text": [], "files": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "").lower()
            if kind in TEXT_INPUTS:
                self._form["text"].append(name)
                self._form["fields"][name] = attrs.get("value") or ""
            elif kind == "file":
                self._form["files"].append(name)
            elif kind in {"checkbox", "radio"}:
                if "checked" in attrs or (kind == "radio" and name not in self._form["fields"]):
                    self._form["fields"][name] = attrs.get("value") or "on"
            elif kind not in {"submit", "button", "reset", "image"}:
                self._form["fields"][name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._form["text"].append(name)
            self._form["fields"][name] = ""
            self._textarea = name
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            current = self._form["fields"].get(self._select)
            if "selected" in attrs or (not current and value):
                self._form["fields"][self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if form["text"]]


def _order(item):
    return any(word in item[0] for word in LAST)


@pytest.fixture
def signed_in(client_for, persona, council_member):
    def make(who):
        if who == "anonymous":
            return client_for(None)
        return client_for(council_member if who == "council_member" else persona(who))

    return make


# Pages whose form shows only in a state the matrix's objects are not in: (route, scenario object).
EXTRA_PAGES = [("evaluation:dossier_return", "submitted"), ("evaluation:dossier_accept", "submitted")]


def _pages(scenario):
    for name, (build, expected) in ROUTES.items():
        if not name.startswith("api:") or name == "api:tokens":
            yield name, reverse(name, kwargs=build(scenario)), expected
    for name, key in EXTRA_PAGES:
        yield name, reverse(name, args=[scenario[key].pk]), ROUTES[name][1]


def test_hostile_strings_on_every_form(scenario, signed_in):
    cache.clear()  # the public misuse form is rate-limited per address
    targets = {}
    for name, url, expected in _pages(scenario):
        who = next((p for p in PREFERENCE if expected[PERSONAS.index(p)] == 200), None) or next(
            (p for p in PREFERENCE if expected[PERSONAS.index(p)] == "redirect"), None
        )
        if who is None and name in SHARED_REFERENCE_FORMS:
            who = "national_editor"  # not a matrix persona: the shared data is no province's
        if who is None:
            continue
        client = signed_in(who)
        page = client.get(url)
        if page.streaming:
            b"".join(page.streaming_content)  # the test client closes it without closing the database
            continue
        if page.status_code != 200 or "text/html" not in page["Content-Type"]:
            continue
        for form in _forms_of(page.content.decode()):
            action = urljoin(url, form["action"]) if form["action"] else url
            if action.startswith(SKIPPED_ACTIONS):
                continue
            targets.setdefault(f"{name} → {action}", (who, action, form))

    failures, posted, escaped_seen = [], 0, 0
    for label, (who, action, form) in sorted(targets.items(), key=_order):
        client = signed_in(who)
        client.raise_request_exception = False
        for kind, value in HOSTILE.items():
            data = dict(form["fields"]) | dict.fromkeys(form["text"], value)
            response = client.post(action, data, follow=True)
            posted += 1
            body = ""
            if response.streaming:
                b"".join(response.streaming_content)
            else:
                body = response.content.decode("utf-8", "replace")
            if response.status_code >= 500:
                failures.append(f"{label} [{kind}]: {response.status_code}")
            elif SCRIPT in body or "<script>alert" in body:
                failures.append(f"{label} [{kind}]: the script is in the page unescaped")
            escaped_seen += "&lt;script&gt;alert(" in body
    assert failures == []
    # The figures hardening/SECURITY.md quotes: forms found, strings posted, and proof that the
    # hostile text really came back (escaped) somewhere.
    assert (len(targets) >= FORMS_FOUND, posted == len(targets) * len(HOSTILE), escaped_seen > 10) == (
        True,
        True,
        True,
    ), (
        len(targets),
        escaped_seen,
        sorted(targets),
    )
