"""A seeded, deterministic generator of synthetic corpora in peacekg's own model.

Peace processes between invented parties (one between real parties of ``data/reference``), the
reports about them (one named graph each, with text in which every claim's quote is found at its
offsets), and the same triples and IRIs the compiler writes for them, streamed as N-Quads or TriG:

>>> import io
>>> from peacekg.synth import generate
>>> out = io.StringIO()
>>> stats = generate(out, 6_000, seed=7)
>>> 5_400 <= stats.triples <= 6_600, len(out.getvalue().splitlines()) == stats.triples
(True, True)

``peacekg synth --triples 1000000 --seed 1 --output corpus.nq`` writes a million.
"""

from __future__ import annotations

from peacekg.synth.corpus import SynthStats, corpus_items, generate, load_reference
from peacekg.synth.emit import ArticleEmitter, Labels, SynthArticle, emit_entity
from peacekg.synth.quads import Format

__all__ = [
    "ArticleEmitter",
    "Format",
    "Labels",
    "SynthArticle",
    "SynthStats",
    "corpus_items",
    "emit_entity",
    "generate",
    "load_reference",
]
