"""What a dossier waits for, and who acts next: one table (issue 19, item 1).

Every state a dossier waits in is one or more `Step`s: the state (and the level it is at, and any
further condition, e.g. "not yet before a council of this level"), the role that acts on it, the
card that role sees on its home page (a count and a link) and the button on the dossier's page
that performs the step. The home page's cards and the dossier page's "next step" box are both
read from `STEPS`; a test walks `DossierState` and fails on a waiting state with no step.

Terminal states (decided, withdrawn) wait on no one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.jurisdiction import in_province

from .enums import AdvisoryKind, AssignmentState, DossierState, Level, Outcome, ScorecardState
from .models import (
    AdvisoryRecord,
    ConflictDeclaration,
    Council,
    CouncilAssignment,
    CouncilMember,
    DecisionItem,
    Dossier,
    MinistrySubmission,
    Scorecard,
)
from .rules.dossiers import (
    is_commune_officer_for,
    is_district_officer_for,
    is_producer_of,
    is_province_staff_for,
)

TERMINAL_STATES = (DossierState.DECIDED, DossierState.WITHDRAWN)


# --- who acts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A role that acts on dossiers: whether a user holds it, the dossiers it acts on (for the
    home page's counts), and whether it acts on one dossier (for the dossier's page)."""

    key: str
    holds: Callable
    scope: Callable
    acts_on: Callable


def _producer_scope(user) -> QuerySet[Dossier]:
    return Dossier.objects.filter(product__producer_id=user.producer_membership.producer_id)


def _member_seats(user):
    return CouncilMember.objects.filter(user=user, active=True, is_support_team=False).order_by()


def _open_assignments_to_score(user):
    """Open assignments of the councils the user scores on whose current card the user has not
    submitted (and has not recused from)."""
    seats = _member_seats(user)
    submitted = Scorecard.objects.filter(
        assignment_id=OuterRef("pk"),
        member__user=user,
        revision=OuterRef("revision"),
        state=ScorecardState.SUBMITTED,
    ).order_by()
    recused = ConflictDeclaration.objects.filter(
        assignment_id=OuterRef("pk"), member__user=user, has_conflict=True
    ).order_by()
    return (
        CouncilAssignment.objects.filter(council_id__in=seats.values("council_id"))
        .exclude(state=AssignmentState.CLOSED)
        .exclude(Exists(submitted))
        .exclude(Exists(recused))
    )


def _member_acts_on(user, dossier) -> bool:
    return _open_assignments_to_score(user).filter(dossier_id=dossier.pk).exists()


ACTORS = {
    actor.key: actor
    for actor in (
        Actor(
            "producer",
            holds=lambda user: getattr(user, "producer_membership", None) is not None,
            scope=_producer_scope,
            acts_on=lambda user, dossier: is_producer_of.test(user, dossier),
        ),
        Actor(
            "commune",
            holds=lambda user: bool(user.officer_commune_id),
            scope=lambda user: Dossier.objects.filter(product__commune_id=user.officer_commune_id),
            acts_on=lambda user, dossier: is_commune_officer_for.test(user, dossier),
        ),
        Actor(
            "district",
            holds=lambda user: bool(user.officer_district_id),
            scope=lambda user: Dossier.objects.filter(district_id=user.officer_district_id),
            acts_on=lambda user, dossier: is_district_officer_for.test(user, dossier),
        ),
        Actor(
            "province",
            holds=lambda user: bool(user.staff_province_id),
            scope=lambda user: Dossier.objects.filter(in_province(user.staff_province_id)),
            acts_on=lambda user, dossier: is_province_staff_for.test(user, dossier),
        ),
        Actor(
            "member",
            holds=lambda user: _member_seats(user).exists(),
            scope=lambda user: Dossier.objects.filter(pk__in=_open_assignments_to_score(user).values("dossier_id")),
            acts_on=_member_acts_on,
        ),
    )
}

# The role that manages a level's council and records that level's decisions.
LEVEL_MANAGER = {Level.DISTRICT: "district", Level.PROVINCE: "province", Level.CENTRAL: "province"}


# --- conditions beyond the state -----------------------------------------------------------------


def _not_before_council_of_its_level(queryset):
    return queryset.exclude(
        Exists(CouncilAssignment.objects.filter(dossier_id=OuterRef("pk"), level=OuterRef("current_level")))
    )


def _ministry_package(queryset):
    return queryset.filter(round__framework__procedure__ministry_package=True)


def _no_ministry_package(queryset):
    # not exclude(): a missing key compares as NULL, and NOT NULL would drop those rows too
    return queryset.filter(
        Q(round__framework__procedure__ministry_package__isnull=True)
        | Q(round__framework__procedure__ministry_package=False)
    )


def _central_after_province_forward(queryset):
    forwarded = CouncilAssignment.objects.filter(
        dossier_id=OuterRef("pk"), level=Level.PROVINCE, state=AssignmentState.CLOSED, outcome=Outcome.FORWARD
    )
    return queryset.filter(current_level=Level.CENTRAL).filter(Exists(forwarded))


def awaiting_approval(queryset):
    submissions = MinistrySubmission.objects.filter(dossier_id=OuterRef("pk"))
    return _ministry_package(_central_after_province_forward(queryset)).exclude(Exists(submissions))


def awaiting_sending(queryset):
    unsent = MinistrySubmission.objects.filter(dossier_id=OuterRef("pk"), sent_at__isnull=True)
    return _ministry_package(_central_after_province_forward(queryset)).filter(Exists(unsent))


def awaiting_ministry_outcome(queryset):
    sent = MinistrySubmission.objects.filter(dossier_id=OuterRef("pk"), sent_at__isnull=False, outcome="")
    return _ministry_package(_central_after_province_forward(queryset)).filter(Exists(sent))


def _without_advisory_report(queryset):
    reported = AdvisoryRecord.objects.filter(dossier_id=OuterRef("pk"), kind=AdvisoryKind.REPORT)
    return queryset.exclude(round__framework__dossier_forms="").exclude(Exists(reported))


def with_last_result(queryset):
    """Annotate each dossier with its last closed council result: `result_level`,
    `result_outcome`, `result_score` (mean) and `result_stars` (gated)."""
    last = CouncilAssignment.objects.filter(dossier_id=OuterRef("pk"), state=AssignmentState.CLOSED).order_by(
        "-closed_at", "-id"
    )
    return queryset.annotate(
        result_level=Subquery(last.values("level")[:1]),
        result_outcome=Subquery(last.values("outcome")[:1]),
        result_score=Subquery(last.values("mean_score")[:1]),
        result_stars=Subquery(last.values("final_stars")[:1]),
    )


def awaiting_decision(queryset, level: str):
    """The dossiers of `queryset` whose council result a decision at `level` approves now and that
    are on no decision of that level yet: scored and recognised (or sent back) at that level, or
    back from a central "not granted"; at the central level, potential 5★ forwarded there under a
    framework without the province's 5★ package (with it, the Ministry's outcome is recorded on
    the province's 5★ page)."""
    recorded = DecisionItem.objects.filter(dossier_id=OuterRef("pk"), decision__level=level)
    queryset = with_last_result(queryset).exclude(Exists(recorded))
    if level == Level.CENTRAL:
        return _no_ministry_package(
            queryset.filter(state=DossierState.FORWARDED, current_level=Level.CENTRAL, result_outcome=Outcome.FORWARD)
        )
    return queryset.filter(state=DossierState.SCORED, current_level=level).filter(
        Q(result_outcome__in=[Outcome.RECOGNISE, Outcome.BACK_TO_LOWER])
        | Q(result_outcome=Outcome.FORWARD, result_level=level)
    )


# --- where the button goes -----------------------------------------------------------------------


def council_for(dossier: Dossier) -> Council | None:
    """The council in office that takes this dossier at its level (district: the dossier's
    district; province: its province), the latest first."""
    today = timezone.localdate()
    councils = Council.objects.filter(level=dossier.current_level, province_id=dossier.province_id).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today)
    )
    if dossier.current_level == Level.DISTRICT:
        councils = councils.filter(jurisdiction_id=dossier.district_id)
    return councils.order_by("-term_start", "-id").first()


def _to_council_url(dossier: Dossier) -> str:
    council = council_for(dossier)
    if council is None:
        return f"{reverse('evaluation:council_create')}?level={dossier.current_level}"
    return f"{reverse('evaluation:council_assign', args=[council.pk])}?dossier={dossier.pk}"


def _scorecard_url(dossier: Dossier, user) -> str:
    assignment = _open_assignments_to_score(user).filter(dossier_id=dossier.pk).order_by("pk").first()
    return reverse("evaluation:scorecard", args=[assignment.pk])


def _open_assignment_url(dossier: Dossier, user) -> str:
    assignment = (
        CouncilAssignment.objects.filter(dossier_id=dossier.pk, level=dossier.current_level)
        .exclude(state=AssignmentState.CLOSED)
        .order_by("-pk")
        .first()
    )
    if assignment is None:
        return reverse("evaluation:dossier_detail", args=[dossier.pk])
    return reverse("evaluation:assignment_detail", args=[assignment.pk])


def _decision_url(level: str) -> Callable:
    return lambda dossier, user: f"{reverse('evaluation:decision_create')}?level={level}&dossier={dossier.pk}"


def _province_page(anchor: str) -> Callable:
    return lambda dossier, user: f"{reverse('evaluation:dossier_province', args=[dossier.pk])}#{anchor}"


def _on_dossier(name: str) -> Callable:
    return lambda dossier, user: reverse(name, args=[dossier.pk])


def _queue(state: str) -> Callable:
    return lambda user: f"{reverse('evaluation:dossier_queue')}?state={state}"


def _named(name: str, query: str = "") -> Callable:
    return lambda user: reverse(name) + query


# --- the table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A dossier in `state` (at one of `levels`, any when empty; narrowed further by `narrow`)
    waits on `actor`, who sees `card` on the home page and `button` on the dossier's page."""

    key: str
    state: str
    actor: str
    card: str
    button: str
    url: Callable  # (dossier, user) -> the page that performs the step
    card_url: Callable  # (user) -> the list behind the card
    levels: tuple = ()
    narrow: Callable | None = None
    post: bool = False  # the button posts (with a confirmation) instead of opening a page
    confirm: str = ""
    always_shown: bool = False  # the card shows even at 0
    explain: str = field(default="")

    def pending(self, queryset):
        queryset = queryset.filter(state=self.state)
        if self.levels:
            queryset = queryset.filter(current_level__in=self.levels)
        return self.narrow(queryset) if self.narrow else queryset


SUBMIT_CONFIRM = _(
    "Hồ sơ được gửi đến cơ quan tiếp nhận; bản đăng ký, tự đánh giá và minh chứng không sửa được nữa, trừ khi "
    "hồ sơ được trả lại để bổ sung."
)

STEPS: tuple[Step, ...] = (
    Step(
        "draft_submit",
        DossierState.DRAFT,
        "producer",
        card=_("Hồ sơ đang soạn, chưa nộp"),
        button=_("Nộp hồ sơ"),
        explain=_("Hồ sơ đang soạn: hoàn thiện phiếu đăng ký, tự đánh giá, minh chứng rồi nộp."),
        url=_on_dossier("evaluation:dossier_submit"),
        card_url=_named("evaluation:dossier_mine"),
        post=True,
        confirm=SUBMIT_CONFIRM,
    ),
    Step(
        "returned_resubmit",
        DossierState.RETURNED,
        "producer",
        card=_("Hồ sơ bị trả lại, cần bổ sung"),
        button=_("Nộp lại hồ sơ"),
        explain=_("Hồ sơ bị trả lại: bổ sung theo lý do trả lại rồi nộp lại."),
        url=_on_dossier("evaluation:dossier_submit"),
        card_url=_named("evaluation:dossier_mine"),
        post=True,
        confirm=SUBMIT_CONFIRM,
    ),
    Step(
        "commune_intake",
        DossierState.SUBMITTED,
        "commune",
        levels=(Level.COMMUNE,),
        card=_("Hồ sơ chờ xã tiếp nhận, kiểm tra"),
        button=_("Tiếp nhận, kiểm tra hồ sơ"),
        explain=_("Hồ sơ đã nộp, chờ UBND cấp xã tiếp nhận, kiểm tra (theo QĐ 26/2026: lập Mẫu số 03)."),
        url=_on_dossier("evaluation:dossier_accept"),
        card_url=_queue(DossierState.SUBMITTED),
        always_shown=True,
    ),
    Step(
        "district_check",
        DossierState.SUBMITTED,
        "district",
        card=_("Hồ sơ chờ kiểm tra"),
        button=_("Kiểm tra, tiếp nhận hồ sơ"),
        # any level: the district and the province may check wherever the rules let them
        explain=_("Hồ sơ đã nộp, chờ cấp huyện kiểm tra tính đầy đủ."),
        url=_on_dossier("evaluation:dossier_accept"),
        card_url=_queue(DossierState.SUBMITTED),
        always_shown=True,
    ),
    Step(
        "province_check",
        DossierState.SUBMITTED,
        "province",
        card=_("Hồ sơ chờ kiểm tra"),
        button=_("Kiểm tra, tiếp nhận hồ sơ"),
        explain=_("Hồ sơ đã nộp, chờ cấp tỉnh kiểm tra tính đầy đủ."),
        url=_on_dossier("evaluation:dossier_accept"),
        card_url=_queue(DossierState.SUBMITTED),
        always_shown=True,
    ),
    Step(
        "accepted_district_council",
        DossierState.ACCEPTED,
        "district",
        levels=(Level.DISTRICT,),
        narrow=_not_before_council_of_its_level,
        card=_("Hồ sơ đã tiếp nhận, chờ trình Hội đồng cấp huyện"),
        button=_("Trình Hội đồng cấp huyện"),
        explain=_("Hồ sơ đã được tiếp nhận, chờ trình Hội đồng cấp huyện chấm điểm."),
        url=lambda dossier, user: _to_council_url(dossier),
        card_url=_queue(DossierState.ACCEPTED),
    ),
    Step(
        "accepted_province_council",
        DossierState.ACCEPTED,
        "province",
        levels=(Level.PROVINCE,),
        narrow=_not_before_council_of_its_level,
        card=_("Hồ sơ đã tiếp nhận, chờ trình Hội đồng cấp tỉnh"),
        button=_("Trình Hội đồng cấp tỉnh"),
        explain=_("Hồ sơ đã được tiếp nhận, chờ trình Hội đồng cấp tỉnh chấm điểm."),
        url=lambda dossier, user: _to_council_url(dossier),
        card_url=_queue(DossierState.ACCEPTED),
    ),
    Step(
        "forwarded_district_council",
        DossierState.FORWARDED,
        "district",
        levels=(Level.DISTRICT,),
        narrow=_not_before_council_of_its_level,
        card=_("Hồ sơ xã chuyển lên, chờ trình Hội đồng cấp huyện"),
        button=_("Trình Hội đồng cấp huyện"),
        explain=_("Hồ sơ đã được chuyển lên cấp huyện, chờ trình Hội đồng cấp huyện."),
        url=lambda dossier, user: _to_council_url(dossier),
        card_url=_queue(DossierState.FORWARDED),
    ),
    Step(
        "forwarded_province_council",
        DossierState.FORWARDED,
        "province",
        levels=(Level.PROVINCE,),
        narrow=_not_before_council_of_its_level,
        card=_("Hồ sơ đã chuyển lên, chờ Hội đồng cấp tỉnh"),
        button=_("Trình Hội đồng cấp tỉnh"),
        explain=_("Hồ sơ đã được chuyển lên cấp tỉnh, chờ trình Hội đồng cấp tỉnh chấm điểm."),
        url=lambda dossier, user: _to_council_url(dossier),
        card_url=_queue(DossierState.FORWARDED),
        always_shown=True,
    ),
    Step(
        "scoring_member",
        DossierState.IN_SCORING,
        "member",
        card=_("Phiếu chấm điểm cần hoàn thành"),
        button=_("Chấm điểm"),
        explain=_("Hội đồng đang chấm: phiếu chấm của bạn chưa nộp."),
        url=_scorecard_url,
        card_url=_named("evaluation:council_work_list"),
        always_shown=True,
    ),
    Step(
        "scoring_district_close",
        DossierState.IN_SCORING,
        "district",
        levels=(Level.DISTRICT,),
        card=_("Hồ sơ Hội đồng cấp huyện đang chấm, chờ kết thúc phiên chấm"),
        button=_("Theo dõi, kết thúc phiên chấm"),
        explain=_("Hội đồng cấp huyện đang chấm; khi đủ phiếu, kết thúc phiên chấm để có kết quả."),
        url=_open_assignment_url,
        card_url=_named("evaluation:council_list"),
    ),
    Step(
        "scoring_province_close",
        DossierState.IN_SCORING,
        "province",
        levels=(Level.PROVINCE,),
        card=_("Hồ sơ Hội đồng cấp tỉnh đang chấm, chờ kết thúc phiên chấm"),
        button=_("Theo dõi, kết thúc phiên chấm"),
        explain=_("Hội đồng cấp tỉnh đang chấm; khi đủ phiếu, kết thúc phiên chấm để có kết quả."),
        url=_open_assignment_url,
        card_url=_named("evaluation:council_list"),
    ),
    Step(
        "advisory_report",
        DossierState.IN_SCORING,
        "province",
        levels=(Level.PROVINCE,),
        narrow=_without_advisory_report,
        card=_("Hồ sơ chờ báo cáo của tổ tư vấn"),
        button=_("Ghi nhận của tổ tư vấn"),
        explain=_("Theo QĐ 26/2026, tổ tư vấn rà soát, khảo sát và gửi báo cáo đánh giá cho Chủ tịch Hội đồng."),
        url=_province_page("advisory-form"),
        card_url=_named("evaluation:province_work"),
    ),
    Step(
        "decide_district",
        DossierState.SCORED,
        "district",
        levels=(Level.DISTRICT,),
        narrow=lambda queryset: awaiting_decision(queryset, Level.DISTRICT),
        card=_("Kết quả cấp huyện chờ ra quyết định công nhận"),
        button=_("Ra quyết định công nhận"),
        explain=_("Đã có kết quả chấm cấp huyện, chờ quyết định công nhận."),
        url=_decision_url(Level.DISTRICT),
        card_url=_named("evaluation:decision_create", f"?level={Level.DISTRICT}"),
        always_shown=True,
    ),
    Step(
        "decide_province",
        DossierState.SCORED,
        "province",
        levels=(Level.PROVINCE,),
        narrow=lambda queryset: awaiting_decision(queryset, Level.PROVINCE),
        card=_("Kết quả cấp tỉnh chờ ra quyết định công nhận"),
        button=_("Ra quyết định công nhận"),
        explain=_("Đã có kết quả chấm cấp tỉnh, chờ quyết định công nhận."),
        url=_decision_url(Level.PROVINCE),
        card_url=_named("evaluation:decision_create", f"?level={Level.PROVINCE}"),
        always_shown=True,
    ),
    Step(
        "decide_central",
        DossierState.FORWARDED,
        "province",
        levels=(Level.CENTRAL,),
        narrow=lambda queryset: awaiting_decision(queryset, Level.CENTRAL),
        card=_("Hồ sơ 5 sao chờ ghi nhận quyết định của Bộ"),
        button=_("Ghi nhận quyết định của Bộ"),
        explain=_("Hồ sơ tiềm năng 5 sao đã chuyển lên Trung ương, chờ ghi nhận quyết định công nhận."),
        url=_decision_url(Level.CENTRAL),
        card_url=_named("evaluation:decision_create", f"?level={Level.CENTRAL}"),
    ),
    Step(
        "five_star_approve",
        DossierState.FORWARDED,
        "province",
        levels=(Level.CENTRAL,),
        narrow=awaiting_approval,
        card=_("Kết quả 5 sao chờ Chủ tịch UBND tỉnh phê duyệt"),
        button=_("Ghi nhận phê duyệt kết quả"),
        explain=_("Hội đồng cấp tỉnh đề nghị 5 sao: ghi nhận quyết định phê duyệt của Chủ tịch UBND tỉnh."),
        url=_province_page("five-star-heading"),
        card_url=_named("evaluation:province_work"),
    ),
    Step(
        "five_star_send",
        DossierState.FORWARDED,
        "province",
        levels=(Level.CENTRAL,),
        narrow=awaiting_sending,
        card=_("Hồ sơ 5 sao chờ gửi Bộ"),
        button=_("Gửi hồ sơ đề nghị Bộ công nhận"),
        explain=_("Kết quả 5 sao đã được phê duyệt: gửi hồ sơ đề nghị Bộ công nhận."),
        url=_province_page("five-star-heading"),
        card_url=_named("evaluation:province_work"),
    ),
    Step(
        "five_star_outcome",
        DossierState.FORWARDED,
        "province",
        levels=(Level.CENTRAL,),
        narrow=awaiting_ministry_outcome,
        card=_("Hồ sơ 5 sao đã gửi Bộ, chờ ghi nhận kết quả"),
        button=_("Ghi nhận kết quả của Bộ"),
        explain=_("Hồ sơ đã gửi Bộ: khi có kết quả, ghi nhận để hoàn tất."),
        url=_province_page("five-star-heading"),
        card_url=_named("evaluation:province_work"),
    ),
)


# --- reading the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    step: Step
    url: str


def next_steps(dossier: Dossier, user) -> list[NextStep]:
    """The steps this user performs next on this dossier (usually none or one)."""
    if not user.is_authenticated or dossier.state in TERMINAL_STATES:
        return []
    found = []
    for step in STEPS:
        if step.state != dossier.state or (step.levels and dossier.current_level not in step.levels):
            continue
        actor = ACTORS[step.actor]
        if not actor.holds(user) or not actor.acts_on(user, dossier):
            continue
        if step.narrow and not step.narrow(Dossier.objects.filter(pk=dossier.pk)).exists():
            continue
        found.append(NextStep(step, step.url(dossier, user)))
    return found


def waiting_counts(user) -> list[tuple[Step, int]]:
    """(step, number of dossiers waiting on this user) for each step of a role the user holds:
    one query per step."""
    if not user.is_authenticated:
        return []
    held = {key for key, actor in ACTORS.items() if actor.holds(user)}
    scopes = {key: ACTORS[key].scope(user) for key in held}
    return [(step, step.pending(scopes[step.actor]).count()) for step in STEPS if step.actor in held]
