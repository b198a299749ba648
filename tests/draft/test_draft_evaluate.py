"""The evaluation on a tiny hand-made gold/draft pair, with figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_harness import DATA

from peacekg.draft.evaluate import evaluate_pair, main, score

TEXT = (
    " date 2026-06-02 Delegations of Norland and Ostmark met in Vell on June 1. "
    "Norland will never give up the Serra valley, Anna Berg said. "
    "Ostmark demanded an amnesty, the Harbour Gazette wrote, citing two officials."
)

GOLD = """
article: {id: 2026-06-02-vell, text: 2026-06-02-vell.txt}
entities:
  - {id: norland, type: State, label: Norland}
  - {id: ostmark, type: State, label: Ostmark}
  - {id: vell, type: City, label: Vell}
  - {id: serra-valley, type: Region, label: Serra valley}
  - {id: anna-berg, type: Person, label: Anna Berg}
  - {id: harbour-gazette, type: MediaOutlet, label: Harbour Gazette}
sources:
  - {id: officials, label: two officials, count: 2}
events:
  - id: 2026-06-01-vell-talks
    label: Talks in Vell
    type: talks
    status: held
    begin: 2026-06-01
    place: vell
    evidence:
      - {quote: "Delegations of Norland and Ostmark met in Vell on June 1.", according_to: article}
stances:
  - id: norland-serra
    holder: norland
    issue: territory
    value: red-line
    places: [serra-valley]
    evidence:
      - quote: Norland will never give up the Serra valley
        according_to: [{agent: anna-berg, on_record: true}]
  - id: ostmark-amnesty
    holder: ostmark
    issue: amnesty
    value: demands
    evidence:
      - quote: Ostmark demanded an amnesty
        according_to: [{agent: harbour-gazette, role: outlet}, {source: officials}]
"""

# The draft: one entity under another id but the same label (counts), one missing (anna-berg),
# one extra event, one stance wrong in value, one attribution wrong in kind.
DRAFT = """
article: {id: 2026-06-02-vell, text: 2026-06-02-vell.txt}
entities:
  - {id: norland-state, type: State, label: Norland}
  - {id: ostmark, type: State, label: Ostmark}
  - {id: vell, type: City, label: Vell}
  - {id: serra, type: Region, label: Serra valley}
  - {id: harbour-gazette, type: MediaOutlet, label: Harbour Gazette}
events:
  - id: 2026-06-01-vell-meeting
    label: Meeting in Vell
    type: talks
    status: held
    begin: 2026-06-01
    place: vell
    evidence:
      - {quote: "Delegations of Norland and Ostmark met in Vell on June 1.", according_to: article}
  - {id: other, label: Other, type: meeting, status: held}
stances:
  - id: a
    holder: norland-state
    issue: territory
    value: rejects
    places: [serra]
    evidence:
      - quote: "Norland will never give up the Serra valley, Anna Berg said."
        according_to: article
  - id: b
    holder: ostmark
    issue: amnesty
    value: demands
    evidence:
      - quote: "Ostmark demanded an amnesty, the Harbour Gazette wrote, citing two officials."
        according_to: [{agent: harbour-gazette, role: outlet}, {source: officials}]
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "2026-06-02-vell.txt").write_text(TEXT, encoding="utf-8")
    gold, draft = tmp_path / "gold.facts.yaml", tmp_path / "draft" / "draft.facts.yaml"
    draft.parent.mkdir()
    (draft.parent / "2026-06-02-vell.txt").write_text(TEXT, encoding="utf-8")
    gold.write_text(GOLD, encoding="utf-8")
    draft.write_text(DRAFT, encoding="utf-8")
    return gold, draft


def test_known_figures(pair: tuple[Path, Path]) -> None:
    result = evaluate_pair(*pair, DATA)
    figures = {kind: (s.matched, s.drafted, s.gold) for kind, (s, _, _) in result.items()}
    assert figures == {
        # gold: 6 declared (anna-berg also as a chain agent); draft: 5, all of them gold
        "entities": (5, 5, 6),
        # (talks, 2026-06-01) matches; the undated meeting is extra
        "events": (1, 2, 1),
        # the red line drafted as "rejects" does not match
        "stances": (1, 2, 2),
        # sentence 0 article/article and sentence 2 unnamed/harbour-gazette match; sentence 1
        # is on-record/anna-berg in gold and article/article in the draft
        "attributions": (2, 3, 3),
    }
    entities = result["entities"][0]
    assert (entities.precision, round(entities.recall, 3), round(entities.f1, 3)) == (
        1.0,
        0.833,
        0.909,
    )


def test_scores_of_empty_sets_are_zero() -> None:
    from collections import Counter

    empty = score(Counter(), Counter())
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_report_file_states_rules_and_totals(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "eval.md"
    main(["-o", str(out), "--data", str(DATA), f"{pair[0]}={pair[1]}"])
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Draft assistant: evaluation against hand-written facts")
    assert "## How facts are matched" in report
    assert "| gold | stances | 0.50 | 0.50 | 0.50 | 1 / 2 / 2 |" in report
    assert "| **all** | **events** | 0.50 | 1.00 | 0.67 | 1 / 2 / 1 |" in report
    assert (
        "- stances: missed norland territory red-line; not in gold norland territory rejects"
        in report
    )
