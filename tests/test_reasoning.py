"""HermiT consistency of the ontology, of the shipped data, and of the examples in
``tests/reasoning/``: ``consistent-*.ttl`` must be consistent, ``inconsistent-*.ttl`` must not,
``unsatisfiable-*.ttl`` must leave a class equivalent to owl:Nothing; each file says why in its
first line."""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
import rdflib.namespace as ns
from rdflib import Dataset, Graph, Literal, URIRef

from peacekg.compiler import compile_data, load_ontology
from peacekg.namespaces import PK
from peacekg.reasoning import (
    ConsistencyReport,
    JavaNotFoundError,
    check_consistency,
    reasoner_input,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "reasoning"
CONSISTENT = sorted(FIXTURES.glob("consistent-*.ttl"))
INCONSISTENT = sorted(FIXTURES.glob("inconsistent-*.ttl"))
UNSATISFIABLE = sorted(FIXTURES.glob("unsatisfiable-*.ttl"))


def test_java_is_installed() -> None:
    """HermiT needs Java; `make install` provides it, so its absence is a failure, not a skip."""
    assert shutil.which(owlready2.JAVA_EXE), "java is not installed: run `make install`"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(REPO_ROOT / "ontology")


@pytest.fixture(scope="module")
def shipped_data() -> Dataset:
    return compile_data(REPO_ROOT / "data").dataset


def _fixture_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def test_every_fixture_is_used() -> None:
    assert len(CONSISTENT) >= 1
    assert len(INCONSISTENT) >= 3
    assert len(UNSATISFIABLE) >= 1
    assert sorted(FIXTURES.iterdir()) == sorted(CONSISTENT + INCONSISTENT + UNSATISFIABLE)


@pytest.mark.parametrize("path", CONSISTENT + INCONSISTENT + UNSATISFIABLE, ids=lambda p: p.name)
def test_each_fixture_says_why(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = path.name.split("-", 1)[0]
    assert first.startswith(f"# Why {expected}:"), path.name


@pytest.fixture(scope="module")
def shipped_report(ontology: Graph, shipped_data: Dataset) -> ConsistencyReport:
    return check_consistency(ontology, shipped_data)


def test_the_ontology_alone_is_consistent(ontology: Graph) -> None:
    report = check_consistency(ontology)
    assert report.consistent, str(report)
    assert report.unsatisfiable_classes == (), str(report)
    assert report.explanation is None
    assert report.triples > 700
    assert report.duration < 60


def test_the_ontology_with_the_shipped_data_is_consistent(
    shipped_report: ConsistencyReport,
) -> None:
    assert shipped_report.consistent, str(shipped_report)
    assert shipped_report.unsatisfiable_classes == (), str(shipped_report)
    assert shipped_report.triples > 2000  # every named graph was read, not only the default


@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.name)
def test_consistent_examples(ontology: Graph, path: Path) -> None:
    report = check_consistency(ontology, _fixture_graph(path))
    assert report.consistent, str(report)


@pytest.mark.parametrize("path", INCONSISTENT, ids=lambda p: p.name)
def test_inconsistent_examples(ontology: Graph, path: Path) -> None:
    report = check_consistency(ontology, _fixture_graph(path), explain=False)
    assert not report.consistent
    assert "INCONSISTENT" in report.message


@pytest.mark.parametrize("path", UNSATISFIABLE, ids=lambda p: p.name)
def test_unsatisfiable_examples(ontology: Graph, path: Path) -> None:
    report = check_consistency(ontology, _fixture_graph(path))
    assert report.consistent, str(report)
    assert len(report.unsatisfiable_classes) == 1, str(report)
    assert "unsatisfiable" in report.message


def test_an_inconsistency_comes_with_pellets_explanation(ontology: Graph) -> None:
    report = check_consistency(
        ontology, _fixture_graph(FIXTURES / "inconsistent-person-and-party.ttl")
    )
    assert not report.consistent
    assert report.explanation is not None
    assert "putin-or-russia" in report.explanation


def test_unsupported_datatypes_are_left_out_and_reported(
    ontology: Graph, shipped_data: Dataset
) -> None:
    kept, left_out = reasoner_input(ontology, shipped_data)
    by_datatype = {item.datatype: item for item in left_out}
    assert set(by_datatype) == {str(ns.XSD.date), str(ns.XSD.duration), str(PK.PAXCode)}
    assert by_datatype[str(ns.XSD.duration)].literals == 1  # "PT5H": the talks lasted 5 hours
    assert by_datatype[str(PK.PAXCode)].range_axioms == 1  # pk:paxRelated rdfs:range pk:PAXCode
    assert (PK.duration, ns.RDFS.range, ns.XSD.duration) not in set(kept)
    for s, p, o in kept:
        if isinstance(o, Literal) and o.datatype in (ns.XSD.date, ns.XSD.duration, PK.PAXCode):
            # only annotations keep them: HermiT does not read annotations
            assert p == URIRef("http://purl.org/dc/terms/created"), (s, p, o)


def test_java_missing_is_a_clear_error(ontology: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-for-peacekg")
    with pytest.raises(JavaNotFoundError, match="make install"):
        check_consistency(ontology)


def test_the_report_reads_as_text() -> None:
    report = ConsistencyReport(
        consistent=False,
        message="HermiT: INCONSISTENT (3 triples)",
        duration=1.0,
        reasoner_seconds=0.5,
        triples=3,
        explanation="1) x a Person\n   x a Party",
    )
    assert str(report).splitlines() == [
        "HermiT: INCONSISTENT (3 triples)",
        "Explanation:",
        "  1) x a Person",
        "     x a Party",
    ]
