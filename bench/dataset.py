"""The generated national data set: units, people, registry, the evaluation flow, support.

Everything is generated in memory with explicit ids and written with COPY (bench.db.Copier).
The map is today's (DOMAIN.md §1): 34 provinces and their communes from 01/07/2025, with the 63
provinces, 696 districts and 10,035 communes before it as dated versions, each old province
carried into its successor (the state `carry_province` leaves). Producers and products live in
2025 communes and keep their former district; dossiers, councils, decisions and certificates keep
the units of their time.

Rounds before the merger (2023 – 2025 round 1) are the old provinces' under QĐ 148: district
council (≥ 50: 3★ recognised, ≥ 70 forwarded), province council (4★, ≥ 90 forwarded), central
outcome (5★). Rounds since are the new provinces' on the commune chain (QĐ 148 + 1489, then
QĐ 26/2026 from the open round): the commune takes in and checks, the province council scores and
certifies 3★/4★, ≥ 90 goes to the Ministry. Closed rounds end in decisions and certificates; the
open round (last year, round 2) holds drafts, queues and councils scoring now.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from .db import Copier, drop_indexes, restore_indexes
from .scales import COUNCIL_SIZE, YEARS

BENCH_PASSWORD = "bench-password-not-secret"
BENCH_PROVINCE_CODE = "24"
PRODUCT_WORDS = [
    "Mật ong",
    "Chè",
    "Gạo",
    "Nước mắm",
    "Bánh đa",
    "Rượu",
    "Miến",
    "Cà phê",
    "Tinh dầu",
    "Vải thiều",
    "Mì gạo",
    "Tương",
    "Bưởi",
    "Cam",
    "Nấm",
    "Trà hoa",
    "Măng khô",
    "Giò chả",
    "Mứt",
    "Chổi chít",
]
PLACE_WORDS = [
    "Lục Ngạn",
    "Tân Cương",
    "Yên Thế",
    "Hiệp Hòa",
    "Sơn Động",
    "Phú Thọ",
    "Mộc Châu",
    "Bảo Lộc",
    "Đông Triều",
    "Cát Hải",
    "Hà Giang",
    "Bắc Kạn",
    "Thanh Chương",
    "Gia Lâm",
    "Cao Phong",
    "Tam Đảo",
]
KIND_PREFIX = {"cooperative": "HTX", "enterprise": "Công ty TNHH", "cooperative_group": "Tổ hợp tác", "household": "Hộ"}
OPEN_ROUND_STATES = [  # (state, weight) for dossiers of the open round
    ("draft", 20),
    ("submitted", 20),
    ("returned", 5),
    ("accepted", 15),
    ("in_scoring", 30),
    ("scored", 10),
]
CLOSED_WITHDRAWN_SHARE = 0.25
SUPPORT_CATEGORIES = ["labels_packaging", "food_safety_testing", "trade_promotion", "equipment", "training"]
GRANT_STATES = [("proposed", 15), ("approved", 20), ("paid_in_part", 15), ("paid", 40), ("cancelled", 10)]
TODAY = datetime.date.today()
REFORM_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)
# The rounds of each era, and the framework each runs under (DOMAIN.md §1; the rounds of
# QĐ 148 + 1489 use QĐ 148's sheets, as published_sheet_for does).
OLD_ROUNDS = [(2023, 1), (2023, 2), (2024, 1), (2024, 2), (2025, 1)]
NEW_ROUNDS = [(2025, 2), (2026, 1), (2026, 2)]
ROUND_FRAMEWORK = {(2025, 2): "148+1489", (2026, 1): "148+1489", (2026, 2): "26/2026"}
SHEET_FRAMEWORK = {"148": "148", "148+1489": "148", "26/2026": "26/2026"}


def weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)


class SheetVariants:
    """Pre-rendered answer lines per sheet: for each score level (0…40 ≈ 0…100 points) three
    variants, each "criterion\\toption\\tpoints\\tcomment" with its total — the inner loop over
    7,5 million answers then only prefixes the scorecard id."""

    LEVELS = 41

    def __init__(self, sheet_id: int, criteria: list[tuple[int, Decimal, list[tuple[int, Decimal]]]], rng):
        self.sheet_id = sheet_id
        self.criteria = criteria
        self.variants: list[list[tuple[list[str], Decimal]]] = []
        for level in range(self.LEVELS):
            fraction = level / (self.LEVELS - 1)
            per_level = []
            for _variant in range(3):
                lines, total = [], Decimal(0)
                for criterion_id, max_points, options in criteria:
                    position = fraction * (len(options) - 1) + rng.uniform(-0.7, 0.7)
                    option_id, points = options[min(len(options) - 1, max(0, round(position)))]
                    comment = "" if points >= max_points else "Chưa đạt mức tối đa: cần bổ sung minh chứng."
                    lines.append(f"{criterion_id}\t{option_id}\t{points}\t{comment}")
                    total += points
                per_level.append((lines, total))
            self.variants.append(per_level)
        self.sheet_max = sum(max_points for _id, max_points, _options in criteria)

    def card(self, score: float, rng) -> tuple[list[str], Decimal]:
        level = min(self.LEVELS - 1, max(0, round(score / 100 * (self.LEVELS - 1))))
        return self.variants[level][rng.randrange(3)]


def unit_row(unit_id, level, row, parent_id, period, carried_into_id=None) -> tuple:
    """An AdministrativeUnit row from a list's CSV row; `period` is (valid_from, valid_until, source)."""
    return (unit_id, level, row["code"], row["name"], row["type"], parent_id, *period, carried_into_id)


class Dataset:
    def __init__(self, *, scale, rng, now, cursor, timings, units):
        self.scale, self.rng, self.now, self.cursor, self.timings = scale, rng, now, cursor, timings
        self.units_source = units
        self.ids = defaultdict(int)
        self.password = make_password(BENCH_PASSWORD)
        self.counts: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def copy(self, label: str, model, fields: list[str], rows) -> int:
        with self.timings.step(label) as record:
            record["rows"] = Copier(model, fields, now=self.now).copy(self.cursor, rows)
        self.counts[label] = record["rows"]
        return record["rows"]

    def write_all(self) -> None:
        self.write_units()
        self.load_sheets()
        self.write_users()
        self.write_registry()
        self.write_rounds_and_councils()
        self.generate_flow()
        self.write_flow()
        self.write_standing()
        self.write_support()

    # --- units --------------------------------------------------------------------------------

    def write_units(self) -> None:
        """Both maps as dated versions, each old province carried into its successor, and the
        crosswalk rows. Sets the lookups the rest of the builder uses."""
        from ocop_portal.core.models import AdministrativeUnit, UnitSuccession

        source = self.units_source
        rows = []
        self.province_ids, self.province_names, self.province_codes = {}, {}, {}
        for row in source["provinces"]:
            unit_id = self.next_id("unit")
            self.province_ids[row["code"]] = unit_id
            self.province_names[unit_id] = row["name"]
            self.province_codes[unit_id] = row["code"]
            rows.append(unit_row(unit_id, "province", row, None, (REFORM_DAY, None, "units-2025")))
        new_commune_ids = {}
        for row in source["communes"]:
            unit_id = self.next_id("unit")
            new_commune_ids[row["code"]] = unit_id
            province_id = self.province_ids[row["parent_code"]]
            rows.append(unit_row(unit_id, "commune", row, province_id, (REFORM_DAY, None, "units-2025"), None))
        self.old_province_ids = {}
        self.new_province_of_old = {}  # old province id → new province id
        for row in source["old_provinces"]:
            unit_id = self.next_id("unit")
            successor = self.province_ids[source["new_province_of"][row["code"]]]
            self.old_province_ids[row["code"]] = unit_id
            self.new_province_of_old[unit_id] = successor
            self.province_names[unit_id] = row["name"]
            self.province_codes[unit_id] = row["code"]
            rows.append(unit_row(unit_id, "province", row, None, (None, LAST_OLD_DAY, "units-2024"), successor))
        district_ids, self.district_province, self.district_names = {}, {}, {}
        for row in source["old_districts"]:
            unit_id = self.next_id("unit")
            province_id = self.old_province_ids[row["parent_code"]]
            district_ids[row["code"]] = unit_id
            self.district_province[unit_id] = province_id
            self.district_names[unit_id] = row["name"]
            rows.append(unit_row(unit_id, "district", row, province_id, (None, LAST_OLD_DAY, "units-2024"), None))
        # new province id → [(2025 commune id, former district id, former province id)]: one entry
        # per old commune, placed in the first 2025 commune the crosswalk sends it to.
        self.communes_by_province = defaultdict(list)
        for row in source["old_communes"]:
            unit_id = self.next_id("unit")
            district_id = district_ids[row["parent_code"]]
            rows.append(unit_row(unit_id, "commune", row, district_id, (None, LAST_OLD_DAY, "units-2024"), None))
            targets = source["new_communes_of"].get(row["code"])
            if targets:
                old_province = self.district_province[district_id]
                new_commune = new_commune_ids[targets[0]]
                self.communes_by_province[self.new_province_of_old[old_province]].append(
                    (new_commune, district_id, old_province)
                )
        self.copy(
            "core_administrativeunit",
            AdministrativeUnit,
            [
                "id",
                "level",
                "code",
                "name",
                "unit_type",
                "parent_id",
                "valid_from",
                "valid_until",
                "source",
                "carried_into_id",
            ],
            rows,
        )
        successions = {}
        for row in source["mapping"]:
            new_id = (self.province_ids if row["level"] == "province" else new_commune_ids).get(row["new_code"])
            if new_id is not None:
                key = (row["level"], row["old_code"], new_id)
                successions.setdefault(
                    key, (row["level"], row["old_code"], row["old_province_code"], new_id, row["coverage"])
                )
        self.copy(
            "core_unitsuccession",
            UnitSuccession,
            ["old_level", "old_code", "old_province_code", "new_unit_id", "coverage"],
            list(successions.values()),
        )
        self.bench_province = self.province_ids.get(BENCH_PROVINCE_CODE) or next(iter(self.province_ids.values()))

    # --- sheets (already loaded by the reference step) --------------------------------------

    def load_sheets(self) -> None:
        """The published sheets without cases of QĐ 148 and QĐ 26/2026, with pre-rendered answers;
        products get a product set that has one under both."""
        from evaluation.models import AnswerOption, Criterion, CriterionCase, Framework, ScoreSheet

        self.frameworks = {f.code: f for f in Framework.objects.filter(code__in=[*ROUND_FRAMEWORK.values(), "148"])}
        with_cases = set(CriterionCase.objects.values_list("criterion__sheet_id", flat=True))
        sheets = list(
            ScoreSheet.objects.filter(framework__code__in=set(SHEET_FRAMEWORK.values()), state="published")
            .exclude(pk__in=with_cases)
            .select_related("framework")
        )
        options = defaultdict(list)
        for option_id, criterion_id, points in (
            AnswerOption.objects.filter(criterion__sheet__in=sheets)
            .values_list("id", "criterion_id", "points")
            .order_by("criterion_id", "points", "id")
        ):
            options[criterion_id].append((option_id, points))
        criteria = defaultdict(list)
        for criterion_id, sheet_id, max_points in (
            Criterion.objects.filter(sheet__in=sheets)
            .values_list("id", "sheet_id", "max_points")
            .order_by("sheet_id", "order", "id")
        ):
            if options[criterion_id]:
                criteria[sheet_id].append((criterion_id, max_points, options[criterion_id]))
        # (sheet framework code, product set id) → sheet id
        self.sheet_of = {(sheet.framework.code, sheet.product_set_id): sheet.pk for sheet in sheets}
        both = {set_id for code, set_id in self.sheet_of if code == "148"} & {
            set_id for code, set_id in self.sheet_of if code == "26/2026"
        }
        self.sheet_for_set = {set_id: self.sheet_of[("148", set_id)] for set_id in both}
        self.product_set_group = dict(
            __import__("products.models", fromlist=["ProductSet"])
            .ProductSet.objects.filter(pk__in=self.sheet_for_set)
            .values_list("id", "group_id")
        )
        self.variants = {sheet.pk: SheetVariants(sheet.pk, criteria[sheet.pk], self.rng) for sheet in sheets}
        if not self.sheet_for_set:
            raise RuntimeError("no product set with published QĐ 148 and QĐ 26/2026 sheets without cases")

    def sheet(self, framework_code: str, set_id: int) -> int:
        return self.sheet_of[(SHEET_FRAMEWORK[framework_code], set_id)]

    # --- users ----------------------------------------------------------------------------------

    def user_row(self, username, *, full_name="", superuser=False, province=None, district=None, commune=None):
        user_id = self.next_id("user")
        self.user_rows.append(
            (user_id, self.password, username, full_name or username, superuser, superuser, province, district, commune)
        )
        return user_id

    def write_users(self) -> None:
        # Rows are written after the councils exist (their members are users too): see write_people.
        self.user_rows = []
        self.personas = {}
        self.personas["admin"] = self.user_row("bench_admin", full_name="Quản trị (bench)", superuser=True)
        self.personas["province"] = self.user_row(
            "bench_province", full_name="Cán bộ Sở (bench)", province=self.bench_province
        )
        self.officer_of_district = {}
        for district_id in self.district_province:
            self.officer_of_district[district_id] = self.user_row(f"officer_{district_id}", district=district_id)

    # --- registry -------------------------------------------------------------------------------

    def write_registry(self) -> None:
        from products.models import Producer, ProducerMembership, Product

        scale, rng = self.scale, self.rng
        others = [pid for pid in self.province_ids.values() if pid != self.bench_province]
        weights = [len(self.communes_by_province[pid]) for pid in others]
        product_province = [self.bench_province] * scale.province_products
        product_province += rng.choices(others, weights=weights, k=scale.products - scale.province_products)
        per_province = defaultdict(int)
        for province_id in product_province:
            per_province[province_id] += 1
        producer_rows, producers_of = [], defaultdict(list)
        kinds = list(KIND_PREFIX)
        for province_id, count in sorted(per_province.items()):
            for _ in range(max(1, round(count * scale.producers / scale.products))):
                producer_id = self.next_id("producer")
                commune_id, district_id, old_province_id = rng.choice(self.communes_by_province[province_id])
                kind = rng.choice(kinds)
                name = f"{KIND_PREFIX[kind]} {rng.choice(PLACE_WORDS)} {producer_id}"
                producers_of[province_id].append((producer_id, commune_id, district_id, old_province_id))
                producer_rows.append(
                    (
                        producer_id,
                        kind,
                        name,
                        f"{self.province_codes[province_id]}{producer_id:08d}",
                        f"Người đại diện {producer_id}",
                        commune_id,
                        district_id,
                        province_id,
                        f"Thôn {producer_id % 17 + 1}",
                    )
                )
        self.copy(
            "products_producer",
            Producer,
            [
                "id",
                "kind",
                "name",
                "registration_number",
                "representative",
                "commune_id",
                "district_id",
                "province_id",
                "address",
            ],
            producer_rows,
        )
        # (id, producer id, set id, 2025 commune, former district, province, former province)
        self.products = []
        product_rows, names = [], set()
        sets = sorted(self.sheet_for_set)
        for province_id in product_province:
            producer_id, commune_id, district_id, old_province_id = rng.choice(producers_of[province_id])
            product_id = self.next_id("product")
            name = f"{rng.choice(PRODUCT_WORDS)} {rng.choice(PLACE_WORDS)}"
            if (name.lower(), producer_id) in names:
                name = f"{name} {product_id}"
            names.add((name.lower(), producer_id))
            set_id = rng.choice(sets)
            status = "active" if rng.random() < 0.92 else "stopped"
            self.products.append(
                (product_id, producer_id, set_id, commune_id, district_id, province_id, old_province_id)
            )
            product_rows.append(
                (
                    product_id,
                    producer_id,
                    name,
                    set_id,
                    commune_id,
                    district_id,
                    province_id,
                    status,
                    f"Sản phẩm {name} của chủ thể {producer_id}.",
                )
            )
        self.copy(
            "products_product",
            Product,
            [
                "id",
                "producer_id",
                "name",
                "product_set_id",
                "commune_id",
                "district_id",
                "province_id",
                "status",
                "description",
            ],
            product_rows,
        )
        in_bench, in_bench_commune = defaultdict(int), defaultdict(int)
        for product in self.products:
            if product[5] == self.bench_province:
                in_bench[product[4]] += 1
                in_bench_commune[product[3]] += 1
        # The former district with most of the bench province's products (its history), and the
        # 2025 commune with most (today's intake and check).
        self.bench_district = max(in_bench, key=in_bench.get)
        self.personas["district"] = self.user_row(
            "bench_district", full_name="Cán bộ huyện (bench)", district=self.bench_district
        )
        self.bench_commune = max(in_bench_commune, key=in_bench_commune.get)
        self.personas["commune"] = self.user_row(
            "bench_commune", full_name="Cán bộ xã (bench)", commune=self.bench_commune
        )
        producer = next(p for p in self.products if p[4] == self.bench_district)
        self.personas["producer"] = self.user_row("bench_producer", full_name="Chủ thể (bench)")
        self.bench_producer = producer[1]
        self.membership_rows = [(self.personas["producer"], self.bench_producer)]
        self.membership_model = ProducerMembership

    # --- rounds and councils -------------------------------------------------------------------

    def write_rounds_and_councils(self) -> None:
        from evaluation.models import Council, CouncilMember, Round

        # province → [(round id, year, number, open, framework code)]: the old provinces' rounds
        # before the merger, the new provinces' since.
        self.rounds_of = defaultdict(list)
        round_rows = []
        last = NEW_ROUNDS[-1]
        eras = [(pid, OLD_ROUNDS) for pid in self.old_province_ids.values()]
        eras += [(pid, NEW_ROUNDS) for pid in self.province_ids.values()]
        for province_id, rounds in eras:
            for year, number in rounds:
                round_id = self.next_id("round")
                is_open = (year, number) == last
                code = ROUND_FRAMEWORK.get((year, number), "148")
                self.rounds_of[province_id].append((round_id, year, number, is_open, code))
                round_rows.append(
                    (
                        round_id,
                        province_id,
                        self.frameworks[code].pk,
                        year,
                        number,
                        f"Đợt {number} năm {year}",
                        "open" if is_open else "closed",
                    )
                )
        self.copy(
            "evaluation_round",
            Round,
            ["id", "province_id", "framework_id", "year", "number", "title", "state"],
            round_rows,
        )
        districts_with_products = {p[4] for p in self.products}
        council_rows, member_rows = [], []
        self.council_of = {}  # (level, jurisdiction) → (council id, [member ids], province id)
        self.member_of = {}  # member id → (display name, role): the stored results name them
        roles = ["chair", "vice_chair"] + ["member"] * (COUNCIL_SIZE - 2)
        jurisdictions = [("district", d, self.district_province[d]) for d in sorted(districts_with_products)]
        jurisdictions += [("province", p, p) for p in self.old_province_ids.values()]
        jurisdictions += [("province", p, p) for p in self.province_ids.values()]
        for level, unit_id, province_id in jurisdictions:
            council_id = self.next_id("council")
            name = self.district_names.get(unit_id) if level == "district" else self.province_names[unit_id]
            council_rows.append(
                (
                    council_id,
                    province_id,
                    level,
                    unit_id,
                    f"Hội đồng OCOP {name}",
                    f"{council_id}/QĐ-UBND",
                    REFORM_DAY if unit_id in self.province_ids.values() else datetime.date(YEARS[0], 1, 15),
                )
            )
            members = []
            for order, role in enumerate(roles, start=1):
                if level == "province" and unit_id == self.bench_province:
                    display = f"Thành viên Hội đồng {order} (bench)"
                    user_id = self.user_row(f"bench_council_{order}", full_name=display)
                    self.personas.setdefault("council", user_id)
                    self.personas[f"council_{order}"] = user_id
                else:
                    display = f"council_{council_id}_{order}"
                    user_id = self.user_row(display)
                member_id = self.next_id("member")
                self.member_of[member_id] = (display, role)
                member_rows.append((member_id, council_id, user_id, role, order, "Sở/Phòng Nông nghiệp"))
                members.append(member_id)
            self.council_of[(level, unit_id)] = (council_id, members, province_id)
        self.write_people()
        self.copy(
            "evaluation_council",
            Council,
            ["id", "province_id", "level", "jurisdiction_id", "name", "establishing_decision", "term_start"],
            council_rows,
        )
        self.copy(
            "evaluation_councilmember",
            CouncilMember,
            ["id", "council_id", "user_id", "role", "order", "organisation"],
            member_rows,
        )

    def rounds_for(self, product) -> list:
        """A product's rounds: its former province's, then its province's."""
        return self.rounds_of[product[6]] + self.rounds_of[product[5]]

    def write_people(self) -> None:
        from ocop_portal.accounts.models import User

        self.copy(
            "accounts_user",
            User,
            [
                "id",
                "password",
                "username",
                "full_name",
                "is_superuser",
                "is_staff",
                "staff_province_id",
                "officer_district_id",
                "officer_commune_id",
            ],
            self.user_rows,
        )
        self.copy(
            "products_producermembership", self.membership_model, ["user_id", "producer_id"], self.membership_rows
        )

    # --- the evaluation flow (generated, then written) ------------------------------------------

    def quality(self) -> float:
        u = self.rng.random()
        if u < 0.29:
            return self.rng.uniform(35, 50)
        if u < 0.75:
            return self.rng.uniform(50, 70)
        if u < 0.96:
            return self.rng.uniform(70, 90)
        return self.rng.uniform(90, 98)

    def generate_flow(self) -> None:
        with self.timings.step("generate flow (in memory)") as record:
            from .flow import FlowGenerator

            self.flow = FlowGenerator(self).run()
            record["rows"] = sum(len(rows) for rows in self.flow.tables.values())

    def write_flow(self) -> None:
        from evaluation.models import ScorecardAnswer

        flow = self.flow
        for label, model, fields in flow.layout:
            self.copy(label, model, fields, flow.tables[label])
        with self.timings.step("evaluation_scorecardanswer: drop idx"):
            saved = drop_indexes(self.cursor, ScorecardAnswer._meta.db_table)
        with self.timings.step("evaluation_scorecardanswer (COPY)") as record:
            copier = Copier(
                ScorecardAnswer, ["scorecard_id", "criterion_id", "option_id", "points", "comment"], now=self.now
            )
            record["rows"] = copier.copy_lines(self.cursor, flow.answer_chunks())
        self.counts["evaluation_scorecardanswer"] = record["rows"]
        with self.timings.step("evaluation_scorecardanswer: indexes"):
            restore_indexes(self.cursor, ScorecardAnswer._meta.db_table, saved)

    def write_standing(self) -> None:
        """COPY sends no post_save: the products' stars in force (Product.current_stars), as
        evaluation keeps them, in one UPDATE."""
        from evaluation.services.certificates.standing import products_standing_refresh

        with self.timings.step("products_product: standing") as record:
            record["rows"] = products_standing_refresh()

    # --- support --------------------------------------------------------------------------------

    def write_support(self) -> None:
        from support.models import BudgetLine, Disbursement, SupportGrant

        rng = self.rng
        line_rows, lines = [], {}
        provinces_of_year = {
            year: self.old_province_ids.values() if year < REFORM_DAY.year else self.province_ids.values()
            for year in YEARS
        }
        for year, provinces in provinces_of_year.items():
            for province_id in provinces:
                for category in SUPPORT_CATEGORIES:
                    line_id = self.next_id("budget")
                    lines[(province_id, year, category)] = line_id
                    line_rows.append(
                        (
                            line_id,
                            province_id,
                            year,
                            "provincial",
                            category,
                            2_000_000_000,
                            f"{line_id}/QĐ-UBND",
                            datetime.date(year, 2, 1),
                        )
                    )
        self.copy(
            "support_budgetline",
            BudgetLine,
            [
                "id",
                "province_id",
                "year",
                "funding_source",
                "category",
                "allocated_amount",
                "decision_number",
                "decision_date",
            ],
            line_rows,
        )
        grant_rows, paid_rows = [], []
        for _ in range(self.scale.grants):
            product = rng.choice(self.products)
            year, category = rng.choice(YEARS), rng.choice(SUPPORT_CATEGORIES)
            state = weighted(rng, GRANT_STATES)
            amount = rng.randrange(5, 200) * 1_000_000
            grant_id = self.next_id("grant")
            decided = state != "proposed"
            grant_rows.append(
                (
                    grant_id,
                    product[1],
                    product[0],
                    lines[(product[6] if year < REFORM_DAY.year else product[5], year, category)],
                    amount,
                    1,
                    f"Hỗ trợ {category} năm {year}",
                    amount // 2,
                    f"{grant_id}/QĐ-SNN" if decided else "",
                    datetime.date(year, 4, 1) if decided else None,
                    state,
                    self.personas["province"],
                )
            )
            if state == "paid":
                paid_rows.append((grant_id, datetime.date(year, 9, 1), amount, "Chi đủ"))
            elif state == "paid_in_part":
                paid_rows.append((grant_id, datetime.date(year, 9, 1), amount // 2, "Tạm ứng"))
        self.copy(
            "support_supportgrant",
            SupportGrant,
            [
                "id",
                "producer_id",
                "product_id",
                "budget_line_id",
                "amount",
                "units",
                "description",
                "counterpart_amount",
                "decision_number",
                "decision_date",
                "state",
                "proposed_by_id",
            ],
            grant_rows,
        )
        self.copy("support_disbursement", Disbursement, ["grant_id", "paid_on", "amount", "note"], paid_rows)
