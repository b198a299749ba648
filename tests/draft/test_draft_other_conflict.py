"""An invented report of another conflict, with nothing of it in data/: what the draft finds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from draft_harness import DATA

from peacekg.compiler.model import FactsFile
from peacekg.draft.pipeline import draft_article
from peacekg.draft.writer import write_draft

ARTICLE = Path(__file__).parent / "articles" / "2026-02-12-port-sayel-talks.txt"


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    draft = yaml.safe_load(write_draft(draft_article(ARTICLE, DATA)))
    FactsFile.model_validate(draft)
    return draft


def test_new_entities(facts: dict[str, Any]) -> None:
    assert [(e["id"], e["type"], e.get("aliases")) for e in facts["entities"]] == [
        ("coastal-armed-forces", "ArmedGroup", None),
        ("rapid-highland-forces", "ArmedGroup", ["RHF"]),
        ("port-sayel", "Place", None),
        ("saudi-arabia", "State", None),
        # no Reuters: data/reference/outlets.yaml declares it (the chain below uses it)
        ("mirava", "State", None),
        ("karim-al-nour", "Person", ["al-Nour"]),
        ("samir-haddad", "Person", ["Haddad"]),
        ("john-marlow", "Person", ["Marlow"]),
    ]


def test_events(facts: dict[str, Any]) -> None:
    talks, series, round_ = facts["events"]
    assert (talks["type"], talks["begin"], talks["place"], talks["duration"]) == (
        "talks",
        date(2026, 2, 10),  # "on Tuesday" before Thursday 12 February
        "port-sayel",
        "PT6H",
    )
    assert talks["duration_approximation"] == "more than"
    assert talks["participants"] == [
        {"agent": "coastal-armed-forces", "side": "coastal-armed-forces"},
        {"agent": "rapid-highland-forces", "side": "rapid-highland-forces"},
        {"agent": "saudi-arabia", "side": "saudi-arabia", "role": "mediator"},
        {"agent": "united-states", "side": "united-states", "role": "mediator"},
    ]
    assert talks["evidence"][1]["according_to"] == [
        {"agent": "reuters", "role": "outlet"},
        {"source": "reuters-a-saudi-official"},
    ]
    assert (series["id"], series["type"], "begin" in series) == (
        "2026-02-12-port-sayel-talks-series",
        "talks",
        False,
    )
    assert (round_["type"], round_["status"], round_["begin"], round_["ordinal"]) == (
        "round",
        "planned",
        date(2026, 3, 3),
        3,
    )
    assert round_["part_of"] == series["id"]


def test_offices_and_mandates(facts: dict[str, Any]) -> None:
    assert [(o["person"], o["organization"], o["role"], o["title"]) for o in facts["offices"]] == [
        ("samir-haddad", "rapid-highland-forces", "aide", "adviser"),
        ("john-marlow", "united-states", "special-envoy", "U.S. Special Envoy"),
    ]
    assert [(m["person"], m["party"]) for m in facts["mandates"]] == [
        ("samir-haddad", "rapid-highland-forces")
    ]


def test_stances_and_their_sources(facts: dict[str, Any]) -> None:
    rows = [
        (s["holder"], s["issue"], s["value"], s.get("condition"), s["evidence"][0]["according_to"])
        for s in facts["stances"]
    ]
    diplomats = [{"source": "two-diplomats-briefed-on-the-discussions"}]
    assert rows == [
        ("karim-al-nour", "foreign-forces-withdrawal", "red-line", None,
         [{"agent": "karim-al-nour", "on_record": True}]),
        ("rapid-highland-forces", "prisoners", "demands", None, diplomats),
        ("rapid-highland-forces", "ceasefire", "demands", None, diplomats),
        ("mirava", "elections", "flexible", "if the RHF withdraws from the capital",
         [{"agent": "mirava", "on_record": True}]),
    ]  # fmt: skip
    assert facts["sources"][1] == {
        "id": "two-diplomats-briefed-on-the-discussions",
        "label": "two diplomats briefed on the discussions",
        "count": 2,
    }


def test_coordinated_holders_the_group_and_conditions() -> None:
    article = Path(__file__).parent / "articles" / "2026-09-20-caldera-accord.txt"
    facts = yaml.safe_load(write_draft(draft_article(article, DATA)))
    FactsFile.model_validate(facts)
    rows = [
        (s["holder"], s["issue"], s["value"], s.get("condition"), s.get("condition_issue"))
        for s in facts["stances"]
    ]
    slf = "southern-liberation-front"
    assert rows == [
        ("norvia", "missing-persons", "agrees", None, None),  # "both sides agreed"
        (slf, "missing-persons", "agrees", None, None),
        (slf, "amnesty", "demands", None, None),
        ("norvia", "prisoners", "agrees", None, None),  # "Norvia and the SLF agreed"
        (slf, "prisoners", "agrees", None, None),
        (slf, "security-sector", "red-line", "until elections are held", "elections"),
        ("norvia", "amnesty", "flexible", "if the SLF hands over its heavy weapons",
         "heavy-weapons-withdrawal"),
    ]  # fmt: skip
    # "Norvia's chief negotiator, Elena Ruiz, told the Caldera Herald": outlet, then Ruiz
    assert facts["stances"][0]["evidence"][0]["according_to"] == [
        {"agent": "caldera-herald", "role": "outlet"},
        {"agent": "elena-ruiz", "on_record": True},
    ]
    # "Commander Tomas Vega of the SLF said ... the group": Vega speaks for the SLF
    assert facts["stances"][5]["evidence"][0]["according_to"] == [
        {"agent": "tomas-vega", "on_record": True}
    ]
    # "According to a senior Norvian official, the government could accept"
    assert facts["sources"] == [
        {"id": "a-senior-norvian-official", "label": "a senior Norvian official",
         "affiliation": "norvia"}
    ]  # fmt: skip
    assert [(o["person"], o["organization"], o["title"]) for o in facts["offices"]] == [
        ("elena-ruiz", "norvia", "chief negotiator"),
        ("tomas-vega", slf, "Commander"),
    ]
    talks = facts["events"][0]
    assert (talks["type"], talks["begin"], talks["place"]) == (
        "talks",
        date(2026, 9, 18),
        "caldera",
    )
    assert [p["agent"] for p in talks["participants"]] == ["norvia", slf, "andean-council"]
    assert facts["events"][-1]["begin"] == date(2026, 9, 13)  # "Last week" (a phone call)
