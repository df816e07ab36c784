"""The roles an account is bound to that belong to apps above accounts (issue 22).

Account management binds a user to a province, a district or a commune (accounts' own fields),
to a producer (products.ProducerMembership) and sees the council seats a user holds
(evaluation.CouncilMember). Accounts sits below both apps and imports neither: each registers
what it owns here in its AppConfig.ready, and the account services and forms ask this module.

- products registers the producer role: the producers an account may be bound to, and how a
  binding is written (`register_producer_role`);
- evaluation registers the council seats: which accounts hold a seat on a province's councils,
  and which hold one elsewhere (`register_seat_scope`).

Nothing registered (an app not installed): no producer can be bound, and seats widen no scope.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class ProducerRole:
    producers: Callable[[], QuerySet]  # every producer an account could be bound to
    bind: Callable[..., None]  # bind(user, producer or None): write or remove the binding


@dataclass(frozen=True)
class SeatScope:
    inside: Callable[[int], Q]  # accounts seated on a council of this province
    outside: Callable[[int], Q]  # accounts seated on a council of another province


_producer_role: ProducerRole | None = None
_seat_scope: SeatScope | None = None


def register_producer_role(*, producers: Callable[[], QuerySet], bind: Callable[..., None]) -> None:
    global _producer_role
    _producer_role = ProducerRole(producers=producers, bind=bind)


def register_seat_scope(*, inside: Callable[[int], Q], outside: Callable[[int], Q]) -> None:
    global _seat_scope
    _seat_scope = SeatScope(inside=inside, outside=outside)


def producers_to_bind() -> QuerySet | None:
    """The producers an account may be bound to (None when no app offers the role)."""
    return _producer_role.producers() if _producer_role else None


def bind_producer(user, producer) -> None:
    if _producer_role is None:
        if producer is not None:
            raise LookupError("No app registered the producer role (products is not installed).")
        return
    _producer_role.bind(user, producer)


def seats_inside(province_id: int) -> Q:
    return _seat_scope.inside(province_id) if _seat_scope else Q(pk__in=[])


def seats_outside(province_id: int) -> Q:
    return _seat_scope.outside(province_id) if _seat_scope else Q(pk__in=[])
