"""What the demo builders share: the province, its people and products, and the demo calendar.

The demo province is Tỉnh Bắc Ninh as it stands today (the 2025 unit, code 24), carrying former
Bắc Giang's history (DOMAIN.md §1): the pre-merger rounds ran in Bắc Giang under QĐ 148's district
→ province chain, the merger carried their producers and products into the 2025 communes, and the
rounds since run on the commune chain of the framework in force when they open (QĐ 26/2026).

Past dates are counted back from today, so the certificates land in the status they are meant to
show (expiring, due for re-evaluation, extended, expired…) whatever day the demo is loaded.
"""

import copy
import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from evaluation.services.certificates.status import VALIDITY as CERTIFICATE_VALIDITY
from ocop_portal.accounts.models import User
from ocop_portal.core.admin_units import REFORM_DAY
from ocop_portal.core.models import AdministrativeUnit
from products.models import Product

PROVINCE_CODE = "24"
YEN_THE, LUC_NGAN = "215", "219"
VALIDITY = CERTIFICATE_VALIDITY  # the portal's one rule (issue 19.13)

# 2025 communes with a demo commune officer (username → commune code): the communes the demo's
# Yên Thế and Lục Ngạn products were carried into.
COMMUNE_OFFICERS = {"xa_xuanluong": "07246", "xa_tanson": "07531", "phuong_chu": "07525"}


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    """Decisions are signed on working days."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Calendar:
    """The demo's decision dates, counted back from `today`."""

    today: datetime.date

    @property
    def expired(self) -> datetime.date:
        """A decision whose certificate ran out 75 days ago."""
        return weekday_on_or_before(self.today - VALIDITY - datetime.timedelta(days=75))

    @property
    def expiring(self) -> datetime.date:
        """A decision whose certificate has about 45 days left (inside the 90-day window)."""
        return weekday_on_or_before(self.today - VALIDITY + datetime.timedelta(days=45))

    @property
    def window(self) -> datetime.date:
        """A decision whose certificate has about 150 days left: inside QĐ 26/2026's re-evaluation
        filing window (no earlier than 180, no later than 120 days before expiry)."""
        return weekday_on_or_before(self.today - VALIDITY + datetime.timedelta(days=150))

    @property
    def older(self) -> datetime.date:
        """Certificates still valid for half a year: later upgraded or revoked."""
        return weekday_on_or_before(self.today - relativedelta(months=30))

    def extended(self, *, law_from: datetime.date, latest_days: int, max_days: int) -> datetime.date | None:
        """A decision whose certificate may be extended today under Art. 12.3 of the law in force
        from `law_from`: its filing window closed (`latest_days` before expiry) before that law came
        into force, it expired a while ago, and today is within `max_days` of its expiry. None when
        no such date exists any more (a year or so after the law)."""
        last_expiry = law_from + datetime.timedelta(days=latest_days - 1)
        expiry = min(self.today - datetime.timedelta(days=60), last_expiry)
        decision = weekday_on_or_before(expiry - VALIDITY)
        valid_until = decision + VALIDITY
        if valid_until >= self.today or valid_until + datetime.timedelta(days=max_days - 7) < self.today:
            return None
        return decision

    @property
    def revocation(self) -> datetime.date:
        return weekday_on_or_before(self.today - relativedelta(months=2))

    @property
    def this_round(self) -> datetime.date:
        """The current round's decisions, signed a few days ago."""
        return weekday_on_or_before(self.today - datetime.timedelta(days=4))

    @property
    def current_round(self) -> tuple[int, int]:
        return self.today.year, 1 if self.today.month <= 6 else 2

    @property
    def previous_round(self) -> tuple[int, int]:
        year, number = self.current_round
        return (year, 1) if number == 2 else (year - 1, 2)

    @property
    def previous_round_decision(self) -> datetime.date:
        """The previous round's decisions: a few days before its Art. 5 limit (30/6, 30/12)."""
        year, number = self.previous_round
        return weekday_on_or_before(datetime.date(year, 6, 24) if number == 1 else datetime.date(year, 12, 18))


def round_of(decision_date: datetime.date) -> tuple[int, int]:
    """The (year, number) of the round a past decision closed: a decision of January or February
    closes the previous year's second round."""
    if decision_date.month <= 2:
        return decision_date.year - 1, 2
    return decision_date.year, 1 if decision_date.month <= 8 else 2


def before_the_merger(day: datetime.date) -> bool:
    return day < REFORM_DAY


@dataclass
class Demo:
    calendar: Calendar
    former: AdministrativeUnit  # Tỉnh Bắc Giang (until 30/06/2025)
    province: AdministrativeUnit  # Tỉnh Bắc Ninh (the 2025 unit)
    districts: dict[str, AdministrativeUnit]  # former Bắc Giang's districts
    communes: dict[str, AdministrativeUnit] = field(default_factory=dict)  # 2025 communes by code
    users: dict[str, User] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    # While the pre-merger history is built, the Sở's staff act for Bắc Giang.
    before_merger: bool = False

    @property
    def today(self) -> datetime.date:
        return self.calendar.today

    @property
    def staff(self) -> User:
        """so_nnptnt, as the staff of the province of the time: the demo account belongs to the
        merged province; before the merger the same Sở worked for Bắc Giang."""
        return self.staff_of(self.former) if self.before_merger else self.users["so_nnptnt"]

    def staff_of(self, province: AdministrativeUnit) -> User:
        """so_nnptnt acting for `province` (an in-memory copy: the account is never rebound)."""
        user = self.users["so_nnptnt"]
        if user.staff_province_id == province.pk:
            return user
        acting = copy.copy(user)
        acting.staff_province_id, acting.staff_province = province.pk, province
        return acting

    def product(self, name: str) -> Product:
        return self.products[name]

    def products_reload(self) -> None:
        """After the carry the products live in the 2025 communes of the merged province."""
        fresh = Product.objects.select_related("producer", "commune", "district").in_bulk(
            [product.pk for product in self.products.values()]
        )
        self.products = {name: fresh[product.pk] for name, product in self.products.items()}

    def officer_for(self, product: Product) -> User:
        """Who checks the product's dossiers: before the merger its district's demo officer, after
        it its commune's demo officer; else the province staff."""
        if product.province_id == self.former.pk:
            officers = {YEN_THE: "huyen_yenthe", LUC_NGAN: "huyen_lucngan"}
            username = officers.get(self.district_code(product))
        else:
            username = next((name for name, code in COMMUNE_OFFICERS.items() if code == product.commune.code), None)
        return self.users[username] if username else self.staff

    def district_code(self, product: Product) -> str:
        return next(code for code, unit in self.districts.items() if unit.pk == product.district_id)
