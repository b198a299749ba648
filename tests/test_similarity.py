"""A second declaration of something known is caught before it enters the graph (issue: one
fact, many reports): another spelling of a person's name, or the same talks declared twice, is
refused with "this looks like 'id'", in the build (all of data/) and at ingest (against the
store), unless the facts file says the two are different (``distinct_from``).

The articles here are invented (Arvenia and Kessaly), built on the third-round fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL

from peacekg.compiler import FactsError, compile_data
from peacekg.compiler.iris import article_graph_iri
from peacekg.compiler.similarity import name_key, similar_names, similar_persons
from peacekg.ingest import compile_article
from peacekg.store import OxigraphStore

sys.path.insert(0, str(Path(__file__).resolve().parent / "ingest"))

from ingest_harness import fresh_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
ROUND3 = FIXTURES / "2026-03-14-port-alder-round-3.facts.yaml"
ID = "https://w3id.org/peacekg/id/"

TEXT = (
    " date 2026-03-16 Foreign Minister Ilse Vargaa met Kessaly's Oren Malik in Port Alder on "
    "March 13 for the third round of talks, the Harbour Wire reports. President Volodymyr "
    "Zelenskyy was not involved.\n"
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Zelensky", "Zelenskiy"),
        ("Yuri Ushakov", "Yury Ushakov"),
        ("Alex Rafoglu", "Alex Raufoglu"),
        ("Kyiv", "KYIV"),
        ("Serhiy Kyslytsia", "Serhiy Kyslytsya"),
    ],
)
def test_spellings_of_one_name_are_alike(a: str, b: str) -> None:
    assert similar_names(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Donetsk", "Donetsk region"),
        ("Kyiv Post", "Kyiv Independent"),
        ("Russia", "Belarus"),
        ("Ilse Varga", "Oren Malik"),
        ("Jared Kushner", "Josh Kushnir"),
    ],
)
def test_different_names_are_not(a: str, b: str) -> None:
    assert not similar_names(a, b)
    assert not similar_persons(a, b)


def test_a_surname_with_the_same_initial_is_one_person() -> None:
    assert similar_persons("Y. Ushakov", "Yuri Ushakov")
    assert not similar_persons("Anna Ushakova", "Yuri Ushakov")
    assert name_key("Zelenskyy") == name_key("Zelensky")


def _write(tmp_path: Path, facts: str) -> Path:
    (tmp_path / "2026-03-16-wire-recap.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "2026-03-16-wire-recap.facts.yaml"
    path.write_text(
        "article:\n  id: 2026-03-16-wire-recap\n  text: 2026-03-16-wire-recap.txt\n" + facts,
        encoding="utf-8",
    )
    return path


PERSON = """entities:
  - id: ilse-vargaa
    type: Person
    label: Ilse Vargaa
"""
ZELENSKYY = """entities:
  - id: volodymyr-zelenskyy
    type: Person
    label: Volodymyr Zelenskyy
"""
EVENT = """events:
  - id: 2026-03-13-port-alder-talks
    label: Talks in Port Alder
    type: round
    status: held
    begin: 2026-03-13
    participants:
      - {agent: oren-malik, side: kessaly}
    evidence:
      - quote: met Kessaly's Oren Malik in Port Alder on March 13
        according_to: article
"""


@pytest.mark.parametrize(
    ("facts", "proposal"),
    [
        (PERSON, "this looks like 'ilse-varga' (Ilse Varga, Varga"),
        (ZELENSKYY, "this looks like 'volodymyr-zelensky' (Volodymyr Zelensky"),
        (EVENT, "this looks like '2026-03-13-port-alder-round-3'"),
    ],
    ids=[
        "a new spelling of an article's person",
        "a new spelling of a reference person",
        "the same round",
    ],
)
def test_a_second_declaration_is_refused_in_the_build(
    tmp_path: Path, facts: str, proposal: str
) -> None:
    with pytest.raises(FactsError) as caught:
        compile_data(DATA, extra_facts=[ROUND3, _write(tmp_path, facts)])
    message = str(caught.value)
    assert proposal in message
    assert "2026-03-16-wire-recap.facts.yaml, line " in message
    assert "distinct_from" in message


def test_the_proposal_names_the_file_that_declared_the_look_alike(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as caught:
        compile_data(DATA, extra_facts=[ROUND3, _write(tmp_path, PERSON)])
    assert "declared in " in str(caught.value)
    assert "2026-03-14-port-alder-round-3.facts.yaml" in str(caught.value)


def test_the_same_round_gets_the_ref_to_write(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as caught:
        compile_data(DATA, extra_facts=[ROUND3, _write(tmp_path, EVENT)])
    assert "ref: 2026-03-13-port-alder-round-3" in str(caught.value)


def test_distinct_from_says_they_are_different(tmp_path: Path) -> None:
    facts = (
        PERSON
        + "    distinct_from: [ilse-varga]\n"
        + EVENT.replace(
            "    begin: 2026-03-13\n",
            "    begin: 2026-03-13\n    distinct_from: [2026-03-13-port-alder-round-3]\n",
        )
    )
    compiled = compile_data(DATA, extra_facts=[ROUND3, _write(tmp_path, facts)])
    graph = compiled.dataset.graph(article_graph_iri("2026-03-16-wire-recap"))
    assert (URIRef(f"{ID}ilse-vargaa"), OWL.differentFrom, URIRef(f"{ID}ilse-varga")) in graph
    event = URIRef(f"{ID}2026-03-13-port-alder-talks")
    assert (event, OWL.differentFrom, URIRef(f"{ID}2026-03-13-port-alder-round-3")) in graph


@pytest.mark.parametrize(
    ("facts", "proposal"),
    [
        (ZELENSKYY, "this looks like 'volodymyr-zelensky'"),
        (EVENT, "this looks like '2026-03-13-port-alder-round-3'"),
    ],
    ids=["person", "event"],
)
def test_a_second_declaration_is_refused_at_ingest(
    tmp_path: Path, facts: str, proposal: str
) -> None:
    """Against a store that holds the third round (as the ingest sees it)."""
    from ingest_harness import article, settings_for

    from peacekg.ingest import ingest_article

    store = fresh_store(tmp_path)
    ingest_article(*article("2026-03-14-port-alder-round-3"), settings_for(store))
    facts_path = _write(tmp_path, facts)
    with OxigraphStore(store) as opened, pytest.raises(FactsError) as caught:
        compile_article(
            tmp_path / "2026-03-16-wire-recap.txt", facts_path, opened, ROOT / "ontology"
        )
    assert proposal in str(caught.value)
