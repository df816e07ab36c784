"""What the demo builders share: the province, its people and products, and the demo calendar.

Past dates are counted back from today, so the certificates land in the status they are meant to
show (expiring, expired…) whatever day the demo is loaded.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from ocop_portal.accounts.models import User
from ocop_portal.core.models import AdministrativeUnit
from products.models import Product

PROVINCE_CODE = "24"
YEN_THE, LUC_NGAN = "215", "219"
VALIDITY = relativedelta(months=36)


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
    def older(self) -> datetime.date:
        """Certificates still valid for half a year: later upgraded or revoked."""
        return weekday_on_or_before(self.today - relativedelta(months=30))

    @property
    def last_year(self) -> datetime.date:
        return weekday_on_or_before(self.today - relativedelta(months=12))

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


def round_of(decision_date: datetime.date) -> tuple[int, int]:
    """The (year, number) of the round a past decision closed: a decision of January or February
    closes the previous year's second round."""
    if decision_date.month <= 2:
        return decision_date.year - 1, 2
    return decision_date.year, 1 if decision_date.month <= 8 else 2


@dataclass
class Demo:
    calendar: Calendar
    province: AdministrativeUnit
    districts: dict[str, AdministrativeUnit]
    users: dict[str, User] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)

    @property
    def today(self) -> datetime.date:
        return self.calendar.today

    def product(self, name: str) -> Product:
        return self.products[name]

    def officer_for(self, product: Product) -> User:
        """Who checks the product's dossiers: its district's demo officer, else the province staff."""
        officers = {YEN_THE: "huyen_yenthe", LUC_NGAN: "huyen_lucngan"}
        district_code = self.district_code(product)
        return self.users[officers.get(district_code, "so_nnptnt")]

    def district_code(self, product: Product) -> str:
        return next(code for code, unit in self.districts.items() if unit.pk == product.district_id)
