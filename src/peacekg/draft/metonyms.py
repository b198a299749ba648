"""Seats of government that reports name for their state ("the Kremlin said", "a White House
envoy"). World knowledge, not data of one article: each is resolved through the gazetteer, and
ignored when the state is not known.

    >>> from peacekg.draft.gazetteer import Gazetteer, KnownEntity
    >>> g = Gazetteer()
    >>> g.add(KnownEntity("russia", "State", "Russia"))
    >>> party_of_place("the Kremlin", g), party_of_place("Downing Street", g)
    ('russia', None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peacekg.draft.gazetteer import Gazetteer

SEATS = {
    "kremlin": "Russia", "white house": "United States", "pentagon": "United States",
    "state department": "United States", "downing street": "United Kingdom",
    "whitehall": "United Kingdom", "elysee": "France", "élysée": "France",
    "bankova": "Ukraine", "zhongnanhai": "China", "quai d'orsay": "France",
    "chancellery": "Germany", "kyiv": "Ukraine", "moscow": "Russia", "washington": "United States",
    "beijing": "China", "tehran": "Iran", "jerusalem": "Israel", "ankara": "Turkey",
}  # fmt: skip


def party_of_place(name: str, gazetteer: Gazetteer) -> str | None:
    """The state a seat of government (or a capital) stands for, if the gazetteer knows it."""
    key = name.strip().lower().removeprefix("the ").strip()
    state = SEATS.get(key)
    return gazetteer.resolve(state) if state else None
