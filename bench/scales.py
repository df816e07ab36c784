"""The two dataset sizes and how long each load scenario runs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    database: str
    producers: int
    products: int
    province_products: int  # products of the "report" province (the province staff persona's)
    dossiers: int
    scorecards_target: int  # informative: the builder prints how close it came
    certificates_target: int
    grants: int
    open_assignments: int  # assignments the bench council scores right now
    seconds_per_scenario: float
    warmup_seconds: float


SCALES = {
    "national": Scale(
        name="national",
        database="ocop_bench",
        producers=9_000,
        products=20_000,
        province_products=1_000,
        dossiers=30_000,
        scorecards_target=250_000,
        certificates_target=15_000,
        grants=5_000,
        open_assignments=12,
        seconds_per_scenario=15,
        warmup_seconds=2,
    ),
    "small": Scale(
        name="small",
        database="ocop_bench_small",
        producers=90,
        products=200,
        province_products=10,
        dossiers=300,
        scorecards_target=2_500,
        certificates_target=150,
        grants=50,
        open_assignments=3,
        seconds_per_scenario=2,
        warmup_seconds=1,
    ),
}

# Years of data (two rounds each); the last year's second round is the open one.
YEARS = (2023, 2024, 2025, 2026)
REPORT_YEAR = 2025
COUNCIL_SIZE = 9
CONCURRENT_USERS = 8
