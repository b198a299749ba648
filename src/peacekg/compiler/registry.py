"""What the compiler knows by name: entities, concepts, events, documents and article facts.

References in a facts file are resolved here by id, then by label or alias (ignoring case).
An unknown reference is an error that suggests the closest known name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import URIRef

from peacekg.compiler.similarity import (
    Candidate,
    EventSketch,
    alike_entities,
    alike_events,
    family,
    name_key,
)

# What a reference may point at, by the kind of thing it is.
PARTY_TYPES = {"State", "InternationalOrganisation", "Coalition", "ArmedGroup"}
ACTOR_TYPES = PARTY_TYPES | {"Person", "MediaOutlet"}
PLACE_TYPES = {"City", "Region", "Country", "Venue", "Place"}
ORGANIZATION_TYPES = PARTY_TYPES | {"MediaOutlet"}

KIND_WORDS = {
    "actor": ("an actor (a party, a person or a media outlet)", ACTOR_TYPES),
    "party": ("a party (a state, an organisation, a coalition or an armed group)", PARTY_TYPES),
    "person": ("a person", {"Person"}),
    "place": ("a place", PLACE_TYPES),
    "organization": ("a party or a media outlet", ORGANIZATION_TYPES),
    "event": ("an event", {"Event"}),
    "document": ("a document", {"Document"}),
    "version": ("a document version", {"DocumentVersion"}),
    "stance": ("a stance", {"Stance"}),
    "office": ("an office", {"Office"}),
    "mandate": ("a mandate", {"Mandate"}),
    "provision": ("a provision", {"Provision"}),
}

TYPE_WORDS = {
    "Event": "an event",
    "Document": "a document",
    "DocumentVersion": "a document version",
    "Stance": "a stance",
    "Provision": "a provision",
    "Person": "a person",
    "MediaOutlet": "a media outlet",
    "Office": "an office",
    "Mandate": "a mandate",
}


ENTITY_TYPES = ACTOR_TYPES | PLACE_TYPES


def _initials(names: tuple[str, ...] | list[str]) -> set[str]:
    """The first letters of the last words of ``names``, as the similarity check folds them."""
    return {key.split()[-1][0] for key in map(name_key, names) if key}


class UnknownReference(LookupError):
    """A reference that names nothing known, or something of the wrong kind."""


@dataclass
class Known:
    iri: URIRef
    type: str
    label: str


@dataclass
class Registry:
    things: dict[str, Known] = field(default_factory=dict)  # id -> thing
    names: dict[str, set[str]] = field(default_factory=dict)  # lower-case label/alias -> ids
    concepts: dict[str, dict[str, Known]] = field(default_factory=dict)  # scheme -> id -> concept
    concept_names: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # For the similarity check (peacekg.compiler.similarity): every name of each entity, and
    # an index of entities by family and the first letter of their names' last word.
    entity_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_initial: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    events: dict[str, EventSketch] = field(default_factory=dict)  # id -> what tells it apart
    origins: dict[str, str] = field(default_factory=dict)  # id -> the file or article declaring it

    # --- declaring ------------------------------------------------------------------------

    def declare(
        self,
        key: str,
        known: Known,
        aliases: list[str] = (),  # type: ignore[assignment]
        origin: str | None = None,
    ) -> None:
        """Make ``known`` known as ``key``; ``origin`` says where (a file, an article)."""
        if key in self.things:
            raise ValueError(f"the id '{key}' is declared twice{self.origin_of(key, 'first')}")
        self.things[key] = known
        if origin:
            self.origins[key] = origin
        for name in (known.label, *aliases):
            self.names.setdefault(name.casefold(), set()).add(key)
        if known.type in ENTITY_TYPES:
            names = (known.label, *aliases)
            self.entity_names[key] = names
            for initial in _initials(names):
                self._by_initial.setdefault((family(known.type), initial), set()).add(key)

    # --- the similarity check ---------------------------------------------------------------

    def alike(self, names: list[str], entity_type: str) -> list[Candidate]:
        """Known entities of the same family that one of ``names`` names, spelt another way."""
        ids: set[str] = set()
        for initial in _initials(names):
            ids |= self._by_initial.get((family(entity_type), initial), set())
        pool = [Candidate(i, self.things[i].type, self.entity_names[i]) for i in sorted(ids)]
        return alike_entities(names, entity_type, pool)

    def origin_of(self, key: str, word: str = "declared") -> str:
        """Where ``key`` was declared, as a phrase for messages (empty when unknown)."""
        origin = self.origins.get(key)
        if not origin:
            return ""
        return f" ({word} in {origin})" if word == "first" else f", {word} in {origin}"

    def alike_events(self, sketch: EventSketch) -> list[EventSketch]:
        """Known events that look like the one ``sketch`` describes."""
        return alike_events(sketch, self.events.values())

    def add_event(self, sketch: EventSketch) -> None:
        self.events[sketch.id] = sketch

    def declare_concept(self, scheme: str, key: str, known: Known, aliases: list[str]) -> None:
        concepts = self.concepts.setdefault(scheme, {})
        if key in concepts:
            raise ValueError(f"the concept '{key}' is declared twice in the {scheme} scheme")
        concepts[key] = known
        names = self.concept_names.setdefault(scheme, {})
        for name in (known.label, *aliases):
            names.setdefault(name.casefold(), set()).add(key)

    # --- resolving ------------------------------------------------------------------------

    def resolve(self, ref: str, kind: str, field_name: str) -> Known:
        """The thing ``ref`` names, which must be of ``kind`` (a key of KIND_WORDS)."""
        words, types = KIND_WORDS[kind]
        fitting = {k: v for k, v in self.things.items() if v.type in types}
        try:
            key = self._find(ref, self.things, self.names, field_name, suggest_from=fitting)
        except UnknownReference as exc:
            raise UnknownReference(f"{exc}; {field_name} must be {words}") from None
        known = self.things[key]
        if known.type not in types:
            what = TYPE_WORDS.get(known.type, f"a {known.type}")
            raise UnknownReference(
                f"{field_name} '{ref}' is {what}, but {field_name} must be {words}"
            )
        return known

    def resolve_concept(self, ref: str, scheme: str, field_name: str) -> Known:
        concepts = self.concepts.get(scheme, {})
        key = self._find(ref, concepts, self.concept_names.get(scheme, {}), field_name, scheme)
        return concepts[key]

    @staticmethod
    def _find(
        ref: str,
        table: dict[str, Known],
        names: dict[str, set[str]],
        field_name: str,
        scheme: str | None = None,
        suggest_from: dict[str, Known] | None = None,
    ) -> str:
        if ref in table:
            return ref
        by_name = names.get(ref.casefold(), set())
        if len(by_name) == 1:
            return next(iter(by_name))
        if len(by_name) > 1:
            raise UnknownReference(
                f"{field_name} '{ref}' is ambiguous: it names {', '.join(sorted(by_name))}; "
                "use the id"
            )
        pool = table if suggest_from is None else suggest_from
        by_label = {k.label.casefold(): key for key, k in pool.items()}
        candidates = list(pool) + list(by_label)
        close = difflib.get_close_matches(ref.casefold(), candidates, n=1, cutoff=0.6)
        where = f" in the {scheme} scheme" if scheme else ""
        hint = ""
        if close:
            found = close[0]
            target = found if found in pool else by_label[found]
            hint = f"; did you mean '{target}'?"
        raise UnknownReference(f"unknown {field_name} '{ref}'{where}{hint}")
