from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self):
        # The product's stars in force, kept on the product (services/certificates/standing.py).
        from .services.certificates import standing

        standing.connect()
