"""Decision pages (list, record, detail) and the producer's gap report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop_portal.core.forms import add_service_errors

from ..pdf import document_response
from ..selectors import councils as selectors
from ..selectors.certificates import certificates_visible_to
from ..selectors.dossiers import dossiers_visible_to
from ..services.decisions import decidable_stars, decision_record
from .councils import require_perm


@login_required
def decision_list_view(request):
    require_perm(request, "evaluation.add_decision")
    return render(
        request, "evaluation/decisions/list.html", {"decisions": selectors.decisions_visible_to(request.user)}
    )


@login_required
def decision_create_view(request):
    from ..forms.councils import DecisionForm

    require_perm(request, "evaluation.add_decision")
    form = DecisionForm(request.POST or None, user=request.user, dossiers=selectors.decidable_dossiers(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        level = data["level"]
        issuer = data["issuer_unit"]
        province = issuer if issuer.parent_id is None else issuer.parent
        items = []
        for dossier in data["dossiers"]:
            _assignment, allowed = decidable_stars(dossier, level)
            items.append((dossier, max(allowed) if allowed else 0))
        try:
            decision = decision_record(
                province=province,
                issuer_unit=issuer,
                level=level,
                number=data["number"],
                date=data["date"],
                signer=data["signer"],
                signer_title=data.get("signer_title", ""),
                authority=data["authority"],
                items=items,
                by=request.user,
                late_reason=data.get("late_reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            field = (
                "late_reason" if data.get("late_reason", "").strip() and "late_reason" in form.fields else "issuer_unit"
            )
            message = (
                str(denied) if field == "late_reason" else _("Bạn không có quyền ban hành quyết định cho cơ quan này.")
            )
            form.add_error(field, message)
        else:
            messages.success(request, _("Đã ghi nhận quyết định."))
            return redirect("evaluation:decision_detail", decision.pk)
    return render(request, "evaluation/decisions/form.html", {"form": form})


@login_required
def decision_detail_view(request, pk):
    require_perm(request, "evaluation.add_decision")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    return render(
        request,
        "evaluation/decisions/detail.html",
        {"decision": decision, "items": selectors.decision_items(decision, request.user)},
    )


@login_required
def decision_pdf_view(request, pk):
    """The decision as an official document (NĐ 30/2020), for whoever may open its page."""
    from ..pdf.decision import decision_docx, decision_pdf

    require_perm(request, "evaluation.add_decision")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    items = selectors.decision_items(decision, request.user)
    revoked = certificates_visible_to(request.user).filter(revocation_decision=decision)
    return document_response(
        request,
        f"quyet-dinh-{decision.pk}",
        pdf=lambda: decision_pdf(decision, items, revoked),
        docx=lambda: decision_docx(decision, items, revoked),
    )


@login_required
def gap_report_view(request, pk):
    dossier = get_object_or_404(dossiers_visible_to(request.user), pk=pk)
    report = selectors.gap_report(dossier)
    if report is None:
        raise PermissionDenied
    return render(request, "evaluation/decisions/gap_report.html", {"dossier": dossier, "report": report})
