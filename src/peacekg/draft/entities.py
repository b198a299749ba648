"""New parties, places and outlets that a report introduces, found by the words around them.

A capitalised name the gazetteer does not know becomes a proposed entity when its context says
what it is: "the city of Port Alder" (City), "the Dremmen valley" (Region), "the Northern
League" (InternationalOrganisation), "According to the Daily Ledger" (MediaOutlet),
"Delegations of Arvenia and Kessaly", "X was represented by", "X sent its" (State).

    >>> g = Gazetteer()
    >>> [(e.label, e.type) for e in discover_entities(
    ...     "Delegations of Varonia and Tesh met in the city of Lake Orn. "
    ...     "According to the Evening Courier, the Varonian side rejected it.", g)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Varonia', 'State'), ('Tesh', 'State'), ('Lake Orn', 'City'),
     ('Evening Courier', 'MediaOutlet')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from peacekg.draft.gazetteer import PARTY_TYPES, Gazetteer, KnownEntity

_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}"
_ORG_HEADS = (
    "League|Union|Council|Alliance|Organisation|Organization|Commission|Community|Mission|"
    "Nations|Forum|Bloc|Coalition|Group|Committee"
)
_ARMED_HEADS = "Forces|Army|Militia|Brigades?|Front|Movement"
_OUTLET_HEADS = (
    "News|Post|Times|Ledger|Herald|Gazette|Journal|Tribune|Daily|Press|Agency|Radio|TV|"
    "Telegraph|Guardian|Observer|Review|Monitor|Chronicle|Express|Mirror|Standard|Wire|Courier|"
    "Inquirer|Dispatch|Bulletin|Broadcasting|Television"
)
_REGION_HEADS = (
    "valley|region|oblast|province|district|enclave|peninsula|corridor|strip|county|plateau|basin"
)
_NOT_NAMES = {
    "The", "A", "An", "This", "That", "After", "Before", "But", "And", "According", "In", "On",
    "At", "For", "No", "He", "She", "It", "They", "We", "Both", "As", "If", "When", "While",
    "Delegations", "Delegation", "President", "Minister", "Talks", "Armed", "Forces",
    "Representatives", "Mediators", "Envoys", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
# Outlets that peace-process reports cite by bare name (no head word like "News" or "Times").
WIRE_SERVICES = (
    "Reuters", "AFP", "Agence France-Presse", "Associated Press", "AP", "BBC", "CNN", "TASS",
    "RIA Novosti", "Interfax", "Ukrinform", "Xinhua", "Anadolu", "DPA", "Bloomberg", "Axios",
    "Politico", "Al Jazeera", "Al Arabiya", "Sky News", "Deutsche Welle", "Euronews",
)  # fmt: skip
_EVENT_WORDS = r"talks|met|meet|meeting|round|session|summit|negotiations|held|scheduled|planned"

_PATTERNS: list[tuple[str, re.Pattern[str], tuple[int, ...]]] = [
    ("City", re.compile(rf"\bthe (?:city|town|port|village|capital) of ({_NAME})"), (1,)),
    (
        "Region",
        re.compile(rf"\b(?:the\s+)?((?:[A-Z][\w'-]*\s+){{1,2}}(?:{_REGION_HEADS}))s?\b"),
        (1,),
    ),
    (
        "InternationalOrganisation",
        re.compile(rf"\b((?:[A-Z][\w'-]*\s+){{1,3}}(?:{_ORG_HEADS}))\b"),
        (1,),
    ),
    (
        "ArmedGroup",
        re.compile(rf"\b((?:[A-Z][\w'’ʼ-]*\s+){{1,3}}(?:{_ARMED_HEADS}))\b(?!\s+of\s+[A-Z])"),
        (1,),
    ),
    ("MediaOutlet", re.compile(rf"\b((?:[A-Z][\w'-]*\s+){{0,3}}(?:{_OUTLET_HEADS}))\b"), (1,)),
    ("MediaOutlet", re.compile(r"\b(" + "|".join(map(re.escape, WIRE_SERVICES)) + r")\b"), (1,)),
    (
        "State",
        re.compile(
            rf"\b(?:[Dd]elegations? of|[Rr]epresentatives of|[Ee]nvoys of|between)\s+(?:the\s+)?"
            rf"({_NAME})\s+and\s+(?:the\s+)?({_NAME})\b"
        ),
        (1, 2),
    ),
    (
        "State",
        re.compile(
            rf"\b(?:mediated|brokered|hosted|facilitated) by (?:the\s+)?({_NAME})"
            rf"(?:,?\s+and\s+(?:the\s+)?({_NAME}))?"
        ),
        (1, 2),
    ),
    (
        "State",
        re.compile(
            rf"\b({_NAME})['ʼ’]s\s+(?:[\w-]+\s+){{0,2}}(?:[Mm]inist(?:ry|er)|government|army|"
            r"[Pp]resident|[Pp]rime [Mm]inister|delegation|negotiators?|envoy)\b"
        ),
        (1,),
    ),
    ("State", re.compile(rf"\b({_NAME}) (?:was|were|is|will be) represented by\b"), (1,)),
    ("State", re.compile(rf"\b({_NAME}) sent (?:its|their|a|an)\b"), (1,)),
    ("State", re.compile(rf"\b[Tt]he government of ({_NAME})"), (1,)),
    # a place the report does not type: "talks in Jeddah", "a round ... in Lake Orn"
    ("Place", re.compile(rf"\b(?:{_EVENT_WORDS})\b[^.;]{{0,60}}?\bin\s+({_NAME})"), (1,)),
]


@dataclass(frozen=True)
class NewEntity:
    label: str
    type: str
    start: int  # first place found in the text
    cue: str
    aliases: tuple[str, ...] = ()


def initials(label: str) -> str:
    """The acronym of a name: ``Rapid Support Forces`` → ``RSF``."""
    words = [w for w in re.findall(r"[\w'’ʼ-]+", label) if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _clean(name: str) -> str:
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    return " ".join(words)


def discover_entities(text: str, gazetteer: Gazetteer) -> list[NewEntity]:
    """Entities of ``text`` the gazetteer does not know, typed by the words around them."""
    found: dict[str, NewEntity] = {}
    for kind, pattern, groups in _PATTERNS:
        for match in pattern.finditer(text):
            for group in groups:
                if match.group(group) is None:
                    continue
                label = _clean(match.group(group))
                if not label or not label[0].isupper() or label.lower() in found:
                    continue
                known = gazetteer.find(label)
                if gazetteer.resolve(label) or any(
                    m.start == 0 and m.end == len(label) and m.type != "Person" for m in known
                ):
                    continue
                if kind == "ArmedGroup" and any(
                    m.start == 0 and m.type in PARTY_TYPES and m.via == "demonym" for m in known
                ):
                    continue  # "Russian Armed Forces": a state's army, not an armed group
                if kind == "Region" and len(label.split()) > 2:
                    label = " ".join(label.split()[-2:])
                found[label.lower()] = NewEntity(label, kind, match.start(group), match.group(0))
    # an acronym of a name found too is that name: "the Rapid Support Forces" ... "the RSF"
    by_initials = {initials(e.label): e for e in found.values() if initials(e.label)}
    for key, entity in list(found.items()):
        full = by_initials.get(entity.label)
        if full and full is not entity:
            del found[key]
    for acronym, entity in by_initials.items():
        if re.search(rf"\b{re.escape(acronym)}\b", text) and entity.label.lower() in found:
            found[entity.label.lower()] = NewEntity(
                entity.label, entity.type, entity.start, entity.cue, (acronym,)
            )
    return sorted(found.values(), key=lambda e: e.start)


def slug(label: str) -> str:
    """An id for a label: ``Dremmen valley`` → ``dremmen-valley``, ``Zürich`` → ``zurich``."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-") or "entity"


def as_known(entity: NewEntity, entity_id: str) -> KnownEntity:
    """The gazetteer entry of a proposed entity (a region also by its bare name)."""
    aliases: tuple[str, ...] = entity.aliases
    if entity.type == "Region" and " " in entity.label:
        aliases += (entity.label.rsplit(" ", 1)[0],)
    return KnownEntity(entity_id, entity.type, entity.label, aliases)
