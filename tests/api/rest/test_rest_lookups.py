"""Actors, issues, events and documents over HTTP on the first article's data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from rest_harness import ID, client, get, ids

MOSCOW_TALKS = "2025-12-02-moscow-talks"
FIRST_ARTICLE = "2025-12-03-moscow-talks"
MEETING = "2025-12-03-zelensky-envoys-meeting"
REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"


def _reference_outlets() -> set[str]:
    """The ids of the media outlets declared in data/reference/*.yaml, read without the compiler."""
    return {
        entity["id"]
        for path in REFERENCE.glob("*.yaml")
        for entity in yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]
        if entity["type"] == "MediaOutlet"
    }


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with client() as http:
        yield http


# -- actors -----------------------------------------------------------------------------------


def test_search_actors_by_alias_ignoring_case(http: httpx.Client) -> None:
    assert ids(get(http, "/actors", q="USHAK")["items"]) == ["yuri-ushakov"]
    assert ids(get(http, "/actors", q="russian federation")["items"]) == ["russia"]
    assert ids(get(http, "/actors", q="kiev")["items"]) == []  # a city is no actor


def test_list_actors_by_type(http: httpx.Client) -> None:
    parties = get(http, "/actors", type="party", limit=500)["items"]
    assert {"russia", "ukraine", "united-states", "european-partners"} <= set(ids(parties))
    assert not {"vladimir-putin", "nbc"} & set(ids(parties))
    outlets = get(http, "/actors", type="outlet", limit=500)["items"]
    assert {"nbc", "kyiv-post", "tass", "reuters"} <= set(ids(outlets))
    assert set(ids(outlets)) == _reference_outlets()
    assert all(o["type"] == "MediaOutlet" for o in outlets)
    russia = next(p for p in parties if p["id"] == "russia")
    assert russia["same_as"] == ["http://www.wikidata.org/entity/Q159"]


def test_actor_with_offices_mandates_and_events(http: httpx.Client) -> None:
    ushakov = get(http, "/actors/yuri-ushakov")
    assert ushakov["type"] == "Person"
    assert [(o["title"], o["organization"]["id"]) for o in ushakov["offices"]] == [
        ("aide to Putin", "russia")
    ]
    assert [(m["role"]["id"], m["organization"]["id"]) for m in ushakov["mandates"]] == [
        ("aide", "russia")
    ]
    [attended] = ushakov["events"]
    assert attended["event"]["id"] == MOSCOW_TALKS
    assert (attended["involvement"], attended["side"]["id"], attended["role"]["id"]) == (
        "participant",
        "russia",
        "aide",
    )
    russia = get(http, "/actors/russia")
    assert {m["person"]["id"] for m in russia["mandates"]} == {
        "vladimir-putin",
        "yuri-ushakov",
        "kirill-dmitriev",
    }
    assert [(e["event"]["id"], e["involvement"]) for e in russia["events"]] == [
        (MOSCOW_TALKS, "side")
    ]


def test_unknown_actor_and_bad_type(http: httpx.Client) -> None:
    response = http.get("/actors/atlantis")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    response = http.get("/actors", params={"type": "planet"})
    assert response.status_code == 422
    assert ids(response.json()["errors"], "parameter") == ["type"]


# -- issues -----------------------------------------------------------------------------------


def test_issue_taxonomy_with_pax_codes(http: httpx.Client) -> None:
    issues = {i["id"]: i for i in get(http, "/issues", limit=500)["items"]}
    assert issues["armed-forces"]["notation"] == "SsrArm"
    assert issues["amnesty"]["notation"] == "TjAm"
    assert issues["amnesty"]["pax_related"] == ["TjAmPro"]
    assert issues["frozen-assets"]["notation"] is None  # our extension: no PA-X code
    assert ids(issues["frozen-assets"]["broader"]) == ["sanctions-relief"]
    assert "armed-forces-size" in ids(issues["armed-forces"]["narrower"])
    labels = [i["label"].lower() for i in get(http, "/issues", limit=500)["items"]]
    assert labels == sorted(labels)


def test_every_partys_stance_on_an_issue(http: httpx.Client) -> None:
    body = get(http, "/issues/armed-forces-size/stances", as_of="2025-12-03")
    assert [(s["holder"]["id"], s["value"]["id"]) for s in body["items"]] == [
        ("russia", "red-line"),
        ("united-states", "agrees"),
    ]
    assert http.get("/issues/teritory/stances").status_code == 404


# -- events -----------------------------------------------------------------------------------


def test_moscow_talks_participants_by_side(http: httpx.Client) -> None:
    event = get(http, f"/events/{MOSCOW_TALKS}")
    sides = {
        s["side"]["id"]: [p["agent"]["label"] for p in s["participants"]] for s in event["sides"]
    }
    assert sides == {
        "russia": ["Kirill Dmitriev", "Vladimir Putin", "Yuri Ushakov"],
        "united-states": ["Jared Kushner", "Steve Witkoff"],
    }
    roles = {p["agent"]["id"]: p["role"]["id"] for s in event["sides"] for p in s["participants"]}
    assert roles["steve-witkoff"] == "special-envoy" and roles["yuri-ushakov"] == "aide"
    assert event["outcome"] == "No specific decisions were made"
    assert (event["begin"], event["time_zone"], event["duration"]) == (
        "2025-12-02T19:00:00+02:00",
        "Europe/Kyiv",
        "PT5H",
    )
    assert (event["begin_approximation"], event["duration_approximation"]) == ("around", "almost")
    assert event["place"]["id"] == "kremlin" and ids(event["located_in"]) == ["moscow"]
    assert event["status"]["id"] == "held"
    # the first article's three claims (earlier reports of data/ tell the talks too)
    mine = [s for s in event["sources"] if s["article"]["id"] == FIRST_ARTICLE]
    assert len(mine) == 3
    assert all(s["source_kind"] == "editorial" for s in mine)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2025-11-20", "to": "2025-12-03"}, ["2025-11-23-geneva-talks", MOSCOW_TALKS]),
        ({"place": "moscow"}, [MOSCOW_TALKS]),
        ({"place": "switzerland"}, ["2025-11-23-geneva-talks"]),
        ({"participant": "steve-witkoff"}, ["2025-12-03-zelensky-envoys-meeting", MOSCOW_TALKS]),
        ({"type": "meeting"}, ["2025-12-03-zelensky-envoys-meeting"]),
        ({"status": "cancelled"}, ["2025-12-03-zelensky-envoys-meeting"]),
        ({"status": "held", "from": "2025-12-01"}, [MOSCOW_TALKS]),
    ],
)
def test_filter_events(http: httpx.Client, params: dict[str, str], expected: list[str]) -> None:
    # The first article's events are found, in order; the other reports of data/ add events of
    # their own, which must meet the filter too.
    found = ids(get(http, "/events", limit=500, **params)["items"])
    assert [e for e in found if e in expected] == expected
    if "type" in params:
        for event in get(http, "/events", limit=500, **params)["items"]:
            assert event["type"]["id"] == params["type"]
    if "status" in params:
        for event in get(http, "/events", limit=500, **params)["items"]:
            history = get(http, f"/events/{event['id']}")["status_history"]
            assert params["status"] in {r["status"]["id"] for r in history}


def test_cancelled_meeting_says_who_cancelled_and_who_reported(http: httpx.Client) -> None:
    event = get(http, f"/events/{MEETING}")
    # the first article's account (an earlier report of the same day declares the meeting)
    [report] = [r for r in event["status_history"] if r["article"]["id"] == FIRST_ARTICLE]
    assert set(ids(report["changed_by"])) == {"steve-witkoff", "jared-kushner"}
    [source] = [s for s in event["sources"] if s["article"]["id"] == FIRST_ARTICLE]
    chain = [(s["role"], s["agent"]["id"]) for s in source["attribution"]]
    assert chain[:2] == [("outlet", "kyiv-post"), ("journalist", "alex-rafoglu")]
    assert source["source_kind"] == "anonymous"


def test_event_period_backwards_is_422(http: httpx.Client) -> None:
    response = http.get("/events", params={"from": "2025-12-03", "to": "2025-11-20"})
    assert response.status_code == 422
    assert ids(response.json()["errors"], "parameter") == ["to"]


# -- documents --------------------------------------------------------------------------------


def test_plan_versions_and_what_became_of_each_provision(http: httpx.Client) -> None:
    assert ids(get(http, "/documents")["items"]) == ["us-peace-plan"]
    plan = get(http, "/documents/us-peace-plan")
    assert plan["proposed_by"]["id"] == "united-states"
    versions = {v["id"]: v for v in plan["versions"]}
    assert ids(plan["versions"])[:2] == ["us-peace-plan-v1", "us-peace-plan-v2"]
    first, second = versions["us-peace-plan-v1"], versions["us-peace-plan-v2"]
    assert (first["points"], second["points"]) == (28, 19)
    assert second["revision_of"]["id"] == first["id"]
    assert second["revised_after"]["id"] == "2025-11-23-geneva-talks"
    # what the first article says became of each (a provision whose fate another report gives
    # differently is listed once per report's account: the amnesty reworked here, dropped in
    # the report that declares it)
    fates: dict[str, set[str]] = {}
    for p in second["provisions"]:
        fates.setdefault(p["issue"]["id"], set()).add(p["fate"]["id"])
    expected = {
        "amnesty": "reworked",
        "armed-forces-size": "changed",
        "children": "kept",
        "prisoners": "kept",
        "territory": "deferred",
    }
    assert set(fates) == set(expected)
    assert all(expected[issue] in fates[issue] for issue in expected)
    assert fates["amnesty"] == {"reworked", "dropped"}
    territory = next(p for p in second["provisions"] if p["issue"]["id"] == "territory")
    assert set(ids(territory["deferred_to"])) == {"donald-trump", "volodymyr-zelensky"}
    [old, *_] = [p for p in first["provisions"] if p["id"].endswith("/territorial-recognition")]
    assert ids(old["revised_by"]) == [territory["id"]]
    assert ids(territory["revision_of"]) == [old["id"]]
    assert {p["id"] for p in old["places"]} == {"crimea", "donetsk-region", "luhansk-region"}
    assert http.get("/documents/no-plan").status_code == 404


def test_every_iri_names_its_id(http: httpx.Client) -> None:
    event = get(http, f"/events/{MOSCOW_TALKS}")
    assert event["iri"] == ID + MOSCOW_TALKS
    for side in event["sides"]:
        assert side["side"]["iri"] == ID + side["side"]["id"]
