"""The query cases of the W3C SPARQL 1.1 Protocol test suite, against the live endpoint.

One table, one row per test of the W3C manifest
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest), named after it:
the request it sends and what the answer must be. The W3C tests run over three small graphs
(data1.rdf, data2.rdf, data3.rdf); here the same requests run over the store built from data/,
whose named graphs are the article graph, the reference graph and the ontology graph, and
each answer is checked for what the test proves:

- query_get, query_post_form, query_post_direct: the three ways to send a query.
- query_dataset_*: ``default-graph-uri`` and ``named-graph-uri`` set the dataset, by GET, by
  form and (in the URL) with a direct POST; the protocol's dataset overrides the query's
  FROM. The answer must show which graphs were visible: a resource of the article graph, one
  of the reference graph and one of the ontology graph are looked up in the default graph,
  and the named graphs are listed.
- query_content_type_*: each query form is answered in a type for that form.
- bad_*: the negative cases get a 4xx (never a 5xx) with a JSON error.
- update_* and bad_update_*: the endpoint is read-only; every update request is refused with a
  4xx, and the store is unchanged afterwards.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from api_harness import GRAPH_FORMATS, RESULTS_FORMATS, boolean, graph, media_type, site_over_data
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.query import Result

ROOT = Path(__file__).resolve().parents[2]

BASE = "https://w3id.org/peacekg/"
ARTICLE = BASE + "graph/article/2025-12-03-moscow-talks"
REFERENCE = BASE + "graph/reference"
ONTOLOGY = BASE + "graph/ontology"
# One resource described in each graph only (checked by test_each_probe_is_in_one_graph_only).
IN_ARTICLE = BASE + "id/article/2025-12-03-moscow-talks"
IN_REFERENCE = BASE + "id/moscow"
IN_ONTOLOGY = BASE + "ontology#Event"

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


# Which of the three probes the default graph holds: (article, reference, ontology).
VISIBLE = f"""
SELECT ?article ?reference ?ontology WHERE {{
  BIND (EXISTS {{ <{IN_ARTICLE}> ?p1 ?o1 }} AS ?article)
  BIND (EXISTS {{ <{IN_REFERENCE}> ?p2 ?o2 }} AS ?reference)
  BIND (EXISTS {{ <{IN_ONTOLOGY}> ?p3 ?o3 }} AS ?ontology)
}}
"""
# The named graphs, and whether the default graph is empty.
NAMED = """
SELECT DISTINCT ?g ?defaultEmpty WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND (NOT EXISTS { ?s0 ?p0 ?o0 } AS ?defaultEmpty)
}
"""
# The named graphs, and which probes the default graph holds.
FULL = f"""
SELECT DISTINCT ?g ?article ?reference WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  BIND (EXISTS {{ <{IN_ARTICLE}> ?p1 ?o1 }} AS ?article)
  BIND (EXISTS {{ <{IN_REFERENCE}> ?p2 ?o2 }} AS ?reference)
}}
"""
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# What the W3C update tests send; none of it may change the store.
CLEAR_ALL = "CLEAR ALL"
INSERT = (
    "PREFIX dc: <http://purl.org/dc/terms/>\n"
    f"INSERT DATA {{ GRAPH <{ARTICLE}> {{ <{IN_ARTICLE}> a dc:BibliographicResource }} }}"
)
INSERT_WHERE = (
    "PREFIX dc: <http://purl.org/dc/terms/>\n"
    "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> "
    "{ ?s a dc:BibliographicResource } } WHERE { ?s a ?type }"
)
WITH_CONFLICT = (
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
    f"WITH <{ARTICLE}> DELETE {{ ?person foaf:givenName 'Bill' }} "
    "INSERT { ?person foaf:givenName 'William' } WHERE { ?person foaf:givenName 'Bill' }"
)


# -- reading an answer ------------------------------------------------------------------------


def solutions(response: httpx.Response) -> set[tuple[str, ...]]:
    """The rows of a SELECT answer, parsed by rdflib from the type sent, as strings."""
    assert response.status_code == 200, response.text
    fmt = RESULTS_FORMATS[media_type(response)]
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    assert result.type == "SELECT"
    return {
        tuple("" if t is None else str(t) for t in row)  # type: ignore[union-attr]
        for row in result
    }


# -- what each case expects -------------------------------------------------------------------

Check = Callable[[httpx.Response], None]


def ask_answers(expected: bool) -> Check:
    def check(response: httpx.Response) -> None:
        assert boolean(response) is expected

    return check


def rows_are(*expected: tuple[str, ...]) -> Check:
    def check(response: httpx.Response) -> None:
        assert solutions(response) == set(expected)

    return check


def visible(article: bool, reference: bool, ontology: bool) -> Check:
    """The default graph holds the probes of exactly these graphs."""
    flags = tuple("true" if flag else "false" for flag in (article, reference, ontology))
    return rows_are(flags)


def in_types(types: dict[str, str], then: Check) -> Check:
    def check(response: httpx.Response) -> None:
        assert response.status_code == 200, response.text
        assert media_type(response) in types, media_type(response)
        then(response)

    return check


def graph_with(*expected: tuple[URIRef, URIRef, Literal | URIRef]) -> Check:
    def check(response: httpx.Response) -> None:
        found = graph(response)
        for triple in expected:
            assert triple in found, f"{triple} missing from {found.serialize(format='nt')}"

    return check


def error(status: int | None = None, code: str | None = None) -> Check:
    """A client error (the exact status and stable code when given) with a JSON message."""

    def check(response: httpx.Response) -> None:
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
        if status is not None:
            assert response.status_code == status, response.text
        assert media_type(response) == "application/json", response.text
        body = response.json()
        assert isinstance(body.get("message"), str) and body["message"]
        if code is not None:
            assert body["code"] == code, body

    return check


refused = error(403, "update_forbidden")


@dataclass(frozen=True)
class Case:
    """One W3C protocol test: the request it sends and the check of the answer."""

    method: str
    check: Check
    params: list[tuple[str, str]] = field(default_factory=list)
    content_type: str | None = None
    body: bytes | None = None
    update: bool = False

    def send(self, client: httpx.Client) -> httpx.Response:
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        return client.request(
            self.method, "/sparql", params=self.params, content=self.body, headers=headers
        )


def form(*pairs: tuple[str, str]) -> bytes:
    return str(httpx.QueryParams(list(pairs))).encode("ascii")


def case(name: str, case: Case, *marks: pytest.MarkDecorator) -> object:
    return pytest.param(case, id=name, marks=marks)


CASES = [
    # -- the query operation ---------------------------------------------------------------
    case("query_get", Case("GET", ask_answers(True), params=[("query", "ASK {}")])),
    case("query_post_form", Case("POST", ask_answers(True), content_type=FORM,
                                 body=form(("query", "ASK {}")))),
    case("query_post_direct", Case("POST", ask_answers(True), content_type=DIRECT,
                                   body=b"ASK {}")),
    # -- the dataset parameters ------------------------------------------------------------
    case("query_dataset_default_graph", Case(
        "POST", visible(True, False, False), params=[("default-graph-uri", ARTICLE)],
        content_type=DIRECT, body=VISIBLE.encode(),
    )),
    case("query_dataset_default_graphs_get", Case(
        "GET", visible(True, True, False),
        params=[("query", VISIBLE), ("default-graph-uri", ARTICLE),
                ("default-graph-uri", REFERENCE)],
    )),
    case("query_dataset_default_graphs_post", Case(
        "POST", visible(True, True, False), content_type=FORM,
        body=form(("query", VISIBLE), ("default-graph-uri", ARTICLE),
                  ("default-graph-uri", REFERENCE)),
    )),
    case("query_dataset_named_graphs_post", Case(
        "POST", rows_are((ARTICLE, "true"), (REFERENCE, "true")), content_type=FORM,
        body=form(("query", NAMED), ("named-graph-uri", ARTICLE),
                  ("named-graph-uri", REFERENCE)),
    )),
    case("query_dataset_named_graphs_get", Case(
        "GET", rows_are((ARTICLE, "true"), (REFERENCE, "true")),
        params=[("query", NAMED), ("named-graph-uri", ARTICLE),
                ("named-graph-uri", REFERENCE)],
    )),
    case("query_dataset_full", Case(
        "POST", rows_are((ARTICLE, "false", "true"), (ONTOLOGY, "false", "true")),
        params=[("default-graph-uri", REFERENCE), ("named-graph-uri", ARTICLE),
                ("named-graph-uri", ONTOLOGY)],
        content_type=DIRECT, body=FULL.encode(),
    )),
    case("query_multiple_dataset", Case(
        "POST", visible(True, False, False), params=[("default-graph-uri", ARTICLE)],
        content_type=DIRECT,
        body=VISIBLE.replace("WHERE", f"FROM <{REFERENCE}> WHERE", 1).encode(),
    )),
    # -- the content type for each query form ----------------------------------------------
    case("query_content_type_select", Case(
        "POST", in_types(RESULTS_FORMATS, rows_are(("1",))), content_type=DIRECT,
        body=b"SELECT (1 AS ?value) {}",
    )),
    case("query_content_type_ask", Case(
        "POST",
        in_types(
            {k: v for k, v in RESULTS_FORMATS.items() if v in ("json", "xml")}, ask_answers(True)
        ),
        content_type=DIRECT, body=b"ASK {}",
    )),
    case("query_content_type_describe", Case(
        "POST",
        in_types(GRAPH_FORMATS, graph_with(
            (URIRef(IN_REFERENCE), RDFS.label, Literal("Moscow", lang="en")),
        )),
        content_type=DIRECT, body=f"DESCRIBE <{IN_REFERENCE}>".encode(),
    )),
    case("query_content_type_construct", Case(
        "POST",
        in_types(GRAPH_FORMATS, graph_with(
            (URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(1)),
        )),
        content_type=DIRECT,
        body=b"CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}",
    )),
    # -- the negative query cases ----------------------------------------------------------
    case("bad_query_method", Case("PUT", error(405), params=[("query", "ASK {}")])),
    case("bad_multiple_queries", Case(
        "GET", error(400), params=[("query", "ASK {}"), ("query", "SELECT * {}")],
    )),
    case("bad_query_wrong_media_type", Case(
        "POST", error(), content_type="text/plain", body=b"ASK {}",
    )),
    case("bad_query_missing_form_type", Case("POST", error(), body=b"query=ASK%20%7B%7D")),
    case("bad_query_missing_direct_type", Case("POST", error(), body=b"ASK {}")),
    case("bad_query_non_utf8", Case(
        "POST", error(), content_type=DIRECT + "; charset=UTF-16",
        body="ASK {}".encode("utf-16"),
    )),
    case("bad_query_syntax", Case(
        "GET", error(400, "query_syntax"), params=[("query", "ASK {")],
    )),
    # -- the update cases: refused, the endpoint is read-only ------------------------------
    case("update_dataset_default_graph", Case(
        "POST", refused, params=[("using-graph-uri", ARTICLE)], content_type=UPDATE,
        body=f"{CLEAR_ALL} ;\n{INSERT} ;\n{INSERT_WHERE}".encode(), update=True,
    )),
    case("update_dataset_default_graphs", Case(
        "POST", refused,
        params=[("using-graph-uri", ARTICLE), ("using-graph-uri", REFERENCE)],
        content_type=UPDATE, body=f"{INSERT} ;\n{INSERT_WHERE}".encode(), update=True,
    )),
    case("update_dataset_named_graphs", Case(
        "POST", refused,
        params=[("using-named-graph-uri", ARTICLE), ("using-named-graph-uri", REFERENCE)],
        content_type=UPDATE, body=INSERT_WHERE.encode(), update=True,
    )),
    case("update_dataset_full", Case(
        "POST", refused,
        params=[("using-graph-uri", REFERENCE), ("using-named-graph-uri", ARTICLE)],
        content_type=UPDATE, body=INSERT_WHERE.encode(), update=True,
    )),
    case("update_post_form", Case(
        "POST", refused, content_type=FORM, body=form(("update", CLEAR_ALL)), update=True,
    )),
    case("update_post_direct", Case(
        "POST", refused, content_type=UPDATE, body=CLEAR_ALL.encode(), update=True,
    )),
    case("update_base_uri", Case(
        "POST", refused, content_type=UPDATE,
        body=b"CLEAR GRAPH <http://example.org/protocol-base-test/> ; INSERT DATA { GRAPH "
        b"<http://example.org/protocol-base-test/> { <http://example.org/s> "
        b"<http://example.org/p> <test> } }",
        update=True,
    )),
    case("bad_update_get", Case("GET", error(), params=[("update", CLEAR_ALL)], update=True)),
    case("bad_multiple_updates", Case(
        "POST", error(), content_type=FORM,
        body=form(("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")), update=True,
    )),
    case("bad_update_wrong_media_type", Case(
        "POST", error(), content_type="text/plain", body=b"CLEAR NAMED", update=True,
    )),
    case("bad_update_missing_form_type", Case(
        "POST", error(), body=b"update=CLEAR%20NAMED", update=True,
    )),
    case("bad_update_non_utf8", Case(
        "POST", error(), content_type=UPDATE + "; charset=UTF-16",
        body="CLEAR NAMED".encode("utf-16"), update=True,
    )),
    case("bad_update_syntax", Case(
        "POST", error(), content_type=FORM, body=form(("update", "CLEAR XYZ")), update=True,
    )),
    case("bad_update_dataset_conflict", Case(
        "POST", error(), content_type=FORM,
        body=form(("using-named-graph-uri", "http://example/people"),
                  ("update", WITH_CONFLICT)),
        update=True,
    )),
]  # fmt: skip


# -- the live server --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with site_over_data(tmp_path_factory.mktemp("w3c-protocol")) as http:
        yield http


def quads(client: httpx.Client) -> int:
    response = client.post("/sparql", data={"query": QUADS}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    _header, *rows = list(csv.reader(io.StringIO(response.text)))
    return int(rows[0][0])


@pytest.fixture(scope="module")
def quads_at_start(client: httpx.Client) -> int:
    count = quads(client)
    assert count > 1000, "the store built from data/ holds a few thousand quads"
    return count


def test_each_probe_is_in_one_graph_only(client: httpx.Client) -> None:
    """What the dataset cases rely on: each probe is described in its own graph only."""
    query = (
        "SELECT DISTINCT ?g ?s WHERE { VALUES ?s { "
        f"<{IN_ARTICLE}> <{IN_REFERENCE}> <{IN_ONTOLOGY}> }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert solutions(client.get("/sparql", params={"query": query})) == {
        (ARTICLE, IN_ARTICLE),
        (REFERENCE, IN_REFERENCE),
        (ONTOLOGY, IN_ONTOLOGY),
    }


def test_without_a_dataset_the_default_graph_is_the_union(client: httpx.Client) -> None:
    """The baseline the dataset cases differ from: every probe is visible."""
    check = visible(True, True, True)
    check(client.post("/sparql", content=VISIBLE.encode(), headers={"Content-Type": DIRECT}))


@pytest.mark.parametrize("case", CASES)
def test_w3c_protocol(client: httpx.Client, quads_at_start: int, case: Case) -> None:
    case.check(case.send(client))
    if case.update:
        assert quads(client) == quads_at_start, "an update request changed the store"


def test_every_query_case_of_the_manifest_is_here() -> None:
    names = {p.id for p in CASES}  # type: ignore[attr-defined]
    assert {
        "query_get", "query_post_form", "query_post_direct",
        "query_dataset_default_graph", "query_dataset_default_graphs_get",
        "query_dataset_default_graphs_post", "query_dataset_named_graphs_post",
        "query_dataset_named_graphs_get", "query_dataset_full", "query_multiple_dataset",
        "query_content_type_select", "query_content_type_ask",
        "query_content_type_describe", "query_content_type_construct",
        "bad_query_method", "bad_multiple_queries", "bad_query_wrong_media_type",
        "bad_query_missing_form_type", "bad_query_missing_direct_type", "bad_query_non_utf8",
        "bad_query_syntax",
    } <= names  # fmt: skip
    assert len(names) == len(CASES), "two cases share a name"
