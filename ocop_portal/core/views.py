from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .dashboard import panels_for
from .notifications import NOTIFICATIONS_PER_PAGE, notification_days
from .services import notifications_mark_all_read


def home(request):
    """The signed-in user's work (panels of every app); for a visitor, the public entry: verify
    a certificate, browse certified products, open data, or sign in."""
    if not request.user.is_authenticated:
        return render(request, "core/public_home.html")
    return render(request, "core/home.html", {"panels": panels_for(request.user)})


@require_safe
def api_guide(request):
    """What the portal's API is and how to get a key, in Vietnamese (issue 19, item 14); the
    Swagger page stays the developers' reference."""
    return render(request, "core/api_guide.html")


@login_required
def notification_list(request):
    page = Paginator(request.user.notifications.all(), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    return render(
        request,
        "core/notifications.html",
        {"page_obj": page, "days": notification_days(page.object_list), "unread": unread},
    )


@login_required
@require_POST
def notification_read_all(request):
    changed = notifications_mark_all_read(user=request.user)
    text = ngettext("Đã đánh dấu %(count)d thông báo là đã đọc.", "Đã đánh dấu %(count)d thông báo là đã đọc.", changed)
    messages.success(request, text % {"count": changed})
    return redirect("core:notifications")


@login_required
@require_POST
def notification_read(request, pk):
    note = get_object_or_404(request.user.notifications, pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("core:notifications")


@require_safe
def service_worker(request):
    """The offline scorecard's service worker (static/sw.js), served from the site's root so its
    scope can be the whole portal (a worker under /static/ could only control /static/)."""
    path = finders.find("sw.js")
    if path is None:
        raise Http404
    response = HttpResponse(Path(path).read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every visit
    response["Service-Worker-Allowed"] = "/"
    return response
