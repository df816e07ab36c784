"""The steps of a dossier's path, each done through the evaluation services by the person who does
it in the portal: preparing and submitting, the district's check, a council's scoring and
closing, and the recognition decision."""

import datetime
import math
from contextlib import contextmanager, nullcontext
from decimal import Decimal

from django.core.management.base import CommandError

from evaluation.enums import DossierKind, EvidenceType, Level, RoundState
from evaluation.models import Council, CouncilAssignment, CriterionCase, Decision, Dossier, Framework, Round
from evaluation.reference import framework_in_force
from evaluation.services.certificates import evidence_carry_over
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.dossiers import (
    dossier_accept,
    dossier_create,
    dossier_return,
    dossier_save_self_assessment,
    dossier_submit,
    dossier_update_registration,
)
from evaluation.services.evidence import evidence_upload
from evaluation.services.filing import filing_save_form, filing_save_form03, form_values, uses_official_forms
from evaluation.services.rounds import round_create, round_transition
from evaluation.services.scorecards import sheet_criteria

from .clock import Story
from .context import Demo
from .files import sample_pdf, sample_png
from .scoring import choose_options, score_as_member

# Members' totals around the council's aim: a realistic spread, far inside the 10-point rule.
MEMBER_OFFSETS = (Decimal(0), Decimal(3), Decimal(-2), Decimal(1), Decimal(-1))


def registration_for(product) -> dict[str, str]:
    producer = product.producer
    return {
        "product_description": f"{product.name}: sản phẩm đặc trưng của {product.commune.name}.",
        "production_capacity": "Khoảng 20 tấn/năm",
        "raw_material_source": f"Vùng nguyên liệu tại {product.commune.name} và các xã lân cận",
        "main_markets": "Trong tỉnh, Hà Nội và các tỉnh lân cận; sàn thương mại điện tử",
        "workers": "25",
        "annual_revenue": "1800000000",
        "packaging": "Hộp giấy, túi hút chân không có tem truy xuất",
        "contact_name": producer.representative,
        "contact_phone": producer.phone or "0204 3850000",
    }


def official_forms_for(dossier) -> dict[str, dict]:
    """Forms 01 and 02 of QĐ 26/2026 as the producer would fill them: the registry's data (what the
    blank forms start from) and the rest written for the demo."""
    producer = dossier.product.producer
    phone = producer.phone or "0204 3850000"
    form01 = form_values(dossier, "01")
    form02 = form_values(dossier, "02")
    return {
        "01": {
            **{key: form01.get(key, "") for key in ("unit_name", "contact_address", "product_name", "classification")},
            "representative": producer.representative or "Nguyễn Văn An",
            "position": "Giám đốc",
            "phone": phone,
            "samples": 5,
        },
        "02": {
            **{key: form02.get(key, "") for key in ("producer_name", "organisation_type", "address")},
            "phone": phone,
            "rep_name": producer.representative or "Nguyễn Văn An",
            "rep_sex": "Nam",
            "rep_ethnicity": "Kinh",
            "rep_address": producer.address or str(dossier.product.commune),
            "founded_on": datetime.date(2015, 3, 2),
            "product_spec": f"{dossier.product.name}, đóng hộp theo tiêu chuẩn cơ sở",
            "has_business_registration": True,
            "history": "Thành lập năm 2015 từ tổ hợp tác của các hộ sản xuất trong xã.",
            "structure": "Ban giám đốc, ban kiểm soát và các tổ sản xuất.",
            "business_results": "Doanh thu năm trước 1,8 tỷ đồng; 25 lao động thường xuyên.",
            "business_plan": "Mở rộng vùng nguyên liệu, bán qua sàn thương mại điện tử.",
        },
    }


class Flow:
    """Drives dossiers through the services; remembers the rounds and decision numbers it used."""

    def __init__(self, demo: Demo, councils: dict[str, tuple[Council, list]]):
        self.demo = demo
        self.councils = councils
        self.decision_numbers: dict[int, int] = {}
        self.current_story: Story | None = None

    @contextmanager
    def story(self, ends: datetime.date, days: int = 50):
        """The steps inside happen on the days before the decision of `ends` (demo/clock.py),
        not today."""
        self.current_story = Story(ends, days)
        try:
            yield
        finally:
            self.current_story = None

    def _on(self, step: str):
        return self.current_story.step(step) if self.current_story else nullcontext()

    # Rounds -----------------------------------------------------------------------------------
    def round(self, year: int, number: int, *, opens_on: datetime.date | None = None) -> Round:
        """The province's round (year, number), created and opened when missing: before the merger
        Bắc Giang's under QĐ 148 (the district chain), after it Bắc Ninh's under the framework in
        force on `opens_on` (QĐ 26/2026's commune chain)."""
        province = self.demo.former if self.demo.before_merger else self.demo.province
        existing = Round.objects.filter(province=province, year=year, number=number).first()
        if existing is not None:
            return existing
        staff = self.demo.staff
        if self.demo.before_merger:
            framework = Framework.objects.get(code="148")
        else:
            framework = framework_in_force(opens_on)
            if framework is None or not framework.levels.filter(level=Level.COMMUNE).exists():
                raise CommandError(
                    f"The demo's round {number}/{year} opens on {opens_on}, when no commune-chain framework "
                    "with shipped sheets is in force (the demo calendar counts back from today)."
                )
        created = round_create(
            province=province,
            framework=framework,
            year=year,
            number=number,
            title=f"Đợt {number} năm {year}",
            opens_on=opens_on,
            by=staff,
        )
        return round_transition(created, RoundState.OPEN, by=staff)

    # Preparing and checking -------------------------------------------------------------------
    def open(self, name: str, round_: Round, *, by=None, kind=DossierKind.NEW, renews=None) -> Dossier:
        product = self.demo.product(name)
        by = by or self.demo.officer_for(product)
        with self._on("open"):
            return dossier_create(product=product, round=round_, kind=kind, by=by, renews_certificate=renews)

    def fill(self, dossier: Dossier, *, by, fields=None, aim=Decimal(78), stars=4, evidence=True) -> Dossier:
        """Registration form (all of it, or `fields`), self-assessment (when aiming) and evidence:
        carried over from the renewed certificate's dossier, or uploaded."""
        with self._on("fill"):
            return self._fill(dossier, by=by, fields=fields, aim=aim, stars=stars, evidence=evidence)

    def _fill(self, dossier: Dossier, *, by, fields, aim, stars, evidence) -> Dossier:
        data = registration_for(dossier.product)
        if fields is not None:
            data = {key: data[key] for key in fields}
        dossier = dossier_update_registration(dossier=dossier, data=data, version=dossier.version, by=by)
        if fields is None and uses_official_forms(dossier):
            for form_no, values in official_forms_for(dossier).items():
                dossier = filing_save_form(
                    dossier=dossier, form_no=form_no, data=values, version=dossier.version, by=by
                )
        if aim is not None:
            self._self_assess(dossier, by=by, aim=aim, stars=stars)
        if evidence:
            if dossier.renews_certificate_id:
                evidence_carry_over(dossier=dossier, by=by)
            else:
                self._upload_evidence(dossier, by=by)
        dossier.refresh_from_db()
        return dossier

    def _self_assess(self, dossier: Dossier, *, by, aim: Decimal, stars: int) -> None:
        cases = {}
        sheet_cases = CriterionCase.objects.filter(criterion__sheet_id=dossier.sheet_id).select_related("criterion")
        for case in sheet_cases.order_by("code"):
            # The first case, as the council's scorecards default to (scoring.case_for).
            cases.setdefault(case.criterion.code, case.code)
        criteria = sheet_criteria(dossier)
        # Producers rate themselves a little above what the council will find.
        chosen = choose_options(criteria, target=aim + 4, stars=stars, seed=dossier.product_id)
        dossier_save_self_assessment(
            dossier=dossier,
            answers={criterion_id: option.id for criterion_id, option in chosen.items()},
            case_choices=cases,
            version=dossier.version,
            by=by,
        )

    def _upload_evidence(self, dossier: Dossier, *, by) -> None:
        slug = f"hs{dossier.pk}"
        lab_valid_until = self.demo.today + datetime.timedelta(days=240)
        files = [
            (EvidenceType.BUSINESS_REGISTRATION, sample_pdf(f"dang-ky-kinh-doanh-{slug}.pdf", "Giay DKKD"), None),
            (EvidenceType.FOOD_SAFETY, sample_pdf(f"attp-{slug}.pdf", "Giay chung nhan ATTP"), None),
            (EvidenceType.LAB_TEST, sample_pdf(f"kiem-nghiem-{slug}.pdf", "Phieu kiem nghiem"), lab_valid_until),
            (EvidenceType.PHOTOS, sample_png(f"anh-san-pham-{slug}.png", (46, 125, 50)), None),
        ]
        for evidence_type, uploaded, valid_until in files:
            evidence_upload(
                dossier=dossier, evidence_type=evidence_type, uploaded=uploaded, by=by, valid_until=valid_until
            )

    def submit(self, dossier: Dossier, *, by=None) -> Dossier:
        with self._on("submit"):
            return dossier_submit(dossier=dossier, by=by or self.demo.officer_for(dossier.product))

    def accept(self, dossier: Dossier) -> Dossier:
        with self._on("accept"):
            return self._accept(dossier)

    def _accept(self, dossier: Dossier) -> Dossier:
        officer = self.demo.officer_for(dossier.product)
        if uses_official_forms(dossier) and dossier.current_level == Level.COMMUNE:
            # QĐ 26/2026 Art. 7.2: the commune's form 03 goes to the province with the request.
            commune = dossier.product.commune.name
            filing_save_form03(
                dossier=dossier,
                by=officer,
                data={
                    "local_materials": f"Nguyên liệu chính trồng và thu mua tại {commune} và các xã lân cận.",
                    "local_labour": "Sử dụng lao động địa phương, phần lớn là phụ nữ và người cao tuổi.",
                    "idea_origin": "Sản phẩm truyền thống của địa phương, được chủ thể phát triển từ nhiều năm.",
                    "local_identity": f"Gắn với tên gọi và tập quán sản xuất của {commune}.",
                },
            )
        return dossier_accept(dossier=dossier, by=officer)

    def give_back(self, dossier: Dossier, reasons: str) -> Dossier:
        with self._on("return"):
            return dossier_return(dossier=dossier, by=self.demo.officer_for(dossier.product), reasons=reasons)

    def accepted(self, name: str, round_: Round, *, by=None, aim=Decimal(78), stars=4, **open_args) -> Dossier:
        """A dossier filled, submitted and accepted by the district (before the merger), or taken in
        by the commune and so forwarded to the province: ready for its council."""
        dossier = self.open(name, round_, by=by, **open_args)
        by = by or self.demo.officer_for(dossier.product)
        dossier = self.fill(dossier, by=by, aim=aim, stars=stars)
        self.submit(dossier, by=by)
        return self.accept(dossier)

    # Councils ---------------------------------------------------------------------------------
    def council_key(self, dossier: Dossier) -> str:
        """Bắc Ninh's provincial council, Bắc Giang's (before the merger), or a district's."""
        dossier.refresh_from_db()
        if dossier.current_level != Level.PROVINCE:
            return self.demo.district_code(dossier.product)
        return "province" if dossier.province_id == self.demo.province.pk else "former_province"

    def score(
        self, dossier: Dossier, *, aim: Decimal, stars: int, expect: str | None = None, pending=(), drafts=()
    ) -> CouncilAssignment:
        """Put the dossier before the council of its current level and have members score it.

        With `expect` (an Outcome) the presiding member closes it once a quorum has scored, and
        the outcome is checked; otherwise every member not in `pending` or `drafts` submits,
        members in `drafts` leave a half-filled draft, and the council stays open.
        """
        with self._on("score"):
            return self._score(dossier, aim=aim, stars=stars, expect=expect, pending=pending, drafts=drafts)

    def _score(self, dossier: Dossier, *, aim, stars, expect, pending, drafts) -> CouncilAssignment:
        council, scorers = self.councils[self.council_key(dossier)]
        manager = self.demo.staff if council.level == Level.PROVINCE else self.demo.officer_for(dossier.product)
        assignment = council_assign(council=council, dossiers=[dossier], by=manager)[0]
        if expect is not None:
            scoring = scorers[: math.ceil(council.quorum_ratio * len(scorers))]
        else:
            scoring = [user for user in scorers if user.username not in pending]
        for position, user in enumerate(scoring):
            draft = user.username in drafts
            score_as_member(
                assignment,
                user,
                target=aim + MEMBER_OFFSETS[position % len(MEMBER_OFFSETS)],
                stars=stars,
                seed=assignment.pk * 10 + position,
                submit=not draft,
                share=0.5 if draft else 1.0,
            )
        if expect is not None:
            assignment = assignment_close(assignment=assignment, by=scorers[0])
            if assignment.outcome != expect or assignment.final_stars != stars:
                raise CommandError(
                    f"Demo scoring of “{dossier.product.name}” gave {assignment.mean_score} "
                    f"({assignment.final_stars}★, {assignment.outcome}), expected {stars}★ {expect}."
                )
        return assignment

    # Decisions --------------------------------------------------------------------------------
    def decide(self, *, level: str, date: datetime.date, items: list[tuple[Dossier, int]]) -> Decision:
        first = items[0][0]
        province = first.round.province
        if level == Level.PROVINCE:
            issuer, by, signer = province, self.demo.staff, "Phó Chủ tịch UBND tỉnh"
        else:
            issuer = first.product.district
            by, signer = self.demo.officer_for(first.product), "Phó Chủ tịch UBND huyện"
        sequence = self.decision_numbers.get(issuer.pk, 1200 if level == Level.PROVINCE else 310) + 7
        self.decision_numbers[issuer.pk] = sequence
        return decision_record(
            province=province,
            issuer_unit=issuer,
            level=level,
            number=f"{sequence}/QĐ-UBND",
            date=date,
            signer=signer,
            authority=f"UBND {issuer.name[0].lower()}{issuer.name[1:]}",
            items=items,
            by=by,
        )
