"""Ingest one article into a built store, or retract one: parse, resolve, anchor, compile,
check, find conflicts, commit in one step.

>>> from peacekg.config import Settings
>>> result = ingest_article(Path("a.txt"), Path("a.facts.yaml"), Settings())  # doctest: +SKIP
>>> result.graph  # doctest: +SKIP
'https://w3id.org/peacekg/graph/article/2026-03-14-port-alder-round-3'
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from peacekg.compiler.article_text import read_article_text
from peacekg.compiler.context import FileContext
from peacekg.compiler.emit_article import ArticleCompiler
from peacekg.compiler.errors import FactsError
from peacekg.compiler.iris import article_graph_iri, article_iri
from peacekg.compiler.model import Document, DocumentVersion, Event, FactsFile
from peacekg.compiler.yamlsource import read_yaml
from peacekg.config import Settings
from peacekg.ingest.conflicts import contradiction_links
from peacekg.ingest.dependencies import dependents, describe, dropped_dependents
from peacekg.ingest.reference_context import reference_context, retype_integers
from peacekg.ingest.registry import StoreRegistry
from peacekg.ingest.writes import commit_graph, open_for_writing, retract_graph
from peacekg.store import Store, TripleTerms
from peacekg.validation import ValidationReport, Violation, validate


class IngestError(Exception):
    """The article was refused; the store was not changed. ``report`` holds the SHACL
    violations when the article broke the shapes."""

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class IngestResult:
    article_id: str
    graph: str
    triples: int
    replaced: bool  # the article was in the store before
    conflicts: int  # pk:contradicts links added
    context_triples: int  # reference triples fetched for the SHACL check
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledArticle:
    article_id: str
    graph_iri: str
    graph: Graph
    report: ValidationReport
    context_triples: int


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - started


def compile_article(
    article: Path, facts: Path, store: Store, ontology_dir: Path, timer: _Timer | None = None
) -> CompiledArticle:
    """Compile ``facts`` (about the text ``article``) against what ``store`` holds, and check
    the result with the shapes together with the reference data it uses. Raises FactsError
    for a file that cannot be compiled; nothing is written."""
    timer = timer or _Timer()
    with timer.step("compile"):
        ctx = FileContext(read_yaml(facts))
        model = ctx.parse(FactsFile)
        if Path(model.article.text).name != article.name:
            raise ctx.fail(
                ("article", "text"),
                f"the facts are about '{model.article.text}', but the article given is "
                f"'{article.name}'",
                "article",
            )
        text = read_article_text(article)
        aid = model.article.id
        graph_iri = str(article_graph_iri(aid))
        registry = StoreRegistry(store=store, exclude_graph=graph_iri)
        registry.load_concepts()
        registry.preload(_declared_ids(model))
        compiler = ArticleCompiler(model, text, registry, ctx)
        compiler.declare()
        graph = compiler.emit()
    with timer.step("fetch-context"):
        context = retype_integers(reference_context(store, graph, aid, graph_iri), ontology_dir)
    with timer.step("validate"):
        report = _check(graph, context, graph_iri, ontology_dir, facts)
    return CompiledArticle(aid, graph_iri, graph, report, len(context))


def _declared_ids(model: FactsFile) -> list[str]:
    ids = [e.id for e in model.entities]
    ids += [e.id for e in model.events if isinstance(e, Event)]
    for doc in model.documents:
        if isinstance(doc, Document):
            ids.append(doc.id)
        ids += [v.id for v in doc.versions if isinstance(v, DocumentVersion)]
    return ids


def _check(
    graph: Graph, context: Graph, graph_iri: str, ontology_dir: Path, facts: Path
) -> ValidationReport:
    """SHACL over the article plus its context; only the article's own nodes are judged (the
    context is a partial view of things checked when they entered the store)."""
    dataset = Dataset()
    target = dataset.graph(URIRef(graph_iri))
    for triple in graph:
        target.add(triple)
    reference = dataset.graph(URIRef(graph_iri + "#context"))
    for triple in context:
        reference.add(triple)
    own = set(graph.subjects())
    report = validate(dataset, ontology_dir, origin=lambda n: facts if n in own else None)
    kept = [v for v in report.violations if v.focus in own or _anchored_in(v, own)]
    failing = [v for v in kept if v.severity == SH.Violation]
    return ValidationReport(
        conforms=not failing, violations=kept, text="\n".join(v.sentence() for v in kept)
    )


def _anchored_in(violation: Violation, own: set[Node]) -> bool:
    return violation.anchor is not None and violation.anchor in own


def ingest_article(article: Path, facts: Path, settings: Settings) -> IngestResult:
    """Ingest one article into the store at ``settings.store_path`` (see the module text).

    Raises FactsError for facts that cannot be compiled, IngestError for facts that break the
    shapes, StoreError when the store cannot be opened; in each case the store is unchanged.
    """
    timer = _Timer()
    with open_for_writing(settings) as store:
        compiled = compile_article(article, facts, store, settings.ontology_dir, timer)
        if not compiled.report.conforms:
            raise IngestError(
                f"{facts} does not conform to the ontology's shapes; the store was not changed.",
                compiled.report,
            )
        with timer.step("conflicts"):
            links = contradiction_links(store, compiled.graph, compiled.graph_iri)
        with timer.step("dependencies"):
            replaced = _holds_graph(store, compiled.graph_iri)
            lost = dropped_dependents(store, compiled.graph_iri, compiled.graph) if replaced else []
        if lost:
            raise IngestError(
                f"{facts}: other articles use what the stored version of article "
                f"'{compiled.article_id}' declares and this version no longer does: "
                f"{describe(lost)}. The store was not changed."
            )
        triples: list[TripleTerms] = [*_triples(compiled.graph), *links]
        with timer.step("commit"):
            commit_graph(store, compiled.graph_iri, triples)
    return IngestResult(
        compiled.article_id,
        compiled.graph_iri,
        len(set(triples)),
        replaced,
        len(set(links)),
        compiled.context_triples,
        timer.timings,
    )


def _triples(graph: Graph) -> Iterator[TripleTerms]:
    yield from graph  # type: ignore[misc]


def _holds_graph(store: Store, graph_iri: str) -> bool:
    return store.ask(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")


def retract_article(
    article_id: str, settings: Settings, when: datetime | None = None, *, force: bool = False
) -> URIRef:
    """Remove the article's graph and record the retraction (graph/retractions), in one
    update. Raises IngestError when the store holds no such article, or (unless ``force``)
    when other articles use what it declares."""
    graph_iri = str(article_graph_iri(article_id))
    with open_for_writing(settings) as store:
        if not _holds_graph(store, graph_iri):
            raise IngestError(f"The store holds no article '{article_id}' (no graph {graph_iri}).")
        if not force and (users := dependents(store, graph_iri)):
            raise IngestError(
                f"Other articles use what article '{article_id}' declares: {describe(users)}. "
                "Retract them first, or retract with --force to leave them pointing at nothing; "
                "the store was not changed."
            )
        return retract_graph(store, graph_iri, article_iri(article_id), when or datetime.now(UTC))


__all__ = [
    "CompiledArticle",
    "FactsError",
    "IngestError",
    "IngestResult",
    "compile_article",
    "ingest_article",
    "retract_article",
]
