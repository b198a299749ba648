"""What is particular to the remote backend (the store contract and the competency queries run
on it in ``test_store.py`` and ``test_competency_queries.py``): a server that is down, writes on
a read-only store, the settings that choose it, and the service over it."""

from __future__ import annotations

import doctest
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Literal
from typer.testing import CliRunner

import peacekg.store.remote
from conftest import Sample
from oxigraph_server import OXIGRAPH_SERVER
from peacekg import cli
from peacekg.api import create_app
from peacekg.config import Settings
from peacekg.query.service import RemoteRunner, make_query_runner
from peacekg.store import (
    OxigraphStore,
    QuerySyntaxError,
    QueryTimeout,
    RemoteStore,
    StoreReadOnly,
    StoreUnavailable,
    open_store,
)

DOWN = "http://127.0.0.1:9/query"  # the discard port: nothing listens there
ACCEPT_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def remote(sample_dataset: Dataset) -> Iterator[RemoteStore]:
    with OXIGRAPH_SERVER.empty_store() as store:
        store.load(sample_dataset)
        yield store


def test_a_server_that_is_down_is_named(sample_dataset: Dataset) -> None:
    with RemoteStore(DOWN, update_url=DOWN, gsp_url=DOWN) as store:
        with pytest.raises(StoreUnavailable, match=f"The SPARQL server at {DOWN} cannot be"):
            store.select("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(StoreUnavailable, match=f"The SPARQL server at {DOWN} cannot be"):
            store.load(sample_dataset)


def test_a_read_only_store_refuses_writes(sample: Sample, remote: RemoteStore) -> None:
    with OXIGRAPH_SERVER.store(read_only=True) as reader:
        with pytest.raises(StoreReadOnly, match="was opened read-only"):
            reader.load(Dataset())
        with pytest.raises(StoreReadOnly, match="was opened read-only"):
            reader.replace_graph("https://example.org/graph/article-1", [])
        assert reader.count() == sample.quads


def test_a_query_with_from_sees_its_own_dataset(remote: RemoteStore) -> None:
    query = "SELECT ?l FROM <https://example.org/graph/article-2> WHERE {{ ?s rdfs:label ?l }}"
    assert remote.select(query.replace("{{", "{").replace("}}", "}")).rows == ((Literal("Alice"),),)


def test_a_syntax_error_on_the_first_line_points_into_the_query(remote: RemoteStore) -> None:
    query = "SELECT ?s WHERE { ?s ?p }"
    with pytest.raises(QuerySyntaxError) as over_http:
        remote.select(query)
    with OxigraphStore() as local, pytest.raises(QuerySyntaxError) as in_process:
        local.select(query)
    assert (over_http.value.line, over_http.value.column) == (1, in_process.value.column)
    assert over_http.value.column is not None and over_http.value.column <= len(query) + 1


def test_results_beyond_the_cap_are_cut(remote: RemoteStore) -> None:
    results = remote.prepare_results(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", "text/csv", max_results=3
    )
    out = io.BytesIO()
    results.write(out)
    assert results.truncated
    assert len(out.getvalue().decode().splitlines()) == 1 + 3


def test_settings_choose_the_remote_store() -> None:
    settings = Settings(store_url="http://db.example:7878/query", _env_file=None)  # type: ignore[call-arg]
    assert settings.store_update_url == "http://db.example:7878/update"
    assert settings.store_gsp_url == "http://db.example:7878/store"
    fuseki = Settings(store_url="http://db.example:3030/ds/sparql", _env_file=None)  # type: ignore[call-arg]
    assert (fuseki.store_update_url, fuseki.store_gsp_url) == (None, None)
    with open_store(settings) as store:
        assert isinstance(store, RemoteStore) and store.read_only
        assert store.gsp_url == settings.store_gsp_url
    assert isinstance(make_query_runner(settings), RemoteRunner)


def test_the_service_runs_queries_on_the_server_within_its_limits(remote: RemoteStore) -> None:
    settings = Settings(
        store_url=OXIGRAPH_SERVER.query_url,
        store_union_parameter="union-default-graph",
        max_result_rows=2,
        _env_file=None,  # type: ignore[call-arg]
    )
    with TestClient(create_app(settings)) as client:
        accept = {"Accept": "application/sparql-results+json"}
        answer = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers=accept)
        assert answer.status_code == 200, answer.text
        assert answer.headers["X-Peacekg-Truncated"] == "true"
        assert len(json.loads(answer.content)["results"]["bindings"]) == 2
        ask = client.get("/sparql", params={"query": "ASK { ?s pk:round 3 }"}, headers=accept)
        assert ask.json()["boolean"] is True
        service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
        refused = client.get("/sparql", params={"query": service}, headers=accept)
        assert refused.status_code == 403 and refused.json()["code"] == "service_forbidden"
        update = client.post("/sparql", data={"update": "DROP ALL"})
        assert update.status_code >= 400
    assert remote.count() == Sample().quads


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(peacekg.store.remote, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0


def test_a_server_that_does_not_answer_in_time_is_a_query_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with RemoteStore(url, timeout=0.3) as store, pytest.raises(QueryTimeout):
            store.select("SELECT * WHERE { ?s ?p ?o }")


def test_the_service_says_when_the_server_is_down() -> None:
    settings = Settings(store_url=DOWN, _env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:
        answer = client.get("/sparql", params={"query": "ASK {}"}, headers=ACCEPT_JSON)
    assert answer.status_code == 503
    assert answer.json()["code"] == "store_unavailable"
    assert DOWN in answer.json()["message"]


def test_serve_refuses_to_start_over_a_server_that_is_down() -> None:
    result = CliRunner().invoke(cli.app, ["serve"], env={"PEACEKG_STORE_URL": DOWN})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The SPARQL server at {DOWN} cannot be reached")


@contextmanager
def half_answering_server(bindings: int) -> Iterator[str]:
    """A server that sends the start of a SELECT answer (``bindings`` solutions), then holds
    the connection open without another byte; its query URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    done = threading.Event()

    def answer() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            rows = ",".join(
                f'{{"s":{{"type":"uri","value":"https://example.org/s{i}"}}}}'
                for i in range(bindings)
            )
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Connection: close\r\n\r\n"
                + f'{{"head":{{"vars":["s"]}},"results":{{"bindings":[{rows},'.encode()
            )
            done.wait(10)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    finally:
        done.set()
        thread.join(10)
        listener.close()


def test_capped_results_are_read_from_the_server_only_as_far_as_the_cap() -> None:
    with half_answering_server(bindings=20_000) as url, RemoteStore(url, timeout=5) as store:
        started = time.monotonic()
        results = store.prepare_results("SELECT ?s WHERE { ?s ?p ?o }", "text/csv", max_results=2)
        out = io.BytesIO()
        results.write(out)
        # The parser reads ahead a buffer's worth, but never waits for the end of the answer.
        assert time.monotonic() - started < 2
    assert results.truncated
    assert out.getvalue().decode().splitlines() == [
        "s",
        "https://example.org/s0",
        "https://example.org/s1",
    ]


def test_results_that_stop_coming_are_a_query_timeout() -> None:
    with (
        half_answering_server(bindings=1) as url,
        RemoteStore(url, timeout=0.3) as store,
        pytest.raises(QueryTimeout),
    ):
        store.prepare_results("SELECT ?s WHERE { ?s ?p ?o }", "text/csv", max_results=10)
