"""Who may use the reports (django-rules): province staff the annual report of their own province;
superusers (the central coordination office: there is no national staff role) the national summary.

Each predicate is a plain function wrapped by `name = rules.predicate(name)` after it, not
decorated: mutmut leaves decorated functions unmutated (docs/mutation.md)."""

import rules

from ocop_portal.accounts.rules import is_province_staff

from .enums import ReportKind


def is_staff_of_report_province(user, report) -> bool:
    return bool(
        report is not None
        and user.is_authenticated
        and user.staff_province_id
        and report.kind == ReportKind.PROVINCE
        and user.staff_province_id == report.province_id
    )


is_staff_of_report_province = rules.predicate(is_staff_of_report_province)


def is_national_report(user, report) -> bool:
    return bool(report is not None and report.kind == ReportKind.NATIONAL)


is_national_report = rules.predicate(is_national_report)


can_manage_annual_report = is_province_staff
can_manage_national_summary = rules.is_superuser
can_use_report_request = is_staff_of_report_province | (rules.is_superuser & is_national_report)

rules.add_perm("reports.manage_annual_report", can_manage_annual_report)
rules.add_perm("reports.manage_national_summary", can_manage_national_summary)
rules.add_perm("reports.view_report_request", can_use_report_request)
rules.add_perm("reports.retry_report_request", can_use_report_request)
