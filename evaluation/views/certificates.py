"""Signed-in certificate pages: the register (province/district), detail, revocation one by one
and in bulk, misuse reports, the producer's "my certificates", and the label files (QR, PDF).

Every page loads certificates through `certificates_visible_to`, so one outside the user's scope
is a 404; an action the user may not take on a certificate they see is a 403.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core.forms import add_service_errors
from products.selectors import districts_visible_to

from ..enums import CertificateStatus, RevocationGround
from ..pdf.certificate import certificate_pdf as render_certificate_pdf
from ..pdf.certificate import qr_png, qr_svg
from ..selectors import certificates as selectors
from ..selectors.dossiers import dossiers_visible_to
from ..services import certificates as services

PAGE_SIZE = 25
REVOCABLE = [CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXPIRED]


# --- forms ------------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Số, sản phẩm hoặc chủ thể"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"), choices=[("", "---------"), *CertificateStatus.choices], required=False
    )
    stars = forms.TypedChoiceField(
        label=gettext_lazy("Hạng sao"),
        choices=[("", "---------"), (3, "★★★"), (4, "★★★★"), (5, "★★★★★")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    district = forms.ModelChoiceField(label=gettext_lazy("Huyện"), queryset=None, required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm cấp"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_visible_to(user)


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=gettext_lazy("Căn cứ thu hồi"), choices=RevocationGround.choices)
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định thu hồi"), max_length=60)
    decision_date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    decision_signer = forms.CharField(label=gettext_lazy("Người ký"), max_length=150)
    decision_authority = forms.CharField(
        label=gettext_lazy("Cơ quan ban hành"), max_length=255, initial=gettext_lazy("Ủy ban nhân dân tỉnh")
    )
    concluded_on = forms.DateField(
        label=gettext_lazy("Ngày có kết luận làm căn cứ"),
        required=False,
        help_text=gettext_lazy("Bắt buộc với căn cứ của Điều 8 QĐ 26/2026: thu hồi trong 15 ngày kể từ ngày này."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BulkRevocationForm(RevocationForm):
    certificates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Giấy chứng nhận"), queryset=None, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, revocable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].queryset = revocable
        self.order_fields(["certificates"])


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _visible(request, pk):
    return get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)


# --- register and detail ----------------------------------------------------------------------


@login_required
@require_GET
def certificate_list(request):
    _require(request, "evaluation.view_certificate_register")
    user = request.user
    form = RegisterFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.certificate_register(
        user,
        status=filters.get("status", ""),
        stars=filters.get("stars"),
        district=filters.get("district"),
        year=filters.get("year"),
        search=filters.get("q", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_revoke_in_bulk": user.has_perm("evaluation.revoke_certificates_in_bulk"),
        "revocable": REVOCABLE,
    }
    return render(request, "evaluation/certificates/list.html", context)


@login_required
@require_GET
def certificate_detail(request, pk):
    certificate = get_object_or_404(selectors.certificate_detail_for(request.user), pk=pk)
    user = request.user
    context = {
        "certificate": certificate,
        "verify_url": request.build_absolute_uri(reverse("public:verify", args=[certificate.public_code])),
        "next_step": selectors.certificate_next_step(certificate, timezone.localdate()),
        "can_revoke": certificate.status in REVOCABLE and user.has_perm("evaluation.revoke_certificate", certificate),
        "can_download": user.has_perm("evaluation.download_certificate_files", certificate),
        "in_force": CertificateStatus.in_force(),
        "can_open_decision": user.has_perm("evaluation.add_decision"),
        "can_open_dossier": bool(certificate.dossier_id)
        and dossiers_visible_to(user).filter(pk=certificate.dossier_id).exists(),
    }
    return render(request, "evaluation/certificates/detail.html", context)


# --- revocation -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    certificate = _visible(request, pk)
    _require(request, "evaluation.revoke_certificate", certificate)
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificates_revoke_by_decision(certificates=[certificate], by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thu hồi giấy chứng nhận %(number)s.") % {"number": certificate.number})
            return redirect("evaluation:certificate_detail", pk=certificate.pk)
    return render(request, "evaluation/certificates/revoke.html", {"form": form, "certificate": certificate})


@login_required
@require_POST
def certificate_extend(request, pk):
    """Art. 12.3 extension, by the province's staff (the service checks who and when)."""
    from ..reference import framework_in_force
    from ..services.reevaluation import certificate_extend as extend

    certificate = _visible(request, pk)
    today = timezone.localdate()
    try:
        extend(certificate=certificate, framework=framework_in_force(today), by=request.user, today=today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gia hạn giấy chứng nhận %(number)s.") % {"number": certificate.number})
    return redirect("evaluation:certificate_detail", pk=certificate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke_bulk(request):
    _require(request, "evaluation.revoke_certificates_in_bulk")
    revocable = selectors.certificates_visible_to(request.user).filter(status__in=REVOCABLE)
    if request.method == "POST":
        form = BulkRevocationForm(request.POST, revocable=revocable)
    else:
        form = BulkRevocationForm(initial={"certificates": request.GET.getlist("certificate")}, revocable=revocable)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("certificates"))
        if not all(request.user.has_perm("evaluation.revoke_certificate", c) for c in chosen):
            raise PermissionDenied
        try:
            services.certificates_revoke_by_decision(certificates=chosen, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thu hồi %(count)s giấy chứng nhận.") % {"count": len(chosen)})
            return redirect(reverse("evaluation:certificate_list") + "?status=revoked")
    ids = [str(value) for value in (form["certificates"].value() or [])]
    selected = revocable.filter(pk__in=[value for value in ids if value.isdigit()])
    return render(request, "evaluation/certificates/revoke_bulk.html", {"form": form, "selected": selected})


# --- misuse reports ---------------------------------------------------------------------------


@login_required
@require_GET
def misuse_report_list(request):
    _require(request, "evaluation.view_misuse_reports")
    queryset = selectors.misuse_reports_visible_to(request.user)
    if request.GET.get("open") == "1":
        queryset = queryset.filter(handled=False)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/certificates/misuse_reports.html", {"page_obj": page})


@login_required
@require_POST
def misuse_report_handled(request, pk):
    _require(request, "evaluation.view_misuse_reports")
    report = get_object_or_404(selectors.misuse_reports_visible_to(request.user), pk=pk)
    services.misuse_report_mark_handled(report=report, by=request.user)
    messages.success(request, _("Đã đánh dấu phản ánh là đã xử lý."))
    return redirect("evaluation:misuse_report_list")


# --- the producer's view ----------------------------------------------------------------------


@login_required
@require_GET
def my_certificates(request):
    _require(request, "evaluation.view_own_certificates")
    today = timezone.localdate()
    rows = [
        {
            "certificate": certificate,
            "days_left": (certificate.valid_until - today).days,
            "next_step": selectors.certificate_next_step(certificate, today),
        }
        for certificate in selectors.own_certificates(request.user)
    ]
    return render(
        request, "evaluation/certificates/mine.html", {"rows": rows, "in_force": CertificateStatus.in_force()}
    )


# --- label files ------------------------------------------------------------------------------


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(filename)}"'
    return response


def _downloadable(request, pk):
    certificate = _visible(request, pk)
    _require(request, "evaluation.download_certificate_files", certificate)
    verify_url = request.build_absolute_uri(reverse("public:verify", args=[certificate.public_code]))
    return certificate, verify_url


@login_required
@require_GET
def certificate_qr_svg(request, pk):
    certificate, verify_url = _downloadable(request, pk)
    return _file_response(qr_svg(verify_url), "image/svg+xml", f"{certificate.number}-qr.svg")


@login_required
@require_GET
def certificate_qr_png(request, pk):
    certificate, verify_url = _downloadable(request, pk)
    return _file_response(qr_png(verify_url), "image/png", f"{certificate.number}-qr.png")


@login_required
@require_GET
def certificate_pdf(request, pk):
    certificate, verify_url = _downloadable(request, pk)
    content = render_certificate_pdf(certificate, verify_url=verify_url)
    return _file_response(content, "application/pdf", f"{certificate.number}.pdf")
