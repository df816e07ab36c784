"""Providers the apps register from a module of their own, found by autodiscovery the first time
they are asked for, so core (and the registry) never import the apps that build on them.

Used by the role home page (`dashboard.py` in each app, see core/dashboard.py) and by the panels
the apps above the registry add to its producer and product pages (`page_panels.py` in each app,
see core/page_panels.py).
"""

from django.utils.module_loading import autodiscover_modules


class Providers:
    def __init__(self, module: str):
        self.module = module
        self._registered: list = []
        self._discovered = False

    def register(self, provider):
        self._registered.append(provider)
        return provider

    def __iter__(self):
        if not self._discovered:
            # Keyed on a flag, not on an empty list: one app's module imported early must not
            # hide the others.
            autodiscover_modules(self.module)
            self._discovered = True
        return iter(list(self._registered))
