"""A compiler :class:`~peacekg.compiler.registry.Registry` that knows what the STORE knows.

The compiler resolves references against the entities it has declared from ``data/``. When an
article is ingested into a running store, the references must resolve against what the store
already holds instead: parties, persons, outlets, places, events, documents and versions (by
IRI slug, label or alias) and the facts of earlier articles (``ARTICLE-ID/FACT-ID``).

Loading every entity of a large store for each ingest would cost more as the store grows, so
this registry looks things up on demand: an id or a label is first looked for with an indexed
lookup (the IRI itself, or the exact label literal); only a reference that none of these finds
(a name written in another case, a typo) loads the whole candidate pool, for the case-insensitive
match and the "did you mean" of the error. The concept schemes (a few dozen concepts) are
loaded at once.

The graph of the article being (re-)ingested is left out: its old facts are replaced, not
known. Nothing here writes to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import get_args

from rdflib import Literal, URIRef

from peacekg.compiler.model import EntityType
from peacekg.compiler.registry import KIND_WORDS, Known, Registry, UnknownReference
from peacekg.compiler.similarity import Candidate, EventSketch, family
from peacekg.namespaces import BASE, PK
from peacekg.store import Store

ID_BASE = BASE + "id/"
ARTICLE_BASE = ID_BASE + "article/"
VOCAB_BASE = BASE + "vocab/"

# The classes of the things a facts file can refer to by id (not concepts): the entities a
# reference file declares, and the events and documents of articles.
ENTITY_CLASSES = (*get_args(EntityType), "Event", "Document", "DocumentVersion")
# Facts that belong to one article and are referred to as ARTICLE-ID/FACT-ID.
ARTICLE_FACT_CLASSES = ("Stance", "Office", "Mandate", "Provision")

_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
_IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _iri(value: str) -> str:
    return f"<{value}>"


def _values(classes: tuple[str, ...]) -> str:
    return " ".join(_iri(str(PK[c])) for c in classes)


def _string(text: str) -> str:
    return Literal(text).n3()


def key_of(iri: str) -> str | None:
    """The id a facts file uses for ``iri``: ``kessaly`` for ``id/kessaly``, ``A/F`` for an
    article's fact ``id/article/A/F``; None for anything else."""
    if iri.startswith(ARTICLE_BASE):
        rest = iri[len(ARTICLE_BASE) :]
        parts = rest.split("/")
        return rest if len(parts) == 2 else None
    if iri.startswith(ID_BASE):
        rest = iri[len(ID_BASE) :]
        return rest if "/" not in rest else None
    return None


@dataclass
class StoreRegistry(Registry):
    """A registry filled from ``store`` as references are resolved; ``exclude_graph`` is the
    graph of the article being (re-)ingested, whose content does not count as known."""

    store: Store | None = None
    exclude_graph: str = ""
    _looked_up: set[str] = field(default_factory=set)
    _pools: set[str] = field(default_factory=set)

    # --- loading -------------------------------------------------------------------------

    def load_concepts(self) -> None:
        """Every concept of every scheme, with its labels (a few dozen rows)."""
        assert self.store is not None
        rows = self.store.select(
            f"""SELECT ?c ?scheme ?class ?label ?alias WHERE {{
                ?c {_IN_SCHEME} ?scheme ; {_TYPE} ?class ; {_PREF} ?label .
                FILTER (STRSTARTS(STR(?class), "{PK}"))
                OPTIONAL {{ ?c {_ALT} ?alias }}
            }}"""
        ).bindings()
        aliases: dict[tuple[str, str], set[str]] = {}
        known: dict[tuple[str, str], Known] = {}
        for row in rows:
            iri, scheme = str(row["c"]), str(row["scheme"])
            if not scheme.startswith(VOCAB_BASE) or not iri.startswith(scheme + "/"):
                continue
            key = (scheme[len(VOCAB_BASE) :], iri[len(scheme) + 1 :])
            cls = str(row["class"])[len(str(PK)) :]
            known.setdefault(key, Known(URIRef(iri), cls, str(row["label"])))
            alias = row.get("alias")
            aliases.setdefault(key, set())
            if alias is not None:
                aliases[key].add(str(alias))
        for (scheme, ident), thing in sorted(known.items()):
            self.declare_concept(scheme, ident, thing, sorted(aliases[(scheme, ident)]))

    def preload(self, refs: list[str]) -> None:
        """Look up each id or name (used for the ids a facts file declares, so that declaring
        something the store already holds is refused as a second declaration)."""
        for ref in refs:
            self._lookup(ref)

    def _lookup(self, ref: str) -> None:
        """Load what ``ref`` may name: the IRI it is the slug of, or things labelled ``ref``.

        Each query starts from a bound term (the IRI, the label literal), so that it is an
        index lookup whatever the size of the store."""
        if self.store is None or ref in self._looked_up:
            return
        self._looked_up.add(ref)
        candidates: set[str] = set()
        if "/" in ref:
            candidates.add(ARTICLE_BASE + ref)
        elif ref and " " not in ref:
            candidates.add(ID_BASE + ref)
        names = f"{_string(ref)} {Literal(ref, lang='en').n3()}"
        labelled = self.store.select(
            f"""SELECT DISTINCT ?s WHERE {{ VALUES ?name {{ {names} }}
                {{ ?s {_LABEL} ?name }} UNION {{ ?s {_ALT} ?name }} }}"""
        )
        candidates |= {str(row[0]) for row in labelled.rows}
        self._load_things(
            f"VALUES ?s {{ {' '.join(_iri(c) for c in sorted(candidates) if _safe_iri(c))} }}",
            ENTITY_CLASSES + ARTICLE_FACT_CLASSES,
        )

    def load_pool(self, ref: str) -> None:
        """Load every candidate ``ref`` could name: every entity, or, for ``ARTICLE/FACT``,
        every fact of that article (for a case-insensitive match or a suggestion). The
        first scans the entities of the store: it is done only for a reference that no
        lookup found."""
        pool = ref.split("/", 1)[0] if "/" in ref else ""
        if self.store is None or pool in self._pools:
            return
        self._pools.add(pool)
        if pool:
            graph = _iri(BASE + "graph/article/" + pool)
            self._load_things(f"GRAPH {graph} {{ ?s {_TYPE} ?any }}", ARTICLE_FACT_CLASSES)
        else:
            self._load_things(
                f"VALUES ?c {{ {_values(ENTITY_CLASSES)} }} ?s {_TYPE} ?c", ENTITY_CLASSES
            )

    def _load_things(self, selection: str, classes: tuple[str, ...]) -> None:
        """Declare the things ``selection`` binds to ``?s`` whose type is one of ``classes``
        (in a graph other than the excluded one), with their labels and aliases."""
        assert self.store is not None
        query = f"""SELECT ?s ?class ?label ?alias WHERE {{
            {selection}
            GRAPH ?g {{ ?s {_TYPE} ?class }}
            FILTER (?g != {_iri(self.exclude_graph)})
            OPTIONAL {{ ?s {_LABEL} ?label }}
            OPTIONAL {{ ?s {_ALT} ?alias }}
        }}"""
        wanted = {str(PK[c]) for c in classes}
        things: dict[str, tuple[URIRef, str, str, set[str]]] = {}
        for row in self.store.select(query).bindings():
            iri, cls_iri = str(row["s"]), str(row["class"])
            key = key_of(iri)
            if key is None or key in self.things or cls_iri not in wanted:
                continue
            cls = cls_iri[len(str(PK)) :]
            label = str(row.get("label", key.rsplit("/", 1)[-1]))
            if cls in ARTICLE_FACT_CLASSES:
                label = key.rsplit("/", 1)[-1]  # as the compiler declares them
            entry = things.setdefault(key, (URIRef(iri), cls, label, set()))
            alias = row.get("alias")
            if alias is not None:
                entry[3].add(str(alias))
        for key, (iri, cls, label, aliases) in sorted(things.items()):
            self.declare(key, Known(iri, cls, label), sorted(aliases))

    # --- the similarity check ------------------------------------------------------------

    def alike(self, names: list[str], entity_type: str) -> list[Candidate]:
        """As the compiler's, over every entity of the family the store holds (loaded once per
        family and ingest: one query, only for an article that declares new entities)."""
        self._load_family(family(entity_type))
        return super().alike(names, entity_type)

    def _load_family(self, wanted: str) -> None:
        if self.store is None or f"family:{wanted}" in self._pools:
            return
        self._pools.add(f"family:{wanted}")
        classes = tuple(c for c in get_args(EntityType) if family(c) == wanted)
        self._load_things(f"VALUES ?c {{ {_values(classes)} }} ?s {_TYPE} ?c", classes)

    def alike_events(self, sketch: EventSketch) -> list[EventSketch]:
        """Stored events of the same type that begin on the same day, with their places and
        participants (outside the article's own graph), then the compiler's rule."""
        if self.store is not None and sketch.day is not None:
            self._load_events(sketch.type, sketch.day.isoformat())
        return super().alike_events(sketch)

    def _load_events(self, event_type: str, day: str) -> None:
        assert self.store is not None
        key = f"events:{event_type}:{day}"
        if key in self._pools or not _safe_iri(event_type):
            return
        self._pools.add(key)
        query = f"""SELECT ?e ?place ?agent WHERE {{
            GRAPH ?g {{ ?e {_iri(str(PK.eventType))} {_iri(event_type)} }}
            FILTER (?g != {_iri(self.exclude_graph)})
            ?e {_iri(str(PK.begin))} ?begin .
            FILTER (STRSTARTS(STR(?begin), {_string(day)}))
            OPTIONAL {{ ?e {_iri(str(PK.place))} ?place }}
            OPTIONAL {{ ?e {_iri(str(PK.hasParticipation))}/{_iri(str(PK.participant))} ?agent }}
        }}"""
        found: dict[str, tuple[set[str], set[str]]] = {}
        for row in self.store.select(query).bindings():
            key_of_event = key_of(str(row["e"]))
            if key_of_event is None or key_of_event in self.events:
                continue
            places, agents = found.setdefault(key_of_event, (set(), set()))
            if "place" in row:
                places.add(str(row["place"]))
            if "agent" in row:
                agents.add(str(row["agent"]))
        for ident, (places, agents) in found.items():
            self.add_event(
                EventSketch(
                    ident, event_type, date.fromisoformat(day), frozenset(places), frozenset(agents)
                )
            )

    # --- resolving -----------------------------------------------------------------------

    def resolve(self, ref: str, kind: str, field_name: str) -> Known:
        self._lookup(ref)
        try:
            return super().resolve(ref, kind, field_name)
        except UnknownReference:
            if kind not in KIND_WORDS:
                raise
            self.load_pool(ref)  # a name in another case, or an error with a suggestion
            return super().resolve(ref, kind, field_name)


def _safe_iri(value: str) -> bool:
    return not any(c in value for c in '<>"{}|^`\\ ')
