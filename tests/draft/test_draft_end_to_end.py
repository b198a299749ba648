"""Draft each evaluation article: the YAML parses into the facts format, its header is right,
every quote is verbatim in the text, and the draft compiles with the reference data."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from draft_harness import DATA, REPO
from typer.testing import CliRunner

from peacekg.cli import app
from peacekg.compiler import compile_data
from peacekg.compiler.article_text import read_article_text
from peacekg.compiler.model import FactsFile
from peacekg.draft.pipeline import draft_article
from peacekg.draft.writer import scalar, write_draft

SYNTHETIC = REPO / "tests" / "fixtures" / "synthetic"
ARTICLES = [
    DATA / "articles" / "2025-12-03-moscow-talks.txt",
    SYNTHETIC / "2026-03-14-port-alder-round-3.txt",
    SYNTHETIC / "2026-04-03-round-4-postponed.txt",
]


def quotes(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["quote"]] if "quote" in node else []
        return found + [q for value in node.values() for q in quotes(value)]
    if isinstance(node, list):
        return [q for item in node for q in quotes(item)]
    return []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_draft_is_a_facts_file_with_verbatim_quotes(article: Path, tmp_path: Path) -> None:
    output = tmp_path / f"{article.stem}.facts.yaml"
    text = write_draft(draft_article(article, DATA), output)
    facts = yaml.safe_load(text)
    FactsFile.model_validate(facts)
    header = facts["article"]
    assert header["id"] == article.stem
    assert (output.parent / header["text"]).resolve() == article.resolve()
    assert "# draft: published " + read_article_text(article).published.isoformat() in text
    body = read_article_text(article).text
    found = quotes(facts)
    assert found, "a draft with no quote proposes nothing"
    assert [q for q in found if q not in body] == []
    assert text.count("# draft:") >= len(found)


def test_drafts_compile_with_the_reference_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    shutil.copytree(DATA / "vocab", data / "vocab")
    shutil.copytree(DATA / "reference", data / "reference")
    for article in ARTICLES:
        shutil.copy(article, tmp_path / article.name)
    # the second synthetic report builds on the first one's hand-written facts
    shutil.copy(SYNTHETIC / "2026-03-14-port-alder-round-3.facts.yaml", data / "articles")
    shutil.copy(SYNTHETIC / "2026-03-14-port-alder-round-3.txt", data / "articles")
    for article in ARTICLES:
        if article.stem == "2026-03-14-port-alder-round-3":
            continue
        output = tmp_path / f"{article.stem}.facts.yaml"
        output.write_text(write_draft(draft_article(tmp_path / article.name, data), output))
        compile_data(data, extra_facts=[output])
    alone = tmp_path / "alone"
    (alone / "articles").mkdir(parents=True)
    shutil.copytree(DATA / "vocab", alone / "vocab")
    shutil.copytree(DATA / "reference", alone / "reference")
    first = tmp_path / "2026-03-14-port-alder-round-3.txt"
    output = tmp_path / "first.facts.yaml"
    output.write_text(write_draft(draft_article(first, alone, facts_dirs=[]), output))
    compile_data(alone, extra_facts=[output])


def test_draft_command_writes_the_file_or_stdout(tmp_path: Path) -> None:
    runner = CliRunner()
    article = SYNTHETIC / "2026-04-03-round-4-postponed.txt"
    output = tmp_path / "draft.facts.yaml"
    result = runner.invoke(app, ["draft", str(article), "-o", str(output), "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    facts = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert facts["events"][0]["ref"] == "2026-04-02-port-alder-round-4"
    assert facts["events"][0]["status"] == "postponed"
    printed = runner.invoke(app, ["draft", str(article), "--data", str(DATA)])
    assert printed.exit_code == 0
    assert yaml.safe_load(printed.stdout)["article"]["id"] == "2026-04-03-round-4-postponed"


def test_draft_command_refuses_a_text_without_header(tmp_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text("Talks were held.", encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(article)])
    assert result.exit_code == 1
    assert "date YYYY-MM-DD" in result.output


def test_a_new_conflict_end_to_end(tmp_path: Path) -> None:
    """An invented report of another peace process, with nothing about it in data/."""
    article = tmp_path / "2026-06-02-vell-talks.txt"
    article.write_text(
        " date 2026-06-02 Delegations of Norland and Ostmark met in the city of Vell on June 1 "
        "for a second round of talks mediated by the Coastal Union. The meeting lasted about "
        "four hours.\n\nNorland was represented by Foreign Minister Anna Berg. Berg said that "
        "Norland will never give up the Serra valley. According to the Harbour Gazette, citing "
        "three diplomats, Ostmark demanded an amnesty for its soldiers.",
        encoding="utf-8",
    )
    draft = draft_article(article, DATA)
    facts = yaml.safe_load(write_draft(draft))
    FactsFile.model_validate(facts)
    assert [(e["id"], e["type"]) for e in facts["entities"]] == [
        ("norland", "State"),
        ("ostmark", "State"),
        ("vell", "City"),
        ("coastal-union", "InternationalOrganisation"),
        ("serra-valley", "Region"),
        ("harbour-gazette", "MediaOutlet"),
        ("anna-berg", "Person"),
    ]
    assert facts["sources"] == [
        {"id": "harbour-gazette-three-diplomats", "label": "three diplomats", "count": 3}
    ]
    assert [(e["type"], e.get("begin"), e.get("ordinal")) for e in facts["events"]] == [
        ("talks", None, None),
        ("round", date(2026, 6, 1), 2),
    ]
    assert facts["events"][1]["duration"] == "PT4H"
    assert facts["mandates"][0]["person"] == "anna-berg"
    assert facts["offices"][0]["organization"] == "norland"
    assert [(s["holder"], s["issue"], s["value"]) for s in facts["stances"]] == [
        ("norland", "territory", "red-line"),
        ("ostmark", "amnesty", "demands"),
    ]
    assert facts["stances"][0]["evidence"][0]["according_to"] == [
        {"agent": "anna-berg", "on_record": True}
    ]
    assert facts["stances"][1]["evidence"][0]["according_to"] == [
        {"agent": "harbour-gazette", "role": "outlet"},
        {"source": "harbour-gazette-three-diplomats"},
    ]


def test_scalars_read_back_as_written() -> None:
    for value in ["Port Alder", "a: b", "yes", "Kessaly's banks", '"quoted"', "#tag", "x #y"]:
        assert yaml.safe_load(f"k: {scalar(value)}")["k"] == value


def test_odd_texts_give_valid_drafts(tmp_path: Path) -> None:
    odd = tmp_path / "My Report.txt"
    odd.write_text(
        " date 2026-01-01 “Quoted” — dashes… and accents: talks were held in Zürich on "
        "1 January 2026. no punctuation at the end and lowercase words",
        encoding="utf-8",
    )
    facts = yaml.safe_load(write_draft(draft_article(odd, DATA)))
    FactsFile.model_validate(facts)
    assert facts["article"] == {"id": "my-report", "text": "My Report.txt", "language": "en"}
    assert facts["entities"] == [{"id": "zurich", "type": "Place", "label": "Zürich"}]
    assert facts["events"][0]["label"] == "Talks in Zürich, 1 January 2026"
    bare = tmp_path / "bare.txt"
    bare.write_text(" date 2026-01-01 nothing happened here", encoding="utf-8")
    assert set(yaml.safe_load(write_draft(draft_article(bare, DATA)))) == {"article"}


def test_a_changed_stance_supersedes_the_earlier_one() -> None:
    article = SYNTHETIC / "2026-04-03-round-4-postponed.txt"
    facts = yaml.safe_load(write_draft(draft_article(article, DATA)))
    first = facts["stances"][0]
    assert (first["holder"], first["issue"], first["value"]) == (
        "kessaly",
        "heavy-weapons-withdrawal",
        "rejects",
    )
    assert first["valid_from"] == date(2026, 4, 2)  # "said on April 2"
    assert first["supersedes"] == ["2026-03-14-port-alder-round-3/kessaly-heavy-weapons-offer"]
    # "120 prisoners returned home on March 28" is not when Solberg spoke
    assert "valid_from" not in facts["stances"][1]
