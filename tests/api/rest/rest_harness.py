"""The REST tests' harness: stores built from data/ (with or without the synthetic fixtures),
the real app over them under uvicorn on loopback, and an httpx client.

Kept out of ``conftest.py``; it reuses :mod:`api_harness` (one directory up) for the server.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api_harness import serve

from peacekg.api import create_app
from peacekg.compiler import ONTOLOGY_GRAPH, compile_data, load_ontology
from peacekg.config import Settings
from peacekg.namespaces import PREFIXES
from peacekg.store import OxigraphStore

__all__ = ["build", "client", "get", "ids", "serve", "served", "settings"]

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
FIXTURES = [
    SYNTHETIC / "2026-03-14-port-alder-round-3.facts.yaml",
    SYNTHETIC / "2026-04-03-round-4-postponed.facts.yaml",
]
ID = "https://w3id.org/peacekg/id/"
VOCAB = "https://w3id.org/peacekg/vocab/"


def build(synthetic: bool = False) -> OxigraphStore:
    """An in-memory store holding data/ (and the synthetic articles) and the ontology, as
    ``peacekg build`` loads them."""
    compiled = compile_data(DATA, extra_facts=FIXTURES if synthetic else [])
    store = OxigraphStore(prefixes=PREFIXES)
    store.load(compiled.dataset)
    ontology = load_ontology(ROOT / "ontology")
    store.replace_graph(str(ONTOLOGY_GRAPH), iter(ontology))  # type: ignore[arg-type]
    return store


def settings() -> Settings:
    return Settings(queries_dir=ROOT / "queries", _env_file=None)  # type: ignore[call-arg]


@contextmanager
def served(
    synthetic: bool = False, *, cache: bool = True
) -> Iterator[tuple[httpx.Client, OxigraphStore]]:
    """An httpx client (based at ``/api/v1``) of the app served over a fresh store, and the
    store. A test that writes to the store behind the app's back turns the response cache off
    (``cache=False``): the app would answer from it as before the write."""
    store = build(synthetic)
    app_settings = settings() if cache else settings().model_copy(update={"response_cache_mb": 0})
    try:
        with (
            serve(create_app(app_settings, store=store)) as server,
            httpx.Client(base_url=server.url + "/api/v1", timeout=30) as http,
        ):
            yield http, store
    finally:
        store.close()


@contextmanager
def client(synthetic: bool = False) -> Iterator[httpx.Client]:
    """An httpx client of the app served over a fresh store."""
    with served(synthetic) as (http, _):
        yield http


def get(http: httpx.Client, path: str, **params: Any) -> Any:
    """The JSON of a GET that must succeed."""
    response = http.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(items: list[dict[str, Any]], key: str = "id") -> list[str]:
    return [item[key] for item in items]
