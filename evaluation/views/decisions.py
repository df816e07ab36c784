"""Decision pages (list, record, detail) and the producer's gap report."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.forms import add_service_errors

from ..enums import Level
from ..next_steps import ACTORS, awaiting_decision
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


def decision_levels(user) -> list[str]:
    """The levels whose decisions this user records: a district officer their district's; province
    staff every level in their province (the province's first)."""
    if user.staff_province_id:
        return [Level.PROVINCE, Level.DISTRICT, Level.CENTRAL]
    if user.officer_district_id:
        return [Level.DISTRICT]
    return []


def _decision_scope(user):
    return ACTORS["province" if user.staff_province_id else "district"].scope(user)


def waiting_for_decision(user, level: str):
    """The results a decision at `level` approves now, in this user's area: the list the form
    offers and the number on the home page's card (next_steps.awaiting_decision)."""
    return (
        awaiting_decision(_decision_scope(user), level)
        .select_related("product__producer", "product__commune", "district", "round")
        .order_by(*vi_order("product__name"), "pk")
    )


def _chosen_level(request, levels: list[str], counts: dict[str, int], preselected) -> str:
    asked = (request.POST.get("level") or request.GET.get("level") or "")[:10]
    if asked in levels:
        return asked
    if preselected is not None and preselected.current_level in levels:
        return preselected.current_level
    # the first level with results waiting, else the user's own
    return next((level for level in levels if counts[level]), levels[0])


@login_required
def decision_create_view(request):
    """Deciding from the list of results: the level comes from the results (the card's or the
    dossier's, else the first level with results waiting), every result of the list is
    preselected (or the one the dossier's button named), with its score, stars, area and round."""
    from ..forms.councils import DecisionForm

    require_perm(request, "evaluation.add_decision")
    user = request.user
    levels = decision_levels(user)
    counts = {level: awaiting_decision(_decision_scope(user), level).count() for level in levels}
    asked = request.GET.get("dossier", "")
    preselected = (
        dossiers_visible_to(user).filter(pk=int(asked)).first() if asked.isdigit() and len(asked) < 12 else None
    )
    level = _chosen_level(request, levels, counts, preselected)
    waiting = list(waiting_for_decision(user, level))
    initial = {
        "level": level,
        "dossiers": [preselected.pk] if preselected and preselected in waiting else [d.pk for d in waiting],
    }
    if level == Level.DISTRICT:
        district = user.officer_district_id or (preselected.district_id if preselected else None)
        if district:
            initial["issuer_unit"] = district
    elif user.staff_province_id:
        initial["issuer_unit"] = user.staff_province_id
    if initial.get("issuer_unit"):
        initial.update(selectors.latest_signature(issuer_unit_id=initial["issuer_unit"], level=level))
    form = DecisionForm(request.POST or None, user=user, dossiers=waiting_for_decision(user, level), initial=initial)
    form.fields["level"].widget = forms.HiddenInput()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
                by=user,
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
    selected = {str(value) for value in (form["dossiers"].value() or [])}
    context = {
        "form": form,
        "level": level,
        "tabs": [(choice, Level(choice).label, counts[choice]) for choice in levels],
        "rows": [(dossier, str(dossier.pk) in selected) for dossier in waiting],
    }
    return render(request, "evaluation/decisions/form.html", context)


@login_required
def decision_detail_view(request, pk):
    require_perm(request, "evaluation.add_decision")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    certificates = {
        certificate.dossier_id: certificate
        for certificate in certificates_visible_to(request.user).filter(decision=decision)
    }
    items = [(item, certificates.get(item.dossier_id)) for item in selectors.decision_items(decision, request.user)]
    return render(request, "evaluation/decisions/detail.html", {"decision": decision, "items": items})


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
