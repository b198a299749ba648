"""Every IRI in the REST answers dereferences on the same server (the linked-data routes
serve each path under the public base)."""

from __future__ import annotations

from typing import Any

import httpx
from rest_harness import served

BASE = "https://w3id.org/peacekg"
PATHS = [
    "/parties/russia/stances",
    "/events/2025-12-02-moscow-talks",
    "/events/2025-12-03-zelensky-envoys-meeting",
    "/documents/us-peace-plan",
    "/actors/russia",
    "/actors/yuri-ushakov",
    "/issues?limit=500",
]


def collect(value: Any, found: set[str]) -> set[str]:
    """Every value of an ``iri`` or ``claim`` field, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("iri", "claim") and isinstance(item, str):
                found.add(item)
            collect(item, found)
    elif isinstance(value, list):
        for item in value:
            collect(item, found)
    return found


def test_every_iri_of_the_answers_dereferences_on_the_same_server() -> None:
    with served() as (http, _):
        root = str(http.base_url).rstrip("/").removesuffix("/api/v1")
        iris: set[str] = set()
        for path in PATHS:
            collect(http.get(path).json(), iris)
        assert len(iris) > 50
        assert all(iri.startswith(BASE + "/") for iri in iris)
        failed = []
        for iri in sorted(iris):
            response = httpx.get(
                root + iri.removeprefix(BASE), headers={"Accept": "text/turtle"}, timeout=10
            )
            if response.status_code != 200:
                failed.append((response.status_code, iri))
        assert failed == []
