"""``peacekg query`` runs on the same store path as the endpoint: it honours FROM, and its
``--timeout`` stops a query that would run for minutes (the process exits, 124)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from peacekg.store import OxigraphStore

EX = "https://example.org/"
LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 triples in 10 graphs: LONG has 8·10⁹ solutions to count."""
    path = tmp_path_factory.mktemp("cli-limits") / "store"
    data = Dataset()
    for i in range(2000):
        data.graph(URIRef(f"{EX}graph/{i % 10}")).add(
            (URIRef(f"{EX}s{i}"), URIRef(EX + "value"), Literal(i))
        )
    with OxigraphStore(path) as store:
        store.load(data)
    return path


def peacekg_query(
    store_path: Path, *arguments: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "peacekg", "query", "--store", str(store_path), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, time.monotonic() - start


def test_timeout_stops_a_query_that_would_run_for_minutes(store_path: Path) -> None:
    quick, startup = peacekg_query(store_path, "-f", "csv", "ASK { ?s ?p ?o }")
    assert quick.returncode == 0, quick.stderr
    done, elapsed = peacekg_query(store_path, "--timeout", "1", LONG)
    assert done.returncode == 124, done.stderr
    assert "ran longer than 1 s" in done.stderr
    assert elapsed < startup + 1 + 1.5


def test_a_query_within_the_timeout_answers(store_path: Path) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{EX}graph/3> WHERE {{ ?s ?p ?o }}"
    done, _ = peacekg_query(store_path, "--timeout", "30", "-f", "csv", query)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "200"]


def test_from_named_over_the_cli(store_path: Path) -> None:
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{EX}graph/1> FROM NAMED <{EX}graph/2> "
        "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    done, _ = peacekg_query(store_path, "-f", "csv", query)
    assert done.stdout.split() == ["g,n", f"{EX}graph/1,200", f"{EX}graph/2,200"]
