"""Councils, past rounds and the open round of the demo province, built through the services.

Before the merger (Bắc Giang, QĐ 148: district council → provincial council) the rounds leave the
certificates that are now expired, extended, expiring, due for re-evaluation, superseded and
revoked; after it (Tỉnh Bắc Ninh, QĐ 26/2026: commune intake and check → provincial council) the
previous round upgrades one of them and recognises another, and the open round has a dossier at
every stage, so each persona finds work waiting:

| Product | Commune (2025) | Open round |
|---|---|---|
| Vải thiều Lục Ngạn | Phường Chũ | re-evaluation draft (phuong_chu): its 4★ is in the 180–120-day window |
| Bánh đa Kế | Xã Lạng Giang | draft opened by the province staff |
| Trứng gà đồi Yên Thế | Xã Xuân Lương | returned to chuthe with reasons |
| Rượu men lá, Trà hoa vàng, Gạo nếp Xuân Lương | Xã Xuân Lương | submitted: xa_xuanluong's check |
| Nước cốt vải Tân Sơn | Xã Tân Sơn | submitted: xa_tanson's check |
| Rượu vải Lục Ngạn | Phường Chũ | re-evaluation submitted (phuong_chu); certificate extended, Art. 12.3 |
| Gạo nếp cái hoa vàng Nhã Nam | Xã Nhã Nam | submitted: checked by the province staff |
| Bưởi Đồng Tiến, Dứa Lục Nam, Chả gà đồi Yên Thế | | taken in by the commune, for the council |
| Cam Bố Hạ (upgrade), Gừng Yên Thế, Gà đồi hun khói Yên Thế | | provincial scoring, hoidong's card to fill |
| Bánh chưng Canh Nậu | | scored 3★, waiting for the provincial decision |
| Giò gà đồi Yên Thế / Vải thiều Tân Sơn | | decided 3★ / 4★ with certificates |
"""

import datetime
from decimal import Decimal

from django.core.management.base import CommandError
from django.db.models import Max

from evaluation.enums import DossierKind, Level, MemberRole, Outcome, RoundState
from evaluation.models import Certificate, Council, CouncilMember, Decision, Dossier, Round
from evaluation.services.councils import council_create, council_member_add, council_member_remove
from evaluation.services.rounds import DeadlineInput, round_set_deadlines, round_transition
from ocop_portal.core.admin_units import REFORM_DAY

from .context import LUC_NGAN, YEN_THE, Demo, before_the_merger, round_of
from .flow import Flow

PROVINCIAL_SEATS = [
    ("hd_tinh_chutich", MemberRole.CHAIR, "Sở Nông nghiệp và Môi trường", False),
    ("hd_tinh_pho", MemberRole.VICE_CHAIR, "Sở Công Thương", False),
    ("hd_tinh_tv1", MemberRole.MEMBER, "Sở Y tế", False),
    ("hd_tinh_tv2", MemberRole.MEMBER, "Sở Khoa học và Công nghệ", False),
    ("hoidong", MemberRole.MEMBER, "Sở Văn hóa, Thể thao và Du lịch", False),
    ("hd_tinh_thuky", MemberRole.SECRETARY, "Chi cục Phát triển nông thôn", True),
]

# key → (level, jurisdiction key, name, establishing decision, manager, seats)
# seats: (username, role, organisation, support team); scorers score in this order.
# Before the merger: Bắc Giang's two district councils and its provincial council.
FORMER_COUNCILS = {
    YEN_THE: (
        Level.DISTRICT,
        YEN_THE,
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Yên Thế",
        "1520/QĐ-UBND",
        "huyen_yenthe",
        [
            ("hd_chutich", MemberRole.CHAIR, "UBND huyện Yên Thế", False),
            ("hd_pho", MemberRole.VICE_CHAIR, "Phòng Nông nghiệp và PTNT huyện", False),
            ("hd_tv1", MemberRole.MEMBER, "Trung tâm Y tế huyện", False),
            ("huyen_yenthe", MemberRole.MEMBER, "Văn phòng Điều phối NTM huyện", False),
            ("hoidong", MemberRole.MEMBER, "Phòng Kinh tế và Hạ tầng huyện", False),
            ("hd_thuky", MemberRole.SECRETARY, "Phòng Nông nghiệp và PTNT huyện", True),
        ],
    ),
    LUC_NGAN: (
        Level.DISTRICT,
        LUC_NGAN,
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Lục Ngạn",
        "2105/QĐ-UBND",
        "huyen_lucngan",
        [
            ("hd_lucngan_chutich", MemberRole.CHAIR, "UBND huyện Lục Ngạn", False),
            ("hd_lucngan_pho", MemberRole.VICE_CHAIR, "Phòng Nông nghiệp và PTNT huyện", False),
            ("hd_lucngan_tv1", MemberRole.MEMBER, "Phòng Văn hóa và Thông tin huyện", False),
            ("hd_lucngan_tv2", MemberRole.MEMBER, "Trung tâm Y tế huyện", False),
            ("hd_lucngan_thuky", MemberRole.SECRETARY, "Văn phòng Điều phối NTM huyện", True),
        ],
    ),
    "former_province": (
        Level.PROVINCE,
        "former",
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Giang",
        "356/QĐ-UBND",
        "so_nnptnt",
        [
            (name, role, organisation.replace("Môi trường", "PTNT"), support)
            for name, role, organisation, support in PROVINCIAL_SEATS
        ],
    ),
}
# After it: Tỉnh Bắc Ninh's council (QĐ 26/2026 Art. 7.3), the same people for the most part.
COUNCILS = {
    "province": (
        Level.PROVINCE,
        "province",
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh",
        "1875/QĐ-UBND",
        "so_nnptnt",
        PROVINCIAL_SEATS,
    ),
}

THREE_STARS, FOUR_STARS = 3, 4
RETURN_REASONS = (
    "Phiếu kết quả kiểm nghiệm chỉ tiêu ATTP đã hết hạn, đề nghị bổ sung phiếu mới (không quá 12 tháng).\n"
    "Ảnh sản phẩm chưa thể hiện rõ nhãn và tem truy xuất nguồn gốc."
)
EXTENDED_PRODUCT = "Rượu vải Lục Ngạn"
WINDOW_PRODUCT = "Vải thiều Lục Ngạn"


def evaluation_loaded(demo: Demo) -> bool:
    return Dossier.objects.filter(product__in=demo.products.values()).exists()


def history_load(demo: Demo) -> None:
    """Bắc Giang before the merger: its councils and rounds, closed (the carry refuses a province
    with a council session still open). Runs with `demo.before_merger` set."""
    flow = Flow(demo, councils_load(demo, FORMER_COUNCILS))
    _close(flow, _before_merger(flow))


def evaluation_load(demo: Demo) -> None:
    """Tỉnh Bắc Ninh after the merger: Bắc Giang's councils end, Bắc Ninh's council is set up, the
    previous round (closed) and the open one."""
    _former_councils_end(demo)
    flow = Flow(demo, councils_load(demo, COUNCILS))
    _close(flow, [_previous(flow)])
    _current(flow)


def councils_load(demo: Demo, definitions: dict) -> dict[str, tuple[Council, list]]:
    """The councils with their seats; returns key → (council, users who score, in order)."""
    term_start = datetime.date(round_of(demo.calendar.expired)[0], 1, 1) if demo.before_merger else REFORM_DAY
    units = {"former": demo.former, "province": demo.province, **demo.districts}
    councils = {}
    for key, (level, unit_key, name, decision, manager, seats) in definitions.items():
        council = Council.objects.filter(name=name).first()
        if council is None:
            by = demo.staff if manager == "so_nnptnt" else demo.users[manager]
            council = council_create(
                province=demo.former if demo.before_merger else demo.province,
                level=level,
                jurisdiction=units[unit_key],
                name=name,
                term_start=term_start,
                establishing_decision=decision,
                by=by,
            )
            for order, (username, role, organisation, support) in enumerate(seats):
                council_member_add(
                    council=council,
                    user=demo.users[username],
                    role=role,
                    order=order,
                    organisation=organisation,
                    is_support_team=support,
                    by=by,
                )
        scorers = [demo.users[username] for username, _role, _org, support in seats if not support]
        councils[key] = (council, scorers)
    return councils


def _former_councils_end(demo: Demo) -> None:
    """Bắc Giang's councils ended with the province: their members leave their seats (their
    scorecards stay in the record), so they may sit on the merged province's council."""
    seats = CouncilMember.objects.filter(council__province=demo.former, active=True).select_related("council")
    for member in seats:
        council_member_remove(member=member, by=demo.staff, note="Hội đồng kết thúc khi sáp nhập tỉnh (01/07/2025).")


def _before_merger(flow: Flow) -> list[Round]:
    """Certificates from Bắc Giang's rounds, oldest first: each is issued on its decision's date and
    moved by the calendar up to today, so the statuses come out of the service itself."""
    demo = flow.demo
    calendar = demo.calendar
    rounds = []

    def round_for(date):
        if not before_the_merger(date):
            raise CommandError(
                f"The demo's pre-merger decision of {date} falls after 01/07/2025: this demo calendar "
                f"(counted back from {calendar.today}) no longer fits the merger's history."
            )
        round_ = flow.round(*round_of(date))
        if round_ not in rounds:
            rounds.append(round_)
        return round_

    # Expired: 3★ from the district, 36 months ran out 75 days ago.
    with flow.story(ends=calendar.expired):
        noodles = flow.accepted("Miến dong Canh Nậu", round_for(calendar.expired), aim=Decimal(64), stars=THREE_STARS)
        flow.score(noodles, aim=Decimal(62), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.expired, items=[(noodles, THREE_STARS)])

    # To be extended (Art. 12.3): a 3★ whose filing window closed before QĐ 26/2026 came in.
    extended = extension_decision_date(demo)
    if extended is not None:
        with flow.story(ends=extended):
            wine = flow.accepted(EXTENDED_PRODUCT, round_for(extended), aim=Decimal(63), stars=THREE_STARS)
            flow.score(wine, aim=Decimal(63), stars=THREE_STARS, expect=Outcome.RECOGNISE)
        flow.decide(level=Level.DISTRICT, date=extended, items=[(wine, THREE_STARS)])

    # Expiring: chuthe's 4★, district → province, about 45 days left (its QĐ 26/2026 filing
    # window closed 120 days before expiry: the certificate runs out).
    with flow.story(ends=calendar.expiring):
        chicken = flow.open("Gà đồi Yên Thế", round_for(calendar.expiring), by=demo.users["chuthe"])
        chicken = flow.fill(chicken, by=demo.users["chuthe"])
        flow.submit(chicken, by=demo.users["chuthe"])
        flow.accept(chicken)
        flow.score(chicken, aim=Decimal(80), stars=FOUR_STARS, expect=Outcome.FORWARD)
        flow.score(chicken, aim=Decimal(79), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=calendar.expiring, items=[(chicken, FOUR_STARS)])

    # Due for re-evaluation: Lục Ngạn's 4★ lychee, about 150 days left.
    with flow.story(ends=calendar.window):
        lychee = flow.accepted(WINDOW_PRODUCT, round_for(calendar.window), aim=Decimal(81))
        flow.score(lychee, aim=Decimal(80), stars=FOUR_STARS, expect=Outcome.FORWARD)
        flow.score(lychee, aim=Decimal(80), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=calendar.window, items=[(lychee, FOUR_STARS)])

    # 3★ from two districts: Mỳ Chũ is upgraded after the merger (superseded), the honey revoked.
    older = round_for(calendar.older)
    with flow.story(ends=calendar.older):
        noodles_chu = flow.accepted("Mỳ Chũ", older, aim=Decimal(63), stars=THREE_STARS)
        flow.score(noodles_chu, aim=Decimal(63), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.older, items=[(noodles_chu, THREE_STARS)])
    with flow.story(ends=calendar.older):
        honey = flow.accepted("Mật ong rừng Canh Nậu", older, aim=Decimal(60), stars=THREE_STARS)
        flow.score(honey, aim=Decimal(60), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.older, items=[(honey, THREE_STARS)])
    return rounds


def extension_decision_date(demo: Demo) -> datetime.date | None:
    """The decision date of the certificate the demo extends today, from QĐ 26/2026's data."""
    from evaluation.models import Framework

    law = Framework.objects.get(code="26/2026")
    return demo.calendar.extended(
        law_from=law.valid_from,
        latest_days=law.reevaluation_latest_days,
        max_days=law.clock("extension_max_days"),
    )


def _previous(flow: Flow) -> Round:
    """Bắc Ninh's previous round on the commune chain: Mỳ Chũ upgraded 3★ → 4★ (its new
    certificate supersedes the 3★) and a new 3★."""
    calendar = flow.demo.calendar
    decided = calendar.previous_round_decision
    previous = flow.round(*calendar.previous_round, opens_on=decided - datetime.timedelta(days=30))
    with flow.story(ends=decided):
        upgrade = flow.accepted("Mỳ Chũ", previous, kind=DossierKind.UPGRADE)
        flow.score(upgrade, aim=Decimal(78), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    with flow.story(ends=decided):
        orange = flow.accepted("Cam Bố Hạ", previous, aim=Decimal(64), stars=THREE_STARS)
        flow.score(orange, aim=Decimal(64), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=decided, items=[(upgrade, FOUR_STARS), (orange, THREE_STARS)])
    return previous


def _current(flow: Flow) -> Round:
    """The open round with a dossier at every stage (see the table in the module docstring)."""
    demo = flow.demo
    current = flow.round(*demo.calendar.current_round, opens_on=demo.today - datetime.timedelta(days=40))
    _current_deadlines(flow, current)
    chuthe, staff = demo.users["chuthe"], demo.staff

    # Drafts: the re-evaluation of the certificate in its filing window, and one opened by the province.
    in_window = Certificate.objects.get(product=demo.product(WINDOW_PRODUCT), stars=FOUR_STARS)
    renewal = flow.open(WINDOW_PRODUCT, current, kind=DossierKind.REEVALUATION, renews=in_window)
    flow.fill(renewal, by=demo.users["phuong_chu"], fields=["product_description", "main_markets"], aim=None)
    draft = flow.open("Bánh đa Kế", current, by=staff)
    flow.fill(draft, by=staff, fields=["product_description", "production_capacity"], aim=None, evidence=False)

    # Returned to the producer with reasons by the commune.
    eggs = flow.open("Trứng gà đồi Yên Thế", current, by=chuthe)
    flow.fill(eggs, by=chuthe, aim=Decimal(66), stars=THREE_STARS)
    flow.submit(eggs, by=chuthe)
    flow.give_back(eggs, RETURN_REASONS)

    # Submitted, waiting for the commune's (or the province's) completeness check.
    for name in (
        "Rượu men lá Xuân Lương",
        "Trà hoa vàng Xuân Lương",
        "Gạo nếp Xuân Lương",
        "Nước cốt vải Tân Sơn",
        "Gạo nếp cái hoa vàng Nhã Nam",
    ):
        flow.submit(flow.fill(flow.open(name, current), by=demo.officer_for(demo.product(name))))
    extended = Certificate.objects.filter(product=demo.product(EXTENDED_PRODUCT)).first()
    if extended is not None:
        # Filed after its window had closed under the new law: Art. 12.3 lets it in.
        wine = flow.open(EXTENDED_PRODUCT, current, kind=DossierKind.REEVALUATION, renews=extended)
        flow.submit(flow.fill(wine, by=demo.officer_for(wine.product), aim=Decimal(64), stars=THREE_STARS))

    # Taken in by the commune, forwarded, waiting for the provincial council.
    # (these steps happened over the last weeks of the round, not all today)
    ongoing = demo.today + datetime.timedelta(days=3)
    for name in ("Bưởi Đồng Tiến", "Dứa Lục Nam", "Chả gà đồi Yên Thế"):
        with flow.story(ends=ongoing, days=24):
            flow.accepted(name, current)

    # In provincial scoring, hoidong's card still to fill (a half-filled draft on the first, not
    # yet declared on the others).
    with flow.story(ends=ongoing, days=30):
        orange = flow.accepted("Cam Bố Hạ", current, kind=DossierKind.UPGRADE)
        flow.score(orange, aim=Decimal(76), stars=FOUR_STARS, pending=("hd_tinh_tv2",), drafts=("hoidong",))
    with flow.story(ends=ongoing, days=30):
        ginger = flow.accepted("Gừng Yên Thế", current, aim=Decimal(68), stars=THREE_STARS)
        flow.score(ginger, aim=Decimal(66), stars=THREE_STARS, pending=("hoidong",), drafts=("hd_tinh_tv1",))
    with flow.story(ends=ongoing, days=30):
        smoked = flow.accepted("Gà đồi hun khói Yên Thế", current, aim=Decimal(82))
        flow.score(smoked, aim=Decimal(80), stars=FOUR_STARS, pending=("hoidong", "hd_tinh_tv2"))

    # Scored 3★ by the provincial council, waiting for the decision.
    with flow.story(ends=ongoing, days=34):
        cake = flow.accepted("Bánh chưng Canh Nậu", current, aim=Decimal(62), stars=THREE_STARS)
        flow.score(cake, aim=Decimal(61), stars=THREE_STARS, expect=Outcome.RECOGNISE)

    # Decided, with certificates (and the results-based award proposals they trigger).
    with flow.story(ends=demo.calendar.this_round, days=30):
        sausage = flow.accepted("Giò gà đồi Yên Thế", current, aim=Decimal(65), stars=THREE_STARS)
        flow.score(sausage, aim=Decimal(64), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=demo.calendar.this_round, items=[(sausage, THREE_STARS)])
    with flow.story(ends=demo.calendar.this_round, days=30):
        lychee = flow.accepted("Vải thiều Tân Sơn", current, aim=Decimal(83))
        flow.score(lychee, aim=Decimal(82), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=demo.calendar.this_round, items=[(lychee, FOUR_STARS)])
    return current


def _current_deadlines(flow: Flow, current: Round) -> None:
    today = flow.demo.today

    def later(days):
        return today + datetime.timedelta(days=days)

    round_set_deadlines(
        round_=current,
        deadlines=[
            DeadlineInput(Level.COMMUNE, later(21), later(35)),
            DeadlineInput(Level.PROVINCE, None, None, later(50), later(60)),
        ],
        by=flow.demo.staff,
    )


def _close(flow: Flow, past_rounds: list[Round]) -> None:
    """Past rounds get the deadlines they ran under (set afterwards, so the steps above were in
    time), counted back from their decisions, and are closed."""
    staff = flow.demo.staff
    first_level = Level.DISTRICT if flow.demo.before_merger else Level.COMMUNE
    for round_ in past_rounds:
        decided = dict(
            Decision.objects.filter(items__dossier__round=round_)
            .values("level")
            .annotate(last=Max("date"))
            .values_list("level", "last")
        )
        district = decided.get(Level.DISTRICT) or decided[Level.PROVINCE]
        province = decided.get(Level.PROVINCE) or district

        def before(day, days):
            return day - datetime.timedelta(days=days)

        if first_level == Level.DISTRICT:
            first = DeadlineInput(
                first_level, before(district, 60), before(district, 45), before(district, 20), district
            )
        else:  # the commune only takes in and checks
            first = DeadlineInput(first_level, before(district, 60), before(district, 45))
        round_set_deadlines(
            round_=round_,
            deadlines=[first, DeadlineInput(Level.PROVINCE, None, None, before(province, 15), province)],
            by=staff,
        )
        round_transition(round_, RoundState.CLOSED, by=staff)
