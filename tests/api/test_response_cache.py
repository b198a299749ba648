"""The response cache (:mod:`peacekg.api.response_cache`): hits, misses and bypasses through the
real app over an in-memory store, ETags and 304, the data generation, and, on small ASGI apps
driven directly, streaming, the size limits, the LRU and the replayed POST body."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from api_harness import EX, GRAPH_A, RDFS_LABEL, dataset, media_type, rows
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from rdflib import Dataset, Literal, URIRef

from peacekg.api import create_app
from peacekg.api.response_cache import CachedResponse, CachedResponses, ResponseCache
from peacekg.config import Settings
from peacekg.store import OxigraphStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from ingest_harness import ROUND3, article, fresh_store, settings_for

CACHE = "x-peacekg-cache"
LABELS = f"SELECT ?s ?label WHERE {{ ?s <{RDFS_LABEL}> ?label }}"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def store() -> Iterator[OxigraphStore]:
    """The API tests' data in memory; each test may write to it."""
    store = OxigraphStore()
    store.load(dataset())
    yield store
    store.close()


def app_over(store: OxigraphStore, cache_mb: int = 1) -> FastAPI:
    settings = Settings(response_cache_mb=cache_mb, _env_file=None)  # type: ignore[call-arg]
    return create_app(settings, store=store, public_base=EX)


@pytest.fixture
def client(store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(app_over(store)) as http:
        yield http


def stats(client: TestClient) -> dict[str, int]:
    body = client.get("/health/cache").json()
    assert body["enabled"] is True
    result: dict[str, int] = body["response_cache"]
    return result


def add_label(store: OxigraphStore, subject: str, label: str) -> None:
    extra = Dataset()
    extra.graph(URIRef(GRAPH_A)).add((URIRef(subject), URIRef(RDFS_LABEL), Literal(label)))
    store.load(extra)


# -- through the app -------------------------------------------------------------------------


def test_the_same_get_is_a_hit_with_the_same_bytes(client: TestClient) -> None:
    first = client.get("/sparql", params={"query": LABELS})
    second = client.get("/sparql", params={"query": LABELS})
    assert first.status_code == second.status_code == 200
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["etag"] == first.headers["etag"]
    assert first.headers["etag"].startswith('W/"0-')
    assert second.headers["vary"] == first.headers["vary"]
    assert rows(second) == {(EX + "talks", "Geneva talks"), (EX + "alice", "Alice")}
    assert stats(client) | {"bytes": 0} == {
        "max_bytes": 1_000_000,
        "bytes": 0,
        "entries": 1,
        "hits": 1,
        "misses": 1,
        "bypasses": 1,  # /health/cache itself
        "not_modified": 0,
        "evictions": 0,
        "generation": 0,
    }


def test_the_same_post_form_is_a_hit_and_another_body_a_miss(client: TestClient) -> None:
    first = client.post("/sparql", data={"query": LABELS})
    second = client.post("/sparql", data={"query": LABELS})
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    other = client.post("/sparql", data={"query": LABELS + " LIMIT 1"})
    assert other.headers[CACHE] == "miss"
    assert len(rows(other)) == 1
    direct = client.post(
        "/sparql", content=LABELS, headers={"Content-Type": "application/sparql-query"}
    )
    assert direct.headers[CACHE] == "miss"  # same text, another content type
    assert rows(direct) == rows(first)


def test_a_get_and_a_post_of_the_same_query_are_two_entries(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": LABELS}).headers[CACHE] == "miss"
    assert client.post("/sparql", data={"query": LABELS}).headers[CACHE] == "miss"
    assert client.get("/sparql", params={"query": LABELS}).headers[CACHE] == "hit"


def test_another_accept_is_a_miss_and_gets_its_format(client: TestClient) -> None:
    json = client.get("/sparql", params={"query": LABELS})
    csv = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert (json.headers[CACHE], csv.headers[CACHE]) == ("miss", "miss")
    assert media_type(json) == "application/sparql-results+json"
    assert media_type(csv) == "text/csv"
    assert csv.headers["etag"] != json.headers["etag"]
    again = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert again.headers[CACHE] == "hit"
    assert media_type(again) == "text/csv" and again.content == csv.content


def test_if_none_match_with_the_etag_is_304_without_a_body(client: TestClient) -> None:
    first = client.get("/sparql", params={"query": LABELS})
    etag = first.headers["etag"]
    for tags in (etag, f'"x", {etag}', etag.removeprefix("W/")):
        again = client.get("/sparql", params={"query": LABELS}, headers={"If-None-Match": tags})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert "Accept" in again.headers["vary"]
        assert again.headers[CACHE] == "hit"
    other = client.get("/sparql", params={"query": LABELS}, headers={"If-None-Match": '"x"'})
    assert other.status_code == 200 and other.headers[CACHE] == "hit"
    # The ETag is enough, the entry need not be looked up (within a generation).
    fresh = {"If-None-Match": etag, "Cache-Control": "no-cache"}
    assert client.get("/sparql", params={"query": LABELS}, headers=fresh).status_code == 304
    # A POST is never answered 304 (a failed condition on POST would be 412).
    post = client.post("/sparql", data={"query": LABELS}, headers={"If-None-Match": etag})
    assert post.status_code == 200
    assert stats(client)["not_modified"] == 4


def test_head_shares_the_entry_of_get(client: TestClient) -> None:
    head = client.head("/graph/a")
    assert head.status_code == 200 and head.headers[CACHE] == "miss"  # the app answers HEAD
    get = client.get("/graph/a")
    assert get.status_code == 200 and get.content and get.headers[CACHE] == "miss"
    head = client.head("/graph/a")
    assert head.status_code == 200 and head.headers[CACHE] == "hit"
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "vary"):
        assert head.headers.get(name) == get.headers.get(name), name
    # /sparql refuses HEAD, warm cache or not.
    client.get("/sparql", params={"query": LABELS})
    refused = client.head("/sparql", params={"query": LABELS})
    assert refused.status_code == 405 and refused.headers[CACHE] == "bypass"


def test_an_error_is_never_stored(client: TestClient) -> None:
    for _ in range(2):
        response = client.get("/sparql", params={"query": "SELECT WHERE {"})
        assert response.status_code == 400
        assert response.headers[CACHE] == "miss"
        assert "etag" not in response.headers
    missing = client.get("/graph/nothing-here")
    assert missing.status_code == 404 and missing.headers[CACHE] == "miss"
    assert stats(client)["entries"] == 0


def test_ingest_health_and_static_are_bypassed(client: TestClient) -> None:
    assert client.post("/ingest", json={}).headers[CACHE] == "bypass"  # no route: no token
    assert client.get("/ingest").headers[CACHE] == "bypass"
    for _ in range(2):
        assert client.get("/health").headers[CACHE] == "bypass"
    token = client.get("/sparql", params={"query": LABELS}, headers={"Authorization": "x"})
    assert token.headers[CACHE] == "bypass"
    assert client.put("/sparql").headers[CACHE] == "bypass"
    assert stats(client)["entries"] == 0


def test_no_cache_skips_the_lookup_and_refreshes_the_entry(
    client: TestClient, store: OxigraphStore
) -> None:
    client.get("/sparql", params={"query": LABELS})
    add_label(store, EX + "bob", "Bob")
    for header in ({"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}):
        fresh = client.get("/sparql", params={"query": LABELS}, headers=header)
        assert fresh.headers[CACHE] == "miss"
        assert (EX + "bob", "Bob") in rows(fresh)
    cached = client.get("/sparql", params={"query": LABELS})
    assert cached.headers[CACHE] == "hit"
    assert (EX + "bob", "Bob") in rows(cached)  # the refreshed answer was stored


def test_a_new_generation_drops_the_old_answers(client: TestClient, store: OxigraphStore) -> None:
    before = client.get("/sparql", params={"query": LABELS})
    add_label(store, EX + "bob", "Bob")
    stale = client.get("/sparql", params={"query": LABELS})
    assert stale.headers[CACHE] == "hit"
    assert (EX + "bob", "Bob") not in rows(stale)  # what the cache would go on serving
    client.app.state.data_generation += 1  # type: ignore[attr-defined]
    after = client.get("/sparql", params={"query": LABELS})
    assert after.headers[CACHE] == "miss"
    assert (EX + "bob", "Bob") in rows(after)
    assert after.headers["etag"].startswith('W/"1-')
    old = client.get(
        "/sparql", params={"query": LABELS}, headers={"If-None-Match": before.headers["etag"]}
    )
    assert old.status_code == 200  # the old ETag no longer matches
    assert stats(client)["entries"] == 1
    assert stats(client)["generation"] == 1


def test_cors_headers_are_on_hits(client: TestClient) -> None:
    origin = {"Origin": "https://yasgui.example"}
    client.get("/sparql", params={"query": LABELS}, headers=origin)
    hit = client.get("/sparql", params={"query": LABELS}, headers=origin)
    assert hit.headers[CACHE] == "hit"
    assert hit.headers["access-control-allow-origin"] == "*"


def test_without_a_cache_there_is_no_cache_header(store: OxigraphStore) -> None:
    with TestClient(app_over(store, cache_mb=0)) as http:
        for _ in range(2):
            response = http.get("/sparql", params={"query": LABELS})
            assert response.status_code == 200
            assert CACHE not in response.headers
            assert "etag" not in response.headers
        assert CACHE not in http.get("/health").headers
        assert http.get("/health/cache").json() == {"enabled": False, "response_cache": None}


def test_the_cache_is_on_by_default_and_sized_by_the_environment(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On with its default size; PEACEKG_RESPONSE_CACHE_MB sizes it, 0 turns it off."""
    with TestClient(create_app(Settings(_env_file=None), store=store)) as http:  # type: ignore[call-arg]
        assert http.get("/sparql", params={"query": LABELS}).headers[CACHE] == "miss"
        assert http.get("/health/cache").json()["response_cache"]["max_bytes"] == 64_000_000
    monkeypatch.setenv("PEACEKG_RESPONSE_CACHE_MB", "2")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(settings, store=store)) as http:
        assert http.get("/sparql", params={"query": LABELS}).headers[CACHE] == "miss"
        assert http.get("/health/cache").json()["response_cache"]["max_bytes"] == 2_000_000
    monkeypatch.setenv("PEACEKG_RESPONSE_CACHE_MB", "0")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(settings, store=store)) as http:
        assert CACHE not in http.get("/sparql", params={"query": LABELS}).headers


def test_the_cache_is_off_by_default_over_a_remote_server() -> None:
    """Other programs may write to a SPARQL server: no answer is kept unless asked."""
    remote = "http://127.0.0.1:7878/query"
    assert Settings(store_url=remote, _env_file=None).response_cache_bytes == 0  # type: ignore[call-arg]
    asked = Settings(store_url=remote, response_cache_mb=5, _env_file=None)  # type: ignore[call-arg]
    assert asked.response_cache_bytes == 5_000_000
    assert Settings(_env_file=None).response_cache_bytes == 64_000_000  # type: ignore[call-arg]


def test_the_health_check_is_unchanged(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "quads": 5, "graphs": 2}


def test_an_ingest_over_http_bumps_the_generation(tmp_path: Path) -> None:
    """The real POST /ingest and DELETE /ingest/{id}: after each, the cached answers are gone."""
    token = "s3cret-for-tests"
    auth = {"Authorization": f"Bearer {token}"}
    path = fresh_store(tmp_path)
    settings = settings_for(path).model_copy(
        update={"ingest_token": SecretStr(token), "response_cache_mb": 8}
    )
    graph = f"https://w3id.org/peacekg/graph/article/{ROUND3}"
    query = {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
    csv = {"Accept": "text/csv"}
    text, facts = article(ROUND3)
    payload = {
        "text_name": text.name,
        "text": text.read_text(encoding="utf-8"),
        "facts": facts.read_text(encoding="utf-8"),
    }
    reader = OxigraphStore(path, read_only=True)
    try:
        with TestClient(create_app(settings, store=reader)) as http:
            before = http.get("/sparql", params=query, headers=csv)
            assert http.get("/sparql", params=query, headers=csv).headers[CACHE] == "hit"
            ingested = http.post("/ingest", json=payload, headers=auth)
            assert ingested.status_code == 201, ingested.text
            assert ingested.headers[CACHE] == "bypass"
            assert http.app.state.data_generation == 1  # type: ignore[attr-defined]
            after = http.get("/sparql", params=query, headers=csv)
            assert after.headers[CACHE] == "miss"
            assert before.text.split() == ["n", "0"]
            assert int(after.text.split()[1]) > 0
            article_id = ingested.json()["article_id"]
            retracted = http.delete(f"/ingest/{article_id}", headers=auth)
            assert retracted.status_code == 200, retracted.text
            assert http.app.state.data_generation == 2  # type: ignore[attr-defined]
            again = http.get("/sparql", params=query, headers=csv)
            assert again.headers[CACHE] == "miss"
            assert again.text == before.text
    finally:
        reader.close()


# -- on small ASGI apps, driven directly -------------------------------------------------------


class Recorder:
    """Drives an ASGI app once; keeps what it sends, and a log shared with the app below."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.messages: list[dict[str, Any]] = []

    async def send(self, message: Any) -> None:
        self.messages.append(message)
        if message["type"] == "http.response.body":
            self.log.append(f"sent {len(message.get('body', b''))}")

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def headers(self) -> dict[bytes, bytes]:
        return dict(self.messages[0]["headers"])

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])


def call(
    app: Any,
    log: list[str],
    method: str = "GET",
    path: str = "/x",
    body: list[bytes] | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    owner: Any = None,
) -> Recorder:
    recorder = Recorder(log)
    chunks = list(body or [b""])
    incoming: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ] + [{"type": "http.disconnect"}]

    async def receive() -> Any:
        return incoming.pop(0)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers or [],
    }
    if owner is not None:
        scope["app"] = owner  # as Starlette sets it: the cache reads its state.data_generation
    asyncio.run(app(scope, receive, recorder.send))
    return recorder


def chunked_app(
    log: list[str],
    chunks: list[bytes],
    *,
    headers: list[tuple[bytes, bytes]] | None = None,
    fail: bool = False,
    finish: bool = True,
) -> Any:
    """An app that answers 200 with ``chunks``, one message each, logging each as it goes."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": headers or []})
        for i, chunk in enumerate(chunks):
            log.append(f"made {len(chunk)}")
            last = i == len(chunks) - 1
            more = not last or not finish  # unfinished: the last message says more comes
            await send({"type": "http.response.body", "body": chunk, "more_body": more})
            if fail:
                raise RuntimeError("the app fails after its first chunk")

    return app


def test_a_response_is_streamed_as_it_comes_and_stored_when_complete() -> None:
    log: list[str] = []
    cache = ResponseCache(chunked_app(log, [b"a" * 10, b"b" * 20, b"c" * 30]), max_bytes=16_000)
    first = call(cache, log)
    assert log == ["made 10", "sent 10", "made 20", "sent 20", "made 30", "sent 30"]
    assert first.headers[b"x-peacekg-cache"] == b"miss"
    assert first.headers[b"etag"].startswith(b'W/"0-')
    second = call(cache, log)
    assert second.headers[b"x-peacekg-cache"] == b"hit"
    assert second.body == first.body == b"a" * 10 + b"b" * 20 + b"c" * 30
    assert len(log) == 7  # one message sent, nothing made
    assert cache.responses.stats()["entries"] == 1


def test_a_response_over_the_size_limit_is_sent_whole_but_not_stored() -> None:
    log: list[str] = []
    chunks = [b"x" * 600, b"y" * 600]  # the limit is 16_000 / 16 = 1000 bytes
    cache = ResponseCache(chunked_app(log, chunks), max_bytes=16_000)
    for _ in range(2):
        response = call(cache, log)
        assert response.body == b"".join(chunks)
        assert response.headers[b"x-peacekg-cache"] == b"miss"
    assert cache.responses.stats() | {"hits": 0} == cache.responses.stats()
    assert cache.responses.stats()["entries"] == 0
    length = [(b"content-length", b"1200")]
    told = ResponseCache(chunked_app(log, chunks, headers=length), max_bytes=16_000)
    call(told, log)
    assert told.responses.stats()["entries"] == 0


@pytest.mark.parametrize(
    "headers",
    [
        [(b"set-cookie", b"a=b")],
        [(b"cache-control", b"private, max-age=60")],
        [(b"Cache-Control", b"no-store")],
        [(b"vary", b"Accept, Cookie")],
    ],
    ids=["set-cookie", "private", "no-store", "vary-cookie"],
)
def test_responses_that_forbid_storing_are_not_stored(headers: list[tuple[bytes, bytes]]) -> None:
    log: list[str] = []
    cache = ResponseCache(chunked_app(log, [b"body"], headers=headers), max_bytes=16_000)
    assert call(cache, log).headers[b"x-peacekg-cache"] == b"miss"
    assert call(cache, log).headers[b"x-peacekg-cache"] == b"miss"
    assert cache.responses.stats()["entries"] == 0


def test_an_unfinished_or_failed_response_is_not_stored() -> None:
    log: list[str] = []
    unfinished = ResponseCache(chunked_app(log, [b"a", b"b"], finish=False), max_bytes=16_000)
    assert call(unfinished, log).body == b"ab"
    assert unfinished.responses.stats()["entries"] == 0
    failing = ResponseCache(chunked_app(log, [b"a", b"b"], fail=True), max_bytes=16_000)
    with pytest.raises(RuntimeError):
        call(failing, log)
    assert failing.responses.stats()["entries"] == 0


def test_an_answer_made_across_a_new_generation_is_not_stored() -> None:
    log: list[str] = []
    owner = SimpleNamespace(state=SimpleNamespace(data_generation=0))

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        owner.state.data_generation += 1  # an ingest finishes while the answer is made
        await send({"type": "http.response.body", "body": b"old or new"})

    cache = ResponseCache(app, max_bytes=16_000)
    first = call(cache, log, owner=owner)
    assert first.headers[b"etag"].startswith(b'W/"0-')
    assert cache.responses.stats()["entries"] == 0
    call(cache, log, owner=owner)  # started in generation 1, answered in 2
    assert cache.responses.stats()["entries"] == 0
    assert cache.responses.generation == 1


def test_the_lru_evicts_the_least_recently_used_by_bytes() -> None:
    responses = CachedResponses(max_bytes=3200)  # entries of at most 200 bytes
    entry = CachedResponse(200, [(b"content-type", b"text/plain")], b"z" * 150)
    assert entry.size == 150 + len(b"content-type") + len(b"text/plain")
    for i in range(30):
        responses.put(bytes([i]), entry)
    assert responses.bytes <= 3200
    kept = len(responses.entries)
    assert kept == 3200 // entry.size
    assert responses.evictions == 30 - kept
    assert bytes([0]) not in responses.entries
    oldest = next(iter(responses.entries))
    assert responses.get(oldest) is entry  # used again: now the newest
    responses.put(b"new", entry)
    assert oldest in responses.entries and b"new" in responses.entries
    responses.put(b"big", CachedResponse(200, [], b"z" * 201))
    assert b"big" not in responses.entries
    responses.see_generation(1)
    assert (responses.bytes, len(responses.entries)) == (0, 0)


def test_the_lru_through_the_middleware() -> None:
    log: list[str] = []
    cache = ResponseCache(chunked_app(log, [b"z" * 900]), max_bytes=16_000)  # 16 entries fit
    for i in range(20):
        call(cache, log, path=f"/r{i}")
    assert cache.responses.bytes <= 16_000
    assert cache.responses.evictions == 20 - len(cache.responses.entries) > 0
    assert call(cache, log, path="/r19").headers[b"x-peacekg-cache"] == b"hit"
    assert call(cache, log, path="/r0").headers[b"x-peacekg-cache"] == b"miss"


def echo_app(log: list[str]) -> Any:
    """Answers a POST with the body it reads, then notes the next message it receives."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        log.append((await receive())["type"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    return app


def test_a_posted_body_is_read_whole_and_replayed() -> None:
    log: list[str] = []
    cache = ResponseCache(echo_app(log), max_bytes=16_000)
    form = [(b"content-type", FORM.encode())]
    first = call(cache, log, "POST", "/sparql", [b"query=", b"ASK", b"{}"], form)
    assert first.body == b"query=ASK{}"
    assert "http.disconnect" in log  # after the replayed body, the client's own messages
    second = call(cache, log, "POST", "/sparql", [b"query=ASK{}"], form)
    assert second.headers[b"x-peacekg-cache"] == b"hit"
    assert second.body == b"query=ASK{}"
    other = call(cache, log, "POST", "/sparql", [b"query=ASK{ }"], form)
    assert other.headers[b"x-peacekg-cache"] == b"miss"
    elsewhere = call(cache, log, "POST", "/other", [b"query=ASK{}"], form)
    assert elsewhere.headers[b"x-peacekg-cache"] == b"bypass"
