from __future__ import annotations

from peacekg.draft.sentences import Span, split_clauses, split_sentences


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = (
        'The talks began at 9 a.m. in Doha. Mr. Aliyev called them "useful." '
        "They lasted two days.\n\nThe Doha talks\n\nU.S. envoys were present."
    )
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "The talks began at 9 a.m. in Doha.",
        'Mr. Aliyev called them "useful."',
        "They lasted two days.",
        "The Doha talks",
        "U.S. envoys were present.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert [s.paragraph for s in spans] == [0, 0, 0, 1, 2]


def test_clauses_split_at_contrast_and_new_subject_but_keep_lists() -> None:
    text = (
        "The ELN agreed to a ceasefire, but Colombia rejected the amnesty, "
        "and the issue of prisoners was left open; talks continue."
    )
    clauses = split_clauses(Span(0, len(text), text))
    assert [c.text for c in clauses] == [
        "The ELN agreed to a ceasefire",
        "but Colombia rejected the amnesty",
        "and the issue of prisoners was left open",
        "talks continue.",
    ]
    listed = "It will not yield on borders, prisoners, and international funds."
    assert [c.text for c in split_clauses(Span(0, len(listed), listed))] == [listed]
