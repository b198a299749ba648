"""A small synthetic corpus in the store: the competency queries have answers, and every
claim's quote is in its article's text at its offsets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from synth_helpers import ROOT, small_corpus

from peacekg.store import OxigraphStore

QUERIES = sorted((ROOT / "queries").glob("CQ*.rq"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    path = tmp_path_factory.mktemp("synth") / "corpus.nq"
    path.write_text(small_corpus().nquads, encoding="utf-8")
    with OxigraphStore(None) as opened:
        opened.load(path)
        yield opened


def test_there_are_twelve_competency_queries() -> None:
    assert len(QUERIES) == 12


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_competency_query_has_rows_on_a_synthetic_corpus(query: Path, store: OxigraphStore) -> None:
    rows = list(store.select(query.read_text(encoding="utf-8")))
    assert rows, f"{query.name} has no answer on the synthetic corpus"
    if query.stem.startswith("CQ07"):
        # CQ07 asks as of two dates with OPTIONAL: it always has two rows; one must be bound.
        assert any(row[1] is not None for row in rows), "no US stance on armed forces size"


def test_every_quote_is_in_its_article_at_its_offsets(store: OxigraphStore) -> None:
    rows = list(
        store.select(
            """
            PREFIX pk: <https://w3id.org/peacekg/ontology#>
            PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?claim ?exact ?start ?end ?text WHERE {
              ?claim a pk:Claim ; pk:inArticle ?article ; oa:hasTarget ?target .
              ?target oa:hasSource ?article ; oa:hasSelector ?q , ?p .
              ?q a oa:TextQuoteSelector ; oa:exact ?exact .
              ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
              ?article pk:text ?text .
            }
            """
        )
    )
    assert len(rows) > 100
    for claim, exact, start, end, text in rows:
        assert str(text)[int(start) : int(end)] == str(exact), claim
