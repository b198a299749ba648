"""Compile the hand-written data (YAML) into RDF: one named graph per article, one for the
reference data (vocabularies and entities).

>>> from pathlib import Path
>>> compiled = compile_data(Path("data"))  # doctest: +SKIP
>>> sorted(str(g) for g in compiled.graphs)  # doctest: +SKIP
['https://w3id.org/peacekg/graph/article/2025-12-03-moscow-talks',
 'https://w3id.org/peacekg/graph/reference']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from peacekg.compiler.article_text import read_article_text
from peacekg.compiler.context import FileContext
from peacekg.compiler.emit_article import ArticleCompiler
from peacekg.compiler.emit_reference import (
    declare_entities,
    declare_vocab,
    emit_entities,
    emit_vocab,
)
from peacekg.compiler.errors import FactsError
from peacekg.compiler.iris import ONTOLOGY_GRAPH, REFERENCE_GRAPH, article_graph_iri
from peacekg.compiler.model import EntityFile, FactsFile, VocabFile
from peacekg.compiler.registry import Registry
from peacekg.compiler.yamlsource import read_yaml
from peacekg.namespaces import PREFIXES

__all__ = [
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "CompiledData",
    "FactsError",
    "compile_data",
    "compile_facts_file",
    "load_ontology",
]

FACTS_SUFFIX = ".facts.yaml"


@dataclass
class CompiledData:
    """The compiled dataset and, for each named graph, the file it was compiled from."""

    dataset: Dataset
    graphs: dict[URIRef, Path] = field(default_factory=dict)

    def origin(self, node: Node) -> Path | None:
        """The file that states ``node`` as a subject (for validation messages)."""
        for graph_iri, path in self.graphs.items():
            if (node, None, None) in self.dataset.graph(graph_iri):
                return path
        return None


def load_ontology(ontology_dir: Path) -> Graph:
    """The ontology (``ontology/peacekg.ttl``) as an rdflib graph."""
    path = ontology_dir / "peacekg.ttl"
    if not path.is_file():
        raise FactsError("the ontology file is missing", path=path)
    return Graph().parse(path, format="turtle")


def compile_data(data_dir: Path, extra_facts: Iterable[Path] = ()) -> CompiledData:
    """Compile ``data_dir`` (``vocab/``, ``reference/``, ``articles/*.facts.yaml``) and any
    further facts files (test fixtures, a new article being checked)."""
    if not data_dir.is_dir():
        raise FactsError("the data directory does not exist", path=data_dir)
    registry = Registry()
    compiled = CompiledData(Dataset())
    for prefix, namespace in PREFIXES.items():
        compiled.dataset.bind(prefix, namespace, replace=True)
    reference = compiled.dataset.graph(REFERENCE_GRAPH)

    vocabs = [(FileContext(read_yaml(p)), p) for p in sorted((data_dir / "vocab").glob("*.yaml"))]
    parsed_vocabs = [(ctx, ctx.parse(VocabFile)) for ctx, _ in vocabs]
    for ctx, vocab in parsed_vocabs:
        declare_vocab(vocab, registry, ctx)
    for ctx, vocab in parsed_vocabs:
        emit_vocab(vocab, registry, ctx, reference)

    entity_files = sorted((data_dir / "reference").glob("*.yaml"))
    parsed_entities = [
        (ctx, ctx.parse(EntityFile)) for ctx in (FileContext(read_yaml(p)) for p in entity_files)
    ]
    for ctx, ef in parsed_entities:
        declare_entities(ef.entities, registry, ctx, "entities")
    for ctx, ef in parsed_entities:
        emit_entities(ef.entities, registry, ctx, reference, "entities")
    compiled.graphs[REFERENCE_GRAPH] = data_dir / "reference"

    facts_paths = sorted((data_dir / "articles").glob(f"*{FACTS_SUFFIX}"))
    for extra in extra_facts:
        if extra.resolve() not in {p.resolve() for p in facts_paths}:
            facts_paths.append(extra)
    articles = []
    for path in facts_paths:
        ctx = FileContext(read_yaml(path))
        facts = ctx.parse(FactsFile)
        try:
            text = read_article_text(path.parent / facts.article.text)
        except FactsError as exc:
            raise FactsError(
                f"{exc.problem} (the article text of {path.name})", path=exc.path, line=exc.line
            ) from None
        articles.append((text.published, facts.article.id, ctx, facts, text))
    articles.sort(key=lambda a: (a[0], a[1]))  # earlier reports first: later ones may cite them
    seen: dict[str, Path] = {}
    for _, aid, ctx, facts, text in articles:
        if aid in seen:
            raise ctx.fail(("article", "id"), f"the article id '{aid}' is also used by {seen[aid]}")
        seen[aid] = ctx.source.path
        article = ArticleCompiler(facts, text, registry, ctx)
        article.declare()
        graph_iri = article_graph_iri(aid)
        target = compiled.dataset.graph(graph_iri)
        for triple in article.emit():
            target.add(triple)
        compiled.graphs[graph_iri] = ctx.source.path
    return compiled


def compile_facts_file(path: Path, data_dir: Path = Path("data")) -> CompiledData:
    """Compile one facts file together with the reference data it refers to."""
    return compile_data(data_dir, extra_facts=[path])


def compile_path(path: Path, data_dir: Path) -> CompiledData:
    """Compile a data directory, a directory of facts files, or one facts file (the last two
    with the reference data of ``data_dir``). FactsError if ``path`` is none of them."""
    if path.is_file():
        if not path.name.endswith(FACTS_SUFFIX):
            raise FactsError(
                f"{path} is neither a facts file (*{FACTS_SUFFIX}) nor an RDF file "
                f"(.ttl .nt .nq .trig .jsonld .rdf)."
            )
        return compile_facts_file(path, data_dir)
    if any((path / part).is_dir() for part in ("articles", "reference", "vocab")):
        return compile_data(path)
    facts = sorted(path.glob(f"*{FACTS_SUFFIX}"))
    if not facts:
        raise FactsError(
            f"{path} holds no facts files (*{FACTS_SUFFIX}) and is not a data directory."
        )
    return compile_data(data_dir, extra_facts=facts)
