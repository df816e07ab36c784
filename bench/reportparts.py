"""Phases of one annual report or of the national summary, in a child process (bench.run
measures its wall time and RSS):

    python -m bench.reportparts --database ocop_bench --province 24 --year 2025
    python -m bench.reportparts --database ocop_bench --national --year 2025
    python -m bench.reportparts --database ocop_bench --fairness 24 --year 2025

Prints one JSON line: the time to freeze the figures (snapshot), to render the final HTML, and
WeasyPrint alone turning that same HTML into the PDF — the ratio the issue asks for. With
--fairness, the work of the yearly fairness job instead (issue 21): the member table and the
criteria that cost products their stars, as the Celery job computes them.
"""

import argparse
import json
import resource
import sys
import time

from . import db


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--province", help="GSO code: that province's annual report")
    scope.add_argument("--national", action="store_true", help="the national summary (every province)")
    scope.add_argument("--fairness", metavar="CODE", help="GSO code: that province's yearly fairness job")
    parser.add_argument("--year", type=int, required=True)
    args = parser.parse_args()
    db.setup_django(args.database)
    if args.fairness:
        return fairness(args.fairness, args.year)
    from django.conf import settings
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.management.commands.annual_report import province_in_force
    from reports.pdf import national_html, report_html
    from reports.services import build_national_snapshot, build_snapshot

    started = time.perf_counter()
    if args.national:
        snapshot = build_national_snapshot(year=args.year)
    else:
        snapshot = build_snapshot(province=province_in_force(args.province, args.year), year=args.year)
    snapshot_s = time.perf_counter() - started
    started = time.perf_counter()
    html, css = (national_html if args.national else report_html)(snapshot)
    html_s = time.perf_counter() - started
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[CSS(string=css, font_config=font_config)], font_config=font_config
    )
    pdf = document.write_pdf()
    weasyprint_s = time.perf_counter() - started
    print(
        "BENCH_RESULT "
        + json.dumps(
            {
                "snapshot_s": round(snapshot_s, 2),
                "html_s": round(html_s, 2),
                "weasyprint_s": round(weasyprint_s, 2),
                "pages": len(document.pages),
                "pdf_bytes": len(pdf),
                "html_bytes": len(html.encode()),
                "rss_before_weasyprint_mb": round(rss_before_kb / 1024, 1),
                "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )
    return 0


def fairness(code: str, year: int) -> int:
    """The yearly fairness job's two computations (evaluation.services.fairness builds the first;
    the programme's page reads the second), timed apart."""
    from evaluation.selectors.fairness import fairness_year_table, gate_failures
    from reports.management.commands.annual_report import province_in_force

    province = province_in_force(code, year)
    started = time.perf_counter()
    table = fairness_year_table(province_id=province.pk, year=year)
    table_s = time.perf_counter() - started
    started = time.perf_counter()
    failures = gate_failures(province_id=province.pk, year=year)
    gate_s = time.perf_counter() - started
    print(
        "BENCH_RESULT "
        + json.dumps(
            {
                "table_s": round(table_s, 2),
                "gate_failures_s": round(gate_s, 2),
                "dossiers": table["dossiers"],
                "member_rows": len(table["year_rows"]),
                "rounds": len(table["rounds"]),
                "product_sets": len(failures),
                "json_bytes": len(json.dumps(table, default=str).encode()),
                "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
