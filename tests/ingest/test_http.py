"""``POST /ingest`` and ``DELETE /ingest/{id}``: on only with a token, refused without it, and
the same refusals (store unchanged) as ``peacekg ingest``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest_harness import POSTPONED, ROUND3, article, fresh_store, nquads, settings_for
from pydantic import SecretStr

from peacekg.api import create_app
from peacekg.store import OxigraphStore

TOKEN = "s3cret-for-tests"
GRAPH = "https://w3id.org/peacekg/graph/article/"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return fresh_store(tmp_path)


@contextmanager
def client(store: Path, token: str | None = TOKEN) -> Iterator[TestClient]:
    secret = SecretStr(token) if token is not None else None
    settings = settings_for(store).model_copy(update={"ingest_token": secret})
    reader = OxigraphStore(store, read_only=True)
    try:
        with TestClient(create_app(settings, store=reader)) as http:
            yield http
    finally:
        reader.close()


def body(name: str, edit: str | None = None) -> dict[str, str]:
    text, facts = article(name)
    content = facts.read_text(encoding="utf-8")
    if edit is not None:
        old, new = edit.split("=>")
        assert old in content
        content = content.replace(old, new, 1)
    return {"text_name": text.name, "text": text.read_text(encoding="utf-8"), "facts": content}


def graphs(store: Path) -> set[str]:
    with OxigraphStore(store, read_only=True) as reader:
        return {str(g) for g in reader.graphs()}


def test_without_a_token_setting_there_is_no_endpoint(store: Path) -> None:
    with client(store, token=None) as http:
        assert http.post("/ingest", json=body(ROUND3), headers=AUTH).status_code == 404
    assert GRAPH + ROUND3 not in graphs(store)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["none", "wrong-token", "not-bearer"],
)
def test_a_request_without_the_token_is_refused(store: Path, headers: dict[str, str]) -> None:
    before = nquads(store)
    with client(store) as http:
        response = http.post("/ingest", json=body(ROUND3), headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert nquads(store) == before


def test_articles_are_ingested_and_retracted_over_http(store: Path) -> None:
    with client(store) as http:
        first = http.post("/ingest", json=body(ROUND3), headers=AUTH)
        assert first.status_code == 201, first.text
        assert first.json() | {"triples": 0} == {
            "article_id": ROUND3,
            "graph": GRAPH + ROUND3,
            "triples": 0,
            "replaced": False,
            "conflicts": 0,
        }
        second = http.post("/ingest", json=body(POSTPONED), headers=AUTH)
        assert second.status_code == 201, second.text
        assert {GRAPH + ROUND3, GRAPH + POSTPONED} <= graphs(store)
        # The service's own readers see the new articles at once (no restart).
        ask = "ASK { GRAPH <" + GRAPH + POSTPONED + "> { ?s ?p ?o } }"
        seen = http.get("/sparql", params={"query": ask}, headers={"Accept": "application/json"})
        assert seen.json()["boolean"] is True
        assert http.get("/id/article/" + POSTPONED, headers={"Accept": "text/turtle"}).is_success
        refused = http.delete(f"/ingest/{ROUND3}", headers=AUTH)
        assert refused.status_code == 422 and "Other articles use" in refused.json()["message"]
        gone = http.delete(f"/ingest/{POSTPONED}", headers=AUTH)
        assert gone.status_code == 200, gone.text
        seen = http.get("/sparql", params={"query": ask}, headers={"Accept": "application/json"})
        assert seen.json()["boolean"] is False
        assert http.delete(f"/ingest/{POSTPONED}", headers=AUTH).status_code == 404
    assert GRAPH + POSTPONED not in graphs(store) and GRAPH + ROUND3 in graphs(store)


@pytest.mark.parametrize(
    ("edit", "code", "words"),
    [
        ("    holder: arvenia\n=>    holder: arvenja\n", "facts_error", "did you mean 'arvenia'?"),
        ("  - id: solberg-president\n=>  - id: [solberg-president\n", "facts_error", "YAML"),
        (
            "    evidence:\n      - quote: said Arvenia=>    evidence_removed:\n      - quote: x",
            "facts_error",
            "unknown key 'evidence_removed'",
        ),
    ],
    ids=["unknown-entity", "syntax-error", "unknown-key"],
)
def test_broken_facts_are_refused_with_where_and_what(
    store: Path, edit: str, code: str, words: str
) -> None:
    with client(store) as http:
        assert http.post("/ingest", json=body(ROUND3), headers=AUTH).status_code == 201
        before = nquads(store)
        response = http.post("/ingest", json=body(POSTPONED, edit), headers=AUTH)
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == code and words in payload["message"]
    assert isinstance(payload["line"], int)
    assert nquads(store) == before


def test_a_shape_violation_is_refused_with_its_sentence(store: Path) -> None:
    facts = body(POSTPONED)["facts"]
    cut = facts.index("    evidence:\n", facts.index("  - id: arvenia-prisoner-exchange-open"))
    with client(store) as http:
        assert http.post("/ingest", json=body(ROUND3), headers=AUTH).status_code == 201
        before = nquads(store)
        response = http.post("/ingest", json=body(POSTPONED) | {"facts": facts[:cut]}, headers=AUTH)
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == "shape_violation"
    assert any("must be supported by at least one claim" in v for v in payload["violations"])
    assert nquads(store) == before
