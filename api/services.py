"""Writes for API keys: create (the clear key is returned once) and revoke."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from .models import ApiToken

MAX_TOKENS_PER_USER = 10


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a named key for `user`; returns the row and the clear key (never stored).

    Side effects: one ApiToken row (hash and prefix only) and an audit entry.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho khóa (ví dụ: tên chương trình sẽ dùng khóa).")})
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(_("Mỗi người dùng có tối đa %(count)s khóa.") % {"count": MAX_TOKENS_PER_USER})
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:8], key_hash=hash_key(key))
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit_log(actor=user, action="api_token.created", obj=token, changes={"name": ["", name]})
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> None:
    """Delete a key of one's own. Side effects: the row goes, an audit entry stays."""
    if token.user_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_log(actor=by, action="api_token.revoked", obj=token, changes={"name": [token.name, ""]})
        token.delete()
