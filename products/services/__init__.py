"""Writes for the registry (STYLE.md: services for writes). Import from here."""

from .imports import registry_import_commit, registry_import_preview
from .proposals import (
    PROPOSABLE_PRODUCER_FIELDS,
    PROPOSABLE_PRODUCT_FIELDS,
    edit_proposal_accept,
    edit_proposal_create,
    edit_proposal_reject,
    proposable_fields,
)
from .registry import (
    PRODUCER_FIELDS,
    PRODUCT_FIELDS,
    VersionConflict,
    producer_create,
    producer_update,
    product_create,
    product_photo_add,
    product_update,
)

__all__ = [
    "PRODUCER_FIELDS",
    "PRODUCT_FIELDS",
    "PROPOSABLE_PRODUCER_FIELDS",
    "PROPOSABLE_PRODUCT_FIELDS",
    "VersionConflict",
    "edit_proposal_accept",
    "edit_proposal_create",
    "edit_proposal_reject",
    "producer_create",
    "producer_update",
    "product_create",
    "product_photo_add",
    "product_update",
    "proposable_fields",
    "registry_import_commit",
    "registry_import_preview",
]
