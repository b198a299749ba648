"""Stances over HTTP on the first article's data: evidence, valid time, history, the matrix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from rest_harness import ID, VOCAB, build, client, get, ids, serve, settings

from peacekg.api import create_app

MOSCOW = "2025-12-03-moscow-talks"
NBC_SOURCE = f"{MOSCOW}/source/nbc-russian-source"


def first_article(items: list[Any], key: str = "id") -> list[Any]:
    """The items (stances, or matrix cells by their stance) the first article declares: the
    other reports of data/ add stances of their own, which these tests do not fix."""
    return [i for i in items if (i[key] if key == "id" else i[key]["id"]).startswith(MOSCOW + "/")]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with client() as http:
        yield http


def test_russia_has_three_red_lines_and_is_flexible_on_frozen_assets(http: httpx.Client) -> None:
    items = first_article(get(http, "/parties/russia/stances")["items"])
    found = {(s["issue"]["id"], s["value"]["id"]) for s in items}
    assert found == {
        ("territory", "red-line"),
        ("armed-forces-size", "red-line"),
        ("territorial-recognition", "red-line"),
        ("frozen-assets", "flexible"),
    }
    donetsk = next(s for s in items if s["issue"]["id"] == "territory")
    assert [p["id"] for p in donetsk["places"]] == ["donetsk-region"]
    assert donetsk["valid_from"] == "2025-12-03"


def test_every_russian_stance_is_nbc_citing_an_anonymous_russian_source(
    http: httpx.Client,
) -> None:
    items = first_article(get(http, "/parties/russia/stances")["items"])
    assert len(items) == 4
    for stance in items:
        [evidence] = stance["evidence"]
        assert evidence["article"]["iri"] == f"{ID}article/{MOSCOW}"
        assert evidence["reported"] == "2025-12-03"
        assert evidence["source_kind"] == "anonymous"
        assert evidence["primary_source"]["id"] == NBC_SOURCE
        outlet, source = evidence["attribution"]
        assert (outlet["position"], outlet["role"], outlet["sourcing"]) == (1, "outlet", "named")
        assert outlet["agent"] == {"id": "nbc", "iri": f"{ID}nbc", "label": "NBC"}
        assert (source["position"], source["role"], source["sourcing"]) == (
            2,
            "primary-source",
            "anonymous",
        )
        assert source["agent"]["label"] == "a Russian source"
        assert source["affiliation"]["id"] == "russia"
        assert evidence["claim"].startswith(stance["iri"] + "/claim/")
    frozen = next(s for s in items if s["issue"]["id"] == "frozen-assets")
    quote = frozen["evidence"][0]["quote"]
    assert (
        quote
        == "But Russia is ready to be flexible on the issue of Russian assets frozen in the EU."
    )


def test_stances_on_an_issue_include_its_sub_issues(http: httpx.Client) -> None:
    items = get(http, "/parties/russia/stances", issue="territory")["items"]
    assert {s["issue"]["id"] for s in items} == {"territory", "territorial-recognition"}
    assert get(http, "/parties/russia/stances", issue="prisoners")["items"] == []


@pytest.mark.parametrize(
    ("as_of", "values"),
    [("2025-11-20", []), ("2025-12-03", ["agrees"]), ("2026-01-01", ["agrees"])],
)
def test_us_stance_on_the_size_of_ukraines_armed_forces_as_of(
    http: httpx.Client, as_of: str, values: list[str]
) -> None:
    body = get(http, "/parties/united-states/stances", issue="armed-forces-size", as_of=as_of)
    assert [s["value"]["id"] for s in body["items"]] == values
    if values:
        [stance] = body["items"]
        assert stance["summary"] == "agreed not to limit the size of the Armed Forces of Ukraine"
        assert stance["expressed_at"]["id"] == "2025-11-23-geneva-talks"


def test_one_stance_by_its_id(http: httpx.Client) -> None:
    stance = get(http, f"/stances/{MOSCOW}/russia-frozen-assets")
    assert stance["iri"] == f"{ID}article/{MOSCOW}/russia-frozen-assets"
    assert stance["holder"]["iri"] == f"{ID}russia"
    assert stance["value"]["iri"] == f"{VOCAB}stance-value/flexible"


def test_stance_matrix_as_of(http: httpx.Client) -> None:
    cells = first_article(
        get(http, "/stance-matrix", as_of="2025-12-03", limit=500)["items"], "stance"
    )
    found = {(c["party"]["id"], c["issue"]["id"], c["value"]["id"]) for c in cells}
    assert found == {
        ("russia", "territory", "red-line"),
        ("russia", "armed-forces-size", "red-line"),
        ("russia", "territorial-recognition", "red-line"),
        ("russia", "frozen-assets", "flexible"),
        ("ukraine", "amnesty", "demands"),
        ("ukraine", "children", "supports"),
        ("ukraine", "prisoners", "supports"),
        ("united-states", "armed-forces-size", "agrees"),
    }
    assert get(http, "/stance-matrix", as_of="2025-11-20")["items"] == []
    matrix = get(http, "/stance-matrix", as_of="2025-12-03", limit=500)
    assert matrix["as_of"] == "2025-12-03"
    assert ids(matrix["parties"]) == sorted({c["party"]["id"] for c in matrix["items"]})
    assert {"russia", "ukraine", "united-states"} <= set(ids(matrix["parties"]))
    assert set(ids(matrix["issues"])) == {c["issue"]["id"] for c in matrix["items"]}
    assert len({c["issue"]["id"] for c in cells}) == 7


def test_pages_follow_a_stable_order_and_link_the_next(http: httpx.Client) -> None:
    whole = get(http, "/stance-matrix", limit=500)
    assert whole["next"] is None
    collected: list[Any] = []
    url: str | None = "/stance-matrix?limit=3"
    while url:
        body = http.get(url).json()
        collected += body["items"]
        url = body["next"]
    assert [c["stance"]["id"] for c in collected] == [c["stance"]["id"] for c in whole["items"]]
    assert len(collected) == len(whole["items"]) > 3


def test_unknown_party_is_a_404_problem(http: httpx.Client) -> None:
    response = http.get("/parties/atlantis/stances")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "not_found"
    assert problem["status"] == 404
    assert problem["title"] and problem["type"] and "atlantis" in problem["detail"]
    assert http.get(f"/stances/{MOSCOW}/no-such-stance").status_code == 404


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"as_of": "3 December"}, "as_of"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"issue": "teritory"}, "issue"),
        ({"history": "true", "as_of": "2025-12-03"}, "history"),
    ],
)
def test_bad_parameters_are_422_problems_naming_the_parameter(
    http: httpx.Client, params: dict[str, Any], parameter: str
) -> None:
    response = http.get("/parties/russia/stances", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "invalid_parameter"
    assert parameter in ids(problem["errors"], "parameter")


def test_a_store_that_fails_gives_a_503_problem() -> None:
    store = build()
    with serve(create_app(settings(), store=store)) as server:
        store.close()  # every later call raises StoreUnavailable
        response = httpx.get(server.url + "/api/v1/parties/russia/stances", timeout=10)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "store_unavailable"
