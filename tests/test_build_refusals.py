"""A broken facts file stops ``peacekg build`` with a message naming the file, the fact and the
rule, and the store built before keeps answering, unchanged."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peacekg.cli import app
from peacekg.namespaces import PREFIXES
from peacekg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
FACTS = "2025-12-03-moscow-talks.facts.yaml"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _drop_evidence_of(text: str, stance: str) -> str:
    start = text.index(f"  - id: {stance}\n")
    evidence = text.index("    evidence:\n", start)
    following = text.index("  - id: ", evidence)
    return text[:evidence] + text[following:]


BREAKAGES = {
    "quote not in the article": (
        lambda t: t.replace(
            "quote: But Russia is ready to be flexible on the issue of Russian assets frozen",
            "quote: But Russia is ready to bend on the issue of Russian assets frozen",
        ),
        [
            "stance 'russia-frozen-assets'",
            "is not in the article text; the nearest passage is",
        ],
    ),
    "stance without a source": (
        lambda t: _drop_evidence_of(t, "russia-frozen-assets"),
        [
            "stance <https://w3id.org/peacekg/id/article/2025-12-03-moscow-talks/"
            "russia-frozen-assets>",
            "A stance must be supported by at least one claim",
        ],
    ),
    "impossible date": (
        lambda t: t.replace("    begin: 2025-11-23\n", "    begin: 2025-13-02\n"),
        ["event '2025-11-23-geneva-talks'", "month value is outside expected range"],
    ),
    "unknown issue": (
        lambda t: t.replace("    issue: frozen-assets\n", "    issue: frozen-property\n"),
        ["stance 'russia-frozen-assets'", "unknown issue 'frozen-property' in the issue scheme"],
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    root = tmp_path_factory.mktemp("refusals")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    store = root / "store"
    result = CliRunner().invoke(
        app,
        ["build", "--store", str(store), "--data", str(data), "--ontology", str(ROOT / "ontology")],
    )
    assert result.exit_code == 0, result.output
    with OxigraphStore(store, read_only=True) as reader:
        quads = int(reader.select(COUNT).rows[0][0])  # type: ignore[arg-type]
    return data, store, quads


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.replace(" ", "-"))
def test_broken_facts_stop_the_build_and_the_old_store_answers(
    breakage: str, built: tuple[Path, Path, int]
) -> None:
    data, store, quads = built
    facts = data / "articles" / FACTS
    original = facts.read_text(encoding="utf-8")
    edit, expected = BREAKAGES[breakage]
    broken = edit(original)
    assert broken != original, "the breakage must change the file"
    facts.write_text(broken, encoding="utf-8")
    try:
        result = CliRunner().invoke(
            app,
            [
                "build",
                "--store",
                str(store),
                "--data",
                str(data),
                "--ontology",
                str(ROOT / "ontology"),
            ],
        )
    finally:
        facts.write_text(original, encoding="utf-8")
    assert result.exit_code == 1
    message = re.sub(r"\s+", " ", result.stderr)
    assert str(facts) in message
    for words in expected:
        assert words in message
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        assert int(reader.select(COUNT).rows[0][0]) == quads  # type: ignore[arg-type]
        answer = reader.select(
            "SELECT ?v WHERE { ?s pk:holder id:russia ; pk:issue issue:frozen-assets ; "
            "pk:value/skos:prefLabel ?v }"
        )
        assert [str(row[0]) for row in answer] == ["ready to be flexible"]


def test_what_the_store_holds_still_conforms(built: tuple[Path, Path, int]) -> None:
    """The store keeps integers of every subtype as xsd:integer; its dump must still pass the
    shapes (regression: the shapes demanded xsd:positiveInteger and the store's dump failed)."""
    from rdflib import Dataset

    from peacekg.store import RdfFormat
    from peacekg.validation import validate

    _, store, _ = built
    dump = io.BytesIO()
    with OxigraphStore(store, read_only=True) as reader:
        reader.dump(RdfFormat.NQUADS, dump)
    assert b"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>" not in dump.getvalue()
    dataset = Dataset()
    dataset.parse(data=dump.getvalue().decode(), format="nquads")
    report = validate(dataset, ROOT / "ontology")
    assert report.conforms, report.text
