"""Bắc Giang 2021 rebuilt from the province's published report (shared/seeds/000_*.txt).

A historical import: rows are written directly (bulk_create) because the year happened before the
portal existed. The figures the seed states come out of reports.figures exactly:
92 registered, 63 proposed (per district and group as in the seed), two rounds (07 and 11/2021),
61 recognised (12 4★ incl. one 3★→4★ upgrade, 49 3★) against a target of 35 (61 is "174 %" and
"26 above plan"), 155 products in force at 31/12/2021 (36 4★, 119 3★), the province's standing
(2nd in the Northern Midlands and Mountains, 7th in the country), next year's targets and round
deadlines.

Support is written as the seed states it (reports.models.StatedSupport), not as grants: Quyết định
số 2121/QĐ-UBND ngày 22/10/2021 — trademark management for 3 units and labels for 19, 460.000.000 đ
in all; food-safety testing of 15 products, 73.600.000 đ. No budget line, no grant, no funding
source, no per-grant amount is invented.

The seed counts products; the portal counts rows, so each counted product has a stand-in: a
producer, a product, its dossiers, the recognition decision and the certificate, and the rounds.
Their names, numbers, days, districts of the recognised and producer kinds are not the seed's, so
every such row is marked illustrative (reports.models.IllustrativeRecord) and the report labels
what it computes from them "(số liệu minh họa)". Not in the seed, and so not written at all:
withdrawn dossiers, revocations, budget lines and grants.

The caller loads the administrative units (data/admin-units/bac-giang-2021.csv) first.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from evaluation.enums import (
    CertificateStatus,
    DecisionKind,
    DossierKind,
    DossierState,
    Level,
    RoundState,
    SheetState,
)
from evaluation.models import Certificate, Decision, DecisionItem, Dossier, Framework, Round, RoundDeadline, ScoreSheet
from evaluation.reference import load_frameworks
from evaluation.services.certificates.standing import products_standing_refresh
from ocop_portal.accounts.models import User
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.enums import ProducerKind
from products.models import Producer, Product, ProductSet
from products.reference import load_shipped_product_sets
from support.enums import SupportCategory

from .models import IllustrativeRecord, ReportNarrative, StatedSupport, StatedSupportLine, YearPlan

YEAR = 2021
# District code → dossiers proposed to the provincial council in 2021 (the seed's list).
PROPOSED_BY_DISTRICT = {
    "215": 12,  # Yên Thế
    "217": 12,  # Lạng Giang
    "216": 8,  # Tân Yên
    "222": 6,  # Việt Yên
    "218": 6,  # Lục Nam
    "219": 5,  # Lục Ngạn
    "213": 4,  # TP. Bắc Giang
    "220": 4,  # Sơn Động
    "223": 3,  # Hiệp Hòa
    "221": 3,  # Yên Dũng
}
NOT_PROPOSED = 29  # 92 registered − 63 proposed
NOT_RECOGNISED_AT = {5, 40}  # proposed dossiers the provincial council scored below 3★
FOUR_STARS_AT = {1, 7, 12, 18, 24, 30, 33, 38, 44, 50, 55, 61}  # 12 dossiers; the first is the upgrade
UPGRADE_AT = 1
# Certificates from 2019–2020 still in force at 31/12/2021 (155 − 61 = 94).
EARLIER_FOUR_STARS, EARLIER_THREE_STARS = 24, 70

FOOD_SETS = ["01", "02", "03", "04", "06", "07", "08", "10", "12", "13"]
BEVERAGE_SETS = ["15", "16", "18"]
HERBAL_SET = "22"
NAMES = {
    "01": "Vải thiều",
    "02": "Gà đồi",
    "03": "Gạo nếp",
    "04": "Mật ong",
    "06": "Mỳ gạo",
    "07": "Nấm sấy",
    "08": "Giò chả",
    "10": "Nước mắm",
    "12": "Chè xanh",
    "13": "Trà hoa",
    "15": "Rượu làng",
    "16": "Rượu vải",
    "18": "Nước cốt vải",
    "22": "Cao dược liệu",
}

ROUND_DATES = {
    1: (datetime.date(2021, 7, 10), datetime.date(2021, 7, 30)),
    2: (datetime.date(2021, 11, 5), datetime.date(2021, 11, 20)),
}
RECOGNITION = {
    1: ("1107/QĐ-UBND", datetime.date(2021, 8, 20)),
    2: ("1796/QĐ-UBND", datetime.date(2021, 12, 10)),
}
EARLIER_DECISIONS = [("1458/QĐ-UBND", datetime.date(2019, 12, 10)), ("1325/QĐ-UBND", datetime.date(2020, 11, 25))]
SOURCE = "Báo cáo kết quả Chương trình OCOP năm 2021 tỉnh Bắc Giang (shared/seeds/000)"
# The seed's support, as it states it: (decision, date, total, [(content, units, amount)]).
STATED_SUPPORT = [
    (
        "2121/QĐ-UBND",
        datetime.date(2021, 10, 22),
        460_000_000,
        [(SupportCategory.TRADEMARK, 3, None), (SupportCategory.LABELS_PACKAGING, 19, None)],
    ),
    ("", None, None, [(SupportCategory.FOOD_SAFETY_TESTING, 15, 73_600_000)]),
]
# "đứng thứ 2 khu vực Miền núi phía Bắc, sau Hà Giang và đứng thứ 7 cả nước"
STANDING = {"national_rank": 7, "regional_rank": 2, "region": "Miền núi phía Bắc"}

NARRATIVE = {
    "introduction": (
        "Năm 2021, Chương trình mỗi xã một sản phẩm triển khai thực hiện trong bối cảnh dịch Covid-19 bùng phát "
        "mạnh, phức tạp, ảnh hưởng lớn đến việc triển khai thực hiện Chương trình. Với sự chỉ đạo sát sao của Tỉnh "
        "ủy, UBND tỉnh, sự phối hợp của các Sở, ngành, địa phương và sự nỗ lực của các chủ thể sản xuất, Chương "
        "trình OCOP đạt được kết quả toàn diện."
    ),
    "leadership": (
        "Sở Nông nghiệp và PTNT với vai trò là cơ quan thường trực đã tham mưu UBND tỉnh sớm ban hành Kế hoạch "
        "thực hiện Chương trình; Kế hoạch tổ chức đánh giá, phân hạng sản phẩm OCOP; thành lập Hội đồng và Tổ giúp "
        "việc Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh.\n\n"
        "UBND các huyện, thành phố đã ban hành kế hoạch thực hiện phù hợp với đặc điểm của từng địa phương."
    ),
    "communication": (
        "Sở Nông nghiệp và Phát triển nông thôn phối hợp với các cơ quan thông tin truyền thông của trung ương và "
        "địa phương xây dựng gần 300 tin, bài viết, phóng sự, clip truyền hình tuyên truyền về Chương trình OCOP; "
        "duy trì website Sản phẩm OCOP tỉnh Bắc Giang."
    ),
    "guidance": (
        "Do dịch bệnh Covid-19 diễn biến phức tạp nên năm 2021 không tổ chức tập huấn; Sở đã phân công cán bộ bám "
        "sát địa bàn, thành lập nhóm Zalo để trao đổi thông tin, tư vấn trực tuyến cho các chủ thể."
    ),
    "trade_promotion": (
        "Đã tổ chức đưa trên 100 lượt sản phẩm OCOP của tỉnh tham gia Hội chợ triển lãm thực tế ảo tại diễn đàn "
        "Quốc tế chuyển đổi số nông nghiệp Việt Nam. Các chủ thể đã chủ động đưa sản phẩm tham gia các kênh bán "
        "hàng trực tuyến như Voso, Shopee, Tiki."
    ),
    "assessment": (
        "Chương trình mỗi xã một sản phẩm được nhận định là hướng đi đúng trong phát triển sản xuất nông sản hàng "
        "hóa theo chuỗi giá trị, trên cơ sở phát huy nội lực của chủ thể và lợi thế của địa phương."
    ),
    "difficulties": (
        "- Tình hình dịch bệnh Covid-19 diễn biến phức tạp, nguồn vốn năm 2021 cho chương trình giảm và phân bổ "
        "muộn.\n- Số sản phẩm chế biến sâu còn hạn chế, quy mô sản xuất nhỏ và trung bình.\n- Bao bì, tem nhãn chưa "
        "thật sự nổi bật, tem truy xuất chưa được cập nhật thông tin."
    ),
    "next_year_tasks": (
        "1.1. Tiếp tục phối hợp cùng các cơ quan báo đài tăng cường tuyên truyền về Chương trình OCOP.\n"
        "1.2. Tập huấn nâng cao năng lực cho cán bộ quản lý và các chủ thể tham gia Chương trình.\n"
        "1.3. Tiếp tục hỗ trợ các chủ thể quản lý nhãn hiệu, tem nhãn mác, kiểm nghiệm chất lượng sản phẩm."
    ),
}


@dataclass
class BuildResult:
    products: int
    dossiers: int
    certificates: int
    stated_support: int


def _valid_until(start: datetime.date) -> datetime.date:
    """36 months from the decision date, as every certificate the portal issues (one rule,
    evaluation.services.certificates.status.valid_until_for; issue 19.13)."""
    from evaluation.services.certificates.status import valid_until_for

    return valid_until_for(start)


def _place(district) -> str:
    return (
        district.name[len(district.unit_type) :].strip()
        if district.name.startswith(district.unit_type)
        else district.name
    )


@transaction.atomic
def build_bac_giang_2021(province) -> BuildResult | None:
    """Write Bắc Giang's 2021 programme year into the portal. Returns None when already built.

    Side effects: reference data loaded (product sets, frameworks); producers, products, rounds,
    dossiers, decisions, certificates (2019–2021), all marked illustrative; the support as stated;
    the 2021/2022 plans and the 2021 narrative; an inactive "historical import" user owns the rows
    that need an author.
    """
    if Round.objects.filter(province=province, year=YEAR).exists():
        return None
    load_shipped_product_sets()
    load_frameworks()
    return _Builder(province).build()


class _Builder:
    def __init__(self, province):
        self.province = province
        self.framework = Framework.objects.get(code="1048")
        self.sets = {s.code: s for s in ProductSet.objects.filter(framework_code="1048")}
        self.districts = {
            d.code: d for d in AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.DISTRICT)
        }
        self.communes = {}
        for commune in AdministrativeUnit.objects.filter(
            parent__in=self.districts.values(), level=UnitLevel.COMMUNE
        ).order_by("code"):
            self.communes.setdefault(commune.parent_id, commune)
        self.user, _ = User.objects.get_or_create(
            username="nhap-du-lieu-2021", defaults={"full_name": "Nhập dữ liệu lịch sử năm 2021", "is_active": False}
        )
        self.sheets = {}
        self.producers, self.products, self.names = [], [], set()
        self.decisions = []

    def _mark(self, rows):
        IllustrativeRecord.mark(rows, province=self.province, year=YEAR, source=SOURCE)

    def build(self) -> BuildResult:
        proposed, others, earlier = self._plan_products()
        self._save_registry()
        rounds = self._rounds()
        decisions = {n: self._decision(*RECOGNITION[n]) for n in (1, 2)}
        earlier_certificates = self._earlier_certificates(earlier)
        dossiers = self._dossiers(proposed, others, rounds, earlier_certificates[0])
        certificates = self._recognitions(dossiers, decisions, earlier_certificates[0])
        # bulk_create sends no post_save: the products' stars in force are written here.
        products_standing_refresh(product.pk for product in self.products)
        self._mark(rounds.values())
        self._mark(self.decisions)
        stated = self._support()
        self._plans_and_narrative()
        return BuildResult(
            products=len(self.products),
            dossiers=len(dossiers) + len(others),
            certificates=len(earlier_certificates[1]) + certificates,
            stated_support=stated,
        )

    # Registry ------------------------------------------------------------------------------
    def _plan_products(self):
        """Products for the proposed dossiers (district, group as the seed), the others, and
        the products certified in 2019–2020 (the first is the one upgraded in 2021)."""
        districts = [code for code, count in PROPOSED_BY_DISTRICT.items() for _ in range(count)]
        proposed = []
        for index, district_code in enumerate(districts):
            if index == 0:
                set_code = HERBAL_SET
            elif index % 7 == 3:
                set_code = BEVERAGE_SETS[index % len(BEVERAGE_SETS)]
            else:
                set_code = FOOD_SETS[index % len(FOOD_SETS)]
            proposed.append(self._product(district_code, set_code))
        codes = sorted(PROPOSED_BY_DISTRICT)
        others = [
            self._product(codes[i % len(codes)], FOOD_SETS[(i * 3) % len(FOOD_SETS)]) for i in range(NOT_PROPOSED)
        ]
        # The product upgraded in 2021 held a 3★ certificate from 2019; it heads the earlier list.
        earlier = [proposed[UPGRADE_AT]] + [
            self._product(codes[(i * 7) % len(codes)], FOOD_SETS[(i * 5 + 1) % len(FOOD_SETS)])
            for i in range(EARLIER_FOUR_STARS + EARLIER_THREE_STARS)
        ]
        return proposed, others, earlier

    def _product(self, district_code: str, set_code: str) -> Product:
        district = self.districts[district_code]
        commune = self.communes[district.pk]
        number = len(self.products) + 1
        base = f"{NAMES[set_code]} {_place(district)}"
        name, suffix = base, 2
        while name in self.names:
            name, suffix = f"{base} loại {suffix}", suffix + 1
        self.names.add(name)
        producer = Producer(
            kind=[ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE, ProducerKind.HOUSEHOLD][number % 3],
            name=f"HTX {base} số {number}",
            registration_number=f"24{YEAR}{number:05d}",
            representative="Nguyễn Văn An",
            commune=commune,
            district=district,
            province=self.province,
            address=commune.name,
        )
        product = Product(
            producer=producer,
            name=name,
            product_set=self.sets[set_code],
            commune=commune,
            district=district,
            province=self.province,
        )
        self.producers.append(producer)
        self.products.append(product)
        return product

    def _save_registry(self):
        Producer.objects.bulk_create(self.producers)
        for product in self.products:
            product.producer_id = product.producer.pk
        Product.objects.bulk_create(self.products)
        self._mark(self.producers)
        self._mark(self.products)

    def _sheet(self, product_set):
        if product_set.pk not in self.sheets:
            sheet = ScoreSheet.objects.filter(framework=self.framework, product_set=product_set).first()
            if sheet is None:
                sheet = ScoreSheet.objects.create(
                    framework=self.framework,
                    product_set=product_set,
                    title=f"{product_set.name} (QĐ 1048, dữ liệu lịch sử)",
                    state=SheetState.RETIRED,
                )
            self.sheets[product_set.pk] = sheet
        return self.sheets[product_set.pk]

    # Evaluation ----------------------------------------------------------------------------
    def _rounds(self) -> dict[int, Round]:
        rounds = {}
        for number, (district_date, province_date) in ROUND_DATES.items():
            rounds[number] = Round.objects.create(
                province=self.province,
                framework=self.framework,
                year=YEAR,
                number=number,
                title=f"Đợt {number} năm {YEAR}",
                state=RoundState.CLOSED,
            )
            RoundDeadline.objects.bulk_create(
                [
                    RoundDeadline(round=rounds[number], level=Level.DISTRICT, scoring=district_date),
                    RoundDeadline(round=rounds[number], level=Level.PROVINCE, scoring=province_date),
                ]
            )
        return rounds

    def _decision(self, number, date, kind=DecisionKind.RECOGNITION) -> Decision:
        decision = Decision.objects.create(
            province=self.province,
            issuer_unit=self.province,
            level=Level.PROVINCE,
            kind=kind,
            number=number,
            date=date,
            signer="Phó Chủ tịch UBND tỉnh",
            authority="UBND tỉnh Bắc Giang",
            created_by=self.user,
        )
        self.decisions.append(decision)
        return decision

    def _certificate(self, product, stars, decision, *, dossier=None, sequence: int, **extra) -> Certificate:
        until = _valid_until(decision.date)
        status = CertificateStatus.VALID if until >= timezone.localdate() else CertificateStatus.EXPIRED
        return Certificate(
            number=f"OCOP-24-{decision.date.year}-{sequence:03d}",
            public_code=f"BG{decision.date.year % 100}{sequence:04d}",
            product=product,
            producer_id=product.producer_id,
            province=self.province,
            district=product.district,
            stars=stars,
            framework=self.framework,
            issuing_level=Level.PROVINCE,
            issuing_authority=decision.authority,
            decision=decision,
            dossier=dossier,
            valid_from=decision.date,
            valid_until=until,
            **{"status": status, **extra},
        )

    def _earlier_certificates(self, products):
        """2019–2020 certificates: [0] is the 3★ later upgraded. The seed states no revocation, so
        none is written (an earlier version invented two to show the annex)."""
        decisions = [self._decision(number, date) for number, date in EARLIER_DECISIONS]
        sequences = {2019: 0, 2020: 0}
        certificates = []
        for index, product in enumerate(products):
            decision = decisions[0] if index % 5 < 2 else decisions[1]
            sequences[decision.date.year] += 1
            stars = 4 if 0 < index <= EARLIER_FOUR_STARS else 3
            extra = {"status": CertificateStatus.SUPERSEDED} if index == 0 else {}
            certificates.append(
                self._certificate(product, stars, decision, sequence=sequences[decision.date.year], **extra)
            )
        Certificate.objects.bulk_create(certificates)
        self._mark(certificates)
        return certificates[0], certificates

    def _dossiers(self, proposed, others, rounds, upgraded_certificate):
        """(dossier, index, recognised stars or None) for the proposed; the others are saved too."""
        rows, plain = [], []
        for index, product in enumerate(proposed):
            recognised = index not in NOT_RECOGNISED_AT
            stars = (4 if index in FOUR_STARS_AT else 3) if recognised else None
            dossier = self._dossier(
                product,
                rounds[1 if index < 30 else 2],
                DossierState.DECIDED if recognised else DossierState.SCORED,
                Level.PROVINCE,
                kind=DossierKind.UPGRADE if index == UPGRADE_AT else DossierKind.NEW,
                renews_certificate=upgraded_certificate if index == UPGRADE_AT else None,
            )
            rows.append((dossier, index, stars))
        for index, product in enumerate(others):
            # The first 20 were pre-assessed by the district and not proposed; the rest returned.
            state = DossierState.SCORED if index < 20 else DossierState.RETURNED
            plain.append(self._dossier(product, rounds[1 + index % 2], state, Level.DISTRICT))
        Dossier.objects.bulk_create([d for d, *_ in rows] + plain)
        self._mark([d for d, *_ in rows] + plain)
        return rows

    def _dossier(self, product, round_, state, level, **extra) -> Dossier:
        return Dossier(
            product=product,
            round=round_,
            sheet=self._sheet(product.product_set),
            state=state,
            current_level=level,
            district=product.district,
            province=self.province,
            created_by=self.user,
            **extra,
        )

    def _recognitions(self, dossiers, decisions, upgraded_certificate) -> int:
        items, certificates = [], []
        sequence, upgrade = 0, None
        for dossier, index, stars in dossiers:
            if stars is None:
                continue
            decision = decisions[dossier.round.number]
            sequence += 1
            items.append(DecisionItem(decision=decision, dossier=dossier, recognised_stars=stars))
            certificates.append(self._certificate(dossier.product, stars, decision, dossier=dossier, sequence=sequence))
            if index == UPGRADE_AT:
                upgrade = certificates[-1]
        DecisionItem.objects.bulk_create(items)
        Certificate.objects.bulk_create(certificates)
        self._mark(certificates)
        upgraded_certificate.superseded_by = upgrade
        upgraded_certificate.save(update_fields=["superseded_by"])
        return len(certificates)

    # Support -------------------------------------------------------------------------------
    def _support(self) -> int:
        """The seed's support as it states it: no grant, budget line or source is invented."""
        for number, date, amount, lines in STATED_SUPPORT:
            support = StatedSupport.objects.create(
                province=self.province, year=YEAR, decision_number=number, decision_date=date, amount=amount
            )
            StatedSupportLine.objects.bulk_create(
                [
                    StatedSupportLine(support=support, category=category, units=units, amount=line_amount)
                    for category, units, line_amount in lines
                ]
            )
        return len(STATED_SUPPORT)

    def _plans_and_narrative(self):
        YearPlan.objects.update_or_create(
            province=self.province, year=YEAR, defaults={"target_products": 35, **STANDING}
        )
        YearPlan.objects.update_or_create(
            province=self.province,
            year=YEAR + 1,
            defaults={
                "target_products": 25,
                "target_products_max": 30,
                "target_upgrades": 5,
                "target_upgrades_max": 10,
                "target_five_star": 1,
                "target_tourism": 1,
                "district_round1_deadline": datetime.date(2022, 7, 10),
                "district_round2_deadline": datetime.date(2022, 10, 10),
                "province_round1_deadline": datetime.date(2022, 7, 30),
                "province_round2_deadline": datetime.date(2022, 10, 30),
                "announcement_deadline": datetime.date(2022, 12, 15),
            },
        )
        ReportNarrative.objects.update_or_create(province=self.province, year=YEAR, defaults=NARRATIVE)
