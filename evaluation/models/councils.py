from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import AssignmentState, Level, MemberRole, Outcome, ScorecardState


class Council(models.Model):
    """A council (Hội đồng đánh giá, phân hạng) of one level and jurisdiction for one term.
    Its rules default to DOMAIN.md §5b; province staff may set stricter ones, never looser than the
    legal floors of evaluation/scoring.py (the presiding member's card is always required)."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    jurisdiction = models.ForeignKey(
        "core.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="councils"
    )
    name = models.CharField(_("tên Hội đồng"), max_length=255)
    establishing_decision = models.CharField(_("quyết định thành lập"), max_length=100, blank=True)
    term_start = models.DateField(_("nhiệm kỳ từ"))
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    quorum_ratio = models.DecimalField(_("tỷ lệ tối thiểu"), max_digits=4, decimal_places=3, default=Decimal("0.75"))
    min_members = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu"), default=3, help_text=_("Không ít hơn 3 phiếu chấm của thành viên.")
    )
    max_spread = models.DecimalField(_("chênh lệch tối đa (điểm)"), max_digits=5, decimal_places=2, default=10)

    class Meta:
        verbose_name = _("Hội đồng")
        verbose_name_plural = _("Hội đồng")
        ordering = ["level", "name"]

    def __str__(self):
        return self.name


class ProvinceCouncilRules(models.Model):
    """A province's rules for its councils (DOMAIN.md §5b): the defaults of each new council and
    the floor of each district council, which may only be stricter. Within the legal floors of
    evaluation/scoring.py. A province without a row has the defaults of §5b."""

    province = models.OneToOneField(
        "core.AdministrativeUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    quorum_ratio = models.DecimalField(_("tỷ lệ tối thiểu"), max_digits=4, decimal_places=3, default=Decimal("0.75"))
    min_members = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu"), default=3, help_text=_("Không ít hơn 3 phiếu chấm của thành viên.")
    )
    max_spread = models.DecimalField(_("chênh lệch tối đa (điểm)"), max_digits=5, decimal_places=2, default=10)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("quy tắc Hội đồng của tỉnh")
        verbose_name_plural = _("quy tắc Hội đồng của tỉnh")

    def __str__(self):
        return str(self.province)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    role = models.CharField(_("vai trò"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Phó Chủ tịch thứ nhất có số nhỏ nhất.")
    )
    organisation = models.CharField(_("cơ quan công tác"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("xã nơi cư trú/công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer = models.ForeignKey(
        "products.Producer",
        verbose_name=_("thuộc chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_support_team = models.BooleanField(_("tổ giúp việc"), default=False)
    active = models.BooleanField(_("đang tham gia"), default=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="member_unique_user")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class CouncilAssignment(models.Model):
    """One dossier before one council: scoring, reconciliation, then closed with a result."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="assignments")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="assignments")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    state = models.CharField(
        _("trạng thái"), max_length=15, choices=AssignmentState.choices, default=AssignmentState.SCORING
    )
    revision = models.PositiveSmallIntegerField(_("lần chấm"), default=1)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mean_score = models.DecimalField(_("điểm bình quân"), max_digits=5, decimal_places=2, null=True, blank=True)
    band_stars = models.PositiveSmallIntegerField(_("hạng theo điểm"), null=True, blank=True)
    final_stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=15, choices=Outcome.choices, blank=True)
    result = models.JSONField(_("chi tiết kết quả"), default=dict, blank=True)

    class Meta:
        verbose_name = _("hồ sơ trình Hội đồng")
        verbose_name_plural = _("hồ sơ trình Hội đồng")
        ordering = ["-opened_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "level"], name="assignment_unique_level")]
        indexes = [models.Index(fields=["council", "state"])]

    def __str__(self):
        return f"{self.dossier} @ {self.council}"


class ConflictDeclaration(models.Model):
    assignment = models.ForeignKey(CouncilAssignment, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="declarations")
    has_conflict = models.BooleanField(_("có xung đột lợi ích"))
    reason = models.TextField(_("lý do"), max_length=2000, blank=True)
    flagged = models.JSONField(_("cảnh báo của hệ thống"), default=list, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "member"], name="declaration_unique")]

    def __str__(self):
        return f"{self.member} · {self.has_conflict}"


class Scorecard(models.Model):
    """A member's scorecard for one dossier. Revision 1 is the original; reconciliation adds
    revision 2, 3… and keeps the earlier ones for the minutes."""

    assignment = models.ForeignKey(CouncilAssignment, on_delete=models.CASCADE, related_name="scorecards")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scorecards")
    sheet = models.ForeignKey("evaluation.ScoreSheet", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=ScorecardState.choices, default=ScorecardState.DRAFT)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["assignment", "member", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member", "revision"], name="scorecard_unique_revision")
        ]

    def __str__(self):
        return f"{self.member} · {self.assignment.dossier} (#{self.revision})"


class ScorecardAnswer(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey("evaluation.Criterion", on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey("evaluation.AnswerOption", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=5, decimal_places=2)
    comment = models.TextField(_("nhận xét"), max_length=2000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="answer_unique_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"
