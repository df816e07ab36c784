"""Writes for API keys: create (the clear key is returned once), revoke one, and revoke all of a
user's keys when their password changes or is reset (api/validators.py)."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from .models import ApiToken

MAX_TOKENS_PER_USER = 10
MAX_LIFETIME_DAYS = 365


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(
    *, user, name: str, read_only: bool = False, lifetime_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a named key for `user`; returns the row and the clear key (never stored). A
    read-only key answers only GET/HEAD/OPTIONS; `lifetime_days` (1–365) makes it expire.

    Side effects: one ApiToken row (hash and prefix only) and an audit entry.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho khóa (ví dụ: tên chương trình sẽ dùng khóa).")})
    if lifetime_days is not None and not (1 <= lifetime_days <= MAX_LIFETIME_DAYS):
        raise ValidationError(
            {"lifetime_days": _("Thời hạn của khóa từ 1 đến %(days)s ngày.") % {"days": MAX_LIFETIME_DAYS}}
        )
    expires_at = timezone.now() + datetime.timedelta(days=lifetime_days) if lifetime_days else None
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(_("Mỗi người dùng có tối đa %(count)s khóa.") % {"count": MAX_TOKENS_PER_USER})
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[:8], key_hash=hash_key(key), read_only=read_only, expires_at=expires_at
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        changes = {"name": ["", name], "read_only": ["", str(read_only)]}
        if expires_at:
            changes["expires_at"] = ["", expires_at.isoformat()]
        audit_log(actor=user, action="api_token.created", obj=token, changes=changes)
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> None:
    """Delete a key of one's own. Side effects: the row goes, an audit entry stays."""
    if token.user_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_log(actor=by, action="api_token.revoked", obj=token, changes={"name": [token.name, ""]})
        token.delete()


def api_tokens_revoke_all(*, user, reason: str) -> int:
    """Delete every key of `user` (their password changed or was reset: whoever learnt it may have
    made keys). Side effects: the rows go, one audit entry per key stays. Returns how many."""
    tokens = list(ApiToken.objects.filter(user=user))
    with transaction.atomic():
        for token in tokens:
            audit_log(
                actor=user, action="api_token.revoked", obj=token, changes={"name": [token.name, ""]}, note=reason
            )
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).delete()
    return len(tokens)
