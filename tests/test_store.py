"""The store contract, run against every backend; then what is particular to Oxigraph on disk."""

from __future__ import annotations

import doctest
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, namespace
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

import peacekg.store
import peacekg.store.oxigraph
import peacekg.store.sparql_text
import peacekg.store.terms
from conftest import Sample
from oxigraph_server import OXIGRAPH_SERVER
from peacekg.namespaces import PK, PREFIXES
from peacekg.store import (
    LoadError,
    OxigraphStore,
    QueryForm,
    QueryFormError,
    QuerySyntaxError,
    RdfFormat,
    Store,
    StoreNotFound,
    StoreReadOnly,
    StoreUnavailable,
    UnsupportedMediaType,
    query_form,
)

EX = "https://example.org/"
TALKS = URIRef(EX + "talks")
ALICE = URIRef(EX + "alice")
ARTICLE_1 = URIRef(EX + "graph/article-1")
ARTICLE_2 = URIRef(EX + "graph/article-2")
REFERENCE = URIRef(EX + "graph/reference")
ALL_GRAPHS = [ARTICLE_1, ARTICLE_2, REFERENCE]

# A backend factory makes an empty store in a test's directory (or, for the remote backend, on
# the session's Oxigraph server, emptied first).
BACKENDS: dict[str, Callable[[Path], Store]] = {
    "oxigraph-disk": lambda tmp: OxigraphStore(tmp / "store", prefixes=PREFIXES),
    "oxigraph-memory": lambda tmp: OxigraphStore(None, prefixes=PREFIXES),
    "remote-oxigraph-server": lambda tmp: OXIGRAPH_SERVER.empty_store(),
}


@pytest.fixture(params=sorted(BACKENDS))
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    store = BACKENDS[request.param](tmp_path)
    yield store
    store.close()


@pytest.fixture
def store(empty_store: Store, sample_dataset: Dataset) -> Store:
    empty_store.load(sample_dataset)
    return empty_store


class TestStoreContract:
    def test_load_keeps_every_quad_and_graph(self, sample: Sample, store: Store) -> None:
        assert store.count() == sample.quads
        assert store.graphs() == ALL_GRAPHS

    def test_select_sees_the_union_of_graphs(self, store: Store) -> None:
        result = store.select(
            "SELECT ?p ?o WHERE { <https://example.org/talks> ?p ?o "
            "FILTER(?p IN (pk:round, pk:date)) } ORDER BY ?p"
        )
        assert result.variables == ("p", "o")
        assert result.rows == (
            (PK.date, Literal("2024-05-01", datatype=namespace.XSD.date)),
            (PK.round, Literal(3)),
        )

    def test_graph_keyword_restricts_to_one_graph(self, store: Store) -> None:
        result = store.select(
            "SELECT ?g WHERE { GRAPH ?g { <https://example.org/talks> pk:date ?d } }"
        )
        assert result.rows == ((ARTICLE_2,),)

    def test_a_triple_in_two_graphs_is_seen_twice_unless_distinct(self, store: Store) -> None:
        query = "SELECT {} ?l WHERE {{ <https://example.org/alice> rdfs:label ?l }}"
        assert store.select(query.format("")).rows == ((Literal("Alice"),), (Literal("Alice"),))
        assert store.select(query.format("DISTINCT")).rows == ((Literal("Alice"),),)

    def test_literals_come_back_as_rdflib_terms(self, store: Store) -> None:
        result = store.select(
            "SELECT ?o WHERE { <https://example.org/talks> rdfs:label|pk:note ?o } ORDER BY ?o"
        )
        assert [row[0] for row in result.rows] == [
            Literal("Geneva talks", lang="en"),
            Literal("Genfer Gespräche", lang="de"),
            Literal('He said "peace"\nthen left'),
        ]
        plain = result.rows[2][0]
        assert isinstance(plain, Literal) and plain.datatype is None and plain.language is None

    def test_blank_nodes_and_unbound_variables(self, store: Store) -> None:
        result = store.select(
            "SELECT ?party ?label ?missing WHERE { <https://example.org/talks> pk:party ?party . "
            "?party rdfs:label ?label OPTIONAL { ?party pk:nothing ?missing } }"
        )
        assert result.variables == ("party", "label", "missing")
        assert len(result) == 1
        party, label, missing = result.rows[0]
        assert isinstance(party, BNode)
        assert label == Literal("unnamed delegation")
        assert missing is None
        assert result.bindings() == [{"party": party, "label": label}]

    def test_a_query_of_its_own_prefix_wins_over_the_known_ones(self, store: Store) -> None:
        query = "PREFIX pk: <https://example.org/> SELECT ?o WHERE { pk:talks rdfs:label ?o }"
        assert len(store.select(query)) == 2

    def test_ask(self, store: Store) -> None:
        assert store.ask("ASK { <https://example.org/talks> a pk:Negotiation }") is True
        assert store.ask("ASK { <https://example.org/talks> a pk:Ceasefire }") is False

    def test_construct_returns_a_graph(self, store: Store) -> None:
        graph = store.construct(
            "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(lang(?l) = 'de') }"
        )
        expected = Graph()
        expected.add((TALKS, RDFS.label, Literal("Genfer Gespräche", lang="de")))
        assert isomorphic(graph, expected)

    def test_wrong_form_is_refused(self, store: Store) -> None:
        with pytest.raises(QueryFormError, match="Expected a SELECT query, but this is a ASK"):
            store.select("ASK { ?s ?p ?o }")
        with pytest.raises(QueryFormError, match="Expected a ASK query, but this is a SELECT"):
            store.ask("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(QueryFormError, match="CONSTRUCT or DESCRIBE"):
            store.construct("SELECT * WHERE { ?s ?p ?o }")

    def test_syntax_error_carries_the_parser_message_and_position(self, store: Store) -> None:
        with pytest.raises(QuerySyntaxError) as caught:
            store.select("SELECT ?s\nWHERE { ?s ?p }")
        error = caught.value
        assert error.line == 2
        assert isinstance(error.column, int)
        assert error.parser_message.startswith(f"error at 2:{error.column}: ")
        assert str(error).startswith(f"The SPARQL query is not valid: error at 2:{error.column}: ")
        assert "\n" not in str(error) and "..=" not in str(error)

    def test_select_serialized_as_sparql_json(self, store: Store) -> None:
        data = store.query_serialized(
            "SELECT ?l WHERE { <https://example.org/talks> rdfs:label ?l } ORDER BY ?l",
            "application/sparql-results+json",
        )
        assert json.loads(data) == {
            "head": {"vars": ["l"]},
            "results": {
                "bindings": [
                    {"l": {"type": "literal", "value": "Geneva talks", "xml:lang": "en"}},
                    {"l": {"type": "literal", "value": "Genfer Gespräche", "xml:lang": "de"}},
                ]
            },
        }

    def test_select_serialized_as_csv(self, store: Store) -> None:
        data = store.query_serialized(
            "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", "text/csv"
        )
        assert data.decode() == "g\r\n" + "".join(f"{g}\r\n" for g in ALL_GRAPHS)

    def test_ask_serialized_as_sparql_json(self, store: Store) -> None:
        data = store.query_serialized("ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert json.loads(data) == {"head": {}, "boolean": True}

    def test_construct_serialized_as_turtle_with_known_prefixes(self, store: Store) -> None:
        data = store.query_serialized(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://example.org/graph/reference> "
            "{ ?s ?p ?o } }",
            "text/turtle",
        )
        assert "@prefix pk: <https://w3id.org/peacekg/ontology#> ." in data.decode()
        expected = Graph().add((PK.Negotiation, RDFS.label, Literal("Negotiation")))
        assert isomorphic(Graph().parse(data=data, format="turtle"), expected)

    def test_media_type_must_fit_the_query_form(self, store: Store) -> None:
        with pytest.raises(UnsupportedMediaType, match="SELECT query cannot be given as 'text/tu"):
            store.query_serialized("SELECT * WHERE { ?s ?p ?o }", "text/turtle")
        with pytest.raises(UnsupportedMediaType, match="CONSTRUCT query cannot be given as"):
            store.query_serialized(
                "CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"
            )

    def test_replace_graph_swaps_one_graph_and_leaves_the_others(
        self, sample: Sample, store: Store
    ) -> None:
        note = Literal('quote " and \\ and\nnewline', lang="en")
        store.replace_graph(str(ARTICLE_2), [(TALKS, RDFS.comment, note)])
        rows = store.select(
            "SELECT ?p ?o WHERE { GRAPH <https://example.org/graph/article-2> { ?s ?p ?o } }"
        ).rows
        assert rows == ((RDFS.comment, note),)
        assert store.count() == sample.quads - 2 + 1
        assert store.graphs() == ALL_GRAPHS

    def test_replace_graph_with_nothing_removes_it(self, sample: Sample, store: Store) -> None:
        store.replace_graph(str(ARTICLE_2), [])
        assert store.graphs() == [ARTICLE_1, REFERENCE]
        assert store.count() == sample.quads - 2

    def test_load_a_quads_file(self, sample: Sample, empty_store: Store, tmp_path: Path) -> None:
        path = tmp_path / "sample.trig"
        path.write_text(sample.trig, encoding="utf-8")
        empty_store.load(path)
        assert empty_store.count() == sample.quads
        assert empty_store.graphs() == ALL_GRAPHS

    def test_load_a_triples_file_into_a_graph(self, empty_store: Store, tmp_path: Path) -> None:
        path = tmp_path / "one.ttl"
        path.write_text('<https://example.org/a> <https://example.org/p> "x" .\n')
        empty_store.load(path, graph="https://example.org/graph/g")
        assert empty_store.graphs() == [URIRef("https://example.org/graph/g")]
        assert empty_store.count() == 1

    def test_load_refuses_a_broken_file_and_adds_nothing(
        self, empty_store: Store, tmp_path: Path
    ) -> None:
        path = tmp_path / "broken.ttl"
        path.write_text('<https://example.org/a> <https://example.org/p> "x" .\n<a> <b> .\n')
        with pytest.raises(LoadError, match=r"broken\.ttl is not valid TURTLE"):
            empty_store.load(path)
        assert empty_store.count() == 0

    def test_load_refuses_an_unknown_extension(self, empty_store: Store, tmp_path: Path) -> None:
        path = tmp_path / "facts.yaml"
        path.write_text("a: b\n")
        with pytest.raises(LoadError, match=r"Cannot tell the RDF format of .*facts\.yaml"):
            empty_store.load(path)

    def test_dump_nquads_keeps_every_graph(
        self, sample: Sample, store: Store, sample_dataset: Dataset
    ) -> None:
        out = io.BytesIO()
        store.dump(RdfFormat.NQUADS, out)
        dumped = Dataset()
        dumped.parse(data=out.getvalue(), format="nquads")
        assert len(out.getvalue().splitlines()) == sample.quads
        for name in ALL_GRAPHS:
            expected = sample_dataset.graph(name)
            assert isomorphic(dumped.graph(name), expected), name

    def test_dump_turtle_writes_the_union_once(self, sample: Sample, store: Store) -> None:
        out = io.BytesIO()
        store.dump(RdfFormat.TURTLE, out)
        text = out.getvalue().decode()
        assert "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ." in text
        assert len(Graph().parse(data=text, format="turtle")) == sample.distinct_triples

    def test_closed_store_says_so(self, store: Store) -> None:
        store.close()
        with pytest.raises(StoreUnavailable, match="has been closed"):
            store.count()


class TestOxigraphOnDisk:
    def test_data_survives_reopening(
        self, sample: Sample, tmp_path: Path, sample_dataset: Dataset
    ) -> None:
        with OxigraphStore(tmp_path / "s") as store:
            store.load(sample_dataset)
        with OxigraphStore(tmp_path / "s", read_only=True) as store:
            assert store.count() == sample.quads

    def test_a_reader_counts_its_snapshot_until_it_reopens(
        self, sample: Sample, tmp_path: Path, sample_dataset: Dataset
    ) -> None:
        """A reader's count is kept (``/health`` asks it on every call) and is right: the
        reader sees its snapshot until reopen(), and then the new count."""
        with OxigraphStore(tmp_path / "s") as store:
            store.load(sample_dataset)
        reader = OxigraphStore(tmp_path / "s", read_only=True)
        assert reader.count() == sample.quads
        with OxigraphStore(tmp_path / "s") as writer:
            writer.load(sample_dataset, graph=EX + "copy")
            assert writer.count() > sample.quads
            grown = writer.count()
        assert reader.count() == sample.quads
        reader.reopen()
        assert reader.count() == grown
        reader.close()

    def test_read_only_refuses_writes(self, tmp_path: Path, sample_dataset: Dataset) -> None:
        OxigraphStore(tmp_path / "s").close()
        with (
            OxigraphStore(tmp_path / "s", read_only=True) as store,
            pytest.raises(StoreReadOnly, match="opened read-only"),
        ):
            store.load(sample_dataset)

    def test_readers_share_a_store(
        self, sample: Sample, tmp_path: Path, sample_dataset: Dataset
    ) -> None:
        with OxigraphStore(tmp_path / "s") as store:
            store.load(sample_dataset)
        first = OxigraphStore(tmp_path / "s", read_only=True)
        second = OxigraphStore(tmp_path / "s", read_only=True)
        assert (first.count(), second.count()) == (sample.quads, sample.quads)

    def test_missing_store(self, tmp_path: Path) -> None:
        with pytest.raises(StoreNotFound, match=f"There is no store at {tmp_path / 'none'}."):
            OxigraphStore(tmp_path / "none", read_only=True)

    def test_a_locked_store_is_unavailable(self, tmp_path: Path) -> None:
        with (
            OxigraphStore(tmp_path / "s"),
            pytest.raises(StoreUnavailable, match="is in use by another process"),
        ):
            OxigraphStore(tmp_path / "s")

    def test_a_file_in_the_way(self, tmp_path: Path) -> None:
        (tmp_path / "s").write_text("not a store")
        with pytest.raises(StoreUnavailable, match=r"cannot be opened: .*not a directory"):
            OxigraphStore(tmp_path / "s")


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", QueryForm.SELECT),
        ("select*{?s ?p ?o}", QueryForm.SELECT),
        (
            "PREFIX ask: <https://example.org/ask#>\nCONSTRUCT WHERE { ?s ask:p ?o }",
            QueryForm.CONSTRUCT,
        ),
        ("BASE <https://e.org/> prefix : <https://e.org/#> ASK{:a :b :c}", QueryForm.ASK),
        ("# SELECT in a comment\nDESCRIBE <https://e.org/x>", QueryForm.DESCRIBE),
        (
            'PREFIX p: <https://e.org/select#> # "ASK"\nSELECT ?x WHERE { ?x p:q "ASK" }',
            QueryForm.SELECT,
        ),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", None),
        ("SELEC ?x WHERE { ?x ?y ?z }", None),
        ("", None),
    ],
)
def test_query_form(query: str, form: QueryForm | None) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize(
    "module",
    [peacekg.store, peacekg.store.oxigraph, peacekg.store.sparql_text, peacekg.store.terms],
)
def test_docstring_examples(module: object) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert tried > 0
    assert failures == 0
