import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop_portal.core.models import AuditEntry
from ocop_portal.core.services import audit_chain_first_broken, audit_log


@pytest.mark.django_db
def test_audit_entries_are_chained(province_staff, province):
    first = audit_log(actor=province_staff, action="unit.renamed", obj=province, changes={"name": ["a", "b"]})
    second = audit_log(actor=province_staff, action="unit.renamed", obj=province, changes={"name": ["b", "c"]})
    assert second.previous_hash == first.entry_hash
    assert audit_chain_first_broken() is None


@pytest.mark.django_db
def test_editing_an_entry_is_detected_and_named(province_staff, province):
    audit_log(actor=province_staff, action="a", obj=province)
    tampered = audit_log(actor=province_staff, action="b", obj=province, changes={"amount": ["1", "2"]})
    audit_log(actor=province_staff, action="c", obj=province)
    AuditEntry.objects.filter(pk=tampered.pk).update(changes={"amount": ["1", "999"]})

    assert audit_chain_first_broken() == tampered
    with pytest.raises(CommandError, match=f"entry #{tampered.pk}"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_deleting_an_entry_breaks_the_link_of_the_next(province_staff, province):
    audit_log(actor=province_staff, action="a", obj=province)
    removed = audit_log(actor=province_staff, action="b", obj=province)
    following = audit_log(actor=province_staff, action="c", obj=province)
    removed.delete()
    assert audit_chain_first_broken() == following


@pytest.mark.django_db
def test_the_chain_is_followed_across_batches(province_staff, province, monkeypatch):
    monkeypatch.setattr("ocop_portal.core.services.AUDIT_CHAIN_BATCH", 2)
    entries = [audit_log(actor=province_staff, action=f"step {n}", obj=province) for n in range(5)]
    assert audit_chain_first_broken() is None

    entries[2].delete()  # the first entry of the second batch: its successor no longer links
    assert audit_chain_first_broken() == entries[3]
