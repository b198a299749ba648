"""Build the store: compile the facts, validate them, load them, swap the new store in.

    >>> from peacekg.config import Settings
    >>> result = build_store(Settings())  # doctest: +SKIP
    >>> result.graphs  # doctest: +SKIP
    3

The store in use is replaced only by a complete, valid one: a build that fails (broken facts,
shape violations, a crash) leaves the previous store as it was. See
:mod:`peacekg.store.directory` for how the swap stays safe.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Graph
from rich.progress import Progress, TaskID

from peacekg.compiler import ONTOLOGY_GRAPH, compile_data, load_ontology
from peacekg.config import Settings
from peacekg.store import OxigraphStore, Store, TripleTerms
from peacekg.store.directory import (
    recover_interrupted_swap,
    remove_staging_leftovers,
    staging_path,
    swap_in,
    swap_lock,
)
from peacekg.validation import ValidationReport, validate

STEPS = ("compile", "validate", "load", "swap")

_DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


class BuildError(Exception):
    """The build stopped and the store in use was left as it was.

    ``report`` is the validation report when the facts broke the shapes, else None.
    """

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class BuildResult:
    """What a build put in the store, and how long each step took (seconds)."""

    store_path: Path
    quads: int
    triples: int
    graphs: int
    timings: dict[str, float] = field(default_factory=dict)


def build_store(settings: Settings, progress: Progress | None = None) -> BuildResult:
    """Compile ``settings.data_dir``, validate it against ``settings.ontology_dir`` and make it
    the store at ``settings.store_path``.

    Raises FactsError (from the compiler) on a broken facts file, and BuildError when the
    facts do not conform to the shapes (with the report) or a directory is missing.
    """
    steps = _Steps(progress)
    for directory, what in ((settings.data_dir, "data"), (settings.ontology_dir, "ontology")):
        if not directory.is_dir():
            raise BuildError(f"The {what} directory {directory} does not exist.")

    with steps.run("compile"):
        compiled = compile_data(settings.data_dir)
        ontology = load_ontology(settings.ontology_dir)
    with steps.run("validate"):
        report = validate(compiled.dataset, settings.ontology_dir, origin=compiled.origin)
    if not report.conforms:
        raise BuildError(
            "The facts do not conform to the ontology's shapes; the store was left as it was.",
            report,
        )

    target = settings.store_path
    with swap_lock(target) as taken:
        if not taken:
            raise BuildError(f"Another build of {target} is running; try again when it ends.")
        recover_interrupted_swap(target)
        remove_staging_leftovers(target)
        staging = staging_path(target)
        try:
            with steps.run("load"), OxigraphStore(staging) as store:
                store.load(compiled.dataset)
                store.replace_graph(str(ONTOLOGY_GRAPH), _triples(ontology))
                quads, triples, graphs = _counts(store)
            with steps.run("swap"):
                swap_in(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(target, quads, triples, graphs, steps.timings)


def _triples(graph: Graph) -> Iterator[TripleTerms]:
    for triple in graph:
        yield cast(TripleTerms, triple)


def _counts(store: Store) -> tuple[int, int, int]:
    distinct = store.select(_DISTINCT_TRIPLES).rows[0][0]
    return store.count(), int(distinct or 0), len(store.graphs())


class _Steps:
    """Times each step and shows it on a rich progress display, when one is given."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.tasks: dict[str, TaskID] = {}
        if progress is not None:
            for step in STEPS:
                self.tasks[step] = progress.add_task(step, total=1, start=False)

    @contextmanager
    def run(self, step: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress.start_task(self.tasks[step])
        started = time.perf_counter()
        yield
        self.timings[step] = time.perf_counter() - started
        if self.progress is not None:
            self.progress.update(self.tasks[step], completed=1)
