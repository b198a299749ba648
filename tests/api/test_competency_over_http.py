"""Every competency question through HTTP gives the answer written beside it (queries/CQnn-*.csv).

The store is built from data/ as ``peacekg build`` builds it, and opened by the app itself.
Rows are compared as multisets, in the SPARQL CSV the endpoint serves and in SPARQL JSON.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_harness import media_type, site_over_data

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("CQ*.rq"))


def expected_rows(query: Path) -> tuple[list[str], Counter[tuple[str, ...]]]:
    with query.with_suffix(".csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, Counter(tuple(row) for row in rows)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with site_over_data(tmp_path_factory.mktemp("cq-http")) as http:
        yield http


def test_every_competency_question_is_here() -> None:
    assert [q.name[:4] for q in QUERIES] == [f"CQ{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_csv_over_http(client: httpx.Client, query: Path) -> None:
    header, expected = expected_rows(query)
    assert sum(expected.values()) > 0, "an expected answer with no row cannot fail"
    response = client.post(
        "/sparql",
        data={"query": query.read_text(encoding="utf-8")},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert media_type(response) == "text/csv"
    served_header, *served = list(csv.reader(io.StringIO(response.text)))
    assert served_header == header
    assert Counter(tuple(row) for row in served) == expected


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_json_over_http(client: httpx.Client, query: Path) -> None:
    header, expected = expected_rows(query)
    response = client.get("/sparql", params={"query": query.read_text(encoding="utf-8")})
    assert media_type(response) == "application/sparql-results+json"
    body = response.json()
    assert body["head"]["vars"] == header
    got = Counter(
        tuple(binding.get(var, {}).get("value", "") for var in header)
        for binding in body["results"]["bindings"]
    )
    assert got == expected
