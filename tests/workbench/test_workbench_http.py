"""The workbench over HTTP: only with the token's cookie, writes only from this origin, the
version check, byte-identical saves of a corpus article, and a card's check."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from workbench_harness import TOKEN, Site, workbench_site

ARTICLE = "2025-12-03-moscow-talks"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with workbench_site(tmp_path_factory.mktemp("workbench-http")) as running:
        yield running


@pytest.fixture
def http(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, headers={"Origin": site.url}, timeout=60) as client:
        response = client.post("/workbench/login", data={"token": TOKEN})
        assert response.status_code == 303
        assert "httponly" in response.headers["set-cookie"].lower()
        assert "samesite=strict" in response.headers["set-cookie"].lower()
        assert TOKEN not in response.headers["set-cookie"]
        yield client


def test_without_the_cookie_the_api_answers_401_and_the_page_asks_for_the_token(
    site: Site,
) -> None:
    page = httpx.get(site.url + "/workbench")
    assert page.status_code == 200 and 'name="token"' in page.text
    api = httpx.get(site.url + "/workbench/api/articles")
    assert api.status_code == 401 and api.json()["code"] == "not_logged_in"
    wrong = httpx.post(
        site.url + "/workbench/login", data={"token": "nope"}, headers={"Origin": site.url}
    )
    assert wrong.status_code == 303 and "error=token" in wrong.headers["location"]


def test_a_write_from_another_origin_is_refused(http: httpx.Client, site: Site) -> None:
    for origin in ("https://evil.example", "null"):
        response = http.post(
            "/workbench/api/articles",
            json={"text": "x" * 20, "published": "2026-01-01"},
            headers={"Origin": origin},
        )
        assert response.status_code == 403, origin
        assert response.json()["code"] == "cross_origin"
    bare = httpx.post(
        site.url + "/workbench/api/upload", content=b"text", cookies=http.cookies
    )  # neither Origin nor Referer
    assert bare.status_code == 403


def test_a_corpus_article_saved_unchanged_is_the_same_file(http: httpx.Client, site: Site) -> None:
    original = (site.data / "articles" / f"{ARTICLE}.facts.yaml").read_bytes()
    opened = http.post(f"/workbench/api/corpus/{ARTICLE}")
    assert opened.status_code == 200, opened.text
    state = opened.json()
    version = state["version"]
    for card in state["cards"]:
        if card["status"] != "accepted":
            continue
        response = http.put(
            f"/workbench/api/articles/{ARTICLE}/cards/{card['key']}",
            json={"data": card["data"]},
            headers={"If-Match": f'"{version}"'},
        )
        assert response.status_code == 200, response.text
        version = response.json()["version"]
    saved = http.get(f"/workbench/api/articles/{ARTICLE}/facts").content
    assert saved == original
    # An edit on an older version is refused with the reason, and changes nothing.
    stale = http.put(
        f"/workbench/api/articles/{ARTICLE}/cards/article",
        json={"data": {**state["cards"][0]["data"], "title": "changed"}},
        headers={"If-Match": f'"{state["version"]}"'},
    )
    assert stale.status_code == 412
    assert "changed elsewhere" in stale.json()["message"]
    assert http.get(f"/workbench/api/articles/{ARTICLE}/facts").content == original
    missing = http.put(f"/workbench/api/articles/{ARTICLE}/cards/article", json={"data": {}})
    assert missing.status_code == 428, missing.text


def test_checking_an_unchanged_card_finds_it_conforming_and_says_how_long_it_took(
    http: httpx.Client,
) -> None:
    """Compile + SHACL of one article (the Moscow talks), the card edited. How long it takes is
    measured by bench/workbench_check.py, not here (the machines are shared and noisy)."""
    state = http.post(f"/workbench/api/corpus/{ARTICLE}").json()
    stance = next(c for c in state["cards"] if c["section"] == "stances")
    answer = http.post(
        f"/workbench/api/articles/{ARTICLE}/check",
        json={"candidate": {"key": stance["key"], "data": stance["data"]}},
    ).json()
    assert answer["conforms"], answer["messages"]
    assert answer["messages"] == {}
    assert isinstance(answer["seconds"], float) and answer["seconds"] > 0


def test_an_error_is_put_on_its_card_and_field(http: httpx.Client) -> None:
    state = http.post(f"/workbench/api/corpus/{ARTICLE}").json()
    stance = next(c for c in state["cards"] if c["section"] == "stances")
    broken = {**stance["data"], "issue": "teritory"}
    answer = http.post(
        f"/workbench/api/articles/{ARTICLE}/check",
        json={"candidate": {"key": stance["key"], "data": broken}},
    ).json()
    assert not answer["conforms"]
    [message] = answer["messages"][stance["key"]]
    assert message["field"] == "issue"
    assert "did you mean 'territory'" in message["message"]
    assert list(answer["messages"]) == [stance["key"]]  # the other cards are fine
