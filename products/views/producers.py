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
from ..filters import ProducerListFilter
from ..forms import ProducerForm, ProducerProposalForm
from .common import audit_rows, paginate, require, save_edit


@login_required
def producer_list(request):
    filterset = ProducerListFilter(request.GET, queryset=selectors.producer_rows(request.user), request=request)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "can_create": rules.has_perm("products.add_producer", request.user),
    }
    return render(request, "products/producer_list.html", context)


@login_required
def producer_detail(request, pk):
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=pk)
    user = request.user
    context = {
        "producer": producer,
        "products": selectors.product_rows(user).filter(producer=producer),
        # Certificates (evaluation) and support history (support): panels the apps above add.
        "panels": page_panels_for("producer", user, producer),
        "proposals": selectors.proposals_visible_to(user).filter(producer=producer, state=ProposalState.PENDING),
        "audit_rows": audit_rows(selectors.audit_trail_for_producer(producer)),
        "can_edit": rules.has_perm("products.change_producer", user, producer),
        "can_add_product": rules.has_perm("products.change_producer", user, producer),
        "can_propose": rules.has_perm("products.propose_edit", user, producer),
    }
    return render(request, "products/producer_detail.html", context)


@login_required
def producer_create(request):
    require(request.user, "products.add_producer")
    form = ProducerForm(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký chủ thể “%(name)s”.") % {"name": producer.name})
            return redirect("products:producer_detail", pk=producer.pk)
    return render(request, "products/producer_form.html", {"form": form, "producer": None})


@login_required
def producer_update(request, pk):
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=pk)
    require(request.user, "products.change_producer", producer)
    form = ProducerForm(request.POST or None, user=request.user, initial=ProducerForm.initial_for(producer))
    if request.method == "POST" and form.is_valid():
        response = save_edit(
            request,
            form,
            update=functools.partial(services.producer_update, producer=producer, actor=request.user),
            fields=services.PRODUCER_FIELDS,
            done_message=_("Đã lưu thông tin chủ thể."),
            done_url=reverse("products:producer_detail", args=[producer.pk]),
        )
        if response is not None:
            return response
    return render(request, "products/producer_form.html", {"form": form, "producer": producer})


@login_required
def producer_propose(request, pk):
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=pk)
    require(request.user, "products.propose_edit", producer)
    initial = {field: getattr(producer, field) for field in services.PROPOSABLE_PRODUCER_FIELDS}
    form = ProducerProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.PROPOSABLE_PRODUCER_FIELDS}
        try:
            services.edit_proposal_create(
                actor=request.user, producer=producer, data=data, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa thông tin; huyện sẽ xem xét."))
            return redirect("products:producer_detail", pk=producer.pk)
    return render(request, "products/proposal_form.html", {"form": form, "target": producer, "producer": producer})
