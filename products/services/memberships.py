"""A user's producer role (ProducerMembership): written for account management, which offers the
role without importing this app (ocop_portal/accounts/roles.py, registered in ProductsConfig)."""

from ..models import ProducerMembership


def membership_bind(user, producer) -> None:
    """Bind `user` to `producer`, or remove their binding for None. The caller audits it."""
    if producer is None:
        ProducerMembership.objects.filter(user=user).delete()
    else:
        ProducerMembership.objects.update_or_create(user=user, defaults={"producer": producer})
