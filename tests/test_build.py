"""The build pipeline: compile, validate, load, swap; and that a failed build changes nothing."""

from __future__ import annotations

import fcntl
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rich.console import Console
from rich.progress import Progress

import peacekg.build
from conftest import REPO_ROOT
from peacekg.build import STEPS, BuildError, build_store
from peacekg.compiler import ONTOLOGY_GRAPH, REFERENCE_GRAPH, FactsError, compile_data
from peacekg.compiler import load_ontology as compiler_load_ontology
from peacekg.config import Settings
from peacekg.store import OxigraphStore, open_store
from peacekg.store.directory import (
    backup_path,
    recover_interrupted_swap,
    recover_unless_building,
    staging_path,
    swap_in,
    swap_lock,
)

DATA = REPO_ROOT / "data"
ONTOLOGY = REPO_ROOT / "ontology"


@dataclass
class FakeReport:
    conforms: bool
    text: str


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    """The shipped data and ontology, a store of the test's own."""
    return Settings(
        data_dir=DATA, ontology_dir=ONTOLOGY, store_path=tmp_path / "var" / "store", _env_file=None
    )


@pytest.fixture
def conforming(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip SHACL (seconds on the real data) in the tests that are about something else."""
    report = FakeReport(True, "")
    monkeypatch.setattr(peacekg.build, "validate", lambda *args, **kwargs: report)


def _store_with(path: Path, marker: str) -> None:
    """A small store on disk whose one graph is named after ``marker``."""
    with OxigraphStore(path) as store:
        store.replace_graph(
            f"https://example.org/{marker}",
            [(URIRef("https://example.org/s"), URIRef("https://example.org/p"), URIRef("urn:x"))],
        )


def _graphs_at(path: Path) -> list[str]:
    with OxigraphStore(path, read_only=True) as store:
        return [str(g) for g in store.graphs()]


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != f"{target.name}.lock")


# -- the swap --------------------------------------------------------------------------------


class TestSwap:
    def test_first_swap_moves_the_new_store_in(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(staging_path(target), "new")
        swap_in(staging_path(target), target)
        assert _graphs_at(target) == ["https://example.org/new"]
        assert _leftovers(target) == ["store"]

    def test_swap_replaces_the_old_store(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(target, "old")
        _store_with(staging_path(target), "new")
        swap_in(staging_path(target), target)
        assert _graphs_at(target) == ["https://example.org/new"]
        assert _leftovers(target) == ["store"]

    def test_a_crash_between_the_renames_is_undone(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(target, "old")
        _store_with(staging_path(target), "new")
        target.rename(backup_path(target))  # the swap's first rename, then a crash
        recover_interrupted_swap(target)
        assert _graphs_at(target) == ["https://example.org/old"]

    def test_a_crash_before_the_cleanup_leaves_the_new_store(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(backup_path(target), "old")
        _store_with(target, "new")
        recover_interrupted_swap(target)
        assert _graphs_at(target) == ["https://example.org/new"]
        assert _leftovers(target) == ["store"]

    def test_a_reader_leaves_a_running_swap_alone(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(backup_path(target), "old")
        with swap_lock(target) as taken:
            assert taken
            recover_unless_building(target)  # a build is between its two renames
            assert (target.exists(), backup_path(target).exists()) == (False, True)
        recover_unless_building(target)  # the build died there
        assert _graphs_at(target) == ["https://example.org/old"]

    def test_opening_the_store_recovers_it(self, tmp_path: Path) -> None:
        target = tmp_path / "store"
        _store_with(backup_path(target), "old")
        settings = Settings(store_path=target, _env_file=None)
        with open_store(settings) as store:
            assert [str(g) for g in store.graphs()] == ["https://example.org/old"]


# -- the whole build -------------------------------------------------------------------------


def test_build_loads_every_graph_and_the_ontology(real_settings: Settings) -> None:
    compiled = compile_data(DATA)
    ontology = compiler_load_ontology(ONTOLOGY)
    expected_graphs = sorted([*compiled.graphs, ONTOLOGY_GRAPH])
    expected_quads = sum(len(compiled.dataset.graph(g)) for g in compiled.graphs) + len(ontology)

    result = build_store(real_settings)

    assert result.store_path == real_settings.store_path
    assert list(result.timings) == list(STEPS)
    assert result.graphs == len(expected_graphs)
    assert result.quads == expected_quads
    with open_store(real_settings) as store:
        assert store.graphs() == expected_graphs
        assert store.count() == expected_quads
        distinct = store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
        )
        assert result.triples == int(distinct.rows[0][0])  # type: ignore[arg-type]
        assert store.ask(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?o a owl:Ontology }} }}"), (
            "the ontology graph holds the ontology"
        )
        assert REFERENCE_GRAPH in store.graphs()
    assert _leftovers(real_settings.store_path) == ["store"]


@pytest.mark.usefixtures("conforming")
def test_build_reports_each_step_on_the_progress(real_settings: Settings) -> None:
    progress = Progress(console=Console(file=io.StringIO()))
    with progress:
        build_store(real_settings, progress)
    tasks = {task.description: task.finished for task in progress.tasks}
    assert tasks == dict.fromkeys(STEPS, True)


@pytest.mark.usefixtures("conforming")
def test_rebuilding_replaces_the_store(real_settings: Settings) -> None:
    _store_with(real_settings.store_path, "stale")
    result = build_store(real_settings)
    graphs = _graphs_at(real_settings.store_path)
    assert "https://example.org/stale" not in graphs
    assert len(graphs) == result.graphs


# -- a failed build leaves the store as it was ------------------------------------------------


def test_shape_violations_stop_the_build(
    real_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with(real_settings.store_path, "previous")
    report = FakeReport(False, "Stance x has no holder.")
    monkeypatch.setattr(peacekg.build, "validate", lambda *args, **kwargs: report)
    with pytest.raises(BuildError, match="do not conform to the ontology's shapes") as caught:
        build_store(real_settings)
    assert caught.value.report is report
    assert _graphs_at(real_settings.store_path) == ["https://example.org/previous"]
    assert _leftovers(real_settings.store_path) == ["store"]


def test_a_broken_facts_file_stops_the_build(real_settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    facts = sorted((data / "articles").glob("*.facts.yaml"))[0]
    facts.write_text("article: [unclosed\n", encoding="utf-8")
    settings = real_settings.model_copy(update={"data_dir": data})
    _store_with(settings.store_path, "previous")
    with pytest.raises(FactsError, match=re.escape(facts.name)):
        build_store(settings)
    assert _graphs_at(settings.store_path) == ["https://example.org/previous"]


@pytest.mark.usefixtures("conforming")
def test_a_crash_while_loading_leaves_the_old_store(
    real_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with(real_settings.store_path, "previous")

    def crash(self: OxigraphStore, source: Dataset | Path, *, graph: str | None = None) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(OxigraphStore, "load", crash)
    with pytest.raises(OSError, match="disk full"):
        build_store(real_settings)
    assert _graphs_at(real_settings.store_path) == ["https://example.org/previous"]
    assert _leftovers(real_settings.store_path) == ["store"]


@pytest.mark.usefixtures("conforming")
def test_a_crash_in_the_middle_of_the_swap_keeps_a_usable_store(
    real_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with(real_settings.store_path, "previous")

    def crash_after_first_rename(new: Path, target: Path) -> None:
        target.rename(backup_path(target))
        raise KeyboardInterrupt

    monkeypatch.setattr(peacekg.build, "swap_in", crash_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        build_store(real_settings)
    assert not real_settings.store_path.exists()
    with open_store(real_settings) as store:
        assert [str(g) for g in store.graphs()] == ["https://example.org/previous"]


@pytest.mark.usefixtures("conforming")
def test_one_build_at_a_time(real_settings: Settings) -> None:
    target = real_settings.store_path
    target.parent.mkdir(parents=True)
    with open(target.with_name("store.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match=f"Another build of {target} is running"):
            build_store(real_settings)


def test_missing_data_directory(real_settings: Settings, tmp_path: Path) -> None:
    settings = real_settings.model_copy(update={"data_dir": tmp_path / "nowhere"})
    with pytest.raises(BuildError, match=f"The data directory {tmp_path / 'nowhere'} does not"):
        build_store(settings)
