"""The whole corpus, streamed: the reference graph (the compiled reference data of ``data/``
and the invented entities), the ontology graph, then one named graph per generated report.

Memory stays flat in the size asked for: a process's state is dropped when its share of the
triples is written, and each report is written as soon as it is made.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib import Graph
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDFS, SKOS

from peacekg.compiler import ONTOLOGY_GRAPH, REFERENCE_GRAPH, compile_data, load_ontology
from peacekg.compiler.iris import article_graph_iri
from peacekg.namespaces import BASE
from peacekg.synth.emit import ArticleEmitter, Labels, SynthArticle, emit_entity
from peacekg.synth.quads import Format, QuadWriter, Triple, from_rdflib, iri
from peacekg.synth.timeline import ProcessTimeline
from peacekg.synth.world import Entity, Globals, make_globals, make_process

# About how many triples one peace process contributes (its reports over a year or two).
PROCESS_TRIPLES = 12_000


@dataclass
class SynthStats:
    """What was written: triples (quads), reports, processes, facts by kind, seconds."""

    triples: int = 0
    articles: int = 0
    processes: int = 0
    entities: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    seconds: float = 0.0


@dataclass
class Reference:
    """The compiled reference data of ``data/`` and the ontology, with the labels the
    generator needs."""

    triples: list[Triple]
    ontology: list[Triple]
    labels: Labels
    issue_labels: dict[str, str]


def load_reference(data_dir: Path, ontology_dir: Path) -> Reference:
    compiled = compile_data(data_dir)
    graph = compiled.dataset.graph(REFERENCE_GRAPH)
    labels = Labels()
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        scheme_id = str(scheme).rsplit("/", 1)[-1]
        label = graph.value(concept, RDFS.label)
        labels.concepts.setdefault(scheme_id, {})[str(concept).rsplit("/", 1)[-1]] = str(label)
    id_base = BASE + "id/"
    for subject, label in graph.subject_objects(RDFS.label):
        if str(subject).startswith(id_base):
            labels.entities[str(subject)[len(id_base) :]] = str(label)
    return Reference(
        triples=_sorted_triples(graph),
        ontology=_sorted_triples(load_ontology(ontology_dir)),
        labels=labels,
        issue_labels=labels.concepts["issue"],
    )


def _sorted_triples(graph: Graph) -> list[Triple]:
    """Triples in a fixed order (blank nodes named canonically), for byte-identical output."""
    canonical = to_canonical_graph(graph)
    rows = [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in canonical]
    return sorted(rows)


def generate(
    out: TextIO,
    triples: int,
    seed: int = 0,
    fmt: Format = "nquads",
    data_dir: Path = Path("data"),
    ontology_dir: Path = Path("ontology"),
) -> SynthStats:
    """Write a corpus of about ``triples`` quads to ``out``.

    >>> import io
    >>> stats = generate(io.StringIO(), 5_000, seed=1)
    >>> 4_500 <= stats.triples <= 5_500, stats.processes
    (True, 1)
    """
    began = time.perf_counter()
    stats = SynthStats()
    writer = QuadWriter(out, fmt)
    reference = load_reference(data_dir, ontology_dir)
    for item in corpus_items(triples, seed, reference, lambda: writer.count):
        write_item(item, writer, reference.labels, stats)
    stats.triples = writer.count
    stats.seconds = time.perf_counter() - began
    return stats


Item = tuple[str, list[Triple]] | list[Entity] | SynthArticle


def corpus_items(triples: int, seed: int, reference: Reference, written: object) -> Iterator[Item]:
    """What makes the corpus, in order: the fixed graphs, the world's entities, then each
    process's entities and reports until its share of ``triples`` is reached.

    ``written`` is a callable giving the number of triples written so far.
    """
    assert callable(written)
    yield (str(REFERENCE_GRAPH), reference.triples)
    yield (str(ONTOLOGY_GRAPH), reference.ontology)
    world: Globals = make_globals(seed)
    yield world.entities
    fixed = written()
    remaining = max(0, triples - fixed)
    n_processes = max(1, round(remaining / PROCESS_TRIPLES))
    for index in range(n_processes):
        goal = fixed + remaining * (index + 1) / n_processes
        process = make_process(seed, index, world)
        rng = random.Random(f"peacekg-synth-{seed}-timeline-{index}")
        timeline = ProcessTimeline(process, world, reference.issue_labels, rng)
        for item in timeline.articles():
            if isinstance(item, SynthArticle) and written() >= goal:
                break
            yield item


def write_item(item: Item, writer: QuadWriter, base: Labels, stats: SynthStats) -> None:
    if isinstance(item, tuple):
        writer.write(iri(item[0]), item[1])
    elif isinstance(item, list):
        rows: list[Triple] = []
        for entity in item:
            base.entities[entity["id"]] = entity["label"]
            rows += emit_entity(entity)
        stats.entities += len(item)
        writer.write(iri(str(REFERENCE_GRAPH)), rows)
    else:
        stats.articles += 1
        if item.id.endswith("-001"):  # the opening report of a process
            stats.processes += 1
        for section, facts in item.facts.items():
            stats.facts[section] += len(facts)
            stats.claims += sum(len(f.get("evidence", [])) for f in facts)
            for doc in facts if section == "documents" else []:
                for version in doc.get("versions", []):
                    stats.facts["versions"] += 1
                    stats.facts["provisions"] += len(version.get("provisions", []))
                    stats.claims += len(version.get("evidence", []))
                    stats.claims += sum(len(p["evidence"]) for p in version.get("provisions", []))
        triples = ArticleEmitter(item, base).emit()
        writer.write(iri(str(article_graph_iri(item.id))), triples)
