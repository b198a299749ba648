"""Safe by default: no update, no SERVICE or LOAD, no outbound connection, a cap on query size.

Each refusal is checked over HTTP against the real server; a loopback listener stands where a
query points, and must receive no connection.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_harness import (
    EX,
    QUADS,
    LiveServer,
    connections_received,
    listener,
    media_type,
    rows,
    serve,
    settings_for,
)

from peacekg.api import create_app
from peacekg.api.query_guard import guard


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(tmp_path_factory.mktemp("safety"))
    with serve(create_app(settings)) as server:
        yield server


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=10) as http:
        yield http


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    with listener() as sock:
        yield sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()
    return f"http://{host}:{port}/sparql"


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert media_type(response) == "application/json"
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def talks_triples(client: httpx.Client) -> set[tuple[str, ...]]:
    query = f"SELECT ?p ?o WHERE {{ <{EX}talks> ?p ?o }}"
    return rows(client.get("/sparql", params={"query": query}))


def assert_data_unchanged(client: httpx.Client, before: set[tuple[str, ...]]) -> None:
    assert client.get("/health").json()["quads"] == QUADS
    assert talks_triples(client) == before
    ask = f"ASK {{ <{EX}talks> <{EX}p> ?o }}"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is False


INSERT = f'INSERT DATA {{ <{EX}talks> <{EX}p> "injected" }}'
DELETE = f"DELETE WHERE {{ <{EX}talks> ?p ?o }}"


class TestReadOnly:
    @pytest.mark.parametrize("update", [INSERT, DELETE, "CLEAR ALL", "DROP DEFAULT"])
    def test_update_parameter_by_form(self, client: httpx.Client, update: str) -> None:
        before = talks_triples(client)
        refused(client.post("/sparql", data={"update": update}), 403, "update_forbidden")
        assert_data_unchanged(client, before)

    def test_update_content_type(self, client: httpx.Client) -> None:
        before = talks_triples(client)
        response = client.post(
            "/sparql",
            content=INSERT.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        refused(response, 403, "update_forbidden")
        assert_data_unchanged(client, before)

    def test_update_by_get(self, client: httpx.Client) -> None:
        before = talks_triples(client)
        refused(client.get("/sparql", params={"update": INSERT}), 403, "update_forbidden")
        assert_data_unchanged(client, before)

    @pytest.mark.parametrize(
        "update",
        [
            INSERT,
            DELETE,
            f"PREFIX ex: <{EX}>\nWITH ex:g DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        ],
        ids=["insert-data", "delete-where", "with-delete"],
    )
    def test_update_sent_as_a_query(self, client: httpx.Client, update: str) -> None:
        before = talks_triples(client)
        refused(client.post("/sparql", data={"query": update}), 403, "update_forbidden")
        refused(client.get("/sparql", params={"query": update}), 403, "update_forbidden")
        assert_data_unchanged(client, before)


class TestNoOutboundConnection:
    def test_the_trap_detects_a_connection(self, trap: socket.socket) -> None:
        """The check below can fail: a real connection to the listener is counted."""
        with socket.create_connection(trap.getsockname(), timeout=2):
            pass
        assert connections_received(trap) == 1

    @pytest.mark.parametrize(
        "template",
        [
            "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
            "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
            "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
            "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            "PREFIX remote: <{url}#>\nSELECT * WHERE {{ SERVICE remote:x {{ ?s ?p ?o }} }}",
            "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            # Does not parse with rdflib (a trailing brace); the token scan still sees SERVICE.
            "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        ],
    )
    @pytest.mark.parametrize("method", ["get", "form", "direct"])
    def test_service_refused_before_execution(
        self, client: httpx.Client, trap: socket.socket, template: str, method: str
    ) -> None:
        query = template.format(url=url_of(trap))
        if method == "get":
            response = client.get("/sparql", params={"query": query})
        elif method == "form":
            response = client.post("/sparql", data={"query": query})
        else:
            response = client.post(
                "/sparql",
                content=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
        refused(response, 403, "service_forbidden")
        assert connections_received(trap) == 0

    @pytest.mark.parametrize(
        "template",
        ["LOAD <{url}>", "LOAD SILENT <{url}> INTO GRAPH <{url}>"],
    )
    def test_load_refused(self, client: httpx.Client, trap: socket.socket, template: str) -> None:
        load = template.format(url=url_of(trap))
        before = talks_triples(client)
        refused(client.post("/sparql", data={"query": load}), 403, "update_forbidden")
        refused(client.post("/sparql", data={"update": load}), 403, "update_forbidden")
        refused(
            client.post(
                "/sparql",
                content=load.encode(),
                headers={"Content-Type": "application/sparql-update"},
            ),
            403,
            "update_forbidden",
        )
        assert connections_received(trap) == 0
        assert_data_unchanged(client, before)

    def test_keywords_in_strings_iris_and_comments_are_no_service(
        self, client: httpx.Client, trap: socket.socket
    ) -> None:
        url = url_of(trap)
        query = (
            f"# SERVICE <{url}> {{ }} and LOAD <{url}>\n"
            f'SELECT ?label WHERE {{ ?s rdfs:label ?label FILTER(?label != "SERVICE <{url}> {{}}") '
            f"FILTER(?s != <{EX}SERVICE>) }}"
        )
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 200, response.text
        assert rows(response) == {("Geneva talks",), ("Alice",)}
        assert connections_received(trap) == 0


def test_query_beyond_rdflibs_parser_runs_but_service_in_it_does_not(
    client: httpx.Client, trap: socket.socket
) -> None:
    deep = "(" * 100 + "BOUND(?label)" + ")" * 100
    query = f"SELECT ?label WHERE {{ ?s rdfs:label ?label FILTER({deep}) }}"
    assert guard(query, parse=True).tree is None  # rdflib's parser gives up (RecursionError)
    assert rows(client.post("/sparql", data={"query": query})) == {("Geneva talks",), ("Alice",)}
    service = f"SERVICE <{url_of(trap)}> {{ ?s ?p ?o }}"
    query = f"SELECT * WHERE {{ ?s rdfs:label ?label FILTER({deep}) {service} }}"
    refused(client.post("/sparql", data={"query": query}), 403, "service_forbidden")
    assert connections_received(trap) == 0


@pytest.fixture
def small_limit(tmp_path: Path) -> Iterator[httpx.Client]:
    settings = settings_for(tmp_path).model_copy(update={"max_query_length": 120})
    with (
        serve(create_app(settings)) as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        yield http


class TestQueryLength:
    def test_query_over_the_cap_is_413(self, small_limit: httpx.Client) -> None:
        query = "SELECT ?s WHERE { ?s ?p ?o } " + "#" * 200
        response = small_limit.post("/sparql", data={"query": query})
        refused(response, 413, "query_too_long")
        assert response.json()["max_length"] == 120

    def test_query_under_the_cap_runs(self, small_limit: httpx.Client) -> None:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert rows(small_limit.get("/sparql", params={"query": query})) == {
            (EX + "graph/a",),
            (EX + "graph/b",),
        }
