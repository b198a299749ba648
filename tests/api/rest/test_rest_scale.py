"""Over a generated corpus of 300,000 triples, every REST lookup answers within a few seconds.

The bound is loose on purpose: it does not time the engine, it catches a query that compares
every stance (claim, event) with every other, which takes minutes at this size. (A FILTER NOT
EXISTS with a comparison inside did: it is why the lookups use OPTIONAL and !BOUND.)
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rest_harness import build, serve, settings

from peacekg.api import create_app
from peacekg.synth import generate

TRIPLES = 300_000
SECONDS = 5.0


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    corpus = io.StringIO()
    generate(corpus, TRIPLES, seed=1)
    path = Path(tmp_path_factory.mktemp("corpus")) / "corpus.nq"
    path.write_text(corpus.getvalue(), encoding="utf-8")
    store = build()
    store.load(path)
    try:
        with (
            serve(create_app(settings(), store=store)) as server,
            httpx.Client(base_url=server.url + "/api/v1", timeout=120) as client,
        ):
            yield client
    finally:
        store.close()


def test_every_lookup_answers_quickly_at_scale(http: httpx.Client) -> None:
    party = http.get("/actors", params={"type": "party", "limit": 5}).json()["items"][-1]["id"]
    event = http.get("/events", params={"limit": 3}).json()["items"][-1]["id"]
    paths = [
        f"/parties/{party}/stances",
        f"/parties/{party}/stances?history=true",
        f"/parties/{party}/stances?as_of=2026-01-01",
        "/stance-matrix",
        "/stance-matrix?as_of=2026-01-01",
        "/actors?q=a",
        f"/actors/{party}",
        "/issues",
        "/issues/territory/stances?as_of=2026-01-01",
        "/events?from=2000-01-01&to=2030-01-01",
        "/events?status=held",
        f"/events/{event}",
        "/documents",
        "/claims?source_kind=anonymous",
        "/claims?source_kind=on-record",
        "/claims/conflicts",
    ]
    slow = []
    for path in paths:
        start = time.perf_counter()
        response = http.get(path)
        took = time.perf_counter() - start
        assert response.status_code == 200, (path, response.text)
        if took > SECONDS:
            slow.append((path, round(took, 1)))
    assert slow == []
    assert http.get("/claims/conflicts").json()["items"], "the corpus holds conflicting stances"
