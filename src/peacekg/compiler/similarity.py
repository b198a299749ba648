"""Catch a second declaration of something already known, before it enters the graph.

Reports spell names differently (Zelensky / Zelenskyy, Yuri / Yury, Rafoglu / Raufoglu) and
tell the same talks again. An analyst who declares ``volodymyr-zelenskyy`` when
``volodymyr-zelensky`` exists, or a second event for talks already in the graph, splits one
thing in two, and every count built on it is wrong. So a new declaration is compared with what
is known, and refused with a proposal ("this looks like ``id``") unless the facts file says the
two are different (``distinct_from``).

Names are compared after folding case, accents and the usual transliteration variants
(:func:`name_key`)::

    >>> name_key("Volodymyr Zelenskyy") == name_key("Volodymyr Zelensky")
    True
    >>> name_key("Yury Ushakov") == name_key("Yuri Ushakov")
    True
    >>> similar_names("Alex Rafoglu", "Alex Raufoglu")
    True
    >>> similar_names("Donetsk", "Donetsk region")
    False

Two persons are alike when their full names are alike, or when one is the other's surname with
no given name, or their surnames are alike and their given names share an initial. Two events
are alike when they have the same type and begin on the same day and share a place or a
participant.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Spellings that transliterations of one name produce (applied in order, after folding).
_VARIANTS = (
    (re.compile(r"yy\b"), "y"),  # Zelenskyy -> Zelensky
    (re.compile(r"iy\b"), "y"),  # Zelenskiy -> Zelensky
    (re.compile(r"ii\b"), "y"),  # Zelenskii -> Zelensky
    (re.compile(r"y"), "i"),  # Yury -> iuri, Yuri -> iuri
    (re.compile(r"kh"), "h"),  # Kharkiv / Harkiv
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters
    (re.compile(r"j"), "i"),
    (re.compile(r"w"), "v"),  # Witkoff / Vitkoff
    (re.compile(r"ff\b|f\b"), "v"),
)
SIMILAR = 0.88  # difflib ratio of two folded names from which they are taken to be one


def fold(name: str) -> str:
    """Lower case, no accents, letters and digits separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ʼ", "").replace("'", "").replace("’", "")
    return " ".join(re.findall(r"[a-z0-9\u0400-\u04ff]+", plain))


def name_key(name: str) -> str:
    """The folded name with transliteration variants reduced to one spelling."""
    words = []
    for word in fold(name).split():
        for pattern, replacement in _VARIANTS:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def similar_names(a: str, b: str) -> bool:
    """True when two names are one name spelt two ways."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if len(ka.split()) != len(kb.split()):
        return False
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= SIMILAR


def similar_persons(a: str, b: str) -> bool:
    """Full names alike, or alike surnames with given names of the same initial."""
    if similar_names(a, b):
        return True
    wa, wb = name_key(a).split(), name_key(b).split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    return similar_names(wa[-1], wb[-1]) and wa[0][0] == wb[0][0]


@dataclass(frozen=True)
class Candidate:
    """Something known: its id, its type, and every name it has (label and aliases)."""

    id: str
    type: str
    names: tuple[str, ...]


def family(entity_type: str) -> str:
    """Entities are compared within a family: persons, places, parties, outlets."""
    if entity_type == "Person":
        return "person"
    if entity_type in {"City", "Region", "Country", "Venue", "Place"}:
        return "place"
    if entity_type == "MediaOutlet":
        return "outlet"
    return "party"


def alike_entities(
    names: Iterable[str], entity_type: str, known: Iterable[Candidate]
) -> list[Candidate]:
    """The known entities of the same family that one of ``names`` names, spelt another way.

    A known entity whose names include one of ``names`` exactly is found too (the caller
    refuses that as a second declaration anyway)."""
    names = [n for n in names if n.strip()]
    person = entity_type == "Person"
    found = []
    for candidate in known:
        if family(candidate.type) != family(entity_type):
            continue
        if any(
            (similar_persons(a, b) if person else similar_names(a, b))
            for a in names
            for b in candidate.names
        ):
            found.append(candidate)
    return found


@dataclass(frozen=True)
class EventSketch:
    """What tells two events apart: their type, day, place and participants."""

    id: str
    type: str  # the event-type concept's IRI or id
    day: date | None
    places: frozenset[str]
    participants: frozenset[str]


def alike_events(new: EventSketch, known: Iterable[EventSketch]) -> list[EventSketch]:
    """Known events of the same type, on the same day, sharing a place or a participant."""
    if new.day is None:
        return []
    return [
        old
        for old in known
        if old.id != new.id
        and old.type == new.type
        and old.day == new.day
        and (new.places & old.places or new.participants & old.participants)
    ]
