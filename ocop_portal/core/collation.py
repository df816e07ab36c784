"""Vietnamese alphabetical order for lists of names (issue 19, item 3): "Chả" before "Chè", "Gà"
before "Giò", "Dưa" before "Đậu".

`vi_order("name")` is an ORDER BY expression collated "vi-x-icu": PostgreSQL's ICU collation, and
on SQLite (the newcomer's demo run) a collation of the same name registered on every connection
from `vi_key`, this module's Python key. `vi_sorted` sorts Python lists with the same key.

The key follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x
y), letters first, then the tones as a secondary difference (none, huyền, hỏi, ngã, sắc, nặng),
then case.
"""

import unicodedata

VI_COLLATION = "vi-x-icu"

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split(" ")  # noqa: SIM905
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def vi_key(text: str | None) -> tuple:
    """A sort key giving Vietnamese alphabetical order (letters, then tones, then case)."""
    text = text or ""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in (_BREVE, _CIRCUMFLEX, _HORN) and letters:
            base = letters[-1]
            if isinstance(base, tuple):
                combined = unicodedata.normalize("NFC", _ALPHABET[base[1]] + char)
                if combined in _RANK:
                    letters[-1] = (0, _RANK[combined])
            continue
        if unicodedata.combining(char):
            continue
        lower = char.lower()
        letters.append((0, _RANK[lower]) if lower in _RANK else (1, ord(lower)))
        tones.append(0)
    return (tuple(letters), tuple(tones), text.swapcase())


def vi_sorted(items, key=lambda item: item):
    """`items` sorted in Vietnamese order of `key(item)`."""
    return sorted(items, key=lambda item: vi_key(key(item)))


def vi_order(field: str, *, descending: bool = False):
    """An order_by() expression sorting `field` in Vietnamese order (both databases)."""
    # imported here: the key above stays free of Django (evaluation/fairness.py is pure)
    from django.db.models import F
    from django.db.models.functions import Collate

    expression = Collate(F(field), VI_COLLATION)
    return [expression.desc() if descending else expression.asc()]


def _sqlite_compare(left: str, right: str) -> int:
    a, b = vi_key(left), vi_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """On SQLite, give each new connection the "vi-x-icu" collation PostgreSQL has built in."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VI_COLLATION, _sqlite_compare)
