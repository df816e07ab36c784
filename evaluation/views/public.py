"""Public pages (no sign-in): verify a certificate from its QR code or number, report misuse of
the OCOP mark, browse the products in force and the revocation list.

These pages show only what is public by nature: product, producer's name and address, district,
stars, validity, status history and the decisions. Never scores, council members or contacts.
The lists are cacheable by shared caches for anonymous visitors (their layout carries no CSRF
token). The verification page is not, since it must show a revocation at once: the portal keeps
it in its own cache instead, invalidated on every certificate change (evaluation.verify_cache).
That is why it carries no form and nothing per visitor: the misuse report has its own page.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from ocop_portal.core.rate_limit import over_rate_limit
from products.selectors import current_product_groups

from .. import verify_cache
from ..enums import CertificateStatus
from ..selectors import certificates as selectors
from ..services.certificates import misuse_report_create

PAGE_SIZE = 25
CERTIFIED_LIST_FIELDS = (
    "public_code",
    "stars",
    "valid_until",
    "product__name",
    "product__product_set__group__name",
    "producer__name",
    "district__name",
)


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


# --- forms ------------------------------------------------------------------------------------


class MisuseReportForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Nội dung phản ánh"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ví dụ: sản phẩm khác dùng mã QR này, nhãn ghi sai số sao, giấy chứng nhận đã hết hạn."),
    )
    where_seen = forms.CharField(
        label=gettext_lazy("Nơi phát hiện (cửa hàng, trang web…)"), max_length=255, required=False
    )
    reporter_name = forms.CharField(label=gettext_lazy("Họ tên (không bắt buộc)"), max_length=150, required=False)
    reporter_contact = forms.CharField(
        label=gettext_lazy("Số điện thoại hoặc thư điện tử để liên hệ lại (không bắt buộc)"),
        max_length=150,
        required=False,
    )


class LookupForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Số giấy chứng nhận hoặc mã tra cứu"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "OCOP-24-2026-0001", "autocomplete": "off"}),
    )


class CertifiedFilterForm(forms.Form):
    """The public filter. Places are two levels: a province, then the districts of that province
    (a national deployment has ~700 districts, too many for one list on a phone). With products in
    force in a single province, as in a provincial deployment, the province list is left out and
    the districts of that province are offered at once."""

    q = forms.CharField(label=gettext_lazy("Tên sản phẩm hoặc chủ thể"), max_length=100, required=False)
    province = forms.TypedChoiceField(
        label=gettext_lazy("Tỉnh/thành phố"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"data-autosubmit": ""}),
    )
    district = forms.TypedChoiceField(label=gettext_lazy("Huyện"), coerce=int, empty_value=None, required=False)
    group = forms.TypedChoiceField(label=gettext_lazy("Nhóm sản phẩm"), coerce=int, empty_value=None, required=False)
    stars = forms.TypedChoiceField(
        label=gettext_lazy("Hạng sao"),
        choices=[("", "---------"), (3, "★★★"), (4, "★★★★"), (5, "★★★★★")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = list(selectors.public_provinces())
        if len(provinces) > 1:
            self.fields["province"].choices = _choices(provinces)
            chosen = self.data.get("province", "")
            province = next((p for p in provinces if str(p.pk) == chosen), None)
        else:
            del self.fields["province"]
            province = provinces[0] if provinces else None
        districts = list(selectors.public_districts(province)) if province is not None else []
        self.fields["district"].choices = _choices(districts)
        if province is None:
            self.fields["district"].disabled = True
            self.fields["district"].help_text = gettext_lazy("Chọn tỉnh/thành phố trước để lọc theo huyện.")
        elif self.data.get("district") and self.data["district"] not in {str(d.pk) for d in districts}:
            # A district of the province chosen before: the visitor changed the province.
            self.data = self.data.copy()
            del self.data["district"]
        self.fields["group"].choices = [("", "---------"), *((g.pk, str(g)) for g in current_product_groups())]

    @property
    def has_province(self) -> bool:
        return "province" in self.fields

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out (and shown with its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


def _choices(units) -> list[tuple]:
    return [("", "---------"), *((unit.pk, unit.name) for unit in units)]


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Số giấy chứng nhận, sản phẩm hoặc chủ thể"), max_length=100, required=False)


# --- helpers ----------------------------------------------------------------------------------


def _public_cache(request, response):
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=_setting("OCOP_PUBLIC_PAGE_MAX_AGE", 300))
    return response


# --- views ------------------------------------------------------------------------------------


@require_safe
def verify(request, code):
    """The page a label's QR code opens. Anonymous visitors are mostly answered from
    evaluation.verify_cache, so this page must not depend on who asks: no form, no messages of
    its own, no CSRF token."""
    certificate = selectors.public_certificate_by_code(code)
    if certificate is None:
        raise Http404
    context = {"certificate": certificate, "in_force": certificate.status in CertificateStatus.in_force()}
    response = render(request, "evaluation/public/verify.html", context)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_http_methods(["GET", "POST"])
def verify_report(request, code):
    """Report misuse of the OCOP mark seen with this certificate; back to the verify page with a
    thank-you message (its messages cookie takes that request past the page cache)."""
    certificate = selectors.public_certificate_for_report(code)
    if certificate is None:
        raise Http404
    form = MisuseReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if over_rate_limit(request, "misuse", _setting("OCOP_MISUSE_REPORTS_PER_HOUR", 5)):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            misuse_report_create(certificate=certificate, **form.cleaned_data)
            messages.success(request, _("Cảm ơn bạn. Phản ánh đã được chuyển đến Sở Nông nghiệp và Môi trường."))
            return redirect("public:verify", code=certificate.public_code)
    response = render(
        request, "evaluation/public/report.html", {"certificate": certificate, "form": form}, status=status
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def verify_lookup(request):
    form = LookupForm(request.GET or None)
    status = 200
    if form.is_bound:
        if over_rate_limit(request, "lookup", _setting("OCOP_VERIFY_LOOKUPS_PER_HOUR", 20)):
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần trong một giờ. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            value = form.cleaned_data["number"].strip()
            certificate = selectors.public_certificate_by_number(value) or selectors.public_certificate_by_code(value)
            if certificate is not None:
                return redirect("public:verify", code=certificate.public_code)
            form.add_error("number", _("Không tìm thấy giấy chứng nhận có số hoặc mã này."))
    response = render(request, "evaluation/public/lookup.html", {"form": form}, status=status)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def certified_products(request):
    form = CertifiedFilterForm(request.GET or None)
    filters = form.filters()
    queryset = selectors.public_certified_products(
        search=filters.get("q", ""),
        province=filters.get("province"),
        district=filters.get("district"),
        group=filters.get("group"),
        stars=filters.get("stars"),
    )
    # Only the columns the table shows: the rows are joined over five tables.
    queryset = queryset.only(*CERTIFIED_LIST_FIELDS)
    # Read when the template renders the results, which it takes from the list cache while the
    # lists' generation is current (anonymous visitors get the whole page from the middleware).
    page = SimpleLazyObject(lambda: Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")))
    context = {
        "form": form,
        "page_obj": page,
        "results_generation": None if request.user.is_anonymous else verify_cache.list_generation(),
        "results_seconds": verify_cache.list_page_seconds(),
    }
    response = render(request, "evaluation/public/certified_products.html", context)
    return _public_cache(request, response)


@require_GET
def revoked_certificates(request):
    form = SearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.public_revoked_certificates(search=search), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "evaluation/public/revoked.html", {"form": form, "page_obj": page})
    return _public_cache(request, response)
