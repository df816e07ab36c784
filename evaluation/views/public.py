"""Public pages (no sign-in): verify a certificate from its QR code or number, report misuse of
the OCOP mark, browse the products in force and the revocation list.

These pages show only what is public by nature: product, producer's name and address, district,
stars, validity, status history and the decisions. Never scores, council members or contacts.
The lists are cacheable by shared caches for anonymous visitors (their layout carries no CSRF
token); the verification page is not, since it must show a revocation at once and carries the
misuse form.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from products.models import ProductGroup

from ..enums import CertificateStatus
from ..selectors import certificates as selectors
from ..services.certificates import misuse_report_create

PAGE_SIZE = 25
RATE_WINDOW_SECONDS = 3600


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
    q = forms.CharField(label=gettext_lazy("Tên sản phẩm hoặc chủ thể"), max_length=100, required=False)
    district = forms.ModelChoiceField(label=gettext_lazy("Huyện"), queryset=None, required=False)
    group = forms.ModelChoiceField(label=gettext_lazy("Nhóm sản phẩm"), queryset=None, required=False)
    stars = forms.TypedChoiceField(
        label=gettext_lazy("Hạng sao"),
        choices=[("", "---------"), (3, "★★★"), (4, "★★★★"), (5, "★★★★★")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = selectors.public_districts()
        in_force = selectors.public_certified_products().values("product__product_set__group_id")
        self.fields["group"].queryset = ProductGroup.objects.filter(pk__in=in_force).order_by("order", "code")


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Số giấy chứng nhận, sản phẩm hoặc chủ thể"), max_length=100, required=False)


# --- helpers ----------------------------------------------------------------------------------


def _over_rate_limit(request, scope: str, limit: int) -> bool:
    """Count this request against the client's hourly allowance for `scope`; True when over it.

    The client is REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client address
    there (gunicorn's forwarded-allow-ips), never a header the client can forge.
    """
    key = f"ocop:rate:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count > limit


def _public_cache(request, response):
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=_setting("OCOP_PUBLIC_PAGE_MAX_AGE", 300))
    return response


# --- views ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify(request, code):
    certificate = selectors.public_certificate_by_code(code)
    if certificate is None:
        raise Http404
    form = MisuseReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _over_rate_limit(request, "misuse", _setting("OCOP_MISUSE_REPORTS_PER_HOUR", 5)):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            misuse_report_create(certificate=certificate, **form.cleaned_data)
            messages.success(request, _("Cảm ơn bạn. Phản ánh đã được chuyển đến Sở Nông nghiệp và Môi trường."))
            return redirect(reverse("public:verify", args=[certificate.public_code]) + "#misuse")
    context = {"certificate": certificate, "in_force": certificate.status in CertificateStatus.in_force(), "form": form}
    response = render(request, "evaluation/public/verify.html", context, status=status)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def verify_lookup(request):
    form = LookupForm(request.GET or None)
    status = 200
    if form.is_bound:
        if _over_rate_limit(request, "lookup", _setting("OCOP_VERIFY_LOOKUPS_PER_HOUR", 20)):
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
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.public_certified_products(
        search=filters.get("q", ""),
        district=filters.get("district"),
        group=filters.get("group"),
        stars=filters.get("stars"),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "evaluation/public/certified_products.html", {"form": form, "page_obj": page})
    return _public_cache(request, response)


@require_GET
def revoked_certificates(request):
    form = SearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.public_revoked_certificates(search=search), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "evaluation/public/revoked.html", {"form": form, "page_obj": page})
    return _public_cache(request, response)
