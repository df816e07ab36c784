"""Who may act on certificates (django-rules). Object predicates take (user, certificate).

Seeing a certificate is the selector's job (`certificates_visible_to`): an unseen certificate is a
404 before any of these run; these decide the actions on a certificate already seen (403).
"""

import rules
from rules import is_superuser

from ocop_portal.accounts.rules import is_commune_officer, is_district_officer, is_producer_user, is_province_staff
from ocop_portal.core.jurisdiction import covers


def is_staff_of_certificate_province(user, certificate) -> bool:
    return bool(
        certificate is not None and user.is_authenticated and covers(user.staff_province_id, certificate.province_id)
    )


is_staff_of_certificate_province = rules.predicate(is_staff_of_certificate_province)


def is_officer_of_certificate_district(user, certificate) -> bool:
    return bool(
        certificate is not None
        and user.is_authenticated
        and user.officer_district_id
        and user.officer_district_id == certificate.district_id
    )


is_officer_of_certificate_district = rules.predicate(is_officer_of_certificate_district)


def is_officer_of_certificate_commune(user, certificate) -> bool:
    return bool(
        certificate is not None
        and user.is_authenticated
        and user.officer_commune_id
        and user.officer_commune_id == certificate.product.commune_id
    )


is_officer_of_certificate_commune = rules.predicate(is_officer_of_certificate_commune)


def is_producer_of_certificate(user, certificate) -> bool:
    membership = getattr(user, "producer_membership", None)  # None for the anonymous visitor too
    return bool(certificate is not None and membership and membership.producer_id == certificate.producer_id)


is_producer_of_certificate = rules.predicate(is_producer_of_certificate)


# Revocation is decided by the province (DESIGN.md: province staff manage certificates).
can_revoke_certificate = is_staff_of_certificate_province | is_superuser
# The label files (QR, printable PDF) are for whoever the certificate concerns.
can_download_certificate_files = (
    is_staff_of_certificate_province
    | is_officer_of_certificate_district
    | is_officer_of_certificate_commune
    | is_producer_of_certificate
    | is_superuser
)

can_view_certificate_register = is_province_staff | is_district_officer | is_commune_officer | is_superuser
can_revoke_in_bulk = is_province_staff | is_superuser
can_view_misuse_reports = is_province_staff | is_superuser
can_view_own_certificates = is_producer_user

rules.add_perm("evaluation.view_certificate_register", can_view_certificate_register)
rules.add_perm("evaluation.revoke_certificate", can_revoke_certificate)
rules.add_perm("evaluation.revoke_certificates_in_bulk", can_revoke_in_bulk)
rules.add_perm("evaluation.download_certificate_files", can_download_certificate_files)
rules.add_perm("evaluation.view_misuse_reports", can_view_misuse_reports)
rules.add_perm("evaluation.view_own_certificates", can_view_own_certificates)
