"""Every row lock the portal takes is FOR NO KEY UPDATE, and of the queried model's own rows.

Django's plain select_for_update() is FOR UPDATE, which also blocks the FOR KEY SHARE that
PostgreSQL's foreign-key check takes on the referenced row — at COMMIT, since the keys are
deferred. A transaction inserting a dossier of a round then waited, holding the audit log's
lock, for a submission holding that round FOR UPDATE (through select_related) and waiting for
the audit log's lock: "deadlock detected" answered 500 to parallel API clients (issue 23).
The portal never changes a key, so NO KEY UPDATE is the lock it needs; `of` keeps a join from
locking the related rows.
"""

import ast
from pathlib import Path

from django.conf import settings

SKIP = {".venv", "node_modules", "tests", "testing", "migrations", "mutants"}


def _lock_calls():
    """(path, the select_for_update call, the names of the other methods on its queryset chain)."""
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR)
        if SKIP & set(relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "select_for_update":
                yield relative, node, _chain(node, parents)


def _chain(call: ast.Call, parents: dict) -> set[str]:
    names, inner = set(), call.func.value
    while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
        names.add(inner.func.attr)
        inner = inner.func.value
    outer = call
    while isinstance(parents.get(outer), ast.Attribute) and isinstance(parents.get(parents[outer]), ast.Call):
        names.add(parents[outer].attr)
        outer = parents[parents[outer]]
    return names


def _keywords(call: ast.Call) -> dict:
    return {kw.arg: kw.value for kw in call.keywords}


def test_the_portal_takes_row_locks():
    assert len(list(_lock_calls())) > 20


def test_every_row_lock_is_no_key_update():
    wrong = [
        f"{path}:{call.lineno}"
        for path, call, _chain_names in _lock_calls()
        if not (isinstance(_keywords(call).get("no_key"), ast.Constant) and _keywords(call)["no_key"].value is True)
    ]
    assert wrong == []


def test_a_lock_with_a_join_locks_only_its_own_rows():
    wrong = [
        f"{path}:{call.lineno}"
        for path, call, chain in _lock_calls()
        if "select_related" in chain and "of" not in _keywords(call)
    ]
    assert wrong == []
