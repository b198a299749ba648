"""The SPARQL 1.1 Protocol at /sparql, driven over HTTP against the real app under uvicorn.

Cases follow the query part of the W3C protocol tests: GET, POST form, POST direct, the
content types per query form, the dataset parameters, and the negative cases.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_harness import (
    EX,
    GRAPH_A,
    GRAPH_B,
    GRAPH_FORMATS,
    GRAPHS,
    PK,
    QUADS,
    RDFS_LABEL,
    RESULTS_FORMATS,
    LiveServer,
    boolean,
    graph,
    media_type,
    rows,
    serve,
    settings_for,
)
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from peacekg.api import create_app

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TALKS = URIRef(EX + "talks")
ALICE = URIRef(EX + "alice")

LABELS = "SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
LABEL_ROWS = {(EX + "talks", "Geneva talks"), (EX + "alice", "Alice")}
CONSTRUCT_TALKS = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <%s>) }" % (EX + "talks")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def talks_graph() -> Graph:
    expected = Graph()
    expected.add((TALKS, RDF.type, URIRef(PK + "Negotiation")))
    expected.add((TALKS, URIRef(RDFS_LABEL), Literal("Geneva talks", lang="en")))
    expected.add((TALKS, URIRef(PK + "round"), Literal(3)))
    expected.add((TALKS, URIRef(PK + "party"), ALICE))
    return expected


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over the test data on disk, opened read-only by the app's own lifespan."""
    settings = settings_for(tmp_path_factory.mktemp("api"))
    with serve(create_app(settings)) as server:
        yield server


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=10) as http:
        yield http


def error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    """The JSON error body, after checking its status and code."""
    assert response.status_code == status, response.text
    assert media_type(response) == "application/json"
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


# -- the three ways to send a query ----------------------------------------------------------


class TestQueryOperation:
    def test_get(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": LABELS})
        assert response.status_code == 200
        assert media_type(response) == "application/sparql-results+json"
        assert rows(response) == LABEL_ROWS

    def test_post_form(self, client: httpx.Client) -> None:
        response = client.post("/sparql", data={"query": LABELS})
        assert response.status_code == 200
        assert rows(response) == LABEL_ROWS

    def test_post_form_with_charset(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            content=httpx.QueryParams({"query": LABELS}).__str__().encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
        )
        assert rows(response) == LABEL_ROWS

    def test_post_direct(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            content=LABELS.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        assert response.status_code == 200
        assert rows(response) == LABEL_ROWS

    def test_non_ascii_query(self, client: httpx.Client) -> None:
        query = 'ASK { ?s rdfs:label "Genève talks"@en }'
        assert boolean(client.get("/sparql", params={"query": query})) is False
        query = 'SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) != "Genève") } ORDER BY ?s'
        assert rows(client.post("/sparql", data={"query": query})) == {
            (EX + "alice",),
            (EX + "talks",),
        }

    def test_ask(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": "ASK { ?s pk:party ?o }"})
        assert media_type(response) == "application/sparql-results+json"
        assert response.json() == {"head": {}, "boolean": True}

    def test_construct_defaults_to_turtle(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": CONSTRUCT_TALKS})
        assert response.status_code == 200
        assert media_type(response) == "text/turtle"
        assert isomorphic(graph(response), talks_graph())

    def test_describe(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": f"DESCRIBE <{EX}talks>"})
        assert media_type(response) == "text/turtle"
        assert isomorphic(graph(response), talks_graph())

    def test_vary_and_cors(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql", params={"query": LABELS}, headers={"Origin": "https://yasgui.org"}
        )
        assert response.headers["vary"].lower().count("accept") >= 1
        assert response.headers["access-control-allow-origin"] == "*"
        assert rows(response) == LABEL_ROWS

    def test_cors_preflight(self, client: httpx.Client) -> None:
        response = client.options(
            "/sparql",
            headers={
                "Origin": "https://yasgui.org",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        assert {"GET", "POST"} <= {
            m.strip() for m in response.headers["access-control-allow-methods"].split(",")
        }


# -- results in every format -----------------------------------------------------------------


class TestFormats:
    @pytest.mark.parametrize("accept", sorted(RESULTS_FORMATS))
    def test_select_in_every_results_format(self, client: httpx.Client, accept: str) -> None:
        response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
        assert response.status_code == 200
        assert media_type(response) == accept
        assert rows(response) == LABEL_ROWS

    @pytest.mark.parametrize(
        "accept",
        [
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/tab-separated-values",
        ],
    )
    def test_ask_in_results_formats(self, client: httpx.Client, accept: str) -> None:
        query = "ASK { ?s pk:round 4 }"
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert media_type(response) == accept
        if accept == "text/tab-separated-values":
            assert response.text.strip() == "false"  # what Oxigraph writes for ASK
        else:
            assert boolean(response) is False

    @pytest.mark.parametrize("accept", sorted(GRAPH_FORMATS))
    def test_construct_in_every_rdf_format(self, client: httpx.Client, accept: str) -> None:
        response = client.get(
            "/sparql", params={"query": CONSTRUCT_TALKS}, headers={"Accept": accept}
        )
        assert response.status_code == 200
        assert media_type(response) == accept
        assert isomorphic(graph(response), talks_graph())

    @pytest.mark.parametrize(
        ("fmt", "expected"),
        [
            ("json", "application/sparql-results+json"),
            ("xml", "application/sparql-results+xml"),
            ("csv", "text/csv"),
            ("tsv", "text/tab-separated-values"),
            ("text/csv", "text/csv"),
        ],
    )
    def test_format_parameter_overrides_accept(
        self, client: httpx.Client, fmt: str, expected: str
    ) -> None:
        response = client.get(
            "/sparql",
            params={"query": LABELS, "format": fmt},
            headers={"Accept": "application/sparql-results+json;q=1, text/csv;q=0.1"},
        )
        assert media_type(response) == expected
        assert rows(response) == LABEL_ROWS

    @pytest.mark.parametrize(
        ("fmt", "expected"),
        [
            ("turtle", "text/turtle"),
            ("ntriples", "application/n-triples"),
            ("nquads", "application/n-quads"),
            ("trig", "application/trig"),
            ("jsonld", "application/ld+json"),
            ("json", "application/ld+json"),
            ("rdfxml", "application/rdf+xml"),
            ("xml", "application/rdf+xml"),
        ],
    )
    def test_format_parameter_for_graphs(
        self, client: httpx.Client, fmt: str, expected: str
    ) -> None:
        response = client.post("/sparql", data={"query": CONSTRUCT_TALKS, "format": fmt})
        assert media_type(response) == expected
        assert isomorphic(graph(response), talks_graph())

    def test_format_not_available_for_the_form(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": LABELS, "format": "turtle"})
        body = error(response, 406, "not_acceptable")
        assert body["available"] == list(RESULTS_FORMATS)

    def test_unknown_format(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": LABELS, "format": "yaml"})
        body = error(response, 400, "unknown_format")
        assert "yaml" in str(body["message"])


class TestNegotiation:
    @pytest.mark.parametrize(
        ("accept", "expected"),
        [
            (BROWSER_ACCEPT, "application/sparql-results+xml"),  # html not offered yet
            ("application/sparql-results+json", "application/sparql-results+json"),
            ("*/*", "application/sparql-results+json"),
            ("text/csv;q=0.5, application/json;q=0.9", "application/sparql-results+json"),
            ("text/csv, */*;q=0.1", "text/csv"),
            ("text/*", "text/csv"),
            ("text/*, text/tab-separated-values", "text/tab-separated-values"),
            ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
            ("application/xml", "application/sparql-results+xml"),
        ],
    )
    def test_select(self, client: httpx.Client, accept: str, expected: str) -> None:
        response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
        assert response.status_code == 200
        assert media_type(response) == expected
        assert rows(response) == LABEL_ROWS

    @pytest.mark.parametrize(
        ("accept", "expected"),
        [
            (BROWSER_ACCEPT, "application/rdf+xml"),
            ("*/*", "text/turtle"),
            ("application/json", "application/ld+json"),
            ("text/plain", "application/n-triples"),
            ("application/n-quads;q=0.5, application/trig;q=0.7", "application/trig"),
        ],
    )
    def test_construct(self, client: httpx.Client, accept: str, expected: str) -> None:
        response = client.get(
            "/sparql", params={"query": CONSTRUCT_TALKS}, headers={"Accept": accept}
        )
        assert media_type(response) == expected
        assert isomorphic(graph(response), talks_graph())

    def test_nothing_acceptable_is_406_with_the_available_types(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
        body = error(response, 406, "not_acceptable")
        assert body["available"] == list(RESULTS_FORMATS)

    def test_graph_type_for_a_select_is_406(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql", params={"query": LABELS}, headers={"Accept": "text/turtle"}
        )
        assert error(response, 406, "not_acceptable")["available"] == list(RESULTS_FORMATS)

    def test_results_type_for_a_construct_is_406(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql",
            params={"query": CONSTRUCT_TALKS},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert error(response, 406, "not_acceptable")["available"] == list(GRAPH_FORMATS)


# -- the negative cases ----------------------------------------------------------------------


class TestProtocolErrors:
    @pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
    def test_wrong_method(self, client: httpx.Client, method: str) -> None:
        response = client.request(method, "/sparql", params={"query": LABELS})
        error(response, 405, "method_not_allowed")
        assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}

    def test_two_queries_by_get(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params=[("query", LABELS), ("query", "ASK {}")])
        assert "2 'query' parameters" in str(error(response, 400, "protocol_error")["message"])

    def test_two_queries_by_form(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            content=b"query=ASK%7B%7D&query=ASK%7B%7D",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        error(response, 400, "protocol_error")

    def test_query_in_body_and_in_url(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            params={"query": LABELS},
            content=b"ASK {}",
            headers={"Content-Type": "application/sparql-query"},
        )
        error(response, 400, "protocol_error")

    def test_missing_query_in_form(self, client: httpx.Client) -> None:
        response = client.post("/sparql", data={"format": "json"})
        assert "no query" in str(error(response, 400, "protocol_error")["message"])

    def test_get_with_dataset_but_no_query(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"default-graph-uri": GRAPH_A})
        error(response, 400, "protocol_error")

    @pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
    def test_wrong_content_type(self, client: httpx.Client, content_type: str | None) -> None:
        headers = {"Content-Type": content_type} if content_type else {}
        response = client.post("/sparql", content=f"query={LABELS}".encode(), headers=headers)
        body = error(response, 400, "unsupported_content_type")
        assert body["supported"] == [
            "application/x-www-form-urlencoded",
            "application/sparql-query",
        ]

    def test_direct_post_in_another_charset(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            content=LABELS.encode("utf-16"),
            headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
        )
        error(response, 400, "unsupported_content_type")

    def test_body_not_utf8(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            content='ASK { ?s ?p "Genève" }'.encode("latin-1"),
            headers={"Content-Type": "application/sparql-query"},
        )
        error(response, 400, "protocol_error")

    @pytest.mark.parametrize(
        "send",
        [
            lambda c, q: c.get("/sparql", params={"query": q}),
            lambda c, q: c.post("/sparql", data={"query": q}),
            lambda c, q: c.post(
                "/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"}
            ),
        ],
        ids=["get", "form", "direct"],
    )
    def test_syntax_error_gives_the_parsers_message_and_position(
        self, client: httpx.Client, send: object
    ) -> None:
        response = send(client, "SELECT ?s WHERE { ?s ?p ?o ")  # type: ignore[operator]
        body = error(response, 400, "query_syntax")
        assert body["line"] == 1 and body["column"] == 28
        assert "expected" in str(body["parser_message"])

    @pytest.mark.parametrize("query", ["", "   ", "PREFIX ex: <http://e/>"])
    def test_empty_query_is_a_syntax_error(self, client: httpx.Client, query: str) -> None:
        response = client.post("/sparql", data={"query": query})
        body = error(response, 400, "query_syntax")
        assert body["line"] == 1

    def test_unknown_prefix_is_a_syntax_error(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:p ?o }"})
        body = error(response, 400, "query_syntax")
        assert "Prefix not found" in str(body["parser_message"])
        assert (body["line"], body["column"]) == (1, 27)

    def test_unknown_path_is_json_404(self, client: httpx.Client) -> None:
        error(client.get("/nowhere"), 404, "not_found")


# -- the dataset parameters ------------------------------------------------------------------


class TestDatasetParameters:
    """The store on disk, behind worker processes: its default graph is the union of all graphs,
    unless the query or the protocol names the dataset."""

    GRAPHS_QUERY = "SELECT ?g ?s WHERE { GRAPH ?g { ?s rdfs:label ?l } }"

    def test_without_a_dataset_the_default_graph_is_the_union(self, client: httpx.Client) -> None:
        assert rows(client.get("/sparql", params={"query": LABELS})) == LABEL_ROWS

    def test_graph_patterns_see_every_graph(self, client: httpx.Client) -> None:
        query = "SELECT ?g WHERE { GRAPH ?g { ?s rdfs:label ?l } }"
        assert rows(client.get("/sparql", params={"query": query})) == {(GRAPH_A,), (GRAPH_B,)}

    def test_default_graph_of_one_article_graph_sees_only_its_triples(
        self, client: httpx.Client
    ) -> None:
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        response = client.get("/sparql", params={"query": query, "default-graph-uri": GRAPH_A})
        assert rows(response) == {
            (EX + "talks", str(RDF.type), PK + "Negotiation"),
            (EX + "talks", RDFS_LABEL, "Geneva talks"),
            (EX + "talks", PK + "round", "3"),
        }

    def test_named_graph_uri_alone_leaves_the_default_graph_empty(
        self, client: httpx.Client
    ) -> None:
        response = client.get("/sparql", params={"query": LABELS, "named-graph-uri": GRAPH_A})
        assert response.status_code == 200
        assert rows(response) == set()

    def test_default_graph_uri(self, client: httpx.Client) -> None:
        response = client.get("/sparql", params={"query": LABELS, "default-graph-uri": GRAPH_B})
        assert rows(response) == {(EX + "alice", "Alice")}

    def test_two_default_graphs_are_merged(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            data={"query": LABELS, "default-graph-uri": [GRAPH_A, GRAPH_B]},
        )
        assert rows(response) == LABEL_ROWS

    def test_named_graph_uri(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql", params={"query": self.GRAPHS_QUERY, "named-graph-uri": GRAPH_A}
        )
        assert rows(response) == {(GRAPH_A, EX + "talks")}

    def test_direct_post_takes_the_dataset_from_the_url(self, client: httpx.Client) -> None:
        response = client.post(
            "/sparql",
            params={"default-graph-uri": GRAPH_A, "named-graph-uri": GRAPH_B},
            content=b"SELECT ?s ?g WHERE { { ?s rdfs:label ?l } UNION { GRAPH ?g { ?s ?p ?o } } }",
            headers={"Content-Type": "application/sparql-query"},
        )
        assert rows(response) == {
            (EX + "talks", None),
            (EX + "alice", GRAPH_B),
            (EX + "talks", GRAPH_B),
        }

    def test_parameters_override_the_querys_from(self, client: httpx.Client) -> None:
        query = f"SELECT ?s ?label FROM <{GRAPH_A}> WHERE {{ ?s rdfs:label ?label }}"
        response = client.get("/sparql", params={"query": query, "default-graph-uri": GRAPH_B})
        assert rows(response) == {(EX + "alice", "Alice")}

    def test_query_from_clause_without_parameters(self, client: httpx.Client) -> None:
        query = f"SELECT ?s ?label FROM <{GRAPH_A}> WHERE {{ ?s rdfs:label ?label }}"
        assert rows(client.get("/sparql", params={"query": query})) == {
            (EX + "talks", "Geneva talks")
        }

    def test_construct_with_default_graph(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql",
            params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "default-graph-uri": GRAPH_B},
        )
        expected = Graph()
        expected.add((ALICE, URIRef(RDFS_LABEL), Literal("Alice")))
        expected.add((TALKS, URIRef(PK + "party"), ALICE))
        assert isomorphic(graph(response), expected)

    def test_not_an_iri(self, client: httpx.Client) -> None:
        response = client.get(
            "/sparql", params={"query": LABELS, "default-graph-uri": "not an iri>"}
        )
        error(response, 400, "bad_dataset_iri")


# -- the service description, health ---------------------------------------------------------


class TestServiceDescription:
    def test_turtle_by_default(self, client: httpx.Client, live: LiveServer) -> None:
        response = client.get("/sparql")
        assert response.status_code == 200
        assert media_type(response) == "text/turtle"
        description = graph(response)
        services = list(description.subjects(RDF.type, SD.Service))
        assert len(services) == 1
        assert description.value(services[0], SD.endpoint) == URIRef(live.sparql)
        assert (services[0], SD.supportedLanguage, SD.SPARQL11Query) in description
        names = {str(name) for name in description.objects(None, SD.name)}
        assert names == set(GRAPHS)

    @pytest.mark.parametrize("accept", ["application/ld+json", "application/rdf+xml"])
    def test_negotiated(self, client: httpx.Client, live: LiveServer, accept: str) -> None:
        response = client.get("/sparql", headers={"Accept": accept})
        assert media_type(response) == accept
        assert (None, SD.endpoint, URIRef(live.sparql)) in graph(response)

    def test_browser_gets_the_query_editor(self, client: httpx.Client) -> None:
        # A browser prefers HTML: the query editor (tests/web drives it); programs get RDF.
        response = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
        assert media_type(response) == "text/html"
        assert "/static/vendor/yasgui/yasgui.min.js" in response.text
        assert "Accept" in response.headers["vary"]

    def test_xml_without_html_gets_rdf_xml(self, client: httpx.Client) -> None:
        response = client.get("/sparql", headers={"Accept": "application/xml,*/*;q=0.8"})
        assert media_type(response) == "application/rdf+xml"
        assert len(list(graph(response).subjects(RDF.type, SD.Service))) == 1

    def test_format_names_rdf_even_for_a_browser(self, client: httpx.Client) -> None:
        response = client.get("/sparql?format=turtle", headers={"Accept": BROWSER_ACCEPT})
        assert media_type(response) == "text/turtle"

    def test_not_acceptable(self, client: httpx.Client) -> None:
        response = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
        assert error(response, 406, "not_acceptable")["available"] == list(GRAPH_FORMATS)


def test_health(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "quads": QUADS, "graphs": len(GRAPHS)}
