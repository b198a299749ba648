"""Known actors, places and events, found in a text by label and alias.

Matching tolerates what news reports do to names: any apostrophe in possessives
(``Trumpʼs``, ``Russia's``), a leading article (``the Donetsk region``), doubled letters
and one-letter misspellings of long names (``Zelensky`` / ``Zelenskyy`` / ``Zelenskiy``),
demonyms of parties and places (``Russian`` → Russia, ``Ukrainian`` → Ukraine) and
coordinated heads (``the Luhansk and Donetsk regions``). Acronyms (``US``, ``EU``) match only
in capitals, and other names only when capitalised, so "follow us" is not the United States.

    >>> g = Gazetteer()
    >>> g.add(KnownEntity("kessaly", "State", "Kessaly"))
    >>> g.add(KnownEntity("ilse-varga", "Person", "Ilse Varga", ("Varga",)))
    >>> text = "Kessaly's envoy met Vargaʼs aide and the Kessalian side."
    >>> [(m.text, m.entity) for m in g.find(text)]
    [("Kessaly's", 'kessaly'), ('Vargaʼs', 'ilse-varga'), ('Kessalian', 'kessaly')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from peacekg.compiler.article_text import read_article_text

PARTY_TYPES = frozenset({"State", "InternationalOrganisation", "Coalition", "ArmedGroup"})
PLACE_TYPES = frozenset({"City", "Region", "Country", "Venue", "Place"})
ACTOR_TYPES = PARTY_TYPES | {"Person", "MediaOutlet"}

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[-'ʼ’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['ʼ’]s$", re.IGNORECASE)
_HEADS = "region|oblast|province|district|valley|county|state"
_COORDINATED = re.compile(
    rf"\b((?:[A-Z][\w-]*,\s+)*[A-Z][\w-]*)\s+and\s+([A-Z][\w-]*)\s+({_HEADS})s\b"
)


def normalize(word: str) -> str:
    """Compare form of one word: no possessive, no accents, lower case, no doubled letters.

    >>> normalize("Zelenskyyʼs"), normalize("Zelensky"), normalize("Kyiv")
    ('zelensky', 'zelensky', 'kyiv')
    """
    word = _POSSESSIVE.sub("", word)
    word = "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).casefold()
    word = word.replace("ʼ", "'").replace("’", "'").replace(".", "")
    return re.sub(r"(.)\1+", r"\1", word)


def tokens(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Words of ``text`` with their offsets (``offset`` added)."""
    return [(m.start() + offset, m.end() + offset, m.group(0)) for m in _TOKEN.finditer(text)]


def demonyms(label: str) -> list[str]:
    """Likely adjectives of a one-word name: Russia → Russian, Ukraine → Ukrainian.

    >>> demonyms("Russia"), demonyms("Ukraine"), demonyms("Arvenia")
    (['Russian', 'Russians'], ['Ukrainian', 'Ukrainians'], ['Arvenian', 'Arvenians'])
    """
    if " " in label or not label[:1].isupper():
        return []
    if label.endswith("a"):
        stem = [label + "n"]
    elif label.endswith("e") or label.endswith("y"):
        stem = [label[:-1] + "ian"]
    else:
        stem = [label + "ian", label + "i"]
    return stem + [s + "s" for s in stem]


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


@dataclass(frozen=True)
class KnownEntity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    located_in: str | None = None


@dataclass(frozen=True)
class KnownEvent:
    id: str
    type: str
    begin: date | None = None
    ordinal: int | None = None
    part_of: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class KnownStance:
    """A stance of an earlier report, for ``supersedes``: ``ref`` is ``ARTICLE-ID/STANCE-ID``."""

    ref: str
    holder: str
    issue: str
    value: str


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    broader: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str
    type: str
    via: str  # label, alias, demonym, fuzzy or coordination


@dataclass
class Gazetteer:
    entities: dict[str, KnownEntity] = field(default_factory=dict)
    events: list[KnownEvent] = field(default_factory=list)
    # person id -> organisations of the offices earlier facts give them
    offices: dict[str, list[str]] = field(default_factory=dict)
    stances: list[KnownStance] = field(default_factory=list)  # earlier reports', oldest first
    concepts: dict[str, dict[str, Concept]] = field(default_factory=dict)
    _index: dict[tuple[str, ...], list[tuple[str, str, bool]]] = field(default_factory=dict)
    _max_len: int = 1

    def add(self, entity: KnownEntity) -> None:
        """Know ``entity`` by its label, its aliases and (parties, places) its demonyms."""
        self.entities[entity.id] = entity
        names = [(entity.label, "label"), *((a, "alias") for a in entity.aliases)]
        if entity.type in PARTY_TYPES | {"Country", "Region"}:
            names += [(d, "demonym") for d in demonyms(entity.label)]
        for name, via in names:
            words = [w for _, _, w in tokens(name)]
            if words and words[0].lower() == "the" and len(words) > 1:
                words = words[1:]
            if not words:
                continue
            key = tuple(normalize(w) for w in words)
            acronym = len(words) == 1 and words[0].isupper() and len(words[0]) <= 5
            entry = (entity.id, via, acronym)
            if entry not in self._index.setdefault(key, []):
                self._index[key].append(entry)
            self._max_len = max(self._max_len, len(key))

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Mentions of known entities in ``text``, longest first, without overlaps."""
        words = tokens(text)
        found: list[Mention] = list(self._coordinated(text, offset))
        taken = {i for m in found for i in range(m.start - offset, m.end - offset)}
        i = 0
        while i < len(words):
            if words[i][0] in taken:
                i += 1
                continue
            match = self._match_at(words, i)
            if match is None:
                i += 1
                continue
            length, entity, via = match
            start, end = words[i][0], words[i + length - 1][1]
            found.append(self._mention(text, start, end, offset, entity, via))
            i += length
        return sorted(found, key=lambda m: m.start)

    def _mention(self, text: str, start: int, end: int, offset: int, eid: str, via: str) -> Mention:
        return Mention(
            start + offset, end + offset, text[start:end], eid, self.entities[eid].type, via
        )

    def _match_at(self, words: list[tuple[int, int, str]], i: int) -> tuple[int, str, str] | None:
        for length in range(min(self._max_len, len(words) - i), 0, -1):
            raw = [w for _, _, w in words[i : i + length]]
            key = tuple(normalize(w) for w in raw)
            for eid, via, acronym in self._index.get(key, []):
                bare = _POSSESSIVE.sub("", raw[0])
                if acronym and not bare.isupper():
                    continue
                if not raw[0][:1].isupper() and not re.match(
                    r"(?:al|el|bin|de|van|von)-[A-Z]", raw[0]
                ):
                    continue  # a name starts with a capital or a particle ("al-Atta")
                return length, eid, via
        raw_word = words[i][2]
        if raw_word[:1].isupper() and len(raw_word) >= 7:
            word = normalize(raw_word)
            for key, entries in self._index.items():
                if (
                    len(key) == 1
                    and len(key[0]) >= 6
                    and key[0][0] == word[0]
                    and _levenshtein_at_most_one(key[0], word)
                    and not entries[0][2]
                ):
                    return 1, entries[0][0], "fuzzy"
        return None

    def _coordinated(self, text: str, offset: int) -> Iterator[Mention]:
        for match in _COORDINATED.finditer(text):
            head = match.group(3)
            names = [n.strip() for n in match.group(1).split(",")] + [match.group(2)]
            cursor = match.start()
            for name in names:
                start = text.index(name, cursor)
                cursor = start + len(name)
                for eid, _, _ in self._index.get((normalize(name), head.lower()), [])[:1]:
                    yield self._mention(text, start, start + len(name), offset, eid, "coordination")

    def resolve(self, name: str) -> str | None:
        """The id of the entity named ``name`` (an id, a label or an alias), if one."""
        if name in self.entities:
            return name
        key = tuple(normalize(w) for _, _, w in tokens(name))
        if key and key[0] == "the" and len(key) > 1:
            key = key[1:]
        entries = [e for e in self._index.get(key, []) if e[1] != "demonym"]
        return entries[0][0] if entries else None

    def concept(self, scheme: str, name: str) -> str | None:
        """The id of the concept of ``scheme`` with that id, label or alias (ignoring case)."""
        wanted = name.strip().casefold()
        for concept in self.concepts.get(scheme, {}).values():
            if wanted in {
                concept.id,
                concept.label.casefold(),
                *map(str.casefold, concept.aliases),
            }:
                return concept.id
        return None

    def located_in(self, place: str) -> list[str]:
        """``place`` and the places that contain it, innermost first."""
        chain = [place]
        while (parent := self.entities.get(chain[-1])) and parent.located_in:
            if parent.located_in in chain or parent.located_in not in self.entities:
                break
            chain.append(parent.located_in)
        return chain


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _entities(items: Iterable[dict[str, Any]]) -> Iterator[KnownEntity]:
    for item in items:
        yield KnownEntity(
            id=item["id"],
            type=item["type"],
            label=item["label"],
            aliases=tuple(item.get("aliases") or ()),
            located_in=item.get("located_in"),
        )


def earlier_facts(facts_dirs: Iterable[Path], published: date, article_id: str) -> list[Path]:
    """Facts files of reports published before this one (same day: smaller id), oldest first."""
    found: list[tuple[date, str, Path]] = []
    for folder in facts_dirs:
        for path in sorted(folder.glob("*.facts.yaml")):
            facts = _read(path)
            header = facts.get("article") or {}
            aid = header.get("id", "")
            if aid == article_id or not header.get("text"):
                continue
            try:
                day = read_article_text(path.parent / header["text"]).published
            except Exception:
                continue
            if (day, aid) < (published, article_id):
                found.append((day, aid, path))
    return [p for _, _, p in sorted(set(found))]


def load_gazetteer(data_dir: Path, facts_files: Iterable[Path] = ()) -> Gazetteer:
    """Vocabularies and reference entities of ``data_dir``, plus what ``facts_files`` declare."""
    gazetteer = Gazetteer()
    for path in sorted((data_dir / "vocab").glob("*.yaml")):
        vocab = _read(path)
        gazetteer.concepts[vocab["scheme"]["id"]] = {
            c["id"]: Concept(c["id"], c["label"], tuple(c.get("aliases") or ()), c.get("broader"))
            for c in vocab["concepts"]
        }
    for path in sorted((data_dir / "reference").glob("*.yaml")):
        for entity in _entities(_read(path).get("entities") or []):
            gazetteer.add(entity)
    for path in facts_files:
        facts = _read(path)
        for entity in _entities(facts.get("entities") or []):
            gazetteer.add(entity)
        for event in facts.get("events") or []:
            if "id" in event:
                begin = event.get("begin")
                gazetteer.events.append(
                    KnownEvent(
                        id=event["id"],
                        type=event["type"],
                        begin=begin.date() if hasattr(begin, "date") else begin,
                        ordinal=event.get("ordinal"),
                        part_of=event.get("part_of"),
                        place=event.get("place"),
                    )
                )
        # Accounts (``ref:``) report facts already known: they declare nothing new.
        for office in facts.get("offices") or []:
            if "ref" in office:
                continue
            person = gazetteer.resolve(office["person"]) or office["person"]
            org = gazetteer.resolve(office["organization"]) or office["organization"]
            gazetteer.offices.setdefault(person, []).append(org)
        article_id = (facts.get("article") or {}).get("id", path.stem)
        for stance in facts.get("stances") or []:
            if "ref" in stance:
                continue
            gazetteer.stances.append(
                KnownStance(
                    f"{article_id}/{stance['id']}",
                    gazetteer.resolve(stance["holder"]) or stance["holder"],
                    gazetteer.concept("issue", stance["issue"]) or stance["issue"],
                    gazetteer.concept("stance-value", stance["value"]) or stance["value"],
                )
            )
    return gazetteer
