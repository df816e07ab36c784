"""Product groups and sets (reference data, per legal framework): everyone signed in reads them,
the national role renames them and adds sets (they are every province's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.accounts.rules import edits_shared_reference
from ocop_portal.core.forms import add_service_errors

from .. import selectors
from ..forms import ProductSetCreateForm, ReferenceNameForm
from ..models import ProductGroup, ProductSet
from ..services import reference as services

# The product-set lists the registry knows (products/reference.py ships one file for each).
FRAMEWORKS = {
    "148": gettext_lazy("Quyết định 148/QĐ-TTg (2023)"),
    "1048": gettext_lazy("Quyết định 1048/QĐ-TTg (2019)"),
}
can_manage_reference = edits_shared_reference


def _require_manager(user) -> None:
    if not can_manage_reference.test(user):
        raise PermissionDenied


def _back_to(obj):
    return redirect("products:reference_framework", framework_code=obj.framework_code)


@login_required
def reference_list(request, framework_code=selectors.CURRENT_FRAMEWORK_CODE):
    if framework_code not in FRAMEWORKS:
        raise Http404
    context = {
        "framework_code": framework_code,
        "frameworks": FRAMEWORKS.items(),
        "groups": selectors.reference_groups(framework_code),
        "can_manage": can_manage_reference.test(request.user),
    }
    return render(request, "products/reference_list.html", context)


@login_required
def reference_group_edit(request, pk):
    group = get_object_or_404(ProductGroup, pk=pk)
    _require_manager(request.user)
    initial = {"name": group.name, "name_en": group.name_en}
    form = ReferenceNameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_group_update(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nhóm sản phẩm."))
            return _back_to(group)
    context = {"form": form, "record": group, "title": _("Sửa nhóm sản phẩm %(code)s") % {"code": group.code}}
    return render(request, "products/reference_form.html", context)


@login_required
def reference_set_edit(request, pk):
    product_set = get_object_or_404(ProductSet.objects.select_related("group"), pk=pk)
    _require_manager(request.user)
    initial = {"name": product_set.name, "name_en": product_set.name_en}
    form = ReferenceNameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_set_update(product_set=product_set, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu bộ sản phẩm."))
            return _back_to(product_set)
    context = {
        "form": form,
        "record": product_set,
        "title": _("Sửa bộ sản phẩm %(code)s") % {"code": product_set.code},
    }
    return render(request, "products/reference_form.html", context)


@login_required
def reference_set_create(request, pk):
    group = get_object_or_404(ProductGroup, pk=pk)
    _require_manager(request.user)
    form = ProductSetCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product_set = services.product_set_create(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm bộ sản phẩm “%(name)s”.") % {"name": product_set})
            return _back_to(group)
    context = {"form": form, "record": group, "title": _("Thêm bộ sản phẩm vào nhóm %(group)s") % {"group": group}}
    return render(request, "products/reference_form.html", context)
