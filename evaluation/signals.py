"""What the evaluation app announces to the apps built on it (issue 22).

Evaluation never imports the apps above it (`docs/architecture.md`): an app that reacts to a
decision connects a receiver here in its AppConfig.ready, and evaluation sends without knowing
who listens.

recognition_decided
    Sent once for each certificate a recognition decision issues, **after the issuing
    transaction commits** (a rolled-back recognition announces nothing), with `sender` the
    Certificate class and the keyword arguments:

    - `certificate`: the Certificate just issued (its product, producer, province, stars, decision);
    - `kind`: "first" (the product had no certificate), "upgrade" (more stars than its previous
      certificate) or "reevaluation" (as many or fewer) — the values of support's AwardKind;
    - `source_key`: "certificate:<id>", stable for the recognition;
    - `by`: the user who recorded the decision (None for a system run).

    A receiver must be idempotent on `source_key` (the announcement may be repeated, a receiver
    may race another process) and must not raise for a refusal of its own rules: the recognition
    is a legal fact and already recorded. Receivers run through `send_robust`; an exception is
    logged with the source key and does not stop the other receivers.

    Subscribers: support (`support/receivers.py`: the results-based award proposal, one per
    recognition by the unique constraint on SupportGrant.source_key).
"""

import logging

import django.dispatch
from django.db import transaction

logger = logging.getLogger(__name__)

recognition_decided = django.dispatch.Signal()


def recognition_kind(*, stars: int, earlier_stars: int | None) -> str:
    """first / upgrade / reevaluation, from the product's previous certificate (None: none)."""
    if earlier_stars is None:
        return "first"
    return "upgrade" if stars > earlier_stars else "reevaluation"


def announce_recognition_on_commit(*, certificate, earlier_stars: int | None, by) -> None:
    """Send recognition_decided for `certificate` once the current transaction commits."""
    kind = recognition_kind(stars=certificate.stars, earlier_stars=earlier_stars)
    source_key = f"certificate:{certificate.pk}"

    def announce():
        responses = recognition_decided.send_robust(
            sender=type(certificate), certificate=certificate, kind=kind, source_key=source_key, by=by
        )
        for receiver, response in responses:
            if isinstance(response, Exception):
                logger.error(
                    "recognition_decided receiver %r failed for %s",
                    receiver,
                    source_key,
                    exc_info=(type(response), response, response.__traceback__),
                )

    transaction.on_commit(announce)
