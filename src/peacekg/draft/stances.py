"""Stance cues mapped to stance values, with holder, issue(s), places and condition.

A cue ("will not make concessions", "ready to discuss", "agreed not to", "rejected",
"demanded", "insisted on", "will never give up") fires in a clause; the holder is the actor
just before it (a seat of government stands for its state, "his country" for the speaker's
party, "the sides" for the parties of the talks); every issue named after it is one stance
("concessions on three issues: A, B and C" gives three); places named with an issue go with
it (a region alone means territory); an "if ..." or "in exchange for ..." phrase is the
condition. "the demand", "the proposal", "such a ..." take the issue of the stance before.

    >>> g = Gazetteer()
    >>> g.concepts["issue"] = {"ceasefire": Concept("ceasefire", "ceasefire")}
    >>> g.add(KnownEntity("tesh", "State", "Tesh"))
    >>> [(s.holder, s.issue, s.value, s.condition) for s in find_stances(
    ...     "Tesh is ready to discuss a ceasefire if the shelling stops.", 0, g, StanceContext())]
    [('tesh', 'ceasefire', 'flexible', 'if the shelling stops')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peacekg.draft.gazetteer import (
    PARTY_TYPES,
    PLACE_TYPES,
    Concept,
    Gazetteer,
    KnownEntity,
    Mention,
)
from peacekg.draft.issues import find_issues
from peacekg.draft.metonyms import party_of_place
from peacekg.draft.sentences import Span, split_clauses

# (value, cue, confidence): general English, most specific first. The stance-value vocabulary's
# labels and aliases are cues too (see _cues).
CUES: list[tuple[str, str, float]] = [
    (
        "red-line",
        r"(?:will|would|shall|can)(?: not|not|n't| never) (?:make|offer|accept)"
        r" (?:any )?concessions?",
        0.85,
    ),
    (
        "red-line",
        r"(?:will|would|shall) never"
        r" (?:give up|cede|surrender|concede|abandon|accept|recogni[sz]e)",
        0.85,
    ),
    ("red-line", r"(?:will|would) not (?:give up|cede|surrender|concede|abandon)", 0.8),
    ("red-line", r"refus\w+ to (?:cede|give up|concede|make (?:any )?concessions)", 0.8),
    ("red-line", r"(?:a |its |their )?red lines?|non-negotiable|not up for negotiation", 0.7),
    (
        "flexible",
        r"ready to be flexible"
        r"|(?:ready|willing|prepared) to (?:discuss|negotiate|consider|compromise|talk)",
        0.8,
    ),
    ("flexible", r"open to (?:talks|discussing|discussion|negotiations?|compromise)", 0.75),
    ("flexible", r"(?:could|would|might|may) (?:accept|agree to|consider)|willing to accept", 0.65),
    ("agrees", r"agreed not to|agreed (?:to|on|that)|agree(?:s|d)? to", 0.8),
    ("agrees", r"accepted|accepts|signed off on|consented to", 0.7),
    (
        "rejects",
        r"no longer (?:considers?|deems?|sees?)\b"
        r"(?=(?:\W+\w+){0,14}?\W+(?:possible|acceptable|feasible))",
        0.75,
    ),
    (
        "rejects",
        r"rejected|rejects|rejecting|ruled out|rules out|turned down|dismissed"
        r"|refused|refuses|opposes|opposed",
        0.75,
    ),
    (
        "demands",
        r"demanded|demands|demanding|insisted on|insists on|insisting on"
        r"|called for|calls for|is seeking|sought",
        0.75,
    ),
    (
        "defers",
        r"(?:put|taken|left) \W?out of the brackets|left to (?:the )?(?:presidents|leaders)"
        r"|to be discussed by|deferred",
        0.6,
    ),
    ("proposes", r"proposed|proposes|offered|offers|suggested|put forward", 0.6),
    ("supports", r"supports|supported|backs|backed|welcomed|welcomes|endorsed|endorses", 0.6),
]
# What a negated cue means ("will not agree to" rejects); cues not listed give no stance.
NEGATED_AS = {"agrees": "rejects", "supports": "rejects", "flexible": "rejects"}
_NEGATED = re.compile(r"\b(?:not|never|no longer|n't)\s+(?:\w+\s+)?$")
_CONDITION = re.compile(
    r"\b(?:if|provided that|on condition that|in exchange for|in return for|as long as|unless"
    r"|until)\b"
    r"[^,;.]*"
)
_ISSUE_ANAPHOR = re.compile(
    r"\b(?:the|this|that|such an?)\s+(?:demand|proposal|offer|plan|idea|request|withdrawal"
    r"|exchange|issue|step|condition)\b|\bit\b",
    re.IGNORECASE,
)
_OWN_PARTY = re.compile(
    r"\b(?:(?:his|her|its|their|our) (?:country|government|side|state|party|delegation)"
    r"|the (?:government|group|movement|organi[sz]ation|rebels|authorities)|[Ww]e)\b"
)
_THE_SIDES = re.compile(r"\b(?:the|both) (?:sides|parties|delegations)\b", re.IGNORECASE)
_PARTY_NOUNS = re.compile(
    r"^\s+(?:side|delegation|government|authorities|leadership|negotiators|team|officials)\b"
)
_REGION_ANAPHOR = re.compile(
    r"\bthe (valley|region|oblast|province|district|peninsula|enclave|territory)\b"
)


@dataclass(frozen=True)
class StanceMention:
    holder: str
    issue: str
    value: str
    places: tuple[str, ...]
    condition: str | None
    condition_issue: str | None
    cue: str
    confidence: float
    clause: Span


@dataclass
class StanceContext:
    """What the stances of earlier sentences left for anaphora."""

    parties: list[str] = field(default_factory=list)  # the parties of the talks ("the sides")
    last: StanceMention | None = None
    regions: list[str] = field(default_factory=list)
    speaker_party: str | None = None
    speaker: str | None = None  # the primary source of the sentence, when a known actor


def _cues(gazetteer: Gazetteer) -> list[tuple[str, re.Pattern[str], float]]:
    cues = [(value, re.compile(rf"\b(?:{cue})\b"), conf) for value, cue, conf in CUES]
    for concept in gazetteer.concepts.get("stance-value", {}).values():
        for name in (concept.label, *concept.aliases):
            if len(name) > 8 and "possible" not in name:
                words = r"\s+".join(re.escape(w) for w in name.split())
                cues.append((concept.id, re.compile(rf"\b{words}\b", re.IGNORECASE), 0.7))
    return cues


def _holder(
    clause: str,
    cue_start: int,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    context: StanceContext,
) -> tuple[list[str], str]:
    before = clause[:cue_start]
    if _THE_SIDES.search(before[-40:]) and context.parties:
        return list(context.parties), "the sides"
    own = _OWN_PARTY.search(before[-40:])
    if own and (context.speaker_party or context.speaker):
        # "his country", "we": the speaker's party, else the speaker
        return [context.speaker_party or context.speaker or ""], own.group(0)
    candidates = []
    for m in mentions:
        if m.end > cue_start:
            continue
        if m.type in PARTY_TYPES:
            if m.via == "demonym" and not _PARTY_NOUNS.match(clause[m.end :]):
                continue
            candidates.append((m, m.entity))
        elif m.type == "Person":
            offices = gazetteer.offices.get(m.entity, [])
            parties = [
                o
                for o in offices
                if gazetteer.entities.get(o, KnownEntity("", "", "")).type in PARTY_TYPES
            ]
            candidates.append((m, parties[0] if parties else m.entity))
        elif m.type in PLACE_TYPES:
            party = party_of_place(m.text, gazetteer)
            if (
                party
                and re.match(r"^(?:the\s+)?\S+\s*$", clause[max(0, m.start - 4) : m.end])
                is not None
            ) or party:
                candidates.append((m, party))
    if not candidates:
        return [], ""
    # the subject is the actor nearest the cue, with those coordinated with it ("A and B agreed")
    mention, holder = candidates[-1]
    holders, first = [holder], mention
    for earlier, party in reversed(candidates[:-1]):
        if not re.fullmatch(r"\s*(?:,|,?\s+and)\s+(?:the\s+)?", clause[earlier.end : first.start]):
            break
        holders.insert(0, party)
        first = earlier
    return list(dict.fromkeys(holders)), clause[first.start : mention.end]


def find_stances(
    text: str,
    offset: int,
    gazetteer: Gazetteer,
    context: StanceContext,
    mentions: list[Mention] | None = None,
    paragraph: int = 0,
) -> list[StanceMention]:
    """Stances of one sentence (``text`` at ``offset`` in the article)."""
    mentions = gazetteer.find(text, offset) if mentions is None else mentions
    for m in mentions:
        if m.type == "Region":
            context.regions.append(m.entity)
    found: list[StanceMention] = []
    sentence = Span(offset, offset + len(text), text, paragraph)
    cues = _cues(gazetteer)
    for clause in split_clauses(sentence):
        local = [
            Mention(m.start - clause.start, m.end - clause.start, m.text, m.entity, m.type, m.via)
            for m in mentions
            if clause.start <= m.start < clause.end
        ]
        hits: list[tuple[str, re.Match[str], float]] = []
        for value, pattern, confidence in cues:
            for match in pattern.finditer(clause.text):
                if any(h[1].start() <= match.start() < h[1].end() for h in hits):
                    continue
                hits.append((value, match, confidence))
        for value, match, confidence in sorted(hits, key=lambda h: h[1].start())[:1]:
            if value != "red-line" and _NEGATED.search(clause.text[: match.start()]):
                # "will not agree to", "is not ready to discuss": a refusal; "did not reject",
                # "has not demanded": no stance to propose
                if value not in NEGATED_AS:
                    continue
                value, confidence, negated = NEGATED_AS[value], confidence - 0.15, True
            else:
                negated = False
            holders, holder_text = _holder(clause.text, match.start(), local, gazetteer, context)
            if not holders:
                continue
            found.extend(
                _stances_after(
                    clause,
                    match,
                    value,
                    confidence,
                    holders,
                    holder_text,
                    local,
                    gazetteer,
                    context,
                    negated,
                )
            )
    if found:
        context.last = found[-1]
    return found


def _stances_after(
    clause: Span,
    match: re.Match[str],
    value: str,
    confidence: float,
    holders: list[str],
    holder_text: str,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    context: StanceContext,
    negated: bool = False,
) -> list[StanceMention]:
    scope_start = match.end()
    scope = clause.text[scope_start:]
    condition = _CONDITION.search(scope)
    condition_text = condition.group(0).strip() if condition else None
    condition_issue = None
    if condition:
        cond_issues = find_issues(condition.group(0), gazetteer)
        condition_issue = cond_issues[0].issue if cond_issues else None
        scope = scope[: condition.start()]
    issues = find_issues(scope, gazetteer, scope_start)
    # the object and what is coordinated with it ("on A, B and C"), not issues that merely
    # modify it ("a ceasefire along the border")
    for n in range(1, len(issues)):
        between = clause.text[issues[n - 1].end : issues[n].start]
        if not re.search(r"[,;:]|\b(?:and|or|as well as)\b", between):
            issues = issues[:n]
            break
    places = [
        m
        for m in mentions
        if m.start >= scope_start
        and m.start < scope_start + len(scope)
        and m.type in {"Region", "Country"}
    ]
    for region in _REGION_ANAPHOR.finditer(scope):
        earlier = [
            r
            for r in reversed(context.regions)
            if region.group(1) in gazetteer.entities[r].label.lower()
        ]
        if earlier:
            start = scope_start + region.start()
            places.append(
                Mention(
                    start,
                    start + len(region.group(0)),
                    region.group(0),
                    earlier[0],
                    "Region",
                    "anaphor",
                )
            )
    items: list[tuple[str, tuple[str, ...]]] = []
    for n, mention in enumerate(issues):
        next_start = issues[n + 1].start if n + 1 < len(issues) else scope_start + len(scope)
        own = tuple(
            dict.fromkeys(
                p.entity
                for p in places
                if mention.start <= p.start < next_start or (n == 0 and p.start < mention.start)
            )
        )
        items.append((mention.issue, own))
    unplaced = [p for p in places if not issues or p.start < issues[0].start]
    if not issues and places:
        items.append(("territory", tuple(dict.fromkeys(p.entity for p in unplaced))))
    cue = f"{'negated ' if negated else ''}{match.group(0)!r} → {value}"
    if not items and context.last and _ISSUE_ANAPHOR.search(scope):
        items.append((context.last.issue, context.last.places))
        cue += f" (issue of the stance before: {context.last.issue})"
        confidence -= 0.15
    seen: set[tuple[str, tuple[str, ...]]] = set()
    result = []
    for issue, issue_places in items:
        if (issue, issue_places) in seen:
            continue
        seen.add((issue, issue_places))
        for holder in holders:
            result.append(
                StanceMention(
                    holder, issue, value, issue_places, condition_text, condition_issue,
                    f"{cue}; holder {holder_text!r}", round(confidence, 2), clause,
                )
            )  # fmt: skip
    return result


__all__ = ["Concept", "StanceContext", "StanceMention", "find_stances"]
