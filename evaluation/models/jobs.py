from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import JobKind, JobState


def job_file_path(instance, filename):
    # Private: MEDIA_ROOT/jobs/… has no media URL; only the permission-checked download serves it.
    return f"jobs/{instance.kind}/{instance.pk or 'new'}/{filename}"


class Job(models.Model):
    """A long piece of work a Celery worker does for a page, with progress the page polls: the
    year's member table (fairness), a council pack, a dossier bundle for inspectors.

    Only `evaluation.services.jobs.job_transition` changes `state`. `target` names what the job is
    for ("council:12", "dossier:7", "fairness:24:2025"): one active job per target at a time.
    """

    kind = models.CharField(_("loại việc"), max_length=20, choices=JobKind.choices)
    target = models.CharField(max_length=60)
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(
        "evaluation.Council", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    dossier = models.ForeignKey(
        "evaluation.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    file = models.FileField(_("tệp"), upload_to=job_file_path, blank=True, max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(state__in=["queued", "running"]), name="job_one_active_per_target"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_max_100"),
        ]
        indexes = [models.Index(fields=["target", "created_at"]), models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.target}"

    @property
    def is_active(self) -> bool:
        return self.state in JobState.active_states()
