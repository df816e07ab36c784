"""Waiting on the page without eval(): the portal's pages forbid it."""

import time


def wait_until(page, expression: str, arg=None, *, timeout: float = 30.0, every: float = 0.1):
    """Poll `expression` (a JavaScript expression or function, awaited) until it is truthy.

    Playwright's wait_for_function compiles its predicate inside the page with eval(), which the
    portal's Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses; page.evaluate
    goes through the DevTools protocol, which the page's CSP does not govern."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:g} s: {expression}")
        time.sleep(every)
