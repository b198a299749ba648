"""With the synthetic articles loaded (Arvenia and Kessaly): a stance superseded by a later
report, an event postponed by a later report, and stances that conflict."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from rest_harness import client, get, ids

ROUND3 = "2026-03-14-port-alder-round-3"
POSTPONED = "2026-04-03-round-4-postponed"
OFFER = f"{ROUND3}/kessaly-heavy-weapons-offer"
RULED_OUT = f"{POSTPONED}/kessaly-heavy-weapons-withdrawal-ruled-out"


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with client(synthetic=True) as http:
        yield http


def kessaly_on_heavy_weapons(http: httpx.Client, **params: str) -> list[dict[str, Any]]:
    return get(http, "/parties/kessaly/stances", issue="heavy-weapons-withdrawal", **params)[
        "items"
    ]


def test_the_conditional_offer_holds_as_of_20_march(http: httpx.Client) -> None:
    [stance] = kessaly_on_heavy_weapons(http, as_of="2026-03-20")
    assert stance["id"] == OFFER
    assert stance["value"]["id"] == "flexible"
    assert stance["condition"] == "if sanctions against Kessaly's banks are eased"
    assert stance["condition_issue"]["id"] == "sanctions-relief"
    assert stance["valid_from"] == "2026-03-13"
    [evidence] = stance["evidence"]
    assert evidence["source_kind"] == "on-record"
    assert evidence["primary_source"]["id"] == "oren-malik"


@pytest.mark.parametrize("as_of", ["2026-04-02", "2026-04-03", "2026-05-01"])
def test_the_offer_is_withdrawn_as_of_april(http: httpx.Client, as_of: str) -> None:
    [stance] = kessaly_on_heavy_weapons(http, as_of=as_of)
    assert stance["id"] == RULED_OUT
    assert stance["value"]["id"] == "rejects"
    assert ids(stance["supersedes"]) == [OFFER]


def test_nothing_before_the_offer(http: httpx.Client) -> None:
    assert kessaly_on_heavy_weapons(http, as_of="2026-03-12") == []


def test_current_stance_is_the_rejection(http: httpx.Client) -> None:
    assert ids(kessaly_on_heavy_weapons(http)) == [RULED_OUT]


def test_history_lists_both_with_what_superseded_what(http: httpx.Client) -> None:
    offer, ruled_out = kessaly_on_heavy_weapons(http, history="true")
    assert (offer["id"], ruled_out["id"]) == (OFFER, RULED_OUT)
    assert ids(offer["superseded_by"]) == [RULED_OUT]
    assert ids(ruled_out["supersedes"]) == [OFFER]
    assert offer["supersedes"] == [] and ruled_out["superseded_by"] == []
    # The rejection rests on two claims: Malik on record and the article's own voice.
    kinds = [e["source_kind"] for e in ruled_out["evidence"]]
    assert sorted(kinds) == ["editorial", "on-record"]


def test_issue_stances_cover_sub_issues(http: httpx.Client) -> None:
    body = get(http, "/issues/foreign-forces-withdrawal/stances", as_of="2026-03-20")
    assert ids(body["items"]) == [OFFER]


def test_round_four_is_planned_then_postponed(http: httpx.Client) -> None:
    event = get(http, "/events/2026-04-02-port-alder-round-4")
    assert event["status"]["id"] == "postponed"
    history = [
        (r["status"]["id"], r["article"]["id"], r["reported"]) for r in event["status_history"]
    ]
    assert history == [("planned", ROUND3, "2026-03-14"), ("postponed", POSTPONED, "2026-04-03")]
    postponed = event["status_history"][1]
    assert ids(postponed["changed_by"]) == ["kessaly"]
    assert postponed["reason"] == "Kessaly recalled its delegation"
    assert ids(get(http, "/events", status="postponed")["items"]) == [event["id"]]
    # (the events of data/ planned in the reports of the real corpus are not the fixtures')
    planned = get(http, "/events", status="planned", limit=500)["items"]
    assert [e["id"] for e in planned if e["id"].startswith("2026-")] == []
