"""The official forms of a dossier (QĐ 26/2026 Annex III): the producer's forms 01 and 02 (pages
with autosave, and their PDFs), and the commune's form 03 (PDF; it is written on the accept page).

Like the other dossier pages: the dossier through `dossiers_visible_to` (unseen → 404), one
django-rules permission (seen but not allowed → 403), one service call.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.core.forms import add_service_errors

from ..forms.filing import Form01, Form02, Form03
from ..pdf.filing import filing_pdf
from ..services import dossiers as dossier_services
from ..services import filing as filing_services
from .dossiers import _dossier, _editable_or_redirect, _require, autosave_post

FORM_CLASSES = {"01": Form01, "02": Form02}
TITLES = {"01": gettext_lazy("Phiếu đăng ký (Mẫu số 01)"), "02": gettext_lazy("Báo cáo tự đánh giá (Mẫu số 02)")}


def _official(request, pk: int):
    dossier = _dossier(request, pk)
    if not filing_services.uses_official_forms(dossier):
        raise Http404
    return dossier


def _form_page(request, pk: int, form_no: str):
    dossier = _official(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    if (refused := _editable_or_redirect(request, dossier)) is not None:
        return refused
    form_class = FORM_CLASSES[form_no]
    context = {"dossier": dossier, "form_no": form_no, "title": TITLES[form_no]}
    if form_no == "02":
        context["topics"] = filing_services.evidence_by_topic(filing_services.filing_content(dossier)["evidence"])
    if request.method != "POST":
        initial = {**filing_services.form_values(dossier, form_no), "version": dossier.version}
        return render(request, "evaluation/filing/form.html", {**context, "form": form_class(initial=initial)})
    return autosave_post(
        request,
        form_class(request.POST, partial=bool(request.htmx)),
        save=lambda form: filing_services.filing_save_form(
            dossier=dossier,
            form_no=form_no,
            data=form.form_data(),
            version=form.cleaned_data["version"],
            by=request.user,
        ),
        saved_message=_("Đã lưu %(form)s.") % {"form": TITLES[form_no]},
        template="evaluation/filing/form.html",
        context=context,
    )


@login_required
def form01_view(request, pk: int):
    return _form_page(request, pk, "01")


@login_required
def form02_view(request, pk: int):
    return _form_page(request, pk, "02")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _form_pdf(request, pk: int, form_no: str):
    dossier = _official(request, pk)
    _require(request, "evaluation.view_dossier", dossier)
    if form_no == "03" and not filing_services.forms_of(dossier).form03:
        raise Http404
    return _pdf_response(filing_pdf(dossier, form_no), f"mau-{form_no}-ho-so-{dossier.pk}.pdf")


@login_required
def form01_pdf_view(request, pk: int):
    return _form_pdf(request, pk, "01")


@login_required
def form02_pdf_view(request, pk: int):
    return _form_pdf(request, pk, "02")


@login_required
def form03_pdf_view(request, pk: int):
    return _form_pdf(request, pk, "03")


def form03_accept(request, dossier):
    """The commune's step under QĐ 26/2026 (from the accept page, state and permission already
    checked): write form 03, save it as a draft or accept the dossier and send the request to the
    province with it. "Lưu nháp" keeps a partial report; accepting needs all four topics."""
    forms = filing_services.forms_of(dossier)
    drafting = "save_draft" in request.POST
    if request.method != "POST":
        form = Form03(initial=forms.form03)
    else:
        form = Form03(request.POST, partial=drafting)
        if form.is_valid():
            try:
                filing_services.filing_save_form03(dossier=dossier, data=form.form_data(), by=request.user)
                if drafting:
                    messages.success(request, _("Đã lưu nháp Mẫu số 03."))
                    return redirect("evaluation:dossier_accept", pk=dossier.pk)
                dossier_services.dossier_accept(dossier=dossier, by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ và gửi đề nghị kèm Mẫu số 03 lên cấp tỉnh."))
                return redirect("evaluation:dossier_detail", pk=dossier.pk)
    context = {
        "dossier": dossier,
        "form": form,
        "copy": filing_services.latest_copy(dossier),
        "registration_number": forms.registration_number,
    }
    return render(request, "evaluation/filing/form03.html", context)
