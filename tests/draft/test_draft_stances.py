from __future__ import annotations

import pytest
from draft_harness import other_processes, reference

from peacekg.draft.gazetteer import Gazetteer
from peacekg.draft.sentences import split_sentences
from peacekg.draft.stances import StanceContext, find_stances

Row = tuple[str, str, str, tuple[str, ...], str | None, str | None]


def stances(g: Gazetteer, text: str, context: StanceContext | None = None) -> list[Row]:
    context = context or StanceContext()
    rows: list[Row] = []
    for s in split_sentences(text):
        for m in find_stances(s.text, s.start, g, context):
            rows.append((m.holder, m.issue, m.value, m.places, m.condition, m.condition_issue))
    return rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenia will not make concessions on the borders.",
         [("armenia", "borders", "red-line", (), None, None)]),
        ("Azerbaijan will never give up Nagorno-Karabakh.",
         [("azerbaijan", "territory", "red-line", ("nagorno-karabakh",), None, None)]),
        ("The TPLF is ready to be flexible on the disarmament of its army.",
         [("tplf", "security-sector", "flexible", (), None, None)]),
        ("Colombia agreed not to prosecute ELN fighters, offering an amnesty.",
         [("colombia", "amnesty", "agrees", (), None, None)]),
        ("Ethiopia rejected a ceasefire.", [("ethiopia", "ceasefire", "rejects", (), None, None)]),
        ("The ELN demanded the release of prisoners.",
         [("eln", "prisoners", "demands", (), None, None)]),
        ("Aliyev insisted on international recognition of the territories.",
         [("ilham-aliyev", "territorial-recognition", "demands", (), None, None)]),
        ("The Kremlin rules out a ceasefire.",
         [("russia", "ceasefire", "rejects", (), None, None)]),
        ("Ethiopia is ready to discuss elections in the Tigray region if the TPLF disarms.",
         [("ethiopia", "elections", "flexible", ("tigray",), "if the TPLF disarms",
           "security-sector")]),
        ("Colombia is ready to discuss a ceasefire in exchange for eased sanctions.",
         [("colombia", "ceasefire", "flexible", (), "in exchange for eased sanctions",
           "sanctions-relief")]),
        ("Armenia did not reject the ceasefire.", []),
        ("The ELN has not demanded an amnesty.", []),
        ("Azerbaijan will not agree to a ceasefire.",
         [("azerbaijan", "ceasefire", "rejects", (), None, None)]),
        ("The TPLF is not ready to discuss elections.",
         [("tplf", "elections", "rejects", (), None, None)]),
        ("The weather in Doha was fine.", []),
        ("Qatar welcomed the talks.", []),
    ],
)  # fmt: skip
def test_cues_holders_issues(text: str, expected: list[Row]) -> None:
    gazetteer = other_processes()
    assert stances(gazetteer, text) == expected


def test_one_stance_per_issue_of_an_enumeration() -> None:
    base = reference()
    text = (
        "NBC, citing a Russian source, reported that the Kremlin will not make concessions on "
        "three issues: the territories of the Donetsk region, limitations on the size of the "
        "Armed Forces of Ukraine, and international recognition of the territories seized by "
        "Russia."
    )
    assert stances(base, text) == [
        ("russia", "territory", "red-line", ("donetsk-region",), None, None),
        ("russia", "armed-forces-size", "red-line", (), None, None),
        ("russia", "territorial-recognition", "red-line", (), None, None),
    ]


def test_the_sides_the_demand_and_his_country() -> None:
    gazetteer = other_processes()
    context = StanceContext(parties=["armenia", "azerbaijan"])
    text = (
        "The sides agreed to a ceasefire along the border. "
        "Azerbaijan also demanded an amnesty. Armenia rejected the demand."
    )
    assert stances(gazetteer, text, context) == [
        ("armenia", "ceasefire", "agrees", (), None, None),
        ("azerbaijan", "ceasefire", "agrees", (), None, None),
        ("azerbaijan", "amnesty", "demands", (), None, None),
        ("armenia", "amnesty", "rejects", (), None, None),
    ]
    context.speaker_party = "armenia"
    assert stances(
        gazetteer, "Pashinyan said his country no longer considers a ceasefire possible.", context
    ) == [("armenia", "ceasefire", "rejects", (), None, None)]


def test_the_valley_is_the_valley_named_before() -> None:
    base = reference()
    from peacekg.draft.gazetteer import KnownEntity

    base_copy = Gazetteer(dict(base.entities), [], {}, base.concepts)
    for e in base.entities.values():
        base_copy.add(e)
    base_copy.add(KnownEntity("serra-valley", "Region", "Serra valley", ("Serra",)))
    base_copy.add(KnownEntity("norland", "State", "Norland"))
    text = (
        "Fighting continued in the Serra valley. "
        "Norland is ready to discuss a withdrawal of heavy weapons from the valley."
    )
    assert stances(base_copy, text) == [
        ("norland", "heavy-weapons-withdrawal", "flexible", ("serra-valley",), None, None)
    ]
