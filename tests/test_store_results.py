"""What a query sees (the union of graphs, or the dataset it names) and how its results are cut
at a row limit; run against every backend of the store contract."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from conftest import Sample
from peacekg.namespaces import PK, PREFIXES
from peacekg.store import (
    CSV,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    OxigraphStore,
    QueryForm,
    RdfFormat,
    Store,
    has_dataset_clause,
)

EX = "https://example.org/"
ARTICLE_1 = EX + "graph/article-1"
ARTICLE_2 = EX + "graph/article-2"

BACKENDS: dict[str, Callable[[Path], Store]] = {
    "oxigraph-disk": lambda tmp: OxigraphStore(tmp / "store", prefixes=PREFIXES),
    "oxigraph-memory": lambda tmp: OxigraphStore(None, prefixes=PREFIXES),
}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The sample data and 30 numbers, loaded once per backend (the tests only read)."""
    opened = BACKENDS[request.param](tmp_path_factory.mktemp("results"))
    opened.load(Sample().dataset())
    numbers = Dataset()
    for i in range(30):
        numbers.graph(f"{EX}graph/numbers").parse(
            data=f"<{EX}n{i:02d}> <{EX}value> {i} ; <{EX}parity> {i % 2} .", format="turtle"
        )
    opened.load(numbers)
    yield opened
    opened.close()


def solutions(
    store: Store, query: str, max_results: int | None = None
) -> tuple[list[dict[str, dict[str, str]]], bool]:
    """The SPARQL JSON bindings of a query, and whether they were cut."""
    results = store.prepare_results(query, SPARQL_JSON, max_results=max_results)
    buffer = io.BytesIO()
    results.write(buffer)
    return json.loads(buffer.getvalue())["results"]["bindings"], results.truncated


def values(store: Store, query: str) -> set[str]:
    bindings, _ = solutions(store, query)
    return {binding["s"]["value"] for binding in bindings}


# -- the dataset a query sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("select*from<urn:g>where{?s ?p ?o}", True),
        ("SELECT (COUNT(*) AS ?n)FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("DESCRIBE <urn:x> FROM <urn:g>", True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT ?from WHERE { ?s ex:from ?o }", False),
        ("PREFIX from: <urn:p#> SELECT * WHERE { ?s from:p ?o }", False),
        ('SELECT * WHERE { ?s ?p "select * from <urn:g>" }', False),
        ('SELECT * WHERE { ?s ?p "x"@from }', False),
        ("SELECT * WHERE { ?s ?p ?o } # FROM <urn:g>", False),
        ("SELECT * WHERE { ?s <urn:FROM> ?o }", False),
    ],
)
def test_has_dataset_clause(query: str, expected: bool) -> None:
    assert has_dataset_clause(query) is expected


class TestDataset:
    LABELLED = "SELECT DISTINCT ?s WHERE { ?s rdfs:label ?l }"

    def test_without_a_dataset_clause_the_default_graph_is_the_union(self, store: Store) -> None:
        # Labels from article 1 (talks, alice, a blank node), article 2 (alice), reference.
        found = values(store, self.LABELLED)
        assert len(found) == 4
        assert {EX + "talks", EX + "alice", str(PK.Negotiation)} < found

    def test_from_makes_the_default_graph_that_graph_only(self, store: Store) -> None:
        query = f"SELECT DISTINCT ?s FROM <{ARTICLE_2}> WHERE {{ ?s ?p ?o }}"
        assert values(store, query) == {EX + "talks", EX + "alice"}
        query = f"SELECT ?s FROM <{ARTICLE_2}> WHERE {{ ?s pk:date ?d }}"
        assert values(store, query) == {EX + "talks"}
        query = f"SELECT ?s FROM <{ARTICLE_2}> WHERE {{ ?s pk:round ?r }}"
        assert values(store, query) == set()  # pk:round is only in article 1

    def test_two_from_graphs_are_merged(self, store: Store) -> None:
        query = (
            f"SELECT ?s FROM <{ARTICLE_1}> FROM <{ARTICLE_2}> "
            "WHERE { ?s pk:round ?r ; pk:date ?d }"
        )
        assert values(store, query) == {EX + "talks"}

    def test_from_named_restricts_graph_patterns(self, store: Store) -> None:
        query = (
            f"SELECT DISTINCT ?s ?g FROM NAMED <{ARTICLE_2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        bindings, _ = solutions(store, query)
        assert {b["g"]["value"] for b in bindings} == {ARTICLE_2}

    def test_from_named_alone_leaves_the_default_graph_empty(self, store: Store) -> None:
        query = f"SELECT ?s FROM NAMED <{ARTICLE_2}> WHERE {{ ?s ?p ?o }}"
        assert values(store, query) == set()

    def test_select_ask_and_construct_all_honour_from(self, store: Store) -> None:
        assert store.ask(f"ASK FROM <{ARTICLE_1}> WHERE {{ ?s pk:round 3 }}")
        assert not store.ask(f"ASK FROM <{ARTICLE_2}> WHERE {{ ?s pk:round 3 }}")
        assert not store.ask("ASK FROM <urn:peacekg:no-such-graph> WHERE { ?s ?p ?o }")
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ARTICLE_2}> {{ ?s ?p ?o }} }}"
        graph = store.construct(query)
        assert len(graph) == 2
        graph = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} FROM <{ARTICLE_2}> WHERE {{ ?s ?p ?o }}")
        assert len(graph) == 2


# -- the row limit ---------------------------------------------------------------------------

NUMBERS = f"PREFIX ex: <{EX}>\n"
CAPPED_QUERIES = {
    "order-by": NUMBERS + "SELECT ?n ?v WHERE { ?n ex:value ?v } ORDER BY DESC(?v)",
    "base": f"BASE <{EX}>\nSELECT ?n ?v WHERE {{ ?n <value> ?v }} ORDER BY ?v",
    "group-by": NUMBERS
    + "SELECT ?p (COUNT(*) AS ?c) (SUM(?v) AS ?s) WHERE { ?n ex:parity ?p ; ex:value ?v } "
    "GROUP BY ?p ORDER BY ?p",
    "values": NUMBERS + "SELECT ?v ?w WHERE { ?n ex:value ?v } ORDER BY ?v ?w VALUES ?w { 1 2 }",
    "limit-offset": NUMBERS + "SELECT ?v WHERE { ?n ex:value ?v } ORDER BY ?v LIMIT 8 OFFSET 20",
    "limit-under-cap": NUMBERS + "SELECT ?v WHERE { ?n ex:value ?v } ORDER BY ?v LIMIT 3",
    "subquery": NUMBERS
    + "SELECT * WHERE { { SELECT ?v WHERE { ?n ex:value ?v } ORDER BY ?v LIMIT 12 } } ORDER BY ?v",
    "unbound-and-literals": NUMBERS
    + "SELECT ?v ?missing ?text WHERE { ?n ex:value ?v OPTIONAL { ?n ex:none ?missing } "
    'BIND(STRLANG(CONCAT("a\\tb\\n\\"", STR(?v)), "en") AS ?text) } ORDER BY ?v',
    "blank-nodes": "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(isBlank(?s)) }",
    "no-variables": "SELECT * WHERE { } ",
    "from": f"SELECT ?s ?p FROM <{ARTICLE_1}> WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p",
}


@pytest.mark.parametrize("name", sorted(CAPPED_QUERIES))
@pytest.mark.parametrize("cap", [1, 5, 1000])
def test_the_first_rows_are_kept_and_the_cut_is_told(store: Store, name: str, cap: int) -> None:
    query = CAPPED_QUERIES[name]
    every, cut = solutions(store, query)
    assert every and not cut
    kept, truncated = solutions(store, query, max_results=cap)
    assert kept == every[:cap]
    assert truncated is (len(every) > cap)


@pytest.mark.parametrize("media_type", [SPARQL_JSON, SPARQL_XML, CSV, TSV])
def test_results_under_the_cap_are_written_as_the_engine_writes_them(
    store: Store, media_type: str
) -> None:
    """The cap parses the engine's TSV back: what it writes must not differ by one byte."""
    query = CAPPED_QUERIES["unbound-and-literals"]
    capped = store.prepare_results(query, media_type, max_results=1000)
    buffer = io.BytesIO()
    capped.write(buffer)
    assert not capped.truncated
    assert buffer.getvalue() == store.query_serialized(query, media_type)


def test_construct_is_cut_at_the_cap(store: Store) -> None:
    query = f"CONSTRUCT {{ ?n <{EX}value> ?v }} WHERE {{ ?n <{EX}value> ?v }}"
    results = store.prepare_results(query, RdfFormat.NTRIPLES.media_type, max_results=7)
    buffer = io.BytesIO()
    results.write(buffer)
    assert results.form is QueryForm.CONSTRUCT
    assert results.truncated
    assert len(buffer.getvalue().splitlines()) == 7
    whole = store.prepare_results(query, RdfFormat.NTRIPLES.media_type, max_results=30)
    assert not whole.truncated


def test_ask_is_never_cut(store: Store) -> None:
    results = store.prepare_results("ASK { ?s ?p ?o }", SPARQL_JSON, max_results=1)
    buffer = io.BytesIO()
    results.write(buffer)
    assert not results.truncated
    assert json.loads(buffer.getvalue())["boolean"] is True
