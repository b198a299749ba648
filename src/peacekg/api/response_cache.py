"""An in-process cache of read responses, with weak ETags and ``304 Not Modified``.

The data only changes on ingest, so the answer to a read request (a SPARQL query, a REST
lookup, a page) stays right until the next write: the cache keeps complete ``200`` responses
and sends them again, without FastAPI's routing, until ``app.state.data_generation`` (an int
the ingest routes bump after each write) changes, which drops every entry. Like a Varnish in
front of the service::

    GET /sparql?query=... 200            X-Peacekg-Cache: miss   (the app answers)
    GET /sparql?query=... 200            X-Peacekg-Cache: hit    (the same bytes, from memory)
    GET /sparql?query=... 304            If-None-Match: W/"0-9f3c..."

Cacheable: GET and HEAD on any path but ``/ingest``, ``/static`` (static files do their own
caching) and ``/health`` (it must check the store); POST to ``/sparql`` (queries are read-only:
the app refuses updates). HEAD shares GET's entry, but a HEAD that is not in the cache goes to
the app as it is (``/sparql`` refuses HEAD, and keeps refusing it). A request carrying
``Authorization`` is never cached. ``Cache-Control: no-cache``/``no-store`` or ``Pragma:
no-cache`` skip the lookup (the fresh answer may still be stored).

The key is the generation, the method, the scheme, ``Host`` and root path (the app writes
absolute URLs), the raw path and query string, ``Accept``, ``Accept-Language`` and, for POST,
``Content-Type`` and the whole body, hashed with BLAKE2b together with a random salt drawn when
the cache is made (a restart resets the generation to 0: the salt keeps old ETags from
matching). Only complete ``200`` responses of at most ``max_bytes / 16`` (and 4 MB) bytes are
kept, without ``Set-Cookie``, ``Cache-Control: no-store``/``private`` or a ``Vary`` on another
request header; a response is streamed to the client as it comes and copied alongside. The
entries are a least-recently-used list bounded by ``max_bytes`` (bodies and headers).

Every cacheable ``200`` carries ``ETag: W/"<generation>-<key hash>"``, known before the body;
a GET or HEAD whose ``If-None-Match`` names it gets ``304`` (within a generation the data cannot
have changed). ``X-Peacekg-Cache`` says where a response came from: ``hit`` (the cache,
``304`` included), ``miss`` (the app, for a cacheable request), ``bypass`` (not cacheable).
The counters are on ``/health/cache``. The cache is the process's own: an ingest empties the
cache of the process that ran it.

>>> responses = CachedResponses(max_bytes=1_000_000)
>>> responses.max_entry_bytes, responses.stats()["entries"]
(62500, 0)
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_HEADER = b"x-peacekg-cache"
SPARQL_PATH = "/sparql"
# Paths never cached: writes, files with their own caching, the health check.
UNCACHED_PREFIXES = ("/ingest", "/static", "/health")
# Request headers that select the representation, besides the method, URL and body.
KEY_HEADERS = (b"accept", b"accept-language")
# What a stored response may vary on (CORS, outside the cache, adds Origin on every answer).
VARY_IN_KEY = frozenset({"accept", "accept-language", "content-type"})
MAX_ENTRY_BYTES = 4_000_000
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class CachedResponse:
    status: int
    headers: Headers
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class CachedResponses:
    """The entries, least recently used first, bounded by their bytes; and the counters.

    Made in :func:`~peacekg.api.app.create_app` and kept on ``app.state.response_cache``, so
    that ``/health/cache`` can read the counters (Starlette makes the middleware itself lazily).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_bytes // 16, MAX_ENTRY_BYTES)
        self.salt = os.urandom(16)
        self.generation = 0
        self.entries: OrderedDict[bytes, CachedResponse] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.bypasses = 0
        self.not_modified = 0
        self.evictions = 0

    def see_generation(self, generation: int) -> None:
        """Drop every entry once the data has changed."""
        if generation != self.generation:
            self.generation = generation
            self.clear()

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0

    def get(self, key: bytes) -> CachedResponse | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: bytes, entry: CachedResponse) -> None:
        if entry.size > self.max_entry_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self.entries[key] = entry
        self.bytes += entry.size
        while self.bytes > self.max_bytes:
            _, evicted = self.entries.popitem(last=False)
            self.bytes -= evicted.size
            self.evictions += 1

    def stats(self) -> dict[str, int]:
        return {
            "max_bytes": self.max_bytes,
            "bytes": self.bytes,
            "entries": len(self.entries),
            "hits": self.hits,
            "misses": self.misses,
            "bypasses": self.bypasses,
            "not_modified": self.not_modified,
            "evictions": self.evictions,
            "generation": self.generation,
        }


class ResponseCache:
    """Answers cacheable read requests from :class:`CachedResponses`, else asks the app."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, responses: CachedResponses | None = None
    ) -> None:
        self.app = app
        self.responses = responses if responses is not None else CachedResponses(max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        headers = _headers(scope.get("headers") or [])
        if not _cacheable(method, scope["path"], headers):
            self.responses.bypasses += 1
            await self.app(scope, receive, _marking(send, b"bypass"))
            return
        generation = _generation(scope)
        self.responses.see_generation(generation)
        body = b""
        if method == "POST":
            read = await _read_body(receive)
            if read is None:  # the client left before sending its query
                return
            body = read
            receive = _replay(body, receive)
        key = self._key(scope, generation, headers, body)
        etag = f'W/"{generation}-{key.hex()}"'.encode("latin-1")
        entry = None if _no_cache(headers) else self.responses.get(key)
        if method != "POST" and _matches(headers.get(b"if-none-match", b""), etag, entry):
            self.responses.hits += 1
            self.responses.not_modified += 1
            await _send_not_modified(send, etag, entry)
            return
        if entry is not None:
            self.responses.hits += 1
            await _send_entry(send, entry, head=method == "HEAD")
            return
        self.responses.misses += 1
        await self._ask_app(scope, receive, send, key, etag, generation, store=method != "HEAD")

    def _key(
        self, scope: Scope, generation: int, headers: dict[bytes, bytes], body: bytes
    ) -> bytes:
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        digest = hashlib.blake2b(digest_size=16, key=self.responses.salt)
        parts: Iterable[bytes] = (
            str(generation).encode(),
            method.encode(),
            scope.get("scheme", "http").encode(),
            headers.get(b"host", b""),
            scope.get("root_path", "").encode("utf-8"),
            raw_path,
            scope.get("query_string", b""),
            *(headers.get(name, b"") for name in KEY_HEADERS),
            headers.get(b"content-type", b"") if method == "POST" else b"",
            body,
        )
        for part in parts:  # each with its length: no two keys run together the same
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.digest()

    async def _ask_app(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: bytes,
        etag: bytes,
        generation: int,
        *,
        store: bool,
    ) -> None:
        """Stream the app's answer to the client; keep a copy if it is storable and complete."""
        limit = self.responses.max_entry_bytes
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keeping = False
        complete = False

        async def send_and_keep(message: Message) -> None:
            nonlocal start, size, keeping, complete
            if message["type"] == "http.response.start":
                headers: Headers = list(message.get("headers") or [])
                if message["status"] == 200:
                    if not any(name.lower() == b"etag" for name, _ in headers):
                        headers.append((b"etag", etag))
                    keeping = store and _storable(headers, limit)
                start = {**message, "headers": headers}
                message = {**start, "headers": [*headers, (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body":
                if keeping:
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:  # too big to keep: stop copying, send on
                        keeping = False
                        chunks.clear()
                    else:
                        chunks.append(chunk)
                if not message.get("more_body", False):
                    complete = True
            await send(message)

        await self.app(scope, receive, send_and_keep)  # an exception: nothing is stored
        if keeping and complete and start is not None:
            if not _generation(scope) == self.responses.generation == generation:
                return  # the data changed while the app answered: the answer may be old
            entry = CachedResponse(start["status"], start["headers"], b"".join(chunks))
            self.responses.put(key, entry)


def _headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """The request's headers by lower-case name; repeated ones joined with commas."""
    headers: dict[bytes, bytes] = {}
    for name, value in raw:
        name = name.lower()
        headers[name] = headers[name] + b"," + value if name in headers else value
    return headers


def _cacheable(method: str, path: str, headers: dict[bytes, bytes]) -> bool:
    if b"authorization" in headers:
        return False
    if method == "HEAD" and path == SPARQL_PATH:
        return False  # the app refuses HEAD there; a warm cache must not answer it
    if method in ("GET", "HEAD"):
        return not path.startswith(UNCACHED_PREFIXES)
    return method == "POST" and path == SPARQL_PATH


def _tokens(value: bytes) -> set[str]:
    """The directives of a comma-separated header, lower-case, without their values."""
    return {
        part.split("=", 1)[0].strip().lower()
        for part in value.decode("latin-1").split(",")
        if part.strip()
    }


def _no_cache(headers: dict[bytes, bytes]) -> bool:
    directives = _tokens(headers.get(b"cache-control", b""))
    return bool(directives & {"no-cache", "no-store"}) or "no-cache" in _tokens(
        headers.get(b"pragma", b"")
    )


def _storable(headers: Headers, limit: int) -> bool:
    """Whether a 200 response with these headers may be kept (before its body is known)."""
    for name, value in headers:
        name = name.lower()
        if name == b"set-cookie":
            return False
        if name == b"cache-control" and _tokens(value) & {"no-store", "private"}:
            return False
        if name == b"vary" and not _tokens(value) <= VARY_IN_KEY:
            return False
        if name == b"content-length" and (not value.strip().isdigit() or int(value) > limit):
            return False
    return True


def _matches(if_none_match: bytes, etag: bytes, entry: CachedResponse | None) -> bool:
    """Weak comparison of ``If-None-Match`` with the ETag (``*``: when the entry is there)."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix(b"W/")
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if (tag == b"*" and entry is not None) or tag.removeprefix(b"W/") == wanted:
            return True
    return False


def _generation(scope: Scope) -> int:
    app = scope.get("app")
    state = getattr(app, "state", None)
    generation = getattr(state, "data_generation", 0) if state is not None else 0
    return generation if isinstance(generation, int) else 0


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None if the client disconnected first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then whatever the client sends next."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _marking(send: Send, value: bytes) -> Send:
    """A ``send`` that adds ``X-Peacekg-Cache: <value>`` to the response."""

    async def send_marked(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [*(message.get("headers") or []), (CACHE_HEADER, value)]
            message = {**message, "headers": headers}
        await send(message)

    return send_marked


async def _send_entry(send: Send, entry: CachedResponse, *, head: bool) -> None:
    headers = [*entry.headers, (CACHE_HEADER, b"hit")]
    await send({"type": "http.response.start", "status": entry.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else entry.body})


# What a 304 repeats of the 200 it stands for (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = frozenset({b"cache-control", b"content-location", b"expires", b"vary"})


async def _send_not_modified(send: Send, etag: bytes, entry: CachedResponse | None) -> None:
    headers: Headers = [(b"etag", etag)]
    if entry is not None:
        headers += [(n, v) for n, v in entry.headers if n.lower() in _NOT_MODIFIED_HEADERS]
    if not any(name.lower() == b"vary" for name, _ in headers):
        headers.append((b"vary", b"Accept"))
    headers.append((CACHE_HEADER, b"hit"))
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
