"""Each kind of broken facts file is refused with a message naming the file, the place and the
problem, and the store's content is exactly what it was (sorted N-Quads, before and after).

The store holds data/ and both synthetic articles; the broken file is the second article, so
a refusal must also leave its earlier, good version in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_harness import POSTPONED, ROUND3, article, fresh_store, nquads, settings_for
from typer.testing import CliRunner

from peacekg.cli import app
from peacekg.ingest import ingest_article


def _drop_evidence_of(text: str, stance: str) -> str:
    start = text.index(f"  - id: {stance}\n")
    evidence = text.index("    evidence:\n", start)
    return text[:evidence]  # the stance is the last fact of the file


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return fresh_store(tmp_path)


# name -> (how to break the second article's facts, words the message must hold)
BREAKAGES: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "syntax error": (
        _replace("  - id: solberg-president\n", "  - id: [solberg-president\n"),
        ["line 59, column 11", "YAML syntax error", "expected ',' or ']'"],
    ),
    "unknown entity": (
        _replace("    holder: arvenia\n", "    holder: arvenja\n"),
        [
            "stance 'arvenia-prisoner-exchange-open'",
            "unknown holder 'arvenja'; did you mean 'arvenia'?",
        ],
    ),
    "quote not in the text": (
        _replace(
            "quote: said Arvenia remains open to talks",
            "quote: said Arvenia stays open to talks",
        ),
        [
            "stance 'arvenia-prisoner-exchange-open'",
            'the quote "said Arvenia stays open to talks on the prisoner exchange" is not in '
            'the article text; the nearest passage is "said Arvenia remains open to talks on '
            'the prisoner exchange"',
        ],
    ),
    "impossible date": (
        _replace("    valid_from: 2026-04-02\n", "    valid_from: 2026-04-31\n"),
        ["line 73, column 5", "stance 'kessaly-heavy-weapons-withdrawal-ruled-out'", "day value"],
    ),
    "stance without a source": (
        lambda t: _drop_evidence_of(t, "arvenia-prisoner-exchange-open"),
        [
            "arvenia-prisoner-exchange-open>",
            "A stance must be supported by at least one claim",
            "does not conform to the ontology's shapes; the store was not changed",
        ],
    ),
    "an event as a stance holder": (
        _replace("    holder: arvenia\n", "    holder: 2026-04-02-port-alder-round-4\n"),
        [
            "line 82, column 5",
            "holder '2026-04-02-port-alder-round-4' is an event, but holder must be an actor",
        ],
    ),
    "an entity the store already holds, declared again": (
        _replace(
            "entities:\n",
            "entities:\n  - {id: kessaly, type: State, label: Kessaly}\n",
        ),
        ["entity 'kessaly'", "the id 'kessaly' is declared twice"],
    ),
    "a superseded stance that does not exist": (
        _replace("kessaly-heavy-weapons-offer]", "kessaly-heavy-weapon-offer]"),
        ["unknown supersedes", "did you mean '2026-03-14-port-alder-round-3/kessaly-heavy-"],
    ),
}


@pytest.fixture
def loaded(store: Path) -> Path:
    for name in (ROUND3, POSTPONED):
        text, facts = article(name)
        ingest_article(text, facts, settings_for(store))
    return store


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.replace(" ", "-"))
def test_broken_facts_are_refused_and_the_store_is_unchanged(
    breakage: str, loaded: Path, tmp_path: Path
) -> None:
    text, facts = article(POSTPONED)
    edit, expected = BREAKAGES[breakage]
    original = facts.read_text(encoding="utf-8")
    broken = tmp_path / facts.name
    broken.write_text(edit(original), encoding="utf-8")
    (tmp_path / text.name).write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    before = nquads(loaded)

    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path / text.name), str(broken), "--store", str(loaded)]
    )

    assert result.exit_code == 1, result.output
    message = re.sub(r"\s+", " ", result.stderr)
    assert str(broken) in message
    for words in expected:
        assert words in message, message
    assert nquads(loaded) == before


def test_a_text_other_than_the_one_the_facts_name_is_refused(loaded: Path) -> None:
    _, facts = article(POSTPONED)
    other, _ = article(ROUND3)
    before = nquads(loaded)
    result = CliRunner().invoke(app, ["ingest", str(other), str(facts), "--store", str(loaded)])
    assert result.exit_code == 1
    assert "the facts are about '2026-04-03-round-4-postponed.txt'" in result.stderr
    assert nquads(loaded) == before


def test_ingesting_into_a_missing_store_says_to_build_first(tmp_path: Path) -> None:
    text, facts = article(ROUND3)
    result = CliRunner().invoke(
        app, ["ingest", str(text), str(facts), "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    assert "There is no store at" in result.stderr and "peacekg build" in result.stderr
    assert not (tmp_path / "none").exists()
