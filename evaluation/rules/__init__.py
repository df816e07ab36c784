"""django-rules predicates of the evaluation app, one module per area (loaded by autodiscovery).

Each predicate is a plain function wrapped by `name = rules.predicate(name)` after it, not
decorated: mutation testing (mutmut, docs/mutation.md) leaves decorated functions unmutated, so a
decorated predicate could be wrong without any measurement noticing."""

from . import certificates, councils, dossiers, fairness, inspections, sheets  # noqa: F401
