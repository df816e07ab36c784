import functools

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop_portal.core.forms import add_service_errors
from ocop_portal.core.page_panels import page_panels_for

from .. import selectors, services
from ..enums import ProposalState
from ..filters import ProductListFilter
from ..forms import PhotoForm, ProductForm, ProductProposalForm
from .common import audit_rows, paginate, require, save_edit

# The columns the list shows: a row is five model instances, each built from every column otherwise.
PRODUCT_LIST_FIELDS = (
    "name",
    "status",
    "current_stars",
    "producer__name",
    "product_set__name",
    "product_set__group__name",
    "district__name",
)


@login_required
def product_list(request):
    rows = selectors.product_rows(request.user).only(*PRODUCT_LIST_FIELDS)
    filterset = ProductListFilter(request.GET, queryset=rows, request=request)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "can_create": rules.has_perm("products.add_product", request.user),
    }
    return render(request, "products/product_list.html", context)


@login_required
def product_detail(request, pk):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    user = request.user
    can_edit = rules.has_perm("products.change_product", user, product)
    context = {
        "product": product,
        # The stars in force and the certificates (evaluation): panels the apps above add.
        "panels": page_panels_for("product", user, product),
        "photos": product.photos.all(),
        "proposals": selectors.proposals_visible_to(user).filter(product=product, state=ProposalState.PENDING),
        "audit_rows": audit_rows(selectors.audit_trail_for_product(product)),
        "can_edit": can_edit,
        "can_propose": rules.has_perm("products.propose_edit", user, product),
        "photo_form": PhotoForm() if can_edit else None,
    }
    return render(request, "products/product_detail.html", context)


@login_required
def product_create(request):
    require(request.user, "products.add_product")
    initial = {"producer": request.GET.get("producer")}
    form = ProductForm(request.POST or None, user=request.user, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                actor=request.user, producer=form.cleaned_data["producer"], **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký sản phẩm “%(name)s”.") % {"name": product.name})
            return redirect("products:product_detail", pk=product.pk)
    return render(request, "products/product_form.html", {"form": form, "product": None})


@login_required
def product_update(request, pk):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    require(request.user, "products.change_product", product)
    form = ProductForm(request.POST or None, user=request.user, initial=ProductForm.initial_for(product))
    if request.method == "POST" and form.is_valid():
        response = save_edit(
            request,
            form,
            update=functools.partial(services.product_update, product=product, actor=request.user),
            fields=services.PRODUCT_FIELDS,
            done_message=_("Đã lưu thông tin sản phẩm."),
            done_url=reverse("products:product_detail", args=[product.pk]),
        )
        if response is not None:
            return response
    return render(request, "products/product_form.html", {"form": form, "product": product})


@login_required
def product_photo_add(request, pk):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    require(request.user, "products.add_productphoto", product)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_photo_add(
                product=product,
                actor=request.user,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Đã thêm ảnh sản phẩm."))
            return redirect("products:product_detail", pk=product.pk)
    return render(request, "products/photo_form.html", {"form": form, "product": product})


@login_required
def product_propose(request, pk):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    require(request.user, "products.propose_edit", product)
    initial = {field: getattr(product, field) for field in services.PROPOSABLE_PRODUCT_FIELDS}
    form = ProductProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.PROPOSABLE_PRODUCT_FIELDS}
        try:
            services.edit_proposal_create(
                actor=request.user,
                producer=product.producer,
                product=product,
                data=data,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa thông tin; huyện sẽ xem xét."))
            return redirect("products:product_detail", pk=product.pk)
    context = {"form": form, "target": product, "producer": product.producer}
    return render(request, "products/proposal_form.html", context)
