"""The workbench writes facts files as an analyst would: an article opened and written back
unchanged is the same file, byte for byte; an edit changes only what it changes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peacekg.workbench.yamldoc import FactsDocument, plain

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    ROOT / "data" / "articles" / "2025-12-03-moscow-talks.facts.yaml",
    *sorted((ROOT / "tests" / "fixtures" / "synthetic").glob("*.facts.yaml")),
]
SECTIONS = ("entities", "sources", "events", "offices", "mandates", "stances", "documents")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_card_saved_unchanged_gives_the_same_file(path: Path) -> None:
    original = path.read_bytes().decode("utf-8")
    doc = FactsDocument(original)
    assert doc.dump() == original
    doc.set_header(doc.header())
    for section in SECTIONS:
        for index, item in enumerate(doc.items(section)):
            doc.put(section, index, plain(item))
    assert doc.dump().encode("utf-8") == path.read_bytes()


def test_an_edit_keeps_comments_order_and_aliases() -> None:
    path = ROOT / "tests" / "fixtures" / "synthetic" / "2026-03-14-port-alder-round-3.facts.yaml"
    original = path.read_text(encoding="utf-8")
    doc = FactsDocument(original)
    stance = plain(doc.item("stances", 0))
    stance["summary"] = "ready to discuss a withdrawal"
    doc.put("stances", 0, stance)
    out = doc.dump()
    added = [line for line in out.splitlines() if line not in original.splitlines()]
    assert added == ["    summary: ready to discuss a withdrawal"]
    assert out.count("*malik") == original.count("*malik")  # the alias stays an alias
    assert "# TEST FIXTURE ONLY" in out
    # The summary goes where data/README.md lists it: after holder, issue, value and places.
    keys = list(doc.item("stances", 0).keys())
    before = ("id", "holder", "issue", "value", "places")
    assert keys.index("summary") == max(keys.index(k) for k in before if k in keys) + 1
    assert yaml.safe_load(out)["stances"][0]["summary"] == "ready to discuss a withdrawal"


def test_new_items_are_written_as_by_hand() -> None:
    doc = FactsDocument("article:\n  id: x\n  text: x.txt\n")
    doc.add("entities", {"id": "lena-osk", "type": "Person", "label": "Lena Osk"})
    doc.add(
        "events",
        {"label": "Talks: round 2", "id": "e", "type": "talks", "status": "held",
         "begin": "2026-05-11T10:00:00+02:00", "participants": [{"agent": "a", "side": "a"}]},
    )  # fmt: skip
    out = doc.dump()
    assert "entities:\n  - {id: lena-osk, type: Person, label: Lena Osk}\n" in out
    assert '  - id: e\n    label: "Talks: round 2"\n    type: talks\n' in out
    assert "    begin: 2026-05-11T10:00:00+02:00\n" in out  # plain, as the compiler reads it
    assert "      - {agent: a, side: a}\n" in out
    assert "\n\nevents:\n" in out  # a blank line between sections


def test_removing_the_last_item_keeps_the_next_section_apart() -> None:
    path = ROOT / "tests" / "fixtures" / "synthetic" / "2026-03-14-port-alder-round-3.facts.yaml"
    doc = FactsDocument(path.read_text(encoding="utf-8"))
    last = len(doc.items("events")) - 1
    doc.remove("events", last)
    out = doc.dump()
    assert "\n\noffices:\n" in out
    assert len(yaml.safe_load(out)["events"]) == last
