"""The REST API over a remote backend: an app whose store only speaks the SPARQL protocol to
another app's /sparql endpoint gives the same answers as the app over the local store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from remote_store import RemoteStore
from rest_harness import serve, served, settings

from peacekg.api import create_app

PATHS = [
    "/parties/russia/stances",
    "/parties/kessaly/stances?issue=heavy-weapons-withdrawal&as_of=2026-03-20",
    "/parties/kessaly/stances?issue=heavy-weapons-withdrawal&as_of=2026-04-03",
    "/parties/united-states/stances?issue=armed-forces-size&as_of=2025-11-20",
    "/parties/kessaly/stances?history=true",
    "/stance-matrix?as_of=2026-04-03&limit=500",
    "/stances/2026-03-14-port-alder-round-3/kessaly-heavy-weapons-offer",
    "/actors?q=mal",
    "/actors/russia",
    "/actors/oren-malik",
    "/issues?limit=500",
    "/issues/territory/stances?history=true",
    "/events?status=postponed",
    "/events?from=2025-11-20&to=2025-12-03",
    "/events/2025-12-02-moscow-talks",
    "/events/2026-04-02-port-alder-round-4",
    "/documents/us-peace-plan",
    "/claims?source_kind=anonymous&limit=500",
    "/claims/conflicts",
    "/queries/CQ07-stance-as-of?asOf=2025-12-03",
]


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[httpx.Client, httpx.Client, RemoteStore]]:
    with served(synthetic=True) as (local, _):
        root = str(local.base_url).rstrip("/").removesuffix("/api/v1")
        remote_store = RemoteStore(root + "/sparql")
        try:
            with (
                serve(create_app(settings(), store=remote_store)) as server,
                httpx.Client(base_url=server.url + "/api/v1", timeout=60) as remote,
            ):
                yield local, remote, remote_store
        finally:
            remote_store.close()


def without_links(body: Any) -> Any:
    """The answer without its ``next`` link (it names the server)."""
    if isinstance(body, dict):
        return {k: without_links(v) for k, v in body.items() if k != "next"}
    return body


@pytest.mark.parametrize("path", PATHS)
def test_same_answer_over_the_sparql_protocol(
    clients: tuple[httpx.Client, httpx.Client, RemoteStore], path: str
) -> None:
    local, remote, remote_store = clients
    before = remote_store.queries
    expected, got = local.get(path), remote.get(path)
    assert (got.status_code, expected.status_code) == (200, 200), got.text
    assert without_links(got.json()) == without_links(expected.json())
    assert remote_store.queries > before, "the remote app must have asked the endpoint"


def test_unknown_ids_are_404_over_the_protocol_too(
    clients: tuple[httpx.Client, httpx.Client, RemoteStore],
) -> None:
    _, remote, _ = clients
    assert remote.get("/actors/atlantis").status_code == 404
