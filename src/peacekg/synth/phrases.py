"""The words of the generated reports: how a stance, an issue, an outcome is put.

>>> ordinal(3), ordinal(21), ordinal(33), ordinal(12)
('third', '21st', '33rd', '12th')
"""

from __future__ import annotations

VALUES = ["red-line", "rejects", "demands", "defers", "proposes", "flexible", "supports", "agrees"]
VALUE_PHRASES = {
    "red-line": "will never make concessions on {issue}",
    "rejects": "rejects the latest proposals on {issue}",
    "demands": "demands a settlement on {issue} before anything else",
    "defers": "wants {issue} left to a later stage of the talks",
    "proposes": "has put forward its own proposal on {issue}",
    "flexible": "is ready to show flexibility on {issue}",
    "supports": "supports the mediators' draft on {issue}",
    "agrees": "has agreed to the terms on {issue}",
}
ISSUE_WORDS = {
    "territory": "the territorial question",
    "sanctions-relief": "the lifting of sanctions",
    "armed-forces-size": "limits on the size of its armed forces",
    "prisoners": "the exchange of prisoners",
    "amnesty": "an amnesty for combatants",
    "security-guarantees": "security guarantees",
    "children": "the return of deported children",
    "frozen-assets": "frozen assets",
    "ceasefire": "a ceasefire",
    "heavy-weapons-withdrawal": "the withdrawal of heavy weapons",
    "foreign-forces-withdrawal": "the withdrawal of foreign forces",
    "elections": "the timing of elections",
}
OUTCOMES = [
    "no breakthrough",
    "agreement to meet again",
    "a joint statement on humanitarian corridors",
    "progress on a prisoner exchange",
    "a draft text to be studied in capitals",
]
REASONS = ["disagreement over the agenda", "an escalation of fighting", "scheduling problems"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def ordinal(n: int) -> str:
    if n <= len(ORDINALS):
        return ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def issue_words(issue: str, labels: dict[str, str]) -> str:
    return ISSUE_WORDS.get(issue) or labels[issue].lower()
