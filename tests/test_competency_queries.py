"""Every competency question (queries/CQnn-*.rq) against its expected answer (CQnn-*.csv).

The store is built from data/ exactly as ``peacekg build`` builds it; rows are compared as
multisets of strings (IRIs, literal values, "" for unbound), so the order of rows never matters.
Each runs on the built store, and on a remote SPARQL server (the session's Oxigraph server)
loaded with the same quads.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from oxigraph_server import OXIGRAPH_SERVER
from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.store import OxigraphStore, RdfFormat, Store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("CQ*.rq"))


def _expected_rows(path: Path) -> tuple[list[str], Counter[tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, Counter(tuple(row) for row in rows)


@pytest.fixture(scope="module", params=["oxigraph-disk", "remote-oxigraph-server"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    settings = Settings(
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        store_path=tmp_path_factory.mktemp("cq") / "store",
        _env_file=None,  # type: ignore[call-arg]
    )
    build_store(settings)
    with OxigraphStore(settings.store_path, read_only=True) as opened:
        if request.param == "oxigraph-disk":
            yield opened
            return
        quads = opened.count()
        dump = settings.store_path.parent / "store.nq"
        with dump.open("wb") as out:
            opened.dump(RdfFormat.NQUADS, out)
    with OXIGRAPH_SERVER.empty_store() as remote:
        remote.load(dump)
        assert remote.count() == quads > 0
        yield remote


def test_there_is_one_query_per_competency_question() -> None:
    assert [q.name[:4] for q in QUERIES] == [f"CQ{n:02d}" for n in range(1, 13)]
    for query in QUERIES:
        assert query.with_suffix(".csv").is_file(), f"{query.name} has no expected answer"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_competency_query_gives_the_expected_answer(query: Path, store: Store) -> None:
    header, expected = _expected_rows(query.with_suffix(".csv"))
    result = store.select(query.read_text(encoding="utf-8"))
    assert list(result.variables) == header
    got = Counter(tuple("" if term is None else str(term) for term in row) for row in result)
    assert got == expected
    assert sum(expected.values()) > 0, "an expected answer with no row cannot fail"


def test_engine_csv_matches_the_expected_files(store: Store) -> None:
    """The expected files are in the SPARQL CSV format the endpoint serves."""
    query = ROOT / "queries" / "CQ12-representatives.rq"
    served = store.query_serialized(query.read_text(encoding="utf-8"), "text/csv").decode()
    got = Counter(tuple(r) for r in list(csv.reader(io.StringIO(served)))[1:])
    assert got == _expected_rows(query.with_suffix(".csv"))[1]
