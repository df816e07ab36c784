"""Issue 17, "Done when": the whole QĐ 26/2026 flow as ONE test, through the pages only (the API
twin is api/tests/test_qd26_whole_flow.py, the browser journey e2e/test_qd26_journey.py).

One cooperative of Xã Đồng Tiến, three products:
- "Gà đồi" (new): sign-up by registration number, the commune confirms, forms 01/02 filed, the
  commune's form 03, the advisory team's review and report, the provincial council scores 80 →
  the provincial decision certifies 4★; later an Art. 9 inspection finds the mark misused and ends
  in the Art. 8 (d) revocation;
- "Mật ong" (new): 100 points → gated 5★ → the chairman approves, the package goes to the
  Ministry, the Ministry grants 5★ → a central certificate; its re-evaluation is refused outside
  the 180–120-day window (with the dates) and opened inside it;
- "Chè" (a QĐ 148 certificate of 2023 expiring 01/09/2026, whose window closed before the law):
  filed late and extended under Art. 12.3 until the result.

Reference data a province has before the flow starts (units, published sheets, a council with
its members, a year's inspection plan is made on its page here) comes from factories."""

import datetime
import re
from decimal import Decimal

import pytest
import rest_framework.throttling  # noqa: F401 — bound before freezegun patches the clock
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import (
    AdvisoryKind,
    CertificateStatus,
    DossierKind,
    DossierState,
    Level,
    MemberRole,
    MinistryOutcome,
)
from evaluation.models import Certificate, Dossier, InspectionPlan, MinistrySubmission
from evaluation.services.scorecards import sheet_criteria
from evaluation.tests.factories import CouncilMemberFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_councils import make_council
from evaluation.tests.test_dossiers import _certificate
from evaluation.tests.test_dossiers_fixtures import FORM01, FORM02, answer_everything, attach_evidence
from evaluation.tests.test_filing_commune import FORM03
from ocop_portal.accounts.models import User
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
P80 = {"1.1": 20, "4.1": 25, "6.1": 35}  # the 4★ mark on 1.1: 4★
P100 = {"1.1": 40, "4.1": 25, "6.1": 35}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


class Flow:
    """One browser-less client that signs in as whoever acts next."""

    def __init__(self, client):
        self.client = client

    def as_(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client


def _sign_up(flow, producer_record, province, commune_officer, capture):
    client = flow.as_(None)
    ok(
        client.post(
            reverse("products:signup"),
            {
                "province": province.pk,
                "registration_number": producer_record.registration_number,
                "full_name": "Nguyễn Thị Lan",
                "email": "lan@htx.example.vn",
            },
        )
    )
    client = flow.as_(commune_officer)
    listing = client.get(reverse("products:signup_list")).content.decode()
    decide = re.search(r'href="(/registry/signups/\d+/)"', listing).group(1)
    with capture(execute=True):
        ok(client.post(decide, {"decision": "confirm"}))
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    client = flow.as_(None)
    form_page = client.get(link, follow=True)
    ok(client.post(form_page.redirect_chain[-1][0], {"new_password1": "Gà-đồi-2026!", "new_password2": "Gà-đồi-2026!"}))
    assert client.login(username="lan@htx.example.vn", password="Gà-đồi-2026!")
    return User.objects.get(email="lan@htx.example.vn")


def _file(flow, user, product, round_, kind="new", renews=None, *, filed=True):
    """The producer opens the dossier, fills forms 01 and 02 and files it (`filed`: the filing is
    accepted; otherwise the page answers with the reason and the dossier stays a draft)."""
    client = flow.as_(user)
    data = {"product": product.pk, "round": round_.pk, "kind": kind}
    if renews:
        data["renews_certificate"] = renews.pk
    ok(client.post(reverse("evaluation:dossier_create"), data))
    dossier = Dossier.objects.filter(product=product).latest("id")
    ok(client.post(reverse("evaluation:dossier_form01", args=[dossier.pk]), {**FORM01, "version": dossier.version}))
    dossier.refresh_from_db()
    ok(
        client.post(
            reverse("evaluation:dossier_form02", args=[dossier.pk]),
            {**FORM02, "founded_on": "02/03/2015", "version": dossier.version},
        )
    )
    answer_everything(dossier)
    attach_evidence(dossier, user)
    answer = client.post(reverse("evaluation:dossier_submit", args=[dossier.pk]), follow=True)
    dossier.refresh_from_db()
    assert dossier.state == (DossierState.SUBMITTED if filed else DossierState.DRAFT)
    return dossier, answer.content.decode()


def _commune_step(flow, commune_officer, dossier):
    ok(flow.as_(commune_officer).post(reverse("evaluation:dossier_accept", args=[dossier.pk]), FORM03))
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)


def _advisory(flow, who, dossier, kind, text):
    today = datetime.date.today().isoformat()
    ok(
        flow.as_(who).post(
            reverse("evaluation:advisory_add", args=[dossier.pk]), {"kind": kind, "on": today, "text": text}
        )
    )


def _assign(flow, staff, council, dossier):
    ok(flow.as_(staff).post(reverse("evaluation:council_assign", args=[council.pk]), {"dossiers": [dossier.pk]}))
    return dossier.assignments.latest("id")


def _council(flow, assignment, members, dossier, cards):
    """Each member declares no conflict, answers every criterion on the scorecard page and
    submits; the chair closes."""
    criteria = [c for c in sheet_criteria(dossier) if c.scored_by_members]
    for member, points in zip(members, cards, strict=False):
        client = flow.as_(member.user)
        ok(client.post(reverse("evaluation:conflict_declare", args=[assignment.pk]), {"has_conflict": "no"}))
        for criterion in criteria:
            wanted = Decimal(points[criterion.code])
            option = next(o for o in criterion.options if o.points == wanted)
            comment = "" if wanted == criterion.max_points else "Chưa có chứng nhận hữu cơ"
            url = reverse("evaluation:scorecard_answer", args=[assignment.pk, criterion.id])
            ok(client.post(url, {"option": option.id, "comment": comment}, HTTP_HX_REQUEST="true"), 200)
        ok(client.post(reverse("evaluation:scorecard_submit", args=[assignment.pk])))
    ok(flow.as_(members[0].user).post(reverse("evaluation:assignment_close", args=[assignment.pk]), {}))
    assignment.refresh_from_db()
    dossier.refresh_from_db()
    return assignment


def test_the_whole_qd26_flow_through_the_pages(
    client, province, commune, commune_officer, province_staff, producer_record, django_capture_on_commit_callbacks
):
    flow = Flow(client)
    framework = load_framework("26/2026")
    food = f.ProductSetFactory(code="01", group=f.ProductGroupFactory(code="I", name="Thực phẩm"))
    chicken, honey, tea = (
        f.ProductFactory(producer=producer_record, product_set=food, name=name)
        for name in ("Gà đồi Yên Thế", "Mật ong rừng Yên Thế", "Chè xanh Đồng Tiến")
    )
    build_sheet(framework_obj=framework, product_set=food)
    round_ = RoundFactory(framework=framework, province=province, year=2026, number=8)
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    helper = CouncilMemberFactory(council=council, role=MemberRole.MEMBER, is_support_team=True, order=9)
    old_tea = _certificate(tea, load_framework("148"), province_staff, number="OCOP-24-2023-0007")

    # 1. sign-up, confirmed by the commune; 2. filing of forms 01 and 02; 3. the commune's form 03
    lan = _sign_up(flow, producer_record, province, commune_officer, django_capture_on_commit_callbacks)
    gà, _page = _file(flow, lan, chicken, round_)
    mật_ong, _page = _file(flow, lan, honey, round_)
    for dossier in (gà, mật_ong):
        _commune_step(flow, commune_officer, dossier)
    assert re.fullmatch(rf"\d+/PĐK-{province.code}-07243-2026", gà.submitted_copies.get().registration_number)

    # 4. the province: the advisory team reviews, the council scores, results route by gated stars
    sessions = [_assign(flow, province_staff, council, dossier) for dossier in (gà, mật_ong)]
    for dossier in (gà, mật_ong):
        _advisory(flow, helper.user, dossier, AdvisoryKind.REVIEW, "Hồ sơ đầy đủ, đúng mẫu")
    _council(flow, sessions[0], members, gà, [P80] * 4)
    assert (gà.state, gà.current_level) == (DossierState.SCORED, Level.PROVINCE)
    _council(flow, sessions[1], members, mật_ong, [P100] * 4)
    assert (mật_ong.state, mật_ong.current_level) == (DossierState.FORWARDED, Level.CENTRAL)

    # the provincial decision certifies 4★
    client = flow.as_(province_staff)
    ok(
        client.post(
            reverse("evaluation:decision_create"),
            {
                "level": Level.PROVINCE,
                "issuer_unit": province.pk,
                "number": "120/QĐ-UBND",
                "date": datetime.date.today().isoformat(),
                "signer": "Nguyễn Văn Ký",
                "authority": "UBND tỉnh",
                "dossiers": [gà.pk],
            },
        )
    )
    chicken_certificate = Certificate.objects.get(dossier=gà)
    assert (chicken_certificate.stars, chicken_certificate.issuing_level, chicken_certificate.status) == (
        4,
        Level.PROVINCE,
        CertificateStatus.VALID,
    )

    # 5. the 5★ dossier to the Ministry and back
    ok(
        client.post(
            reverse("evaluation:five_star_approve", args=[mật_ong.pk]),
            {"number": "12/QĐ-UBND", "date": datetime.date.today().isoformat(), "signer": "Lê Văn Chủ tịch"},
        )
    )
    _advisory(flow, helper.user, mật_ong, AdvisoryKind.REPORT, "Đề nghị trình Bộ công nhận 5 sao")
    client = flow.as_(province_staff)
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                reverse("evaluation:five_star_send", args=[mật_ong.pk]),
                {"letter_number": "345/UBND-KT", "letter_date": datetime.date.today().isoformat()},
            )
        )
    ok(
        client.post(
            reverse("evaluation:five_star_outcome", args=[mật_ong.pk]),
            {
                "granted": "yes",
                "number": "88/QĐ-BNNMT",
                "date": datetime.date.today().isoformat(),
                "signer": "Trần Văn Bộ",
                "authority": "Bộ Nông nghiệp và Môi trường",
            },
        )
    )
    assert MinistrySubmission.objects.get(dossier=mật_ong).outcome == MinistryOutcome.GRANTED
    honey_certificate = Certificate.objects.get(dossier=mật_ong)
    assert (honey_certificate.stars, honey_certificate.issuing_level) == (5, Level.CENTRAL)
    verify = flow.as_(None).get(reverse("public:verify", args=[honey_certificate.public_code]))
    assert "Mật ong rừng Yên Thế" in verify.content.decode()

    # 6. re-evaluation of the 5★ certificate: outside the window refused with the dates, inside opened
    expiry = honey_certificate.valid_until
    reevaluation_round = RoundFactory(framework=framework, province=province, year=expiry.year, number=1)
    with freeze_time(expiry - datetime.timedelta(days=181)):
        renewal, page = _file(
            flow, lan, honey, reevaluation_round, DossierKind.REEVALUATION, honey_certificate, filed=False
        )
    opens, closes = (f"{expiry - datetime.timedelta(days=days):%d/%m/%Y}" for days in (180, 120))
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in page and opens in page and closes in page
    with freeze_time(expiry - datetime.timedelta(days=150)):
        ok(flow.as_(lan).post(reverse("evaluation:dossier_submit", args=[renewal.pk])))
    renewal.refresh_from_db()
    assert renewal.state == DossierState.SUBMITTED
    assert renewal.renews_certificate == honey_certificate

    # 7. Art. 12.3: the tea's 2023 certificate, filed late, extended until the result
    late_round = RoundFactory(framework=framework, province=province, year=2026, number=9)
    with freeze_time(D(2026, 9, 2)):
        _file(flow, lan, tea, late_round, DossierKind.REEVALUATION, old_tea)
        ok(flow.as_(province_staff).post(reverse("evaluation:certificate_extend", args=[old_tea.pk])))
    old_tea.refresh_from_db()
    assert (old_tea.status, old_tea.extended_until) == (CertificateStatus.EXTENDED, D(2027, 2, 28))

    # 8. an inspection of the 4★ certificate ends in its revocation (Art. 9 → Art. 8 (d))
    client = flow.as_(province_staff)
    today = datetime.date.today()
    ok(client.post(reverse("evaluation:inspection_plan_create"), {"year": today.year, "title": "Kế hoạch kiểm tra"}))
    plan = InspectionPlan.objects.get(province=province, year=today.year)
    ok(
        client.post(
            reverse("evaluation:inspection_create", args=[chicken_certificate.pk]),
            {
                "kind": "periodic",
                "plan": plan.pk,
                "planned_on": today.isoformat(),
                "checks_criteria": "on",
                "lead": "Đoàn kiểm tra Sở",
            },
        )
    )
    inspection = chicken_certificate.inspections.get()
    ok(
        client.post(
            reverse("evaluation:inspection_finding_add", args=[inspection.pk]),
            {
                "subject": "mark",
                "breach": "on",
                "description": "Dùng biểu trưng OCOP cho sản phẩm khác",
                "proposed_ground": "art8_d",
            },
        )
    )
    ok(
        client.post(
            reverse("evaluation:inspection_conclude", args=[inspection.pk]),
            {"concluded_on": today.isoformat(), "conclusion": "Sử dụng biểu trưng không đúng quy định"},
        )
    )
    finding = inspection.findings.get()
    revoke_url = reverse("evaluation:inspection_finding_revoke", args=[inspection.pk, finding.pk])
    assert "(Điều 8 điểm d)" in client.get(revoke_url).content.decode()
    ok(
        client.post(
            revoke_url,
            {
                "decision_number": "30/QĐ-UBND",
                "decision_date": today.isoformat(),
                "decision_signer": "Chủ tịch UBND tỉnh",
                "decision_authority": "UBND tỉnh",
            },
        )
    )
    chicken_certificate.refresh_from_db()
    assert (chicken_certificate.status, chicken_certificate.revocation_ground) == (CertificateStatus.REVOKED, "art8_d")
    verify = flow.as_(None).get(reverse("public:verify", args=[chicken_certificate.public_code]))
    assert "Đã thu hồi" in verify.content.decode()
