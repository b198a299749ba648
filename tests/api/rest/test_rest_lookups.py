"""Actors, issues, events and documents over HTTP on the first article's data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from rest_harness import ID, client, get, ids

MOSCOW_TALKS = "2025-12-02-moscow-talks"
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
    assert len(event["sources"]) == 3
    assert all(s["source_kind"] == "editorial" for s in event["sources"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2025-11-20", "to": "2025-12-03"}, ["2025-11-23-geneva-talks", MOSCOW_TALKS]),
        ({"place": "moscow"}, [MOSCOW_TALKS]),
        ({"place": "switzerland"}, ["2025-11-23-geneva-talks"]),
        ({"participant": "steve-witkoff"}, ["witkoff-kushner-zelensky-meeting", MOSCOW_TALKS]),
        ({"type": "meeting"}, ["witkoff-kushner-zelensky-meeting"]),
        ({"status": "cancelled"}, ["witkoff-kushner-zelensky-meeting"]),
        ({"status": "held", "from": "2025-12-01"}, [MOSCOW_TALKS]),
    ],
)
def test_filter_events(http: httpx.Client, params: dict[str, str], expected: list[str]) -> None:
    assert ids(get(http, "/events", **params)["items"]) == expected


def test_cancelled_meeting_says_who_cancelled_and_who_reported(http: httpx.Client) -> None:
    event = get(http, "/events/witkoff-kushner-zelensky-meeting")
    [report] = event["status_history"]
    assert set(ids(report["changed_by"])) == {"steve-witkoff", "jared-kushner"}
    [source] = event["sources"]
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
    first, second = plan["versions"]
    assert (first["id"], first["points"], second["id"], second["points"]) == (
        "us-peace-plan-28-points",
        28,
        "us-peace-plan-19-points",
        19,
    )
    assert second["revision_of"]["id"] == first["id"]
    assert second["revised_after"]["id"] == "2025-11-23-geneva-talks"
    fates = {p["issue"]["id"]: p["fate"]["id"] for p in second["provisions"]}
    assert fates == {
        "amnesty": "reworked",
        "armed-forces-size": "changed",
        "children": "kept",
        "prisoners": "kept",
        "territory": "deferred",
    }
    territory = next(p for p in second["provisions"] if p["issue"]["id"] == "territory")
    assert set(ids(territory["deferred_to"])) == {"donald-trump", "volodymyr-zelensky"}
    [old] = first["provisions"]
    assert ids(old["revised_by"]) == [territory["id"]]
    assert ids(territory["revision_of"]) == [old["id"]]
    assert {p["id"] for p in old["places"]} == {"crimea", "donetsk-region", "luhansk-region"}
    assert http.get("/documents/no-plan").status_code == 404


def test_every_iri_names_its_id(http: httpx.Client) -> None:
    event = get(http, f"/events/{MOSCOW_TALKS}")
    assert event["iri"] == ID + MOSCOW_TALKS
    for side in event["sides"]:
        assert side["side"]["iri"] == ID + side["side"]["id"]
