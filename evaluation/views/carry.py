"""The superuser page carrying a former province into its merged successor (services/carry.py):
a dry run with the counts and each split commune's candidates, then an all-or-nothing commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..services.carry import carry_province


def _choices(post) -> tuple[dict, dict]:
    """Per-commune (`commune-<old code>`) and per-record (`record-<kind>-<id>`) choices of the form."""
    by_commune, by_record = {}, {}
    for key, value in post.items():
        if not value.isdigit():
            continue
        if key.startswith("commune-"):
            by_commune[key.removeprefix("commune-")] = int(value)
        elif key.startswith("record-"):
            kind, _sep, pk = key.removeprefix("record-").partition("-")
            if kind in ("producer", "product") and pk.isdigit():
                by_record[(kind, int(pk))] = int(value)
    return by_commune, by_record


@login_required
@require_http_methods(["GET", "POST"])
def carry_province_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    code = (request.POST.get("province") or request.GET.get("province") or "").strip()
    report, errors = None, []
    if code:
        by_commune, by_record = _choices(request.POST)
        commit = request.method == "POST" and "commit" in request.POST
        try:
            report = carry_province(
                code=code, by=request.user, commit=commit, by_commune=by_commune, by_record=by_record
            )
        except ValidationError as error:
            errors = error.messages
        else:
            if report.committed:
                messages.success(
                    request,
                    _("Đã chuyển %(old)s về %(new)s (%(count)s thay đổi).")
                    % {"old": report.predecessor, "new": report.successor, "count": report.moved},
                )
                return redirect(f"{request.path}?province={code}")
    return render(request, "evaluation/carry/province.html", {"code": code, "report": report, "errors": errors})
