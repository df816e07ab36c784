"""The certificate side of the demo: a revocation by decision, and the daily status refresh."""

from evaluation.enums import CertificateStatus, RevocationGround
from evaluation.models import Certificate
from evaluation.services.certificates import certificates_refresh_statuses, certificates_revoke_by_decision

from .context import Demo

REVOKED_PRODUCT = "Mật ong rừng Canh Nậu"
REVOCATION_NUMBER = "2894/QĐ-UBND"


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
        decision_authority="UBND tỉnh Bắc Giang",
        ground=RevocationGround.QUALITY,
        note=(
            "Đoàn kiểm tra liên ngành phát hiện sản phẩm pha trộn đường, hàm lượng đường khử không đạt "
            "tiêu chuẩn đã công bố; chủ thể không khắc phục trong thời hạn yêu cầu."
        ),
        by=demo.users["so_nnptnt"],
    )
    return True


def statuses_refresh(demo: Demo):
    """What the daily beat job does: statuses by the calendar and the expiry notices for today."""
    return certificates_refresh_statuses(demo.today)
