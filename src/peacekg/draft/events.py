"""Events: talks, rounds, meetings, calls, prisoner exchanges; their status, date, time, place.

A sentence proposes an event when it names one (a type cue) and says when it was or will be,
or what became of it (a status cue: held, planned, postponed, cancelled). A sentence about
"the meeting" / "the talks" without a date of its own completes the event before it (its
start time with zone, its duration, a more precise place). A numbered round implies the
series of talks it belongs to. An event the earlier facts already hold (same type and date,
or the same numbered round) is updated by reference, not declared again.

    >>> from datetime import date
    >>> g = Gazetteer()
    >>> g.add(KnownEntity("doha", "City", "Doha"))
    >>> text = "A second round of talks was held in Doha on May 4."
    >>> e = find_events(text, 0, g, date(2026, 5, 5), [])
    >>> [(x.type, x.status, x.begin, x.place, x.ordinal) for x in e]
    [('talks', 'held', None, None, None), ('round', 'held', datetime.date(2026, 5, 4), 'doha', 2)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from peacekg.draft.dates import find_dates, find_duration, find_time, zone_for
from peacekg.draft.gazetteer import PARTY_TYPES, Gazetteer, KnownEntity, KnownEvent, Mention

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
# (event type, cue), most specific first.
TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("round", re.compile(
        r"\b(?:(?P<ord>" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th)|next|new)\s+)?round\b"
        r"(?:\s+of\s+(?:talks|negotiations))?", re.I)),
    ("prisoner-exchange", re.compile(
        r"\bprisoner (?:exchange|swap)|\bexchange of prisoners"
        r"|\bprisoners? (?:were )?(?:returned home|swapped)", re.I)),
    ("phone-call", re.compile(
        r"\b(?:phone|telephone|video) (?:call|conversation)|\bspoke by (?:phone|telephone)", re.I)),
    ("talks", re.compile(
        r"\b(?:series of talks|talks|negotiations|peace conference|summit)\b", re.I)),
    ("meeting", re.compile(r"\b(?:meeting|met)\b", re.I)),
]  # fmt: skip
STATUSES: list[tuple[str, re.Pattern[str]]] = [
    ("cancelled", re.compile(r"\b(?:cancell?ed|called off|scrapped|cancels?)\b", re.I)),
    ("postponed", re.compile(r"\b(?:postponed|delayed|put off|rescheduled|adjourned)\b", re.I)),
    ("planned", re.compile(
        r"\b(?:planned|scheduled|will (?:be held|take place|meet|hold|resume)|is to be held|"
        r"are to meet|expected to (?:meet|take place|resume))\b", re.I)),
    ("held", re.compile(
        r"\b(?:were held|was held|took place|met|began|begun|started|ended|concluded|"
        r"returned home|completed|resumed|lasted|spoke by (?:phone|telephone)|held)\b", re.I)),
]  # fmt: skip
_NEGATED = re.compile(r"\b(?:not|no|never)\s+(?:yet\s+)?$", re.I)
_DEFINITE = re.compile(
    r"^(?:The|This|That)\s+(?:meeting|talks|session|negotiations|round|call|conversation|summit)\b"
)
_OUTCOME = re.compile(
    r"^(?:No|An?|The)\s+(?:\w+\s+){0,2}(?:decisions?|agreement|deal|breakthrough|progress|"
    r"compromise|accord|results?)\s+(?:was|were|has been|have been)\s+"
    r"(?:made|reached|achieved|signed|announced)[^,;.]*"
)
_BETWEEN = re.compile(r"\b(?:between|[Dd]elegations? of)\s+(.+?)\s+and\s+(\S+(?:\s+[A-Z]\S*)?)")
_MEDIATED = re.compile(r"\b(?:mediated|brokered|hosted|facilitated) by\s+(?:the\s+)?")
_BY_ACTOR = re.compile(r"\b(?:after|because|as)\s+")


@dataclass
class EventMention:
    type: str
    status: str
    begin: date | datetime | None
    place: str | None
    ordinal: int | None
    cue: str
    confidence: float
    sentences: list[tuple[int, int]]  # the sentences that support it (article offsets)
    time_zone: str | None = None
    begin_approximation: str | None = None
    duration: str | None = None
    duration_approximation: str | None = None
    outcome: str | None = None
    ref: str | None = None  # an event the earlier facts hold
    part_of: str | None = None  # a known event, or "series" (the series proposed beside it)
    participants: list[tuple[str, str, str | None]] = field(default_factory=list)
    status_changed_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    series: bool = False  # proposed as the series a numbered round belongs to


def _most_precise_place(mentions: list[Mention], gazetteer: Gazetteer) -> str | None:
    rank = {"Venue": 0, "City": 1, "Place": 2, "Region": 3, "Country": 4}
    places = [m for m in mentions if m.type in rank and m.via != "demonym"]
    return min(places, key=lambda m: rank[m.type]).entity if places else None


def _local_zone(place: str | None, gazetteer: Gazetteer) -> str | None:
    for pid in gazetteer.located_in(place) if place else []:
        entity = gazetteer.entities.get(pid)
        if entity and (zone := zone_for(entity.label)):
            return zone
    return None


def _parties(text: str, offset: int, mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    found: list[tuple[str, str, str | None]] = []
    between = _BETWEEN.search(text)
    if between:
        for m in mentions:
            if (
                offset + between.start() <= m.start < offset + between.end()
                and m.type in PARTY_TYPES
            ):
                found.append((m.entity, m.entity, None))
    first_verb = re.search(
        r"\b(?:began|met|held|opened|started|resumed|hold|meet|signed|agreed|concluded)\b", text
    )
    if first_verb and not between:  # "Ukraine, the United States and European partners began"
        subject = text[: first_verb.start()]
        if re.fullmatch(r"[\w\s,ʼ'’-]*", subject) and " and " in subject:
            for m in mentions:
                if (
                    m.start < offset + first_verb.start()
                    and m.type in PARTY_TYPES
                    and m.via != "demonym"
                ):
                    found.append((m.entity, m.entity, None))
    mediated = _MEDIATED.search(text)
    if mediated:  # "mediated by Saudi Arabia and the United States": every party of the phrase
        stop = re.search(r"[;.]|,\s+(?!and\b)", text[mediated.end() :])
        end = mediated.end() + (stop.start() if stop else len(text))
        for m in mentions:
            if offset + mediated.end() <= m.start < offset + end and m.type in PARTY_TYPES:
                found.append((m.entity, m.entity, "mediator"))
    return list(dict.fromkeys(found))


def find_events(
    text: str,
    offset: int,
    gazetteer: Gazetteer,
    published: date,
    previous: list[EventMention],
    mentions: list[Mention] | None = None,
    reference: date | None = None,
) -> list[EventMention]:
    """Events that one sentence proposes; a sentence completing ``previous[-1]`` updates it
    in place and returns nothing new. ``reference`` is the date the text spoke of last (for
    "two days later")."""
    mentions = gazetteer.find(text, offset) if mentions is None else mentions
    span = (offset, offset + len(text))
    dates = find_dates(text, published, reference)
    day = dates[0].value if dates else None
    place = _most_precise_place(mentions, gazetteer)
    if day is None and previous and _DEFINITE.match(text):
        _complete(previous[-1], text, offset, gazetteer, place, span)
        return []
    outcome = _OUTCOME.match(text)
    if (
        outcome
        and previous
        and previous[-1].outcome is None
        and offset - previous[-1].sentences[-1][1] <= 2
    ):
        # "No specific decisions were made" right after the event: what came of it
        previous[-1].outcome = outcome.group(0).strip()
        previous[-1].sentences.append(span)
        previous[-1].notes.append(f"outcome {outcome.group(0).strip()!r}")
        return []
    typed = [(t, m) for t, p in TYPES for m in p.finditer(text)]
    if not typed:
        return []
    etype, tmatch = typed[0]
    status_hits = [(s, m) for s, p in STATUSES for m in p.finditer(text)]
    if any(_NEGATED.search(text[: m.start()]) for _, m in status_hits):
        return []
    if day is None and not status_hits:
        return []
    status = status_hits[0][0] if status_hits else None
    cue = f"{tmatch.group(0)!r}"
    if status_hits:
        cue += f" + {status_hits[0][1].group(0)!r}"
    if status is None:
        status = "held" if day and day <= published else "planned"
        cue += f" + date {'before' if status == 'held' else 'after'} publication → {status}"
    if status == "held" and day and day > published:
        event_note = "held after the publication date: check the date"
    else:
        event_note = ""
    ordinal_word = (tmatch.groupdict().get("ord") or "").lower()
    ordinal = ORDINALS.get(ordinal_word) or (
        int(ordinal_word[:-2]) if ordinal_word[:-2].isdigit() else None
    )
    event = EventMention(etype, status, day, place, ordinal, cue, 0.7 if day else 0.55, [span])
    event.participants = _parties(text, offset, mentions)
    if event_note:
        event.notes.append(event_note)
        event.confidence = 0.4
    if status in {"cancelled", "postponed"}:
        verb = status_hits[0][1]
        by = _BY_ACTOR.search(text, verb.end())
        if by:  # "postponed after Kessaly recalled its delegation": the actor of the reason
            stop = re.search(r"[,;.]", text[by.end() :])
            window = (by.end(), by.end() + (stop.start() if stop else len(text)))
        else:  # "Witkoff and Kushner canceled a meeting"
            window = (0, verb.start())
        event.status_changed_by = [
            m.entity for m in mentions
            if offset + window[0] <= m.start < offset + window[1]
            and (m.type in PARTY_TYPES or m.type == "Person") and m.via != "demonym"
        ]  # fmt: skip
    _complete(event, text, offset, gazetteer, None, span)
    known = _known(event, gazetteer)
    results: list[EventMention] = []
    if known:
        event.ref = known.id
    elif etype == "round" and ordinal:
        series = [
            k
            for k in gazetteer.events
            if k.type == "talks"
            and any(r.part_of == k.id for r in gazetteer.events if r.type == "round")
            and _near_in_time(k, event, gazetteer)
        ]
        proposed = [p for p in previous if p.series]
        if series:
            event.part_of = series[-1].id
        elif proposed:
            event.part_of = "series"
        else:
            event.part_of = "series"
            results.append(EventMention(
                "talks", "held", None, None, None,
                f"{tmatch.group(0)!r}: a numbered round belongs to a series of talks", 0.5, [span],
                participants=list(event.participants), series=True,
            ))  # fmt: skip
            event.participants = []
    results.append(event)
    return results


def _near_in_time(series: KnownEvent, event: EventMention, gazetteer: Gazetteer) -> bool:
    """Whether a round dated ``event.begin`` may belong to the known ``series``: the series or
    one of its rounds is dated within a month of it, or either is undated (a numbered round of
    another process, months away, is not its next round)."""
    day = event.begin.date() if isinstance(event.begin, datetime) else event.begin
    dates = [
        k.begin
        for k in (series, *(r for r in gazetteer.events if r.part_of == series.id))
        if k.begin is not None
    ]
    return day is None or not dates or any(abs((d - day).days) <= 31 for d in dates)


def _known(event: EventMention, gazetteer: Gazetteer) -> KnownEvent | None:
    day = event.begin.date() if isinstance(event.begin, datetime) else event.begin
    for known in gazetteer.events:
        if known.type != event.type:
            continue
        if day and known.begin == day:
            return known
        if day and known.begin and known.begin != day:
            continue  # a round of the same number on another day is another series' round
        if event.ordinal and known.ordinal == event.ordinal and event.type == "round":
            return known
    return None


def _complete(
    event: EventMention,
    text: str,
    offset: int,
    gazetteer: Gazetteer,
    place: str | None,
    span: tuple[int, int],
) -> None:
    """Add what a sentence says of ``event``: a more precise place, a start time, a duration."""
    if span not in event.sentences:
        event.sentences.append(span)
    if place and (event.place is None or event.place in gazetteer.located_in(place)[1:]):
        event.place = place
    day = event.begin.date() if isinstance(event.begin, datetime) else event.begin
    if day is not None and not isinstance(event.begin, datetime):
        time = find_time(text, day, _local_zone(event.place, gazetteer))
        if time:
            event.begin = time.value
            event.time_zone = time.zone
            event.begin_approximation = time.approximation
            event.notes.append(f"time {time.text.strip()!r}")
    duration = find_duration(text)
    if duration and event.duration is None and re.search(r"\b(?:lasted|for|took)\b", text):
        event.duration = duration.iso
        event.duration_approximation = duration.approximation
        event.notes.append(f"duration {duration.text.strip()!r}")


__all__ = ["EventMention", "KnownEntity", "find_events", "replace"]
