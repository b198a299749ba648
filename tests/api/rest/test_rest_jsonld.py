"""JSON-LD answers: expanded with pyld through the published context, they give triples the
store holds (every one of them), and the core triples of a stance exactly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph, URIRef
from rest_harness import ID, served

from peacekg.namespaces import PK
from peacekg.store import OxigraphStore

JSONLD = "application/ld+json"
CORE = (PK.holder, PK.issue, PK.value, PK.validFrom)


@pytest.fixture(scope="module")
def setup() -> Iterator[tuple[httpx.Client, OxigraphStore, Graph]]:
    with served(synthetic=True) as (http, store):
        everything = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        yield http, store, everything


def expanded_triples(http: httpx.Client, path: str, **params: Any) -> Graph:
    """The triples of the JSON-LD answer, by pyld, its context fetched from the server."""
    response = http.get(path, params=params, headers={"Accept": JSONLD})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(JSONLD)
    document = response.json()
    assert document["@context"].endswith("/api/v1/context.jsonld")

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        fetched = httpx.get(url, timeout=10)
        assert fetched.status_code == 200
        assert fetched.headers["content-type"].startswith(JSONLD)
        return {"contextUrl": None, "documentUrl": url, "document": fetched.json()}

    nquads = jsonld.to_rdf(
        jsonld.expand(document, {"documentLoader": loader}),
        {"format": "application/n-quads"},
    )
    return Graph().parse(data=nquads, format="nt")


def test_one_stance_gives_the_core_triples_the_store_holds(
    setup: tuple[httpx.Client, OxigraphStore, Graph],
) -> None:
    http, _, everything = setup
    stance = URIRef(f"{ID}article/2026-03-14-port-alder-round-3/kessaly-heavy-weapons-offer")
    graph = expanded_triples(
        http, "/stances/2026-03-14-port-alder-round-3/kessaly-heavy-weapons-offer"
    )
    for predicate in CORE:
        served_objects = set(graph.objects(stance, predicate))
        assert served_objects, predicate
        assert served_objects == set(everything.objects(stance, predicate))
    assert (stance, PK.condition, None) in graph
    assert (stance, PK.supportedBy, None) in graph


def test_every_triple_of_a_json_ld_answer_is_in_the_store(
    setup: tuple[httpx.Client, OxigraphStore, Graph],
) -> None:
    http, _, everything = setup
    for path, params in (
        ("/parties/kessaly/stances", {"history": "true"}),
        ("/parties/russia/stances", {}),
        ("/stances/2026-04-03-round-4-postponed/kessaly-heavy-weapons-withdrawal-ruled-out", {}),
        ("/stance-matrix", {"limit": 500}),
        ("/actors", {"limit": 500}),
        ("/issues", {"limit": 500}),
        ("/events", {"limit": 500}),
        ("/events/2026-04-02-port-alder-round-4", {}),
        ("/documents/us-peace-plan", {}),
        ("/claims", {"limit": 500}),
    ):
        graph = expanded_triples(http, path, **params)
        assert len(graph) > 10
        missing = [t for t in graph if t not in everything]
        assert not missing, missing[:5]


def test_json_by_default_with_a_link_to_the_context(
    setup: tuple[httpx.Client, OxigraphStore, Graph],
) -> None:
    http, _, _ = setup
    response = http.get("/parties/russia/stances")
    assert response.headers["content-type"].startswith("application/json")
    assert "@context" not in response.json()
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in response.headers["link"]
