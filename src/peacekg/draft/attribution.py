"""Who says so: attribution cues and the chain from the article to the primary source.

Cues: reporting verbs ("said", "told", "reported", "wrote", "writes", "announced"),
"according to", and "citing" for the source an outlet or journalist relies on. The speaker is
the actor named next to the cue (before "X said", after ", writes X" and "According to X");
"he"/"she" is the last person named, "the newspaper" the last outlet; an unnamed source
("a Russian source", "two officials familiar with the talks") becomes one of the article's
``sources``. A sentence without a cue is in the article's own voice, except a sentence that
continues reported speech ("But ...", "However, ...") right after a reported one.

    >>> g = Gazetteer()
    >>> g.add(KnownEntity("nbc", "MediaOutlet", "NBC"))
    >>> g.add(KnownEntity("russia", "State", "Russia"))
    >>> text = "NBC, citing a Russian source, reported that the talks failed."
    >>> a = find_attribution(text, 0, g.find(text), [], Context())
    >>> [(s.agent, s.source.label if s.source else None, s.role) for s in a.steps], a.cue
    ([('nbc', None, 'outlet'), (None, 'a Russian source', None)], 'citing ... reported')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peacekg.draft.gazetteer import PARTY_TYPES, Gazetteer, KnownEntity, Mention
from peacekg.draft.persons import PersonMention

_VERBS = (
    r"said|says|say|told|tells|reported|reports|wrote|writes|stated|states|announced|announces|"
    r"claimed|claims|noted|added|confirmed|confirms|declared|insisted|stressed|explained|"
    r"quoted|believes|believed"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_CITING = re.compile(r"\bciting\s+")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 0}
_ANONYMOUS = re.compile(
    r"\b(?:(?P<det>an?|one|two|three|four|five|six|several|some|\d+)\s+)?"
    r"(?P<mods>(?:(?:senior|unnamed|anonymous|high-ranking|western|diplomatic|government|"
    r"military|[A-Z][\w-]*)\s+){0,2})"
    r"(?P<head>sources?|officials?|diplomats?|insiders?|people|persons)\b"
    r"(?P<tail>\s+(?:familiar with|close to|involved in|briefed on)\s+(?:the\s+)?[\w-]+)?"
)
_PRONOUN = re.compile(r"\b(?P<p>he|she|He|She)\s*$")
_OUTLET_ANAPHOR = re.compile(
    r"\bthe\s+(?:newspaper|paper|outlet|agency|broadcaster|channel|daily|publication|website)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(
    r"^(?:But|However|Also|Moreover|At the same time|In addition|Meanwhile|Still|Yet)\b"
)


@dataclass(frozen=True)
class Source:
    """An unnamed source the article cites."""

    label: str
    affiliation: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class Step:
    agent: str | None = None
    source: Source | None = None
    role: str | None = None
    on_record: bool = False


@dataclass(frozen=True)
class Attribution:
    steps: tuple[Step, ...]  # empty: the article's own voice
    cue: str
    confidence: float
    speaker: str | None = None  # the primary source, when it is a known actor


@dataclass
class Context:
    """What earlier sentences said, for pronouns and continuations."""

    last_person: str | None = None
    last_outlet: str | None = None
    last: Attribution | None = None
    last_paragraph: int = -1
    persons: dict[str, PersonMention] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)  # for "the diplomats said"


ARTICLE = Attribution((), "no attribution cue: the article's own voice", 0.6)


def _anonymous(
    text: str, mentions: list[Mention], offset: int, context: Context | None = None
) -> Source | None:
    match = _ANONYMOUS.search(text)
    if match is None:
        return None
    before = text[: match.start()].rstrip().lower()
    if context is not None and (before.endswith("the") or before.endswith("these")):
        head = match.group("head").rstrip("s")  # "the diplomats": the diplomats named before
        for source in reversed(context.sources):
            if head in source.label:
                return source
    det = (match.group("det") or "").lower()
    count = int(det) if det.isdigit() else _NUMBER_WORDS.get(det)
    start, end = match.start() + offset, match.end() + offset
    parties = [m for m in mentions if start <= m.start < end and m.type in PARTY_TYPES]
    return Source(
        match.group(0).strip(),
        parties[0].entity if parties else None,
        count if count and count > 1 else None,
    )


def _actor(
    mentions: list[Mention], start: int, end: int, nearest_last: bool, gazetteer: Gazetteer
) -> Mention | None:
    inside = [
        m
        for m in mentions
        if start <= m.start
        and m.end <= end
        and (m.type in PARTY_TYPES or m.type in {"Person", "MediaOutlet"})
        and m.via != "demonym"
    ]
    if not inside:
        return None
    persons = [m for m in inside if m.type == "Person"]
    if not nearest_last and persons:
        return persons[0]
    return inside[-1] if nearest_last else inside[0]


def _steps_for(actor: Mention, inner: Step | None, context: Context, verb: str) -> tuple[Step, ...]:
    steps: list[Step] = []
    person = context.persons.get(actor.entity)
    if actor.type == "MediaOutlet":
        steps.append(Step(agent=actor.entity, role="outlet" if inner else None))
    elif (
        actor.type == "Person" and person and person.role == "correspondent" and person.organization
    ):
        steps.append(Step(agent=person.organization, role="outlet"))
        steps.append(Step(agent=actor.entity, role="journalist" if inner else None))
    else:
        steps.append(
            Step(agent=actor.entity, role="intermediary" if inner else None, on_record=not inner)
        )
    if inner:
        steps.append(inner)
    return tuple(steps)


def find_attribution(
    text: str,
    offset: int,
    mentions: list[Mention],
    persons: list[PersonMention],
    context: Context,
    paragraph: int = 0,
    gazetteer: Gazetteer | None = None,
) -> Attribution:
    """The attribution of one sentence (``text`` at ``offset`` in the article)."""
    gazetteer = gazetteer or Gazetteer()
    for person in persons:
        if person.entity:
            context.persons[person.entity] = person
    inner: Step | None = None
    citing = _CITING.search(text)
    citing_end = len(text)
    if citing:
        rest = text[citing.end() :]
        stop = re.search(r",|\breported\b|\bsaid\b|\bwrote\b|\.$", rest)
        citing_end = citing.end() + (stop.start() if stop else len(rest))
        cited = text[citing.end() : citing_end]
        actor = _actor(mentions, offset + citing.end(), offset + citing_end, False, gazetteer)
        source = _anonymous(cited, mentions, offset + citing.end(), context)
        if source:
            inner = Step(source=source)
        elif actor:
            inner = Step(agent=actor.entity, on_record=actor.type == "Person")
    result: Attribution | None = None
    according = _ACCORDING.search(text)
    if according:
        end = text.find(",", according.end())
        end = len(text) if end < 0 else end
        actor = _actor(mentions, offset + according.end(), offset + end, False, gazetteer)
        if actor:
            result = Attribution(
                _steps_for(actor, inner, context, "according to"),
                "according to" + (", citing" if inner else ""),
                0.8,
                actor.entity,
            )
        else:
            source = _anonymous(
                text[according.end() : end], mentions, offset + according.end(), context
            )
            if source:
                result = Attribution((Step(source=source),), "according to", 0.7)
    if result is None:
        for verb in _VERB.finditer(text):
            if citing and citing.start() <= verb.start() < citing_end:
                continue
            result = _speaker_of(text, offset, verb, mentions, inner, citing, context, gazetteer)
            if result:
                break
    if result is None and (
        context.last
        and context.last.steps
        and context.last_paragraph == paragraph
        and _CONTINUES.match(text)
    ):
        last = context.last
        result = Attribution(
            last.steps, f"continues the reported speech ({last.cue})", 0.5, last.speaker
        )
    result = _told_outlet(text, offset, mentions, result)
    for step in result.steps if result else ():
        if step.source and step.source not in context.sources:
            context.sources.append(step.source)
    context.last = result or ARTICLE
    context.last_paragraph = paragraph
    people = [m for m in mentions if m.type == "Person"]
    if people:
        context.last_person = people[-1].entity
    outlets = [m for m in mentions if m.type == "MediaOutlet"]
    if outlets:
        context.last_outlet = outlets[-1].entity
    return result or ARTICLE


def _speaker_of(
    text: str,
    offset: int,
    verb: re.Match[str],
    mentions: list[Mention],
    inner: Step | None,
    citing: re.Match[str] | None,
    context: Context,
    gazetteer: Gazetteer,
) -> Attribution | None:
    word = verb.group(0)
    cue = f"{'citing ... ' if inner else ''}{word}"
    before = text[: verb.start()]
    inverted = re.search(r",\s*$", before) is not None and not (
        citing and citing.start() < verb.start()
    )
    if inverted and re.match(r"\s+(?:that\b|on\b|in\b)", text[verb.end() :]):
        inverted = False
    if inverted:  # "..., writes Kyiv Post correspondent Alex Rafoglu" / "..., the newspaper wrote"
        end = citing.start() if citing and citing.start() > verb.end() else len(text)
        actor = _actor(mentions, offset + verb.end(), offset + end, False, gazetteer)
        tail = text[actor.end - offset : end] if actor else ""
        if actor and re.fullmatch(r"[\s,.;]*", tail):
            return Attribution(_steps_for(actor, inner, context, word), cue, 0.8, actor.entity)
    # the speaker just before the verb: "Malik said", "the newspaper wrote", "he said"
    window_start = max(0, verb.start() - 120)
    window_end = citing.start() if citing and citing.start() < verb.start() else verb.start()
    segment = text[window_start:window_end]
    if _OUTLET_ANAPHOR.search(segment[-40:]) and context.last_outlet:
        outlet = gazetteer.entities.get(context.last_outlet)
        last = context.last
        if outlet and last and last.steps and last.steps[0].agent == outlet.id and not inner:
            # "the newspaper wrote" after "According to X, citing Y": the same chain
            return Attribution(
                last.steps, cue + f" (the outlet named before, {last.cue})", 0.6, last.speaker
            )
        if outlet:
            actor = Mention(0, 0, outlet.label, outlet.id, outlet.type, "anaphor")
            return Attribution(
                _steps_for(actor, inner, context, word),
                cue + " (the outlet named before)",
                0.6,
                outlet.id,
            )
    pronoun = _PRONOUN.search(text[:window_end].rstrip(", "))
    if pronoun and context.last_person:
        person = gazetteer.entities.get(context.last_person)
        if person:
            actor = Mention(0, 0, person.label, person.id, "Person", "anaphor")
            return Attribution(
                _steps_for(actor, inner, context, word),
                cue + " (he/she: the person named before)",
                0.5,
                person.id,
            )
    actor = _actor(mentions, offset + window_start, offset + window_end, True, gazetteer)
    if actor and actor.type != "Person" and _close_to_verb(text, actor.end - offset, window_end):
        # "Commander Tomas Vega of the SLF said": Vega speaks
        of = re.search(r"\s+of\s+(?:the\s+)?$", text[: actor.start - offset])
        persons = [
            m for m in mentions if m.type == "Person" and of and m.end - offset == of.start()
        ]
        if persons:
            return Attribution(
                _steps_for(persons[0], inner, context, word), cue, 0.75, persons[0].entity
            )
    if (
        actor
        and actor.type == "Person"
        and re.search(r",\s*$", text[: actor.start - offset])
        and re.fullmatch(r",\s*", text[actor.end - offset : window_end])
    ):  # "Norvia's chief negotiator, Elena Ruiz, told": a speaker set off by commas
        return Attribution(_steps_for(actor, inner, context, word), cue, 0.75, actor.entity)
    if actor and (
        _close_to_verb(text, actor.end - offset, window_end)
        or (citing and re.fullmatch(r",\s*", text[actor.end - offset : window_end]))
    ):
        return Attribution(_steps_for(actor, inner, context, word), cue, 0.8, actor.entity)
    source = _anonymous(segment[-60:], mentions, offset + window_end - len(segment[-60:]), context)
    if source and re.search(
        r"(?:sources?|officials?|diplomats?|insiders?|people|persons)\W*$|talks\W*$", segment
    ):
        return Attribution((Step(source=source),), cue, 0.6)
    return None


_TOLD = re.compile(r"\b(?:told|tells)\s+(?:the\s+)?")


def _told_outlet(
    text: str, offset: int, mentions: list[Mention], result: Attribution | None
) -> Attribution | None:
    """ "X told Reuters": the outlet comes first in the chain, X is its source."""
    told = _TOLD.search(text)
    if result is None or not result.steps or told is None:
        return result
    outlet = [m for m in mentions if m.start == offset + told.end() and m.type == "MediaOutlet"]
    if not outlet or result.steps[0].agent == outlet[0].entity:
        return result
    first = Step(agent=outlet[0].entity, role="outlet")
    return Attribution(
        (first, *result.steps), f"{result.cue} {outlet[0].text}", result.confidence, result.speaker
    )


def _close_to_verb(text: str, actor_end: int, verb_start: int) -> bool:
    """The actor is the verb's subject: only an adverb, a relative clause or a title between."""
    between = text[actor_end:verb_start]
    if re.fullmatch(r"['ʼ’]s\s+(?:[\w-]+\s+){1,3}", between) or (
        re.search(r"['ʼ’]s$", text[:actor_end]) and re.fullmatch(r"\s+(?:[\w-]+\s+){1,3}", between)
    ):
        return True  # "Sudan's Foreign Ministry said": the state speaks
    if re.fullmatch(r"['ʼ’]?s?\s*(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+)?", between):
        return True
    if re.fullmatch(r",\s+(?:who|which)\b[^,]*,\s*", between):
        return True
    # "X called the decision a step back and said ...": a first verb phrase, then "and"
    return bool(re.fullmatch(r"\s+\w+(?:ed|s)\b[^.;,]{0,80}\band\s+", between))


__all__ = ["ARTICLE", "Attribution", "Context", "KnownEntity", "Source", "Step", "find_attribution"]
