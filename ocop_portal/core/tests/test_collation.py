"""Vietnamese alphabetical order (issue 19, item 3): the Python key and the database collation
(ICU "vi-x-icu" on PostgreSQL; the same name registered from the Python key on SQLite)."""

import sqlite3

import pytest

from ocop_portal.core.collation import VI_COLLATION, _sqlite_compare, vi_key, vi_order, vi_sorted
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f

NAMES = ["Giò lụa", "Gà đồi", "Chè xanh", "Chả mực", "Đậu phụ", "Dưa hấu", "Ếch", "Em", "Ăn liền", "An toàn", "Ấm"]
ORDER = ["An toàn", "Ăn liền", "Ấm", "Chả mực", "Chè xanh", "Dưa hấu", "Đậu phụ", "Em", "Ếch", "Gà đồi", "Giò lụa"]


def test_python_order_is_the_vietnamese_alphabet():
    assert vi_sorted(NAMES) == ORDER
    # ASCII order gets these wrong
    assert sorted(["Chè", "Chả"]) == ["Chè", "Chả"] and vi_sorted(["Chè", "Chả"]) == ["Chả", "Chè"]
    assert sorted(["Giò", "Gà"]) == ["Giò", "Gà"] and vi_sorted(["Giò", "Gà"]) == ["Gà", "Giò"]


def test_tones_are_second_to_letters_and_follow_the_school_order():
    # none, huyền, hỏi, ngã, sắc, nặng
    assert vi_sorted(["má", "mạ", "mà", "mả", "ma", "mã"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vi_sorted(["mác", "mà"]) == ["mà", "mác"]  # the letters decide before the tone


def test_case_does_not_split_the_alphabet():
    assert vi_sorted(["bánh", "Ba", "an"]) == ["an", "Ba", "bánh"]
    assert vi_key(None) == vi_key("")


def test_the_sqlite_collation_sorts_like_the_python_key():
    connection = sqlite3.connect(":memory:")
    connection.create_collation(VI_COLLATION, _sqlite_compare)
    connection.execute("create table t (name text)")
    connection.executemany("insert into t values (?)", [(name,) for name in NAMES])
    rows = connection.execute(f'select name from t order by name collate "{VI_COLLATION}"').fetchall()
    assert [row[0] for row in rows] == ORDER


@pytest.mark.django_db
def test_the_database_orders_names_in_vietnamese(province):
    for name in NAMES:
        f.DistrictFactory(parent=province, name=name)
    names = list(
        AdministrativeUnit.objects.filter(parent=province, name__in=NAMES)
        .order_by(*vi_order("name"))
        .values_list("name", flat=True)
    )
    assert names == ORDER
    descending = AdministrativeUnit.objects.filter(parent=province, name__in=NAMES).order_by(
        *vi_order("name", descending=True)
    )
    assert list(descending.values_list("name", flat=True)) == ORDER[::-1]
