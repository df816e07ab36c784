"""A province's jurisdiction: itself and the predecessor provinces carried into it (DOMAIN.md §1:
after a merge the merged province's staff manage everything of the predecessor, whose records
keep the units of their time).

`in_province(province_id, field)` is the Q a selector filters with (one SQL statement, no extra
query); `covers(province_id, other_id)` is the check a rule makes on one object (a query only
when the ids differ).
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
