"""A province's jurisdiction: itself and the predecessor provinces carried into it (DOMAIN.md §1:
after a merge the merged province's staff manage everything of the predecessor, whose records
keep the units of their time).

`in_province(province_id, field)` is the Q a selector filters with (one SQL statement, no extra
query); `covers(province_id, other_id)` is the check a rule makes on one object (a query only
when the ids differ); `staff_provinces_of(ids)` names whose staff to notify about records.
"""

from django.db.models import Q

from .models import AdministrativeUnit


def in_province(province_id: int, field: str = "province_id") -> Q:
    """Rows whose `field` names `province_id` or a province carried into it."""
    carried = AdministrativeUnit.objects.filter(carried_into_id=province_id).values("pk")
    return Q(**{field: province_id}) | Q(**{f"{field}__in": carried})


def covers(province_id: int | None, other_id: int | None) -> bool:
    """Whether province `province_id` has jurisdiction over records of province `other_id`."""
    if not province_id or not other_id:
        return False
    if province_id == other_id:
        return True
    return AdministrativeUnit.objects.filter(pk=other_id, carried_into_id=province_id).exists()


def successors_of(province_ids) -> dict[int, int]:
    """{predecessor id: the merged province it was carried into} for those of `province_ids` that
    were carried (one query)."""
    ids = {pk for pk in province_ids if pk}
    carried = AdministrativeUnit.objects.filter(pk__in=ids, carried_into__isnull=False)
    return dict(carried.values_list("pk", "carried_into_id"))


def staff_provinces_of(province_ids) -> set[int]:
    """The provinces whose staff answer for records of `province_ids`: each province itself and the
    merged province it was carried into (one query). Who is notified about a carried record."""
    ids = {pk for pk in province_ids if pk}
    return ids | set(successors_of(ids).values())
