"""Helpers of the synth tests: a corpus made in memory, and a small one made once.

(Not a ``conftest.py``: the test modules import from it, and a second module named
``conftest`` would shadow ``tests/conftest.py`` for the other test modules.)
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from peacekg.synth import SynthStats, generate

ROOT = Path(__file__).resolve().parents[2]
# triples: big enough for every kind of fact, small enough for pySHACL. The budget includes the
# reference graph of data/ (about 1,850 triples with the vocabularies and reference entities of
# the real corpus), so it grows with it.
SMALL = 9_000
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


@cache
def small_corpus() -> Corpus:
    text, stats = make(SMALL, SEED)
    return Corpus(text, stats)
