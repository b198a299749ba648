"""Search over every name in the graph: the labels, aliases, names and titles of actors, events,
issues, documents (and their versions), articles and places.

A thing matches when one of its names holds every word of the search, ignoring case
(``sparql/front_search.rq``); the matches are ranked here: a name equal to the search first,
then one that starts with it, then one that holds it as a phrase, then one where every word
starts a word of the name, then the rest; then by kind, the label before an alias, the shorter
name, and by label.

>>> words("  Moscow   TALKS moscow ")
['moscow', 'talks']
>>> rank("moscow talks", "Moscow talks of 2 December 2025"), rank("talks", "Geneva talks")
(1, 2)
>>> rank("talks moscow", "Moscow talks"), rank("alks", "Geneva talks")
(3, 4)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from peacekg.api.front.lists import select
from peacekg.namespaces import PK
from peacekg.store import Store

MAX_WORDS = 10
# At most this many (thing, name) pairs are read for one search: the ranking needs them all.
MAX_MATCHES = 5000

# Each kind of thing a search finds, and the classes of its things, in the order results show.
KINDS: dict[str, tuple[URIRef, ...]] = {
    "actor": (
        PK.State,
        PK.InternationalOrganisation,
        PK.Coalition,
        PK.ArmedGroup,
        PK.Person,
        PK.MediaOutlet,
    ),
    "event": (PK.Event,),
    "document": (PK.Document, PK.DocumentVersion),
    "issue": (PK.Issue,),
    "place": (PK.City, PK.Region, PK.Country, PK.Venue, PK.Place),
    "article": (PK.Article,),
}
_KIND_OF = {cls: kind for kind, classes in KINDS.items() for cls in classes}
_ORDER = {kind: index for index, kind in enumerate(KINDS)}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """A thing found: its IRI, label, kind and class, and the name that matched (when it is
    not the label: an alias, a title ...)."""

    iri: str
    label: str
    kind: str
    type: str
    matched: str | None
    rank: int


def words(query: str) -> list[str]:
    """The distinct words of a search, lower case, in order (at most :data:`MAX_WORDS`)."""
    seen: dict[str, None] = {}
    for word in query.lower().split():
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def rank(query: str, name: str) -> int:
    """0: the name is the search; 1: it starts with it; 2: it holds the search as a phrase at
    the start of a word; 3: every word of the search starts a word of the name; 4: the words
    are only inside the name."""
    wanted, text = " ".join(words(query)), " ".join(name.lower().split())
    if text == wanted:
        return 0
    if text.startswith(wanted):
        return 1
    if re.search(r"(?<!\w)" + re.escape(wanted), text):
        return 2
    starts = [match.group(0) for match in _WORD.finditer(text)]
    if all(any(word.startswith(w) for word in starts) for w in _WORD.findall(wanted)):
        return 3
    return 4


def search(store: Store, query: str, kinds: Iterable[str] = ()) -> list[Hit]:
    """Every thing (of ``kinds``, default all) with a name that holds every word of ``query``,
    best match first. An empty query finds nothing."""
    found_words = words(query)
    if not found_words:
        return []
    values: dict[str, list[URIRef | Literal]] = {
        "word": [Literal(word) for word in found_words],
        "words": [Literal(len(found_words))],
    }
    wanted = [kind for kind in kinds if kind in KINDS]
    if wanted:
        values["type"] = [cls for kind in wanted for cls in KINDS[kind]]
    best: dict[str, Hit] = {}
    for row in select(store, "front_search", values, limit=MAX_MATCHES):
        subject, cls = row.get("s"), row.get("type")
        if not isinstance(subject, URIRef) or cls not in _KIND_OF:
            continue
        name = str(row["name"])
        label = str(row.get("label") or name)
        iri = str(subject)
        hit = Hit(
            iri=iri,
            label=label,
            kind=_KIND_OF[cls],  # type: ignore[index]
            type=str(cls).rsplit("#", 1)[-1],
            matched=None if name == label else name,
            rank=rank(query, name),
        )
        current = best.get(iri)
        if current is None or _key(hit) < _key(current):
            best[iri] = hit
    return sorted(best.values(), key=_key)


def _key(hit: Hit) -> tuple[int, int, bool, int, str, str]:
    # Then by kind, the label before an alias, the shorter (more specific) name, the label.
    name = hit.matched or hit.label
    return (
        hit.rank,
        _ORDER[hit.kind],
        hit.matched is not None,
        len(name),
        hit.label.lower(),
        hit.iri,
    )
