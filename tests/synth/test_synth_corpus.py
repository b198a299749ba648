"""The generator: seeded and deterministic, the size asked for, every kind of fact, valid under
the shapes, and the very triples the compiler writes for the same facts files."""

from __future__ import annotations

import io
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset
from synth_helpers import ROOT, SEED, SMALL, make, small_corpus

from peacekg.compiler import ONTOLOGY_GRAPH, compile_data
from peacekg.synth import corpus_items, generate, load_reference
from peacekg.synth.corpus import SynthStats, write_item
from peacekg.synth.facts_files import write_data_dir
from peacekg.synth.quads import QuadWriter
from peacekg.validation import validate


def _dataset(nquads: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    return dataset


def test_same_seed_gives_the_same_bytes_and_another_seed_another_corpus() -> None:
    first, _ = make(20_000, seed=5)
    again, _ = make(20_000, seed=5)
    other, _ = make(20_000, seed=6)
    assert first == again
    assert first != other
    assert len(first) > 1_000_000  # not two empty outputs


@pytest.mark.parametrize("target", [5_000, 30_000, 100_000])
def test_the_size_lands_within_ten_percent_of_the_target(target: int) -> None:
    text, stats = make(target, seed=1)
    lines = text.count("\n")
    assert stats.triples == lines
    assert abs(lines - target) <= target // 10, (lines, target)


def test_every_line_is_a_distinct_quad() -> None:
    corpus = small_corpus()
    """No quad is written twice (a duplicate would inflate the counts, not the graph)."""
    lines = corpus.nquads.splitlines()
    assert len(lines) == len(set(lines))
    assert sum(1 for _ in _dataset(corpus.nquads).quads()) == len(lines)


def test_trig_holds_the_same_quads_as_nquads() -> None:
    nquads, _ = make(6_000, seed=2)
    trig, _ = make(6_000, seed=2, fmt="trig")
    from_trig = Dataset()
    from_trig.parse(data=trig, format="trig")
    assert set(from_trig.quads()) == set(_dataset(nquads).quads())


def test_a_small_corpus_conforms_to_the_shapes() -> None:
    corpus = small_corpus()
    report = validate(_dataset(corpus.nquads), ROOT / "ontology")
    assert report.conforms, report.text


def test_a_small_corpus_has_every_kind_of_fact() -> None:
    corpus = small_corpus()
    stats = corpus.stats
    for section in ("events", "stances", "offices", "mandates", "documents", "sources"):
        assert stats.facts[section] > 0, section
    assert stats.facts["versions"] >= 2 and stats.facts["provisions"] > 0
    text = corpus.nquads
    pk = "https://w3id.org/peacekg/ontology#"
    for term in ("supersedes", "validUntil", "statusChangedBy", "condition", "revisionOf"):
        assert f"<{pk}{term}>" in text, term
    for status in ("held", "planned", "postponed", "cancelled"):
        assert f"<https://w3id.org/peacekg/vocab/event-status/{status}>" in text, status
    for sourcing in ("EditorialVoice", "OnRecord", "Named", "Anonymous"):
        assert f"<{pk}sourcing> <{pk}{sourcing}>" in text, sourcing
    depths = Counter(
        line.split("/step/")[1].split(">")[0]
        for line in text.splitlines()
        if "/step/" in line and f"<{pk}position>" in line
    )
    assert {"1", "2", "3"} <= set(depths), depths


def test_synthetic_entities_are_minted_under_synth() -> None:
    """Nothing the generator invents takes the IRI of a real entity of data/."""
    text, _ = make(6_000, seed=3)
    real = compile_data(ROOT / "data").dataset
    real_subjects = {str(s) for s, _, _, _ in real.quads()}
    id_base = "https://w3id.org/peacekg/id/"
    for line in text.splitlines():
        subject = line.split(" ", 1)[0][1:-1]
        if subject.startswith(id_base) and subject not in real_subjects:
            local = subject[len(id_base) :]
            # origin/OUTLET/unnamed...: derived from an outlet (pk:origin), not invented
            assert local.startswith(("synth-", "article/synth-", "origin/synth-")), subject


def test_the_compiler_writes_the_same_graphs_from_the_facts_files(tmp_path: Path) -> None:
    """The generator mirrors the compiler: its reports, written as facts files and compiled,
    give graph for graph the triples it streamed (the ontology graph aside, which
    ``peacekg build`` adds)."""
    reference = load_reference(ROOT / "data", ROOT / "ontology")
    out = io.StringIO()
    writer = QuadWriter(out)
    items = []
    for item in corpus_items(SMALL, SEED, reference, lambda: writer.count):
        items.append(item)
        write_item(item, writer, reference.labels, SynthStats())
    assert write_data_dir(items, ROOT / "data", tmp_path) > 10
    compiled = compile_data(tmp_path).dataset
    generated = _dataset(out.getvalue())
    names = {str(g.identifier) for g in generated.graphs() if len(g)} - {str(ONTOLOGY_GRAPH)}
    assert names == {str(g.identifier) for g in compiled.graphs() if len(g)}
    for name in sorted(names):
        assert set(generated.graph(name)) == set(compiled.graph(name)), name


class _Discard:
    """A text sink that keeps nothing, so only the generator's own memory is measured."""

    def write(self, text: str) -> int:
        return len(text)


def _peak_bytes(triples: int) -> int:
    tracemalloc.start()
    try:
        generate(_Discard(), triples, 1, "nquads", ROOT / "data", ROOT / "ontology")  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_corpus_grows() -> None:
    """Ten times the triples, not ten times the memory: reports are written as they are made
    and a process's state is dropped when its share is written."""
    small, large = _peak_bytes(12_000), _peak_bytes(120_000)
    assert large < 1.5 * small, (small, large)


@pytest.mark.parametrize("target", [10_000, 11_000])
def test_an_unnamed_origin_cited_twice_in_an_article_is_described_once(target: int) -> None:
    """Regression: two claims of one article going back to the same unnamed sources wrote the
    origin's type, label and carrier twice (seed 11 at 10,000 and 11,000 triples)."""
    text, _ = make(target, seed=11)
    lines = text.splitlines()
    assert len(lines) == len(set(lines))
