"""``peacekg synth`` as a user runs it, and the examples of the synth docstrings."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rdflib import Dataset
from synth_helpers import ROOT
from typer.testing import CliRunner

import peacekg.synth
import peacekg.synth.corpus
import peacekg.synth.phrases
import peacekg.synth.quads
from peacekg.cli import app


def test_synth_writes_trig_and_says_what_it_wrote(tmp_path: Path) -> None:
    output = tmp_path / "corpus.trig"
    args = ["synth", "--triples", "6000", "--seed", "4", "--output", str(output)]
    args += ["--format", "trig", "--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "triples" in result.output and "reports" in result.output
    dataset = Dataset()
    dataset.parse(output, format="trig")
    quads = sum(1 for _ in dataset.quads())
    assert 5_400 <= quads <= 6_600


def test_synth_refuses_an_unwritable_output(tmp_path: Path) -> None:
    output = tmp_path / "missing-dir" / "corpus.nq"
    args = ["synth", "--triples", "1000", "--output", str(output)]
    args += ["--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "Cannot write" in result.output


@pytest.mark.parametrize(
    "module",
    [peacekg.synth, peacekg.synth.corpus, peacekg.synth.quads, peacekg.synth.phrases],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0 and failures == 0
