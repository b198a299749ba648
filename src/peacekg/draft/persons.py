"""Persons and their titles: "Deputy Foreign Minister Serhiy Kyslytsia", "its deputy prime
minister, Oren Malik", "Northern League envoy Ada Lindqvist".

A capitalised name of two or three words that the gazetteer does not know is a new person when
a title stands before it (or after it, set off by a comma) or when it speaks ("said", "told").
The title's head word gives the role (through the role vocabulary); the organisation is the
party or outlet named in the title, a possessive before it ("Kessaly's", "its"), or a party
the earlier facts give the person an office in.

    >>> g = Gazetteer()
    >>> g.concepts["role"] = {"minister": Concept("minister", "minister", ("foreign minister",))}
    >>> g.add(KnownEntity("arvenia", "State", "Arvenia"))
    >>> [(p.name, p.title, p.role, p.organization) for p in
    ...  find_persons("Arvenian Foreign Minister Ilse Varga arrived.", 0, g)]
    [('Ilse Varga', 'Arvenian Foreign Minister', 'minister', 'arvenia')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peacekg.draft.gazetteer import (
    PARTY_TYPES,
    Concept,
    Gazetteer,
    KnownEntity,
    Mention,
)
from peacekg.draft.metonyms import SEATS, party_of_place

# Heads of titles beyond the role vocabulary's labels and aliases.
TITLE_HEADS = {
    "president": "head-of-state", "leader": "head-of-state", "king": "head-of-state",
    "chancellor": "head-of-government", "premier": "head-of-government",
    "minister": "minister", "secretary": "minister", "envoy": "special-envoy",
    "ambassador": "special-envoy", "negotiator": "negotiator", "aide": "aide",
    "adviser": "aide", "advisor": "aide", "spokesperson": "aide", "spokesman": "aide",
    "spokeswoman": "aide", "interpreter": "interpreter", "mediator": "mediator",
    "observer": "observer", "correspondent": "correspondent", "journalist": "correspondent",
    "reporter": "correspondent", "representative": "delegate", "delegate": "delegate",
    "commander": "delegate", "general": "delegate", "gen": "delegate", "colonel": "delegate",
    "col": "delegate", "admiral": "delegate", "brigadier": "delegate", "major": "delegate",
    "head": "delegation-head",
}  # fmt: skip
MODIFIERS = {
    "deputy", "vice", "acting", "former", "chief", "special", "senior", "foreign", "defence",
    "defense", "prime", "first", "interior", "presidential", "lead", "top", "head", "his", "lt",
    "her", "its", "their", "of", "the", "state", "general", "security", "national", "un",
}  # fmt: skip
_STOP = {
    "The", "A", "An", "This", "That", "These", "After", "Before", "But", "And", "According",
    "In", "On", "At", "For", "No", "He", "She", "It", "They", "We", "Two", "One", "As", "If",
    "While", "When", "Delegations", "President", "Presidents", "Minister", "Deputy", "Foreign",
}  # fmt: skip
# Words that make a capitalised sequence an institution, not a person.
_INSTITUTIONS = {
    "Ministry", "Ministries", "Office", "Council", "Army", "Forces", "Government", "Committee",
    "Front", "League", "Union", "Department", "Agency", "Party", "Court", "Assembly",
    "Parliament", "Senate", "News", "Post", "Times", "Service", "Movement", "Nations", "House",
    "Kremlin", "Republic", "Federation", "Organisation", "Organization", "Commission",
}  # fmt: skip
_PARTICLE = r"(?:(?:al|el|ad|as|bin|ibn|de|van|von|da|di|du|le|la|dos|del)[-\s])?"
_NAME = re.compile(
    rf"\b([A-Z][^\W\d_]+(?:['ʼ’-][^\W\d_]+)*(?:\s+{_PARTICLE}[A-Z][^\W\d_]+(?:['ʼ’-][^\W\d_]+)*)+)"
)
_SPEAKS = re.compile(r"^(?:['ʼ’]s)?,?\s+(?:said|says|told|added|stated|noted|wrote|who)\b")
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Sheikh|Sir)\.?\s+$")
_POSSESSORS = {"his", "her", "its", "their"}


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    name: str
    entity: str | None  # the known person, or None for a new one
    title: str | None
    title_start: int | None
    role: str | None
    organization: str | None


def _role_of(title: str, gazetteer: Gazetteer) -> str | None:
    words = [w for w in re.findall(r"[\w-]+", title.lower()) if w]
    if " in " in f" {title.lower()} ":
        words = words[: words.index("in")]
    for start in range(len(words)):  # the longest tail that is a role's label or alias
        role = gazetteer.concept("role", " ".join(words[start:]))
        if role:
            return role
    if not words:
        return None
    head = words[-1]
    if head not in TITLE_HEADS and head.endswith("s"):  # "Presidents Zelensky and Trump"
        head = head[:-1]
        role = gazetteer.concept("role", " ".join([*words[:-1], head]))
        if role:
            return role
    return TITLE_HEADS.get(head)


def _title_before(
    text: str, name_start: int, gazetteer: Gazetteer, mentions: list[Mention]
) -> tuple[int, str] | None:
    """The title ending right before the name (or before ", " + name), with its start."""
    left = text[:name_start].rstrip()
    left = left[:-1].rstrip() if left.endswith(",") else left
    words = list(re.finditer(r"[\w'ʼ’-]+", left))
    if len(words) > 2 and words[-2].group(0) == "in" and words[-1].group(0)[:1].isupper():
        words = words[:-2]  # "correspondent in Washington": the place belongs to the title
    if not words:
        return None
    head = words[-1].group(0).lower()
    if head not in TITLE_HEADS and not gazetteer.concept("role", head):
        return None
    start = words[-1].start()
    for word in reversed(words[:-1]):
        token = word.group(0)
        gap = left[word.end() : start]
        if gap.strip(" ") not in ("", "."):  # punctuation ends the title ("Lt. Gen." does not)
            break
        covered = any(m.start <= word.start() < m.end for m in mentions)
        if (
            token.lower() in MODIFIERS
            or token.lower() in TITLE_HEADS
            or covered
            or (token[:1].isupper() and token not in _STOP and token.lower() not in {"and"})
        ):
            if token.lower() in {"the", "of"} and not covered:
                break
            start = word.start()
        else:
            break
    title = left[start:].strip()
    while " " in title and (
        title.split(" ")[0].lower() in _POSSESSORS | {"the"} or re.match(r"[^\s]+['ʼ’]s\s", title)
    ):  # "its deputy prime minister", "Kessaly's deputy prime minister": the post only
        cut = title.index(" ") + 1
        start += cut
        title = title[cut:]
    return start, title


def _organization(
    text: str, title_start: int, title_end: int, gazetteer: Gazetteer, mentions: list[Mention]
) -> str | None:
    inside = [m for m in mentions if title_start <= m.start < title_end]
    for m in inside:  # a party or an outlet named in the title: "Northern League envoy"
        if m.type in PARTY_TYPES or m.type == "MediaOutlet":
            return m.entity
    for m in inside:  # a seat of government: "Kremlin leader"
        party = party_of_place(m.text, gazetteer)
        if party:
            return party
    title = text[title_start:title_end]
    for seat in SEATS:  # one the gazetteer does not know as a place: "White House envoy"
        if re.search(rf"\b{re.escape(seat)}\b", title, re.IGNORECASE):
            party = party_of_place(seat, gazetteer)
            if party:
                return party
    before = [m for m in mentions if m.end <= title_start and m.type in PARTY_TYPES]
    possessive = re.search(r"(?:['ʼ’]s|\b(?:its|his|her|their))\s*$", text[:title_start])
    if possessive and before:
        return before[-1].entity
    if possessive and possessive.group(0).strip().lower() in {"his", "her"}:
        persons = [m for m in mentions if m.end <= title_start and m.type == "Person"]
        if persons and gazetteer.offices.get(persons[-1].entity):
            return gazetteer.offices[persons[-1].entity][0]
    return None


def find_persons(
    text: str, offset: int, gazetteer: Gazetteer, mentions: list[Mention] | None = None
) -> list[PersonMention]:
    """Persons in one sentence (``text`` starting at ``offset`` in the article)."""
    mentions = gazetteer.find(text) if mentions is None else mentions
    local = (
        [
            Mention(m.start - offset, m.end - offset, m.text, m.entity, m.type, m.via)
            for m in mentions
        ]
        if offset
        else mentions
    )
    found: list[PersonMention] = []
    taken: set[int] = set()
    candidates: list[tuple[int, int, str | None]] = [
        (m.start, m.end, m.entity) for m in local if m.type == "Person"
    ]
    for match in _NAME.finditer(text):
        words = list(re.finditer(r"\S+", match.group(1)))
        while words and (
            words[0].group(0) in _STOP
            or words[0].group(0).lower() in {*TITLE_HEADS, *MODIFIERS}
            or gazetteer.concept("role", words[0].group(0).lower())
            or any(m.start <= match.start(1) + words[0].start() < m.end for m in local)
        ):  # "Arvenian President Marek Solberg": the demonym and the title go
            words = words[1:]
        if (
            not 2 <= len(words) <= 3
            or any(
                w.group(0) in _INSTITUTIONS or re.search(r"['ʼ’]s$", w.group(0)) for w in words[:-1]
            )
            or words[-1].group(0).rstrip("'’ʼs") in _INSTITUTIONS
        ):
            continue
        start = match.start(1) + words[0].start()
        end = match.start(1) + words[-1].end()
        if any(m.start < end and start < m.end for m in local):
            continue
        candidates.append((start, end, None))
    for start, end, entity in sorted(candidates):
        if start in taken:
            continue
        name = text[start:end]
        titled = _title_before(text, start, gazetteer, local)
        speaks = bool(_SPEAKS.match(text[end:])) or bool(_HONORIFIC.search(text[:start]))
        if entity is None and titled is None and not speaks:
            continue
        taken.add(start)
        title = titled[1] if titled else None
        title_start = titled[0] if titled else None
        role = _role_of(title, gazetteer) if title else None
        org = None
        if titled:
            org = _organization(text, titled[0], titled[0] + len(titled[1]), gazetteer, local)
        after = re.match(r"\s+of\s+(?:the\s+)?", text[end:])
        if org is None and titled and after:  # "Commander Tomas Vega of the SLF"
            parties = [m for m in local if m.start == end + after.end() and m.type in PARTY_TYPES]
            org = parties[0].entity if parties else None
        if org is None and entity and gazetteer.offices.get(entity):
            org = gazetteer.offices[entity][0]
        found.append(
            PersonMention(
                start + offset,
                end + offset,
                name,
                entity,
                title,
                None if title_start is None else title_start + offset,
                role,
                org,
            )
        )
    return found


def person_entity(mention: PersonMention, entity_id: str) -> KnownEntity:
    """The entity to declare for a new person, known by full name and surname."""
    surname = mention.name.split()[-1]
    return KnownEntity(entity_id, "Person", mention.name, (surname,))


__all__ = ["Concept", "PersonMention", "find_persons", "person_entity"]
