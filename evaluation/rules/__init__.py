"""django-rules predicates of the evaluation app, one module per area (loaded by autodiscovery)."""

from . import certificates, councils, dossiers, fairness, inspections, sheets  # noqa: F401
