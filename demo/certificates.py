"""The certificate side of the demo: the merger's carry, a revocation by decision, an Art. 12.3
extension, and the daily status refresh."""

from django.core.management.base import CommandError

from evaluation.enums import CertificateStatus, RevocationGround
from evaluation.models import Certificate
from evaluation.reference import framework_in_force
from evaluation.services.carry import carry_province
from evaluation.services.certificates import certificates_refresh_statuses, certificates_revoke_by_decision
from evaluation.services.reevaluation import certificate_extend

from .context import PROVINCE_CODE, Demo
from .evaluation import EXTENDED_PRODUCT

REVOKED_PRODUCT = "Mật ong rừng Canh Nậu"
REVOCATION_NUMBER = "2894/QĐ-UBND"


def carry_load(demo: Demo):
    """Carry former Bắc Giang into Tỉnh Bắc Ninh through the crosswalk, as the superuser would on
    the carry page (a rerun commits nothing new). The demo's communes are not split."""
    report = carry_province(code=PROVINCE_CODE, by=demo.users["admin"], commit=True)
    if report.successor.pk != demo.province.pk:
        raise CommandError(f"The crosswalk carries Bắc Giang into {report.successor}, not {demo.province}.")
    demo.products_reload()
    return report


def revocation_load(demo: Demo) -> bool:
    """Revoke the honey's 3★ certificate by a provincial decision (once). Returns True if done."""
    certificate = Certificate.objects.filter(
        product=demo.product(REVOKED_PRODUCT), status__in=CertificateStatus.in_force()
    ).first()
    if certificate is None:
        return False
    certificates_revoke_by_decision(
        certificates=[certificate],
        decision_number=REVOCATION_NUMBER,
        decision_date=demo.calendar.revocation,
        decision_signer="Phó Chủ tịch UBND tỉnh",
        decision_authority="UBND tỉnh Bắc Ninh",
        ground=RevocationGround.QUALITY,
        note=(
            "Đoàn kiểm tra liên ngành phát hiện sản phẩm pha trộn đường, hàm lượng đường khử không đạt "
            "tiêu chuẩn đã công bố; chủ thể không khắc phục trong thời hạn yêu cầu."
        ),
        by=demo.staff,
    )
    return True


def extension_load(demo: Demo) -> bool:
    """Extend the dried lychee's expired 3★ until its re-evaluation result (QĐ 26/2026 Art. 12.3:
    its filing window closed before the law came into force). Once; returns True if done.

    certificate_extend requires the staff of the certificate's own province (Bắc Giang, which
    issued it), not of the province it was carried into, so the Sở acts for Bắc Giang here."""
    certificate = (
        Certificate.objects.filter(product=demo.product(EXTENDED_PRODUCT))
        .exclude(status__in=[CertificateStatus.EXTENDED, CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
        .select_related("province")
        .first()
    )
    if certificate is None:
        return False
    certificate_extend(
        certificate=certificate,
        framework=framework_in_force(demo.today),
        by=demo.staff_of(certificate.province),
        today=demo.today,
    )
    return True


def statuses_refresh(demo: Demo):
    """What the daily beat job does: statuses by the calendar and the expiry notices for today."""
    return certificates_refresh_statuses(demo.today)
