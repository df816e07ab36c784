"""Registry pages: thin views that read through selectors and write through services."""

from .exports import producer_export, product_export
from .imports import import_commit, import_preview, import_template, import_upload
from .producers import producer_create, producer_detail, producer_list, producer_propose, producer_update
from .products import product_create, product_detail, product_list, product_photo_add, product_propose, product_update
from .proposals import proposal_decide, proposal_list, proposal_review

__all__ = [
    "import_commit",
    "import_preview",
    "import_template",
    "import_upload",
    "producer_create",
    "producer_detail",
    "producer_export",
    "producer_list",
    "producer_propose",
    "producer_update",
    "product_create",
    "product_detail",
    "product_export",
    "product_list",
    "product_photo_add",
    "product_propose",
    "product_update",
    "proposal_decide",
    "proposal_list",
    "proposal_review",
]
