"""The REST API over the remote backend: the app whose store is a
:class:`~peacekg.store.RemoteStore` on the session's Oxigraph server (``oxigraph serve``),
loaded with the same data, gives the same answers as the app over the embedded store."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rest_harness import serve, served, settings
from test_rest_remote import PATHS, without_links

from oxigraph_server import OXIGRAPH_SERVER
from peacekg.api import create_app
from peacekg.store import RdfFormat


@pytest.fixture(scope="module")
def clients(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    with served(synthetic=True) as (local, store):
        dump = tmp_path_factory.mktemp("rest-remote") / "store.nq"
        with dump.open("wb") as out:
            store.dump(RdfFormat.NQUADS, out)
        with OXIGRAPH_SERVER.empty_store() as remote_store:
            remote_store.load(dump)
            assert remote_store.count() == store.count() > 0
            with (
                serve(create_app(settings(), store=remote_store)) as server,
                httpx.Client(base_url=server.url + "/api/v1", timeout=60) as remote,
            ):
                yield local, remote


@pytest.mark.parametrize("path", PATHS)
def test_same_answer_over_the_remote_store(
    clients: tuple[httpx.Client, httpx.Client], path: str
) -> None:
    local, remote = clients
    expected, got = local.get(path), remote.get(path)
    assert (got.status_code, expected.status_code) == (200, 200), got.text
    assert without_links(got.json()) == without_links(expected.json())


def test_unknown_ids_are_404_over_the_remote_store(
    clients: tuple[httpx.Client, httpx.Client],
) -> None:
    _, remote = clients
    assert remote.get("/actors/atlantis").status_code == 404
