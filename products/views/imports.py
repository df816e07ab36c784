from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..enums import ImportState
from ..forms import RegistryImportForm
from ..register_file import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS, template_workbook
from ..validators import upload_limit_text
from .common import require
from .exports import CONTENT_TYPES


@login_required
def import_upload(request):
    require(request.user, "products.import_registry")
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Never read more than the limit into memory, whatever the upload claims.
            content = upload.read(settings.OCOP_MAX_UPLOAD_BYTES + 1)
            registry_import = services.registry_import_preview(
                actor=request.user,
                province=request.user.staff_province,
                file_name=upload.name,
                content=content,
                max_bytes=settings.OCOP_MAX_UPLOAD_BYTES,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("products:import_preview", pk=registry_import.pk)
    context = {
        "form": form,
        "imports": selectors.registry_imports_visible_to(request.user)[:20],
        "columns": [(column, COLUMN_HELP[column], column in REQUIRED_COLUMNS) for column in COLUMNS],
        "limit": upload_limit_text(),
    }
    return render(request, "products/import_upload.html", context, status=400 if form.errors else 200)


@login_required
def import_template(request):
    require(request.user, "products.import_registry")
    response = HttpResponse(template_workbook(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-danh-sach-ocop.xlsx"'
    return response


@login_required
def import_preview(request, pk):
    require(request.user, "products.import_registry")
    registry_import = get_object_or_404(selectors.registry_imports_visible_to(request.user), pk=pk)
    context = {
        "registry_import": registry_import,
        "report": registry_import.report,
        "can_commit": registry_import.state == ImportState.PREVIEWED,
    }
    return render(request, "products/import_preview.html", context)


@login_required
@require_POST
def import_commit(request, pk):
    require(request.user, "products.import_registry")
    registry_import = get_object_or_404(selectors.registry_imports_visible_to(request.user), pk=pk)
    try:
        registry_import = services.registry_import_commit(registry_import=registry_import, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registry_import.state == ImportState.COMMITTED:
            messages.success(request, _("Đã nhập danh sách vào hệ thống."))
        else:
            messages.error(request, _("Không nhập được: tệp có lỗi, chưa có gì được ghi. Xem báo cáo lỗi bên dưới."))
    return redirect("products:import_preview", pk=registry_import.pk)
