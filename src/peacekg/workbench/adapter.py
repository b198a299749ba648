"""The one place where the workbench calls the rest of peacekg: the draft assistant, the
compiler with the shapes, the ingest, the store. When their signatures change (the corpus as
the single source of truth, the draft's new rules), only this module follows.

Nothing here keeps state: each function takes the paths and the store it works on.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.compiler.article_text import read_article_text
from peacekg.compiler.errors import FactsError
from peacekg.config import Settings
from peacekg.ingest import IngestError, compile_article, ingest_article
from peacekg.namespaces import BASE
from peacekg.store import Store, StoreError

__all__ = [
    "BASE",
    "Checked",
    "DraftedFact",
    "FactsError",
    "IngestError",
    "Ingested",
    "Problem",
    "StoreError",
    "article_text",
    "check",
    "corpus_articles",
    "draft",
    "ingest",
    "select",
]


@dataclass(frozen=True)
class DraftedFact:
    """A fact the draft assistant proposes: its section, its entry in the facts format, and
    (when the rules give them) the cue that fired and how far it is to be trusted."""

    section: str
    data: dict[str, Any]
    cue: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Problem:
    """One message of the compiler or of the shapes, with where it points."""

    message: str
    line: int | None = None
    column: int | None = None
    fact: str | None = None  # the compiler's "stance 'x'"
    focus: str | None = None  # the IRI a shape violation is about
    path: str | None = None  # the property of the violation (pk:holder)
    severity: str = "error"


@dataclass
class Checked:
    """The outcome of compiling a facts file and checking it with the shapes."""

    conforms: bool
    problem: Problem | None = None  # the compiler's error: it stops at the first one
    violations: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Ingested:
    article_id: str
    graph: str
    triples: int
    replaced: bool


def article_text(path: Path) -> tuple[str, str]:
    """The text of an article file without its header, and its publication date."""
    text = read_article_text(path)
    return text.text, text.published.isoformat()


def draft(text_path: Path, data_dir: Path) -> tuple[str, list[DraftedFact]]:
    """The draft assistant's facts file for ``text_path`` and its proposals, one per fact."""
    from peacekg.draft.pipeline import draft_article
    from peacekg.draft.writer import write_draft
    from peacekg.workbench.yamldoc import FactsDocument, plain

    drafted = draft_article(text_path, data_dir, [data_dir / "articles"])
    text = write_draft(drafted, text_path.parent / (text_path.stem + ".facts.yaml"))
    doc = FactsDocument(text)
    facts: list[DraftedFact] = []
    for section in ("entities", "events", "offices", "mandates", "stances"):
        proposed = getattr(drafted, section)
        for entry, why in zip(doc.items(section), proposed, strict=True):
            cue = getattr(why, "cue", None)
            confidence = getattr(why, "confidence", None)
            facts.append(DraftedFact(section, plain(entry), cue, confidence))
    for entry in doc.items("sources"):
        facts.append(DraftedFact("sources", plain(entry), "unnamed source the chains cite"))
    return text, facts


def check(text_path: Path, facts_text: str, store: Store, ontology_dir: Path) -> Checked:
    """Compile ``facts_text`` (the facts of the article at ``text_path``) against what the
    store holds and check it with the shapes; nothing is written."""
    import time

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="peacekg-workbench-") as folder:
        facts = Path(folder) / (text_path.stem + ".facts.yaml")
        facts.write_text(facts_text, encoding="utf-8")
        try:
            compiled = compile_article(text_path, facts, store, ontology_dir)
        except FactsError as error:
            problem = Problem(error.problem, error.line, error.column, error.fact)
            return Checked(False, problem, seconds=time.perf_counter() - started)
    violations = [
        Problem(
            v.sentence(),
            focus=str(v.anchor if v.anchor is not None else v.focus),
            path=v.path,
            severity=str(v.severity).rsplit("#", 1)[-1].lower(),
        )
        for v in compiled.report.violations
    ]
    return Checked(compiled.report.conforms, None, violations, time.perf_counter() - started)


def ingest(text_path: Path, facts_path: Path, settings: Settings) -> Ingested:
    """Ingest the article through the path of ``peacekg ingest`` and ``POST /ingest``, then
    keep its two files in the corpus (``DATA/articles``): what entered the graph survives a
    rebuild. Raises FactsError or IngestError (the store and the corpus unchanged)."""
    result = ingest_article(text_path, facts_path, settings)
    articles = settings.data_dir / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for source in (text_path, facts_path):
        target = articles / source.name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            partial = target.with_name(target.name + ".partial")
            shutil.copyfile(source, partial)
            partial.replace(target)
    return Ingested(result.article_id, result.graph, result.triples, result.replaced)


def corpus_articles(data_dir: Path) -> list[tuple[str, Path, Path]]:
    """The articles of the corpus: id, text file and facts file, by id."""
    found = []
    for facts in sorted((data_dir / "articles").glob("*.facts.yaml")):
        stem = facts.name.removesuffix(".facts.yaml")
        text = facts.with_name(stem + ".txt")
        if text.is_file():
            found.append((stem, text, facts))
    return found


def select(store: Store, query: str) -> list[dict[str, str]]:
    """A SELECT query's solutions as {variable: lexical value}."""
    rows = []
    for binding in store.select(query).bindings():
        rows.append({name: str(getattr(term, "value", term)) for name, term in binding.items()})
    return rows
