"""Councils, past rounds and the open round of the demo province, built through the services.

Past rounds leave certificates in every status (expired, expiring, superseded, valid, revoked —
the revocation itself is in certificates.py); the open round has a dossier at every stage, so
each persona finds work waiting:

| Product | District | Open round |
|---|---|---|
| Gà đồi Yên Thế | Yên Thế | draft re-evaluation (chuthe), renews the expiring 4★ |
| Bánh đa Kế | Lạng Giang | draft opened by the province staff |
| Trứng gà đồi Yên Thế | Yên Thế | returned to chuthe with reasons |
| Rượu men lá, Măng khô, Gạo nếp Xuân Lương | Yên Thế | submitted: huyen_yenthe's check |
| Nước cốt vải Tân Sơn | Lục Ngạn | submitted: huyen_lucngan's check |
| Gạo nếp cái hoa vàng Nhã Nam | Tân Yên | submitted: checked by the province staff |
| Bưởi Đồng Tiến / Mật ong hoa vải Tân Sơn | Yên Thế / Lục Ngạn | accepted, waiting for a council |
| Cam Bố Hạ (upgrade), Gừng Yên Thế | Yên Thế | district scoring, hoidong's card to fill |
| Bánh chưng Canh Nậu | Yên Thế | scored 3★, waiting for the district decision |
| Chả gà đồi Yên Thế | Yên Thế | forwarded, waiting for the provincial council |
| Gà đồi hun khói Yên Thế | Yên Thế | provincial scoring, hoidong's card to fill |
| Giò gà đồi Yên Thế / Vải thiều Tân Sơn | Yên Thế / Lục Ngạn | decided 3★ / 4★ with certificates |
"""

import datetime
from decimal import Decimal

from django.db.models import Max

from evaluation.enums import DossierKind, Level, MemberRole, Outcome, RoundState
from evaluation.models import Council, Decision, Dossier, Round
from evaluation.services.councils import council_create, council_member_add
from evaluation.services.rounds import DeadlineInput, round_set_deadlines, round_transition

from .context import LUC_NGAN, YEN_THE, Demo, round_of
from .flow import Flow

# key → (level, jurisdiction key, name, establishing decision, manager, seats)
# seats: (username, role, organisation, support team); scorers score in this order.
COUNCILS = {
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
    "province": (
        Level.PROVINCE,
        "province",
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Giang",
        "356/QĐ-UBND",
        "so_nnptnt",
        [
            ("hd_tinh_chutich", MemberRole.CHAIR, "Sở Nông nghiệp và PTNT", False),
            ("hd_tinh_pho", MemberRole.VICE_CHAIR, "Sở Công Thương", False),
            ("hd_tinh_tv1", MemberRole.MEMBER, "Sở Y tế", False),
            ("hd_tinh_tv2", MemberRole.MEMBER, "Sở Khoa học và Công nghệ", False),
            ("hoidong", MemberRole.MEMBER, "Sở Văn hóa, Thể thao và Du lịch", False),
            ("hd_tinh_thuky", MemberRole.SECRETARY, "Chi cục Phát triển nông thôn", True),
        ],
    ),
}

THREE_STARS, FOUR_STARS = 3, 4
RETURN_REASONS = (
    "Phiếu kết quả kiểm nghiệm chỉ tiêu ATTP đã hết hạn, đề nghị bổ sung phiếu mới (không quá 12 tháng).\n"
    "Ảnh sản phẩm chưa thể hiện rõ nhãn và tem truy xuất nguồn gốc."
)


def evaluation_loaded(demo: Demo) -> bool:
    return Dossier.objects.filter(product__in=demo.products.values()).exists()


def evaluation_load(demo: Demo) -> bool:
    """Councils, past rounds and the open round. Returns False (and writes nothing) when the demo
    dossiers are already there."""
    if evaluation_loaded(demo):
        return False
    flow = Flow(demo, councils_load(demo))
    past_rounds = _past(flow)
    _current(flow)
    _close(flow, past_rounds)
    return True


def councils_load(demo: Demo) -> dict[str, tuple[Council, list]]:
    """The councils with their seats; returns key → (council, users who score, in order)."""
    term_start = datetime.date(round_of(demo.calendar.expired)[0], 1, 1)
    councils = {}
    for key, (level, unit_key, name, decision, manager, seats) in COUNCILS.items():
        jurisdiction = demo.province if unit_key == "province" else demo.districts[unit_key]
        council = Council.objects.filter(province=demo.province, name=name).first()
        if council is None:
            by = demo.users[manager]
            council = council_create(
                province=demo.province,
                level=level,
                jurisdiction=jurisdiction,
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


def _past(flow: Flow) -> list[Round]:
    """Certificates from earlier rounds, oldest first: each is issued on its decision's date and
    moved by the calendar up to today, so the statuses come out of the service itself."""
    calendar = flow.demo.calendar
    rounds = []

    def round_for(date):
        round_ = flow.round(*round_of(date))
        if round_ not in rounds:
            rounds.append(round_)
        return round_

    # Expired: 3★ from the district, 36 months ran out 75 days ago.
    noodles = flow.accepted("Miến dong Canh Nậu", round_for(calendar.expired), aim=Decimal(64), stars=THREE_STARS)
    flow.score(noodles, aim=Decimal(62), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.expired, items=[(noodles, THREE_STARS)])

    # Expiring: chuthe's 4★, district → province, about 45 days left.
    chicken = flow.open("Gà đồi Yên Thế", round_for(calendar.expiring), by=flow.demo.users["chuthe"])
    chicken = flow.fill(chicken, by=flow.demo.users["chuthe"])
    flow.submit(chicken, by=flow.demo.users["chuthe"])
    flow.accept(chicken)
    flow.score(chicken, aim=Decimal(80), stars=FOUR_STARS, expect=Outcome.FORWARD)
    flow.score(chicken, aim=Decimal(79), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=calendar.expiring, items=[(chicken, FOUR_STARS)])

    # 3★ from two districts: Mỳ Chũ is upgraded later (superseded), the honey is revoked later.
    older = round_for(calendar.older)
    noodles_chu = flow.accepted("Mỳ Chũ", older, aim=Decimal(63), stars=THREE_STARS)
    flow.score(noodles_chu, aim=Decimal(63), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.older, items=[(noodles_chu, THREE_STARS)])
    honey = flow.accepted("Mật ong rừng Canh Nậu", older, aim=Decimal(60), stars=THREE_STARS)
    flow.score(honey, aim=Decimal(60), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.older, items=[(honey, THREE_STARS)])

    # Last year: the upgrade 3★ → 4★ (its new certificate supersedes the 3★) and a valid 3★.
    last_year = round_for(calendar.last_year)
    upgrade = flow.accepted("Mỳ Chũ", last_year, kind=DossierKind.UPGRADE)
    flow.score(upgrade, aim=Decimal(79), stars=FOUR_STARS, expect=Outcome.FORWARD)
    flow.score(upgrade, aim=Decimal(77), stars=FOUR_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.PROVINCE, date=calendar.last_year, items=[(upgrade, FOUR_STARS)])
    orange = flow.accepted("Cam Bố Hạ", last_year, aim=Decimal(64), stars=THREE_STARS)
    flow.score(orange, aim=Decimal(64), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=calendar.last_year, items=[(orange, THREE_STARS)])
    return rounds


def _current(flow: Flow) -> Round:
    """The open round with a dossier at every stage (see the table in the module docstring)."""
    demo = flow.demo
    current = flow.round(*demo.calendar.current_round)
    _current_deadlines(flow, current)
    chuthe, staff = demo.users["chuthe"], demo.users["so_nnptnt"]

    # Drafts: chuthe's re-evaluation of the expiring certificate, and one opened by the province.
    renewal = flow.open("Gà đồi Yên Thế", current, by=chuthe, kind=DossierKind.REEVALUATION)
    flow.fill(renewal, by=chuthe, fields=["product_description", "main_markets"], aim=None)
    draft = flow.open("Bánh đa Kế", current, by=staff)
    flow.fill(draft, by=staff, fields=["product_description", "production_capacity"], aim=None, evidence=False)

    # Returned to the producer with reasons.
    eggs = flow.open("Trứng gà đồi Yên Thế", current, by=chuthe)
    flow.fill(eggs, by=chuthe, aim=Decimal(66), stars=THREE_STARS)
    flow.submit(eggs, by=chuthe)
    flow.give_back(eggs, RETURN_REASONS)

    # Submitted, waiting for the district's (or the province's) completeness check.
    for name in (
        "Rượu men lá Xuân Lương",
        "Măng khô Canh Nậu",
        "Gạo nếp Xuân Lương",
        "Nước cốt vải Tân Sơn",
        "Gạo nếp cái hoa vàng Nhã Nam",
    ):
        flow.submit(flow.fill(flow.open(name, current), by=demo.officer_for(demo.product(name))))

    # Accepted, waiting for a council.
    for name in ("Bưởi Đồng Tiến", "Mật ong hoa vải Tân Sơn"):
        flow.accepted(name, current)

    # In district scoring: hoidong's card is still to fill (declared with a half-filled draft on
    # the first, not yet declared on the second); huyen_yenthe also sits on this council.
    orange = flow.accepted("Cam Bố Hạ", current, kind=DossierKind.UPGRADE)
    flow.score(orange, aim=Decimal(76), stars=FOUR_STARS, pending=("huyen_yenthe",), drafts=("hoidong",))
    ginger = flow.accepted("Gừng Yên Thế", current, aim=Decimal(68), stars=THREE_STARS)
    flow.score(ginger, aim=Decimal(66), stars=THREE_STARS, pending=("hoidong",), drafts=("hd_tv1",))

    # Scored 3★ by the district council, waiting for the district decision.
    cake = flow.accepted("Bánh chưng Canh Nậu", current, aim=Decimal(62), stars=THREE_STARS)
    flow.score(cake, aim=Decimal(61), stars=THREE_STARS, expect=Outcome.RECOGNISE)

    # Forwarded to the province, waiting for the provincial council.
    patties = flow.accepted("Chả gà đồi Yên Thế", current)
    flow.score(patties, aim=Decimal(79), stars=FOUR_STARS, expect=Outcome.FORWARD)

    # In provincial scoring, hoidong's card still to fill.
    smoked = flow.accepted("Gà đồi hun khói Yên Thế", current, aim=Decimal(82))
    flow.score(smoked, aim=Decimal(81), stars=FOUR_STARS, expect=Outcome.FORWARD)
    flow.score(smoked, aim=Decimal(80), stars=FOUR_STARS, pending=("hoidong", "hd_tinh_tv2"))

    # Decided, with certificates (and the results-based award proposals they trigger).
    sausage = flow.accepted("Giò gà đồi Yên Thế", current, aim=Decimal(65), stars=THREE_STARS)
    flow.score(sausage, aim=Decimal(64), stars=THREE_STARS, expect=Outcome.RECOGNISE)
    flow.decide(level=Level.DISTRICT, date=demo.calendar.this_round, items=[(sausage, THREE_STARS)])
    lychee = flow.accepted("Vải thiều Tân Sơn", current, aim=Decimal(83))
    flow.score(lychee, aim=Decimal(83), stars=FOUR_STARS, expect=Outcome.FORWARD)
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
            DeadlineInput(Level.DISTRICT, later(21), later(35), later(50), later(60)),
            DeadlineInput(Level.PROVINCE, None, None, later(75), later(90)),
        ],
        by=flow.demo.users["so_nnptnt"],
    )


def _close(flow: Flow, past_rounds: list[Round]) -> None:
    """Past rounds get the deadlines they ran under (set afterwards, so the steps above were in
    time), counted back from their decisions, and are closed."""
    staff = flow.demo.users["so_nnptnt"]
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

        round_set_deadlines(
            round_=round_,
            deadlines=[
                DeadlineInput(
                    Level.DISTRICT, before(district, 60), before(district, 45), before(district, 20), district
                ),
                DeadlineInput(Level.PROVINCE, None, None, before(province, 15), province),
            ],
            by=staff,
        )
        round_transition(round_, RoundState.CLOSED, by=staff)
