"""From an article text to a draft: run the finders sentence by sentence and collect facts.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "2026-05-05-doha.txt").write_text(
...     " date 2026-05-05 Talks were held in Doha on May 4.", encoding="utf-8")
>>> d = draft_article(folder / "2026-05-05-doha.txt", pathlib.Path("data"))
>>> d.article_id, d.published.isoformat(), [(e.fact["type"], e.fact["begin"]) for e in d.events]
('2026-05-05-doha', '2026-05-05', [('talks', datetime.date(2026, 5, 4))])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from peacekg.compiler.article_text import read_article_text
from peacekg.draft.attribution import ARTICLE, Attribution, Context, find_attribution
from peacekg.draft.dates import find_dates
from peacekg.draft.entities import as_known, discover_entities, slug
from peacekg.draft.events import EventMention, find_events
from peacekg.draft.gazetteer import PARTY_TYPES, Gazetteer, Mention, earlier_facts, load_gazetteer
from peacekg.draft.persons import PersonMention, find_persons, person_entity
from peacekg.draft.sentences import Span, split_sentences
from peacekg.draft.stances import StanceContext, find_stances


@dataclass
class Claim:
    quote: str
    occurrence: int | None
    attribution: Attribution


@dataclass
class Proposed:
    """One proposed fact: its keys in the facts format, its claims, and why it was proposed."""

    fact: dict[str, Any]
    claims: list[Claim]
    cue: str
    confidence: float


@dataclass
class Draft:
    article_id: str
    text_path: Path
    published: date
    entities: list[Proposed] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    events: list[Proposed] = field(default_factory=list)
    offices: list[Proposed] = field(default_factory=list)
    mandates: list[Proposed] = field(default_factory=list)
    stances: list[Proposed] = field(default_factory=list)
    mentioned: dict[str, int] = field(default_factory=dict)  # known entity id -> mentions
    source_ids: dict[str, str] = field(default_factory=dict)  # unnamed source label -> id
    gazetteer: Gazetteer = field(default_factory=Gazetteer)


# A date that says when a statement was made: "said on April 2", "On Tuesday, ..."
_STATED_ON = re.compile(
    r"(?:\b(?:said|says|told(?:\s+\w+)?|stated|announced|declared|added|wrote)\s+|^)$"
)


class _Ids:
    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def new(self, base: str) -> str:
        base = slug(base)[:60].strip("-") or "fact"
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


def _claim(text: str, sentence: Span, attribution: Attribution) -> Claim:
    count = text.count(sentence.text)
    occurrence = None
    if count > 1:
        occurrence = text[: sentence.start].count(sentence.text) + 1
    return Claim(sentence.text, occurrence, attribution)


def draft_article(article: Path, data_dir: Path, facts_dirs: list[Path] | None = None) -> Draft:
    """Draft the facts of ``article`` with what ``data_dir`` (and the facts files of earlier
    reports in ``facts_dirs``, by default ``data_dir/articles`` and the article's folder) know."""
    text_file = read_article_text(article)
    text, published = text_file.text, text_file.published
    article_id = slug(article.name.removesuffix(".txt"))
    folders = facts_dirs if facts_dirs is not None else [data_dir / "articles", article.parent]
    gazetteer = load_gazetteer(data_dir, earlier_facts(folders, published, article_id))
    draft = Draft(article_id, article, published, gazetteer=gazetteer)
    ids = _Ids(set(gazetteer.entities) | {e.id for e in gazetteer.events})

    for new in discover_entities(text, gazetteer):
        known = as_known(new, ids.new(new.label))
        gazetteer.add(known)
        entry: dict[str, Any] = {"id": known.id, "type": new.type, "label": new.label}
        if known.aliases:
            entry["aliases"] = list(known.aliases)
        draft.entities.append(Proposed(entry, [], f"new {new.type}: {new.cue!r}", 0.6))
    sentences = split_sentences(text)
    for sentence in sentences:  # new persons first, so that later sentences know them
        for person in find_persons(
            sentence.text, sentence.start, gazetteer, gazetteer.find(sentence.text, sentence.start)
        ):
            if person.entity is None and gazetteer.resolve(person.name) is None:
                pid = ids.new(person.name)
                gazetteer.add(person_entity(person, pid))
                fact: dict[str, Any] = {
                    "id": pid,
                    "type": "Person",
                    "label": person.name,
                    "aliases": [person.name.split()[-1]],
                }
                if person.title:
                    fact["description"] = f"{person.title} (the article's title for them)"
                cue = (
                    f"new person titled {person.title!r}"
                    if person.title
                    else "new person who speaks"
                )
                draft.entities.append(Proposed(fact, [], cue, 0.75 if person.title else 0.55))

    context, stance_context = Context(), StanceContext()
    events: list[EventMention] = []
    reference: date | None = None  # the date the text spoke of last ("two days later")
    attributions: dict[tuple[int, int], Attribution] = {}
    source_ids = draft.source_ids
    for sentence in sentences:
        mentions = gazetteer.find(sentence.text, sentence.start)
        for m in mentions:
            if not any(m.entity == e.fact["id"] for e in draft.entities):
                draft.mentioned[m.entity] = draft.mentioned.get(m.entity, 0) + 1
        persons = find_persons(sentence.text, sentence.start, gazetteer, mentions)
        for person in persons:
            seen_id = person.entity or gazetteer.resolve(person.name)
            offices = gazetteer.offices.setdefault(seen_id, []) if seen_id else []
            if person.organization and person.organization not in offices:
                offices.append(person.organization)
        attribution = find_attribution(
            sentence.text, sentence.start, mentions, persons, context, sentence.paragraph, gazetteer
        )
        attribution = _with_source_ids(attribution, draft, source_ids, ids)
        attributions[(sentence.start, sentence.end)] = attribution
        stance_context.speaker_party = _party_of(attribution.speaker, gazetteer)
        stance_context.speaker = attribution.speaker
        primary = attribution.steps[-1] if attribution.steps else None
        if primary and primary.source and primary.source.affiliation:
            stance_context.speaker_party = primary.source.affiliation  # "a Norvian official"
        titles = [(p.title_start, p.end) for p in persons if p.title_start is not None]
        in_titles = [m for m in mentions if not any(a <= m.start < b for a, b in titles)]
        new_events = find_events(
            sentence.text, sentence.start, gazetteer, published, events, in_titles, reference
        )
        said = [d for d in find_dates(sentence.text, published, reference) if d.value <= published]
        reference = said[-1].value if said else reference  # what happened, not what is planned
        events.extend(new_events)
        for event in new_events:
            parties = [p for p, _, role in event.participants if role is None]
            if len(parties) >= 2 and not stance_context.parties:
                stance_context.parties = parties
        for stance in find_stances(
            sentence.text, sentence.start, gazetteer, stance_context, mentions, sentence.paragraph
        ):
            fact = {"id": ids.new(f"{stance.holder}-{stance.issue}"), "holder": stance.holder,
                    "issue": stance.issue, "value": stance.value}  # fmt: skip
            if stance.places:
                fact["places"] = list(stance.places)
            if stance.condition:
                fact["condition"] = stance.condition
            if stance.condition_issue:
                fact["condition_issue"] = stance.condition_issue
            cue = stance.cue
            said = [
                d
                for d in find_dates(sentence.text, published, reference)
                if d.value <= published and _STATED_ON.search(sentence.text[: d.start])
            ]
            if said:  # "said on April 2", "On April 2, X said": the stance holds from then
                fact["valid_from"] = said[0].value
                cue += f"; valid from {said[0].text!r}"
            earlier = [
                k for k in gazetteer.stances if (k.holder, k.issue) == (stance.holder, stance.issue)
            ]
            if earlier and earlier[-1].value != stance.value:
                fact["supersedes"] = [earlier[-1].ref]
                cue += f"; changes the earlier {earlier[-1].value} stance {earlier[-1].ref}"
            draft.stances.append(
                Proposed(fact, [_claim(text, sentence, attribution)], cue, stance.confidence)
            )
        _offices_and_mandates(draft, sentence, persons, mentions, ids, text)

    _events(draft, events, attributions, ids, text, sentences)
    return draft


def _party_of(actor: str | None, gazetteer: Gazetteer) -> str | None:
    if actor is None:
        return None
    entity = gazetteer.entities.get(actor)
    if entity and entity.type in PARTY_TYPES:
        return actor
    for org in gazetteer.offices.get(actor, []):
        if gazetteer.entities.get(org) and gazetteer.entities[org].type in PARTY_TYPES:
            return org
    return None


def _with_source_ids(
    attribution: Attribution, draft: Draft, source_ids: dict[str, str], ids: _Ids
) -> Attribution:
    for step in attribution.steps:
        if step.source and step.source.label not in source_ids:
            agents = [s.agent for s in attribution.steps if s.agent]
            sid = ids.new(f"{agents[0] + '-' if agents else ''}{step.source.label}")
            source_ids[step.source.label] = sid
            entry: dict[str, Any] = {"id": sid, "label": step.source.label}
            if step.source.affiliation:
                entry["affiliation"] = step.source.affiliation
            if step.source.count:
                entry["count"] = step.source.count
            draft.sources.append(entry)
    return attribution


_REPRESENTED = re.compile(r"\b(?:was|were|is|are) represented by\b|\bsent (?:its|their)\b")


_SENT_ROLES = {"delegate", "negotiator", "special-envoy", "mediator", "observer", "interpreter"}


def _sent_by(
    person: PersonMention, sentence: Span, mentions: list[Mention]
) -> tuple[str, str] | None:
    """The party of "X was represented by T N, T N and T N" / "X sent its T, N", and its cue."""
    if re.search(r"['ʼ’]s$", person.name):
        return None  # "Trumpʼs son-in-law Jared Kushner": the possessor is not the one sent
    represented = list(_REPRESENTED.finditer(sentence.text))
    rel = person.start - sentence.start
    before = [c for c in represented if c.end() <= rel]
    if not before:
        return None
    cue = before[-1]
    parties = [
        m for m in mentions if m.end - sentence.start <= cue.start() and m.type in PARTY_TYPES
    ]
    return (parties[-1].entity, f"{cue.group(0)!r} {parties[-1].text!r}") if parties else None


def _offices_and_mandates(
    draft: Draft,
    sentence: Span,
    persons: list[PersonMention],
    mentions: list[Mention],
    ids: _Ids,
    text: str,
) -> None:
    """An office for a title with its organisation; a mandate for a person a party sent."""
    gazetteer = draft.gazetteer
    for person in persons:
        pid = person.entity or gazetteer.resolve(person.name)
        if pid is None:
            continue
        sent = _sent_by(person, sentence, mentions)
        organization, cue = person.organization, f"title {person.title!r} before the name"
        if organization is None and sent and person.role not in _SENT_ROLES:
            # "Norland was represented by Foreign Minister Anna Berg": Norland's minister
            organization, cue = sent[0], f"title {person.title!r}; {sent[1]}"
        key = (pid, organization)
        if (
            person.title
            and organization
            and person.role
            and not any((o.fact["person"], o.fact["organization"]) == key for o in draft.offices)
        ):
            fact = {
                "id": ids.new(f"{pid}-{person.role}"),
                "person": pid,
                "organization": organization,
                "role": person.role,
                "title": person.title,
            }
            draft.offices.append(Proposed(fact, [_claim(text, sentence, ARTICLE)], cue, 0.7))
        if sent is None or any(
            (m.fact["person"], m.fact["party"]) == (pid, sent[0]) for m in draft.mandates
        ):
            continue
        fact = {
            "id": ids.new(f"{pid}-for-{sent[0]}"),
            "person": pid,
            "party": sent[0],
            "role": person.role or "delegate",
        }
        if person.title:
            fact["title"] = person.title
        draft.mandates.append(Proposed(fact, [_claim(text, sentence, ARTICLE)], sent[1], 0.7))


def _event_id(event: EventMention, gazetteer: Gazetteer, article_id: str) -> str:
    day = event.begin.date() if isinstance(event.begin, datetime) else event.begin
    if day is None:  # "arvenia-kessaly-talks", "steve-witkoff-jared-kushner-meeting"
        actors = [a for a, _, role in event.participants if role is None] or event.status_changed_by
        if actors:
            return "-".join([*actors[:2], event.type])
        return f"{article_id}-series" if event.series else f"{article_id}-{event.type}"
    places = gazetteer.located_in(event.place) if event.place else []
    cities = [p for p in places if gazetteer.entities[p].type == "City"]
    where = cities[0] if cities else (places[0] if places else "")
    parts = [day.isoformat() if day else "", where, event.type]
    return "-".join(p for p in parts if p)


def _events(
    draft: Draft,
    events: list[EventMention],
    attributions: dict[tuple[int, int], Attribution],
    ids: _Ids,
    text: str,
    sentences: list[Span],
) -> None:
    gazetteer = draft.gazetteer
    by_span = {(s.start, s.end): s for s in sentences}
    series_id: str | None = None
    for event in events:
        claims = [_claim(text, by_span[span], attributions[span]) for span in event.sentences]
        cue = f"{event.cue}" + (f"; {', '.join(event.notes)}" if event.notes else "")
        if event.ref:
            fact: dict[str, Any] = {"ref": event.ref, "status": event.status}
            if event.status_changed_by:
                fact["status_changed_by"] = event.status_changed_by
            if event.outcome:
                fact["outcome"] = event.outcome
            draft.events.append(
                Proposed(
                    fact, claims, f"{cue}; the earlier facts hold this event", event.confidence
                )
            )
            continue
        eid = ids.new(_event_id(event, gazetteer, draft.article_id))
        where = gazetteer.located_in(event.place) if event.place else []
        cities = [p for p in where if gazetteer.entities[p].type in {"City", "Region", "Country"}]
        place_label = gazetteer.entities[cities[0] if cities else where[0]].label if where else None
        label = event.type.replace("-", " ").capitalize()
        label += f" in {place_label}" if place_label else ""
        label += f", {event.begin.day} {event.begin:%B %Y}" if event.begin else ""
        fact = {"id": eid, "label": label, "type": event.type, "status": event.status}
        if event.begin is not None:
            fact["begin"] = event.begin
        for key in (
            "time_zone",
            "begin_approximation",
            "duration",
            "duration_approximation",
            "place",
            "outcome",
        ):
            if getattr(event, key):
                fact[key] = getattr(event, key)
        if event.part_of == "series":
            fact["part_of"] = series_id
        elif event.part_of:
            fact["part_of"] = event.part_of
        if event.ordinal:
            fact["ordinal"] = event.ordinal
        if event.status_changed_by:
            fact["status_changed_by"] = event.status_changed_by
        if event.participants:
            fact["participants"] = [
                {"agent": a, "side": s, **({"role": r} if r else {})}
                for a, s, r in event.participants
            ]
        if event.type == "talks" and event.begin is None:
            series_id = eid
        draft.events.append(Proposed(fact, claims, cue, event.confidence))
