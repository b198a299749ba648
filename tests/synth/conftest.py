"""A small synthetic corpus, made once for the synth tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from peacekg.synth import SynthStats, generate

ROOT = Path(__file__).resolve().parents[2]
SMALL = 8_000  # triples: big enough for every kind of fact, small enough for pySHACL
SEED = 11


@dataclass(frozen=True)
class Corpus:
    nquads: str
    stats: SynthStats


def make(triples: int, seed: int, fmt: str = "nquads") -> tuple[str, SynthStats]:
    out = io.StringIO()
    stats = generate(
        out, triples, seed, "trig" if fmt == "trig" else "nquads", ROOT / "data", ROOT / "ontology"
    )
    return out.getvalue(), stats


@pytest.fixture(scope="session")
def small_corpus() -> Corpus:
    text, stats = make(SMALL, SEED)
    return Corpus(text, stats)
