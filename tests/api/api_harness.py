"""The API tests' harness: a small store, the real app under uvicorn on a free loopback port,
and parsers for what the endpoint sends back (rdflib's, so the endpoint's own code is not used
to check itself).

Kept out of ``conftest.py`` so that it cannot shadow the top-level ``conftest`` module.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result

from peacekg.api import create_app
from peacekg.build import build_store as build_data_store
from peacekg.config import Settings
from peacekg.namespaces import PREFIXES
from peacekg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
EX = "https://example.org/"
PK = "https://w3id.org/peacekg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GRAPH_A = EX + "graph/a"
GRAPH_B = EX + "graph/b"

# Two article graphs; the talks are in both.
DATA_TRIG = """
@prefix ex: <https://example.org/> .
@prefix pk: <https://w3id.org/peacekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://example.org/graph/a> {
    ex:talks a pk:Negotiation ;
        rdfs:label "Geneva talks"@en ;
        pk:round 3 .
}

<https://example.org/graph/b> {
    ex:alice rdfs:label "Alice" .
    ex:talks pk:party ex:alice .
}
"""
QUADS = 5
GRAPHS = [GRAPH_A, GRAPH_B]


def dataset() -> Dataset:
    data = Dataset()
    data.parse(data=DATA_TRIG, format="trig")
    return data


def build_store(path: Path) -> None:
    """Write the test data to a new on-disk store at ``path``."""
    with OxigraphStore(path, prefixes=PREFIXES) as store:
        store.load(dataset())


def settings_for(tmp: Path) -> Settings:
    """Settings whose store is the test data, built under ``tmp``; no environment read."""
    settings = Settings(store_path=tmp / "store", data_dir=tmp / "data", _env_file=None)
    build_store(settings.store_path)
    return settings


@dataclass
class LiveServer:
    """The app served by uvicorn in a thread of the test process."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextmanager
def serve(app: FastAPI) -> Iterator[LiveServer]:
    """Run ``app`` under uvicorn on a free loopback port until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("The test server did not start.")
        time.sleep(0.01)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def site_over_data(directory: Path) -> Iterator[httpx.Client]:
    """A client of the app served over a store built from the shipped ``data/`` under
    ``directory`` (a fresh one per test module)."""
    settings = Settings(
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        store_path=directory / "store",
        _env_file=None,  # type: ignore[call-arg]
    )
    build_data_store(settings)
    with (
        serve(create_app(settings)) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        yield http


@contextmanager
def listener() -> Iterator[socket.socket]:
    """A loopback socket that listens and never accepts: a connection would wait in its queue."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connections_received(sock: socket.socket) -> int:
    """How many connections are waiting on a listener (each is accepted and closed)."""
    count = 0
    while True:
        try:
            connection, _ = sock.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


# -- reading what the endpoint sends ---------------------------------------------------------

RESULTS_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def rows(response: httpx.Response) -> set[tuple[str, ...]]:
    """The solutions of a SELECT response, parsed by rdflib from the media type sent, as
    a set of tuples of the terms' string forms (None for unbound) in the variables' order."""
    assert response.status_code == 200, response.text
    fmt = RESULTS_FORMATS[media_type(response)]
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    return {
        tuple(None if term is None else str(term) for term in row)  # type: ignore[misc]
        for row in result
    }


def boolean(response: httpx.Response) -> bool:
    assert response.status_code == 200, response.text
    fmt = RESULTS_FORMATS[media_type(response)]
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    assert result.type == "ASK"
    return bool(result.askAnswer)


def graph(response: httpx.Response) -> Graph:
    """The triples of a CONSTRUCT or DESCRIBE response (or of any RDF response)."""
    assert response.status_code == 200, response.text
    fmt = GRAPH_FORMATS[media_type(response)]
    if fmt in ("nquads", "trig"):
        data = Dataset()
        data.parse(data=response.content, format=fmt)
        merged = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return Graph().parse(data=response.content, format=fmt)


def iri(value: str) -> URIRef:
    return URIRef(value)
