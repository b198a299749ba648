"""The query guard without a server: what it refuses, what it lets through, dataset rewriting."""

from __future__ import annotations

import doctest
import importlib

import pytest
from rdflib import URIRef
from rdflib.plugins.sparql.parser import parseQuery

from peacekg.api.errors import (
    BadDatasetIri,
    ProtocolError,
    QueryTooLong,
    ServiceForbidden,
    UpdateForbidden,
)
from peacekg.api.query_guard import guard, with_dataset
from peacekg.store import QueryForm

SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { sErViCe SILENT <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <http://x/> { ?a ?b ?c } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "ASK { FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT (EXISTS { SERVICE <http://x/> { ?s ?p ?o } } AS ?e) WHERE { }",
    "DESCRIBE ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE {\n# a comment\nSERVICE<http://x/>{?s ?p ?o}}",
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } ",  # rdflib cannot parse it
]
UPDATES = [
    "INSERT DATA { <http://a/> <http://b/> <http://c/> }",
    "PREFIX ex: <http://e/>\nDELETE WHERE { ex:a ?p ?o }",
    "LOAD <http://x/data.ttl>",
    "LOAD SILENT <http://x/> INTO GRAPH <http://g/>",
    "CLEAR ALL",
    "DROP GRAPH <http://g/>",
    "CREATE GRAPH <http://g/>",
    "ADD DEFAULT TO <http://g/>",
    "COPY <http://a/> TO <http://b/>",
    "MOVE <http://a/> TO <http://b/>",
    "WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "BASE <http://b/> PREFIX p: <x> INSERT DATA { <a> <b> <c> } ; not even valid",
]
HARMLESS = [
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }', QueryForm.SELECT),
    ("SELECT * WHERE { ?s ?p '''LOAD <http://x/>\nSERVICE''' }", QueryForm.SELECT),
    ("SELECT * WHERE { ?s <http://x/SERVICE> ?o }", QueryForm.SELECT),
    ("# SERVICE <http://x/> {}\nASK { ?s ?p ?o }", QueryForm.ASK),
    ("PREFIX service: <http://x/>\nSELECT ?service { ?service service:p ?o }", QueryForm.SELECT),
    ("CONSTRUCT WHERE { ?s ?p ?o }", QueryForm.CONSTRUCT),
    ("DESCRIBE <http://x/>", QueryForm.DESCRIBE),
    ("SELECT ?s WHERE { ?s pk:round ?o }", QueryForm.SELECT),  # prefix known to the store only
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_refused(query: str) -> None:
    with pytest.raises(ServiceForbidden):
        guard(query)


@pytest.mark.parametrize("update", UPDATES)
def test_updates_refused(update: str) -> None:
    with pytest.raises(UpdateForbidden):
        guard(update)


@pytest.mark.parametrize(("query", "form"), HARMLESS)
def test_keywords_in_strings_iris_comments_and_names_pass(query: str, form: QueryForm) -> None:
    checked = guard(query)
    assert checked.form is form
    assert checked.text == query


def test_unparseable_query_without_service_goes_to_the_store() -> None:
    checked = guard("SELECT ?s WHERE { ?s ?p ?o ", parse=True)
    assert checked.tree is None
    assert checked.form is QueryForm.SELECT


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment", "PREFIX ex: <http://e/>"])
def test_empty_query_is_no_update(text: str) -> None:
    checked = guard(text)
    assert checked.tree is None
    assert checked.form is None


def long_block(triples: int, middle: str = "") -> str:
    """A query with one block of many triple patterns; rdflib's parser recurses per pattern
    and raises RecursionError past about a hundred. (Oxigraph's join planning grows fast with
    the number of patterns: these are for the guard only, never to run.)"""
    patterns = [f'?s{i} <http://e/p> "v{i}" .' for i in range(triples)]
    patterns.insert(triples // 2, middle)
    return "SELECT * WHERE { " + " ".join(patterns) + " }"


def test_beyond_rdflibs_parser_the_tokens_still_refuse_service() -> None:
    with pytest.raises(ServiceForbidden):
        guard(long_block(400, "SERVICE <http://x/> { ?a ?b ?c }"))


def test_beyond_rdflibs_parser_a_harmless_query_goes_to_the_store() -> None:
    checked = guard(long_block(400, '?x ?y "SERVICE" .'), parse=True)
    assert checked.tree is None  # if rdflib learns to parse it, this test can go
    assert checked.form is QueryForm.SELECT


def test_the_common_path_does_not_parse() -> None:
    """Without a dataset to apply, the guard is a linear token scan: no rdflib parse tree (the
    parse would take seconds on a long query, outside the query time limit)."""
    query = "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 20_000) + " > 0) }"
    checked = guard(query, max_length=200_000)
    assert checked.tree is None
    assert checked.form is QueryForm.SELECT


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\U00000053ervice <http://x/> { ?s ?p ?o } }",
    ],
)
def test_service_written_with_codepoint_escapes_is_refused(query: str) -> None:
    with pytest.raises(ServiceForbidden):
        guard(query)


def test_the_dataset_rewrite_parses_only_short_queries() -> None:
    query = "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 8_000) + " > 0) }"
    with pytest.raises(ProtocolError, match="write FROM and FROM NAMED in the query instead"):
        guard(query, parse=True)


def test_length_cap() -> None:
    query = "ASK { ?s ?p ?o }"
    assert guard(query, max_length=len(query)).form is QueryForm.ASK
    with pytest.raises(QueryTooLong) as caught:
        guard(query + " ", max_length=len(query))
    assert caught.value.details == {"max_length": len(query)}


class TestWithDataset:
    @pytest.mark.parametrize(
        "query",
        [
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT ?s{?s ?p ?o}",
            "SELECT * # WHERE in a comment\nWHERE { ?s ?p ?o }",
            "SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p ?o }",
            "SELECT * FROM <http://old/> FROM NAMED <http://old2/> WHERE { ?s ?p ?o }",
            "ASK { ?s ?p [] }",
            "CONSTRUCT { ?s ?p [ ?q ?o ] } WHERE { ?s ?p ?o }",
            "CONSTRUCT WHERE { ?s ?p ?o }",
            "DESCRIBE <http://x/>",
            "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 2",
            "DESCRIBE ?s ORDER BY ?s",
            "PREFIX from: <http://f/>\nSELECT * WHERE { ?s from:named ?o }",
        ],
    )
    def test_rewrite_keeps_the_query_and_sets_the_dataset(self, query: str) -> None:
        rewritten = with_dataset(
            guard(query, parse=True), ["http://d1/", "http://d2/"], ["http://n/"]
        )
        tree = parseQuery(rewritten.text)[1]
        assert [dict(clause) for clause in tree["datasetClause"]] == [
            {"default": URIRef("http://d1/")},
            {"default": URIRef("http://d2/")},
            {"named": URIRef("http://n/")},
        ]
        assert rewritten.form is guard(query).form
        assert rewritten.has_dataset_clause

    def test_only_named_graphs(self) -> None:
        rewritten = with_dataset(
            guard("SELECT * WHERE { ?s ?p ?o }", parse=True), [], ["http://n/"]
        )
        assert " ".join(rewritten.text.split()) == (
            "SELECT * FROM NAMED <http://n/> WHERE { ?s ?p ?o }"
        )

    @pytest.mark.parametrize("bad", ["relative/path", "http://x/ y", "<http://x/>", ""])
    def test_bad_iri(self, bad: str) -> None:
        with pytest.raises(BadDatasetIri):
            with_dataset(guard("ASK { }", parse=True), [bad], [])


@pytest.mark.parametrize(
    "module",
    [
        "peacekg.api.app",
        "peacekg.api.formats",
        "peacekg.api.negotiation",
        "peacekg.api.query_guard",
        "peacekg.api.service_description",
    ],
)
def test_docstring_examples(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0
