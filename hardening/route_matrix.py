"""Who may open what: the expected answer to a GET of every route of the portal, per persona.

Each entry names how to build the route's arguments from the shared scenario (hardening/conftest.py)
and the status each persona gets, in PERSONAS order. `LOGIN` is a 302 to the sign-in page,
`ADMIN_LOGIN` a 302 to the admin's, `REDIRECT` any other 302. A route missing from this table
fails test_route_inventory.py with its name: a new route cannot slip in without someone deciding
who may open it.

Reading guide: a 404 is "not in your scope" (visibility is a query), a 403 "you see it but may
not do this", a 405 a POST-only action opened with GET (after the sign-in check).
"""

from collections.abc import Callable

PERSONAS = (
    "anonymous",
    "producer",
    "other_producer",
    "district_officer",
    "other_district_officer",
    "council_member",
    "plain_user",
    "province_staff",
)
LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"
UNAUTHORISED = 401  # the API answers 401 (with WWW-Authenticate) where the pages redirect


def pk(name: str, key: str = "pk") -> Callable:
    return lambda s: {key: s[name].pk}


def none(_scenario) -> dict:
    return {}


def const(**values) -> Callable:
    return lambda _s: values


def row(*statuses) -> tuple:
    assert len(statuses) == len(PERSONAS), statuses
    return statuses


L, AL, R, U = LOGIN, ADMIN_LOGIN, REDIRECT, UNAUTHORISED

ROUTES: dict[str, tuple[Callable, tuple]] = {
    # name: (arguments, (anonymous, producer, other producer, officer, other officer, member, no role, staff))
    # --- core ---
    "core:home": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "core:notifications": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "core:notification_read": (pk("notification"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "core:service_worker": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    # --- accounts ---
    "accounts:login": (none, row(200, R, R, R, R, R, R, R)),
    "accounts:logout": (none, row(405, 405, 405, 405, 405, 405, 405, 405)),
    "accounts:profile": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_change": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_change_done": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_done": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_confirm": (
        const(uidb64="MQ", token="bad-token"),
        row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:password_reset_complete": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    # --- products ---
    "products:producer_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:producer_create": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "products:producer_export": (const(file_format="csv"), row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:producer_detail": (pk("producer_record"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "products:producer_update": (pk("producer_record"), row(L, 403, 404, 200, 404, 404, 404, 200)),
    "products:producer_propose": (pk("producer_record"), row(L, 200, 404, 403, 404, 404, 404, 403)),
    "products:product_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:product_create": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "products:product_export": (const(file_format="xlsx"), row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:product_detail": (pk("product"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "products:product_update": (pk("product"), row(L, 403, 404, 200, 404, 404, 404, 200)),
    "products:product_photo_add": (pk("product"), row(L, 403, 404, 200, 404, 404, 404, 200)),
    "products:product_propose": (pk("product"), row(L, 200, 404, 403, 404, 404, 404, 403)),
    "products:proposal_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:proposal_review": (pk("proposal"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "products:proposal_decide": (pk("proposal"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "products:import_upload": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "products:import_template": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "products:import_preview": (pk("registry_import"), row(L, 403, 403, 403, 403, 403, 403, 200)),
    "products:import_commit": (pk("registry_import"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "products:reference_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "products:reference_framework": (const(framework_code="148"), row(L, 200, 200, 200, 200, 200, 200, 200)),
    # Shared reference data (product groups and sets, score sheets) is the national role's, not one
    # province's staff (issue 18, Medium 6): hardening/test_second_province.py checks the role.
    "products:reference_group_edit": (
        lambda s: {"pk": s["product"].product_set.group_id},
        row(L, 403, 403, 403, 403, 403, 403, 403),
    ),
    "products:reference_set_create": (
        lambda s: {"pk": s["product"].product_set.group_id},
        row(L, 403, 403, 403, 403, 403, 403, 403),
    ),
    "products:reference_set_edit": (
        lambda s: {"pk": s["product"].product_set_id},
        row(L, 403, 403, 403, 403, 403, 403, 403),
    ),
    # --- support ---
    "support:overview": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "support:line_create": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "support:line_edit": (pk("line"), row(L, 404, 404, 403, 403, 404, 404, 200)),
    "support:award_policy": (const(year=2026), row(L, 403, 403, 403, 403, 403, 403, 200)),
    "support:grant_list": (none, row(L, 200, 200, 200, 200, 403, 403, 200)),
    "support:grant_export": (none, row(L, 200, 200, 200, 200, 403, 403, 200)),
    "support:grant_create": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "support:grant_detail": (pk("grant"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "support:grant_approve": (pk("grant"), row(L, 403, 404, 403, 404, 404, 404, 200)),
    "support:grant_cancel": (pk("grant"), row(L, 403, 404, 403, 404, 404, 404, 200)),
    "support:disbursement_create": (pk("approved_grant"), row(L, 403, 404, 403, 404, 404, 404, 200)),
    "support:producer_history": (pk("producer_record", "producer_id"), row(L, 200, 404, 200, 404, 403, 403, 200)),
    "support:category_summary": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "support:outcomes": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    # --- set_language ---
    "set_language": (none, row(R, R, R, R, R, R, R, R)),
    # --- evaluation ---
    "evaluation:sheet_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "evaluation:sheet_import": (none, row(L, 403, 403, 403, 403, 403, 403, 403)),
    "evaluation:sheet_template": (none, row(L, 403, 403, 403, 403, 403, 403, 403)),
    "evaluation:sheet_detail": (pk("sheet"), row(L, 200, 200, 200, 200, 200, 200, 200)),
    "evaluation:sheet_publish": (pk("sheet"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:sheet_new_version": (pk("sheet"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:sheet_criterion_edit": (
        lambda s: {"pk": s["sheet"].pk, "criterion_pk": s["criterion"].pk},
        row(L, 403, 403, 403, 403, 403, 403, 403),
    ),
    "evaluation:sheet_group_edit": (
        lambda s: {"pk": s["sheet"].pk, "group_pk": s["group"].pk},
        row(L, 403, 403, 403, 403, 403, 403, 403),
    ),
    "evaluation:round_list": (none, row(L, 200, 200, 200, 200, 403, 403, 200)),
    "evaluation:round_create": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "evaluation:round_detail": (pk("round"), row(L, 200, 200, 200, 200, 404, 404, 200)),
    "evaluation:round_edit": (pk("round"), row(L, 403, 403, 403, 403, 404, 404, 200)),
    "evaluation:round_deadlines": (pk("round"), row(L, 403, 403, 403, 403, 404, 404, 200)),
    "evaluation:round_state": (pk("round"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:dossier_queue": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "evaluation:dossier_mine": (none, row(L, 200, 200, 403, 403, 403, 403, 403)),
    "evaluation:dossier_create": (none, row(L, 200, 200, 200, 200, 403, 403, 200)),
    "evaluation:dossier_detail": (pk("draft"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:dossier_registration": (pk("draft"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:dossier_self_assessment": (pk("draft"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:dossier_evidence": (pk("draft"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:evidence_download": (
        lambda s: {"pk": s["draft"].pk, "evidence_pk": s["evidence"].pk},
        row(L, 200, 404, 200, 404, 404, 404, 200),
    ),
    "evaluation:evidence_delete": (
        lambda s: {"pk": s["draft"].pk, "evidence_pk": s["evidence"].pk},
        row(L, 405, 405, 405, 405, 405, 405, 405),
    ),
    "evaluation:dossier_submit": (pk("draft"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:dossier_return": (pk("draft"), row(L, 403, 404, R, 404, 404, 404, R)),
    "evaluation:dossier_accept": (pk("draft"), row(L, 403, 404, R, 404, 404, 404, R)),
    "evaluation:dossier_withdraw": (pk("draft"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:council_work_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "evaluation:council_list": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "evaluation:council_create": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "evaluation:council_detail": (pk("council"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:council_member_add": (pk("council"), row(L, 404, 404, 200, 404, 403, 404, 200)),
    "evaluation:council_assign": (pk("council"), row(L, 404, 404, 200, 404, 403, 404, 200)),
    "evaluation:assignment_detail": (pk("open"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:conflict_declare": (pk("open"), row(L, 404, 404, 403, 404, 200, 404, 403)),
    "evaluation:assignment_close": (pk("open"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:assignment_result": (pk("closed"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:assignment_minutes": (pk("closed"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:scorecard": (pk("open"), row(L, 404, 404, 403, 404, R, 404, 403)),
    "evaluation:scorecard_answer": (
        lambda s: {"pk": s["open"].pk, "criterion_pk": s["criterion"].pk},
        row(L, 405, 405, 405, 405, 405, 405, 405),
    ),
    "evaluation:scorecard_submit": (pk("open"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:scorecard_sync": (
        lambda s: {"pk": s["open"].pk, "criterion_pk": s["criterion"].pk},
        row(L, 405, 405, 405, 405, 405, 405, 405),
    ),
    "evaluation:decision_list": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "evaluation:decision_create": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "evaluation:decision_detail": (pk("decision"), row(L, 403, 403, 200, 404, 403, 403, 200)),
    "evaluation:decision_pdf": (pk("decision"), row(L, 403, 403, 200, 404, 403, 403, 200)),
    "evaluation:dossier_gap_report": (pk("decided"), row(L, 200, 404, 200, 404, 200, 404, 200)),
    "evaluation:member_fairness": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "evaluation:member_fairness_compute": (const(year=2026), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:criterion_analytics": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "evaluation:council_pack": (pk("council"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:council_pack_build": (pk("council"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:dossier_bundle": (pk("draft"), row(L, 403, 404, 403, 404, 404, 404, 200)),
    "evaluation:dossier_bundle_build": (pk("draft"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:job_status": (pk("job"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:job_retry": (pk("job"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:job_download": (pk("job"), row(L, 404, 404, 200, 404, 200, 404, 200)),
    "evaluation:certificate_list": (none, row(L, 403, 403, 200, 200, 403, 403, 200)),
    "evaluation:my_certificates": (none, row(L, 200, 200, 403, 403, 403, 403, 403)),
    "evaluation:certificate_revoke_bulk": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "evaluation:misuse_report_list": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "evaluation:misuse_report_handled": (pk("misuse"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "evaluation:certificate_detail": (pk("certificate"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:certificate_revoke": (pk("certificate"), row(L, 403, 404, 403, 404, 404, 404, 200)),
    "evaluation:certificate_qr_svg": (pk("certificate"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:certificate_qr_png": (pk("certificate"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    "evaluation:certificate_pdf": (pk("certificate"), row(L, 200, 404, 200, 404, 404, 404, 200)),
    # --- public ---
    "public:verify_lookup": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "public:verify": (lambda s: {"code": s["certificate"].public_code}, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "public:verify_report": (
        lambda s: {"code": s["certificate"].public_code},
        row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "public:certified_products": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "public:revoked_certificates": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    # --- open data (public) ---
    "opendata:snapshot_list": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "opendata:snapshot_file": (
        lambda s: {"as_of": s["snapshot"].as_of.isoformat(), "name": "ocop-register.csv"},
        row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    # --- reports ---
    "reports:annual_report": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "reports:narrative_save": (const(year=2025), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "reports:plan_save": (const(year=2025), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "reports:generate": (const(year=2025), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "reports:request_status": (pk("report"), row(L, 404, 404, 404, 404, 404, 404, 200)),
    "reports:retry": (pk("report"), row(L, 405, 405, 405, 405, 405, 405, 405)),
    "reports:download": (lambda s: {"pk": s["report"].pk, "kind": "pdf"}, row(L, 404, 404, 404, 404, 404, 404, 200)),
    "reports:dashboard": (none, row(L, 403, 403, 403, 403, 403, 403, 200)),
    "reports:national_summary": (none, row(L, 403, 403, 403, 403, 403, 403, 403)),
    "reports:national_summary_generate": (const(year=2025), row(L, 405, 405, 405, 405, 405, 405, 405)),
    # --- api ---
    "api:administrative-unit-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:administrative-unit-detail": (pk("district"), row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:product-group-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:product-group-detail": (
        lambda s: {"pk": s["product"].product_set.group_id},
        row(U, 200, 200, 200, 200, 200, 200, 200),
    ),
    "api:product-set-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:product-set-detail": (
        lambda s: {"pk": s["product"].product_set_id},
        row(U, 200, 200, 200, 200, 200, 200, 200),
    ),
    "api:round-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:round-detail": (pk("round"), row(U, 200, 200, 200, 200, 404, 404, 200)),
    "api:producer-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:producer-detail": (pk("producer_record"), row(U, 200, 404, 200, 404, 404, 404, 200)),
    "api:product-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:product-detail": (pk("product"), row(U, 200, 404, 200, 404, 404, 404, 200)),
    "api:dossier-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:dossier-detail": (pk("draft"), row(U, 200, 404, 200, 404, 404, 404, 200)),
    "api:council-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:council-detail": (pk("council"), row(U, 404, 404, 200, 404, 200, 404, 200)),
    "api:assignment-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:assignment-detail": (pk("open"), row(U, 404, 404, 200, 404, 200, 404, 200)),
    "api:council-result-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:council-result-detail": (pk("closed"), row(U, 404, 404, 200, 404, 200, 404, 200)),
    "api:decision-list": (none, row(U, 403, 403, 200, 200, 403, 403, 200)),
    "api:decision-detail": (pk("decision"), row(U, 403, 403, 200, 404, 403, 403, 200)),
    "api:certificate-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:certificate-detail": (pk("certificate"), row(U, 200, 404, 200, 404, 404, 404, 200)),
    "api:budget-line-list": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:budget-line-detail": (pk("line"), row(U, 404, 404, 200, 200, 404, 404, 200)),
    "api:grant-list": (none, row(U, 200, 200, 200, 200, 403, 403, 200)),
    "api:grant-detail": (pk("grant"), row(U, 200, 404, 200, 404, 403, 403, 200)),
    "api:report-request-list": (none, row(U, 403, 403, 403, 403, 403, 403, 200)),
    "api:report-request-detail": (pk("report"), row(U, 403, 403, 403, 403, 403, 403, 200)),
    "api:dossier-accept": (pk("draft"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:dossier-evidence": (pk("draft"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:dossier-return-": (pk("draft"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:dossier-sheet": (pk("draft"), row(U, 200, 404, 200, 404, 404, 404, 200)),
    "api:dossier-submit": (pk("draft"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:dossier-withdraw": (pk("draft"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:dossier-evidence-delete": (
        lambda s: {"pk": s["draft"].pk, "evidence_id": s["evidence"].pk},
        row(U, 405, 405, 405, 405, 405, 405, 405),
    ),
    "api:council-assign": (pk("council"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:assignment-close": (pk("open"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:assignment-declare": (pk("open"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:assignment-scorecard": (pk("open"), row(U, 404, 404, 403, 404, 400, 404, 403)),
    "api:assignment-scorecard-answers": (pk("open"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:assignment-scorecard-submit": (pk("open"), row(U, 405, 405, 405, 405, 405, 405, 405)),
    "api:report-request-download": (
        lambda s: {"pk": s["report"].pk, "kind": "pdf"},
        row(U, 403, 403, 403, 403, 403, 403, 200),
    ),
    "api:public-verify": (
        lambda s: {"code": s["certificate"].public_code},
        row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "api:public-products": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "api:export-register-json": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:export-register-csv": (none, row(U, 200, 200, 200, 200, 200, 200, 200)),
    "api:schema": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "api:docs": (none, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "api:tokens": (none, row(L, 200, 200, 200, 200, 200, 200, 200)),
    "api:token_revoke": (pk("token"), row(L, 405, 405, 405, 405, 405, 405, 405)),
}

# Whole namespaces with one rule: the Django admin is for superusers only, so every persona (none
# is staff) is sent to the admin's own sign-in page. test_admin_* checks a sample of its routes.
NAMESPACE_RULES = {"admin": row(AL, AL, AL, AL, AL, AL, AL, AL)}
# Unnamed patterns, by their regex: only product photos are public media (DEBUG only; nginx serves
# them in production, see deploy/). Evidence and report files have no media URL at all.
PATTERN_RULES = {r"^media/products/(?P<path>.*)$": "public product photos, checked by test_media_*"}
