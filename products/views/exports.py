from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from .. import exports, selectors
from ..filters import ProducerListFilter, ProductListFilter

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _download(file_format: str, base_name: str, title: str, header: list, rows: list) -> HttpResponse:
    content = exports.as_xlsx(title, header, rows) if file_format == "xlsx" else exports.as_csv(header, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{base_name}-{stamp}.{file_format}"'
    return response


@login_required
def producer_export(request, file_format):
    """The producer list with the same search and filters as on screen, all pages."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    filterset = ProducerListFilter(request.GET, queryset=selectors.producer_rows(request.user), request=request)
    header, rows = exports.producer_table(filterset.qs)
    return _download(file_format, "chu-the-ocop", "chu_the", header, rows)


@login_required
def product_export(request, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404
    queryset = selectors.product_rows(request.user, relations=(*selectors.PRODUCT_ROW_RELATIONS, "commune"))
    filterset = ProductListFilter(request.GET, queryset=queryset, request=request)
    header, rows = exports.product_table(filterset.qs)
    return _download(file_format, "san-pham-ocop", "san_pham", header, rows)
