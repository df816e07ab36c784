"""Support's answers to what the evaluation app announces (evaluation/signals.py), connected in
SupportConfig.ready: evaluation never calls support (issue 22)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from evaluation.signals import recognition_decided

from .services import award_propose_for_recognition

logger = logging.getLogger(__name__)


def propose_award_for_recognition(sender, *, certificate, kind: str, source_key: str, by=None, **kwargs) -> None:
    """The results-based award of a recognition, proposed once: award_propose_for_recognition
    returns the grant already proposed for `source_key`, and the unique constraint on
    SupportGrant.source_key settles two announcements racing."""
    try:
        with transaction.atomic():
            award_propose_for_recognition(
                province=certificate.province,
                year=certificate.decision.date.year,
                producer=certificate.producer,
                product=certificate.product,
                stars=certificate.stars,
                kind=kind,
                source_key=source_key,
                by=by,
            )
    except ValidationError:
        # The recognition is a legal fact and is recorded even when the award cannot be proposed
        # (e.g. a budget line of the wrong district): staff propose that award by hand.
        logger.exception("Results-based award not proposed for %s", source_key)


def connect() -> None:
    recognition_decided.connect(propose_award_for_recognition, dispatch_uid="support.propose_award_for_recognition")
