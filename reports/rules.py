"""Who may use the annual report (django-rules): province staff, for their own province only."""

import rules

from ocop_portal.accounts.rules import is_province_staff


@rules.predicate
def is_staff_of_report_province(user, report) -> bool:
    return bool(report is not None and user.is_authenticated and user.staff_province_id == report.province_id)


can_manage_annual_report = is_province_staff

rules.add_perm("reports.manage_annual_report", can_manage_annual_report)
rules.add_perm("reports.view_report_request", is_staff_of_report_province)
rules.add_perm("reports.retry_report_request", is_staff_of_report_province)
