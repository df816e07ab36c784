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


# --- issue 18, Low 8: a keyed chain, anchored outside the database -------------------------------


def _rechain_unkeyed():
    """What someone with write access to the table (and no key) does after editing an entry:
    recompute every hash as the unkeyed chain did."""
    from ocop_portal.core.management.commands.rekey_audit_chain import _unkeyed

    previous = ""
    for entry in AuditEntry.objects.order_by("id"):
        entry.previous_hash = previous
        entry.entry_hash = _unkeyed(entry, previous)
        entry.save(update_fields=["previous_hash", "entry_hash"])
        previous = entry.entry_hash


@pytest.mark.django_db
def test_a_chain_recomputed_after_an_edit_is_detected(province_staff, province):
    first = audit_log(actor=province_staff, action="grant.approved", obj=province, changes={"amount": ["", "1"]})
    audit_log(actor=province_staff, action="b", obj=province)
    AuditEntry.objects.filter(pk=first.pk).update(changes={"amount": ["", "999"]})
    _rechain_unkeyed()
    assert audit_chain_first_broken() == first


@pytest.mark.django_db
def test_the_key_lives_outside_the_database(settings, province_staff, province):
    audit_log(actor=province_staff, action="a", obj=province)
    settings.OCOP_AUDIT_KEY = "another-key-" + "Zq8#vR2!mW7@xL4$pN9^tB6&yH3*cJ5" * 2
    assert audit_chain_first_broken() is not None


@pytest.mark.django_db
def test_a_cut_tail_is_reported_from_the_anchor(settings, province_staff, province):
    from ocop_portal.core.tasks import anchor_audit_chain

    entries = [audit_log(actor=province_staff, action=f"step {n}", obj=province) for n in range(3)]
    anchor = anchor_audit_chain()
    assert (anchor["count"], anchor["last_id"], anchor["head"]) == (3, entries[-1].pk, entries[-1].entry_hash)
    call_command("verify_audit_chain")  # intact

    AuditEntry.objects.filter(pk=entries[-1].pk).delete()  # the tail: what remains still chains

    assert audit_chain_first_broken() is None
    with pytest.raises(CommandError, match=f"cut tail: the anchor of .* names entry #{entries[-1].pk} \\(3 entries\\)"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_anchors_accumulate_and_an_empty_log_writes_none(settings, province_staff, province):
    from ocop_portal.core.audit_anchor import audit_anchor_write, audit_anchors

    assert audit_anchor_write() is None
    audit_log(actor=province_staff, action="a", obj=province)
    audit_anchor_write()
    audit_log(actor=province_staff, action="b", obj=province)
    audit_anchor_write()
    assert [a["count"] for a in audit_anchors()] == [1, 2]
    assert settings.OCOP_AUDIT_ANCHOR_FILE.read_text().count("\n") == 2


@pytest.mark.django_db
def test_rekeying_checks_the_old_chain_first(province_staff, province):
    entries = [audit_log(actor=province_staff, action=f"step {n}", obj=province) for n in range(3)]
    _rechain_unkeyed()  # as an upgraded database holds it
    assert audit_chain_first_broken() == entries[0]
    call_command("rekey_audit_chain")
    assert audit_chain_first_broken() is None

    _rechain_unkeyed()
    AuditEntry.objects.filter(pk=entries[1].pk).update(note="changed")
    with pytest.raises(CommandError, match=f"unkeyed chain is broken at entry #{entries[1].pk}"):
        call_command("rekey_audit_chain")
