from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Hỗ trợ")

    def ready(self):
        # Support listens to the evaluation app's decisions (evaluation/signals.py).
        from . import receivers

        receivers.connect()
