"""Issues named in a piece of text: the issue vocabulary's labels and aliases, plus general
English cues for each issue of the scheme (``size of the army`` → armed-forces-size).

When two cues overlap, the longer one wins ("withdrawal of heavy weapons" over "weapons").

    >>> g = Gazetteer()
    >>> g.concepts["issue"] = {"prisoners": Concept("prisoners", "release of prisoners",
    ...                                             ("prisoner exchange",))}
    >>> [(m.text, m.issue) for m in find_issues("to exchange all prisoners of war", g)]
    [('prisoners of war', 'prisoners')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peacekg.draft.gazetteer import Concept, Gazetteer

# General cues per issue id of data/vocab/issues.yaml (regular expressions, case-insensitive).
CUES: dict[str, list[str]] = {
    "territory": [r"territor(?:y|ies)", r"territorial (?:issue|question|dispute|claims?)", r"land"],
    "territorial-recognition": [
        r"recogni(?:[sz]|tion)\w*\s+(?:\w+\s+){0,4}?(?:of\s+)?(?:the\s+)?(?:\w+\s+)?"
        r"(?:territor\w*|annexation|sovereignty over)",
        r"recogni(?:[sz]|tion)\w* (?:\w+ ){0,3}as (?:de facto|de jure|part of)",
    ],
    "borders": [r"borders?", r"boundary", r"line of contact", r"demarcation"],
    "armed-forces-size": [
        r"(?:limit\w*|cap|ceiling|reduc\w*) (?:\w+ ){0,2}(?:the )?size of"
        r" (?:the |its |their )?(?:armed forces|army|military)",
        r"size of (?:the |its |their )?(?:armed forces|army|military)",
        r"(?:troop|army) (?:ceiling|cap|numbers|size)",
    ],
    "armed-forces": [r"armed forces", r"army", r"military reform"],
    "heavy-weapons-withdrawal": [r"heavy weapons", r"artillery"],
    "foreign-forces-withdrawal": [
        r"(?:presence of )?foreign (?:troops|forces|soldiers|mercenaries)",
        r"withdraw\w*\s+(?:of\s+)?(?:\w+\s+)?(?:troops|forces)",
        r"(?:troops|forces) (?:\w+ )?withdraw\w*",
    ],
    "security-sector": [r"disarm\w*", r"demobili[sz]\w*", r"weapons", r"arms"],
    "ceasefire": [r"cease-?fire", r"truce", r"cessation of hostilities", r"armistice"],
    "security-guarantees": [r"security guarantees?", r"guarantees? (?:of|for) (?:\w+ )?security"],
    "amnesty": [r"amnesty", r"pardons?"],
    "prisoners": [r"prisoners?(?: of war)?", r"POWs?", r"detainees", r"captives", r"hostages"],
    "missing-persons": [r"missing persons", r"the missing"],
    "children": [r"children"],
    "international-funds": [r"reconstruction fund\w*", r"international funds?"],
    "sanctions-relief": [r"sanctions"],
    "frozen-assets": [
        r"frozen assets",
        r"assets\s+(?:\w+\s+){0,3}?frozen",
        r"frozen\s+(?:\w+\s+){0,2}?assets",
    ],
    "elections": [r"elections?", r"polls", r"referend(?:um|a)"],
}


@dataclass(frozen=True)
class IssueMention:
    start: int
    end: int
    text: str
    issue: str


def _patterns(gazetteer: Gazetteer) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for concept in gazetteer.concepts.get("issue", {}).values():
        for name in (concept.label, *concept.aliases):
            words = r"\s+".join(re.escape(w) for w in name.split())
            patterns.append((concept.id, re.compile(rf"\b{words}s?\b", re.IGNORECASE)))
    known = gazetteer.concepts.get("issue")
    for issue, cues in CUES.items():
        if known is not None and issue not in known:
            continue
        for cue in cues:
            flags = 0 if cue.isupper() or "POW" in cue else re.IGNORECASE
            patterns.append((issue, re.compile(rf"\b{cue}\b", flags)))
    return patterns


def find_issues(text: str, gazetteer: Gazetteer, offset: int = 0) -> list[IssueMention]:
    """Issues in ``text``, without overlaps, the longest cue first."""
    hits = [
        (m.start(), m.end(), issue)
        for issue, pattern in _patterns(gazetteer)
        for m in pattern.finditer(text)
    ]
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    chosen: list[tuple[int, int, str]] = []
    for start, end, issue in hits:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, issue))
    return [
        IssueMention(s + offset, e + offset, text[s:e], issue) for s, e, issue in sorted(chosen)
    ]


def is_narrower(issue: str, other: str, gazetteer: Gazetteer) -> bool:
    """Whether ``issue`` lies under ``other`` in the issue scheme (broader, transitively)."""
    concepts = gazetteer.concepts.get("issue", {})
    seen: set[str] = set()
    current = concepts.get(issue)
    while current and current.broader and current.broader not in seen:
        if current.broader == other:
            return True
        seen.add(current.broader)
        current = concepts.get(current.broader)
    return False


__all__ = ["Concept", "IssueMention", "find_issues", "is_narrower"]
