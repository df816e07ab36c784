"""The public open-data page: every published snapshot of the register with its files and
checksums, and the column descriptions; the files themselves. No sign-in."""

import datetime

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import RegisterSnapshot
from .register import COLUMNS

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def snapshot_list_view(request):
    snapshots = list(RegisterSnapshot.objects.order_by("-as_of")[:120])
    return render(
        request,
        "opendata/list.html",
        {"snapshots": snapshots, "latest": snapshots[0] if snapshots else None, "columns": COLUMNS},
    )


@require_safe
def snapshot_file_view(request, as_of, name):
    try:
        day = datetime.date.fromisoformat(as_of)
    except ValueError:
        raise Http404 from None
    snapshot = RegisterSnapshot.objects.filter(as_of=day).first()
    field = snapshot.files().get(name) if snapshot else None
    if field is None:
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(field.open("rb"), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{day:%Y-%m-%d}-{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
