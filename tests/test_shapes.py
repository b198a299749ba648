"""The SHACL shapes, tested as data (STYLE.md habit 6).

- ``tests/shapes/valid/*.ttl`` must conform;
- ``tests/shapes/invalid/*.ttl`` must fail, and fail exactly the shapes named on their first
  line (``# violates: pks:StanceShape``); an optional ``# path: pk:supportedBy`` line names the
  property the violation must be about;
- the shipped data (``compile_data(Path("data"))``) must conform.

Every example is validated together with the compiled reference graph (the vocabularies and
entities of ``data/vocab`` and ``data/reference``), as an article's graph is in the real
dataset; so an example holds only its own article, facts and claims, and refers to
``id:russia`` or ``stance-value:red-line`` as the facts files do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from peacekg.compiler import REFERENCE_GRAPH, CompiledData, compile_data
from peacekg.namespaces import OA, PK, SH
from peacekg.validation import (
    SHAPES_NS,
    ValidationReport,
    load_shapes,
    validate,
    validate_graph,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = REPO_ROOT / "ontology"
DATA_DIR = REPO_ROOT / "data"
EXAMPLES = Path(__file__).resolve().parent / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))

ARTICLE_ID = "2025-12-03-moscow-talks"
STANCE = URIRef(f"https://w3id.org/peacekg/id/article/{ARTICLE_ID}/russia-donetsk-territory")


@dataclass(frozen=True)
class Expectation:
    shapes: frozenset[str]
    paths: frozenset[str]


def expectation(path: Path) -> Expectation:
    """The ``# violates:`` and ``# path:`` lines at the top of an invalid example."""
    shapes: set[str] = set()
    paths: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if m := re.match(r"#\s*violates:\s*(.+)", line):
            shapes.update(re.split(r"[\s,]+", m.group(1).strip()))
        elif m := re.match(r"#\s*path:\s*(.+)", line):
            paths.update(re.split(r"[\s,]+", m.group(1).strip()))
    return Expectation(frozenset(shapes), frozenset(paths))


@pytest.fixture(scope="module")
def compiled() -> CompiledData:
    return compile_data(DATA_DIR)


@pytest.fixture(scope="module")
def reference(compiled: CompiledData) -> Graph:
    graph = Graph()
    for triple in compiled.dataset.graph(REFERENCE_GRAPH):
        graph.add(triple)
    return graph


def validate_example(path: Path, reference: Graph) -> ValidationReport:
    graph = Graph()
    for triple in reference:
        graph.add(triple)
    graph.parse(path, format="turtle")
    return validate_graph(graph, ONTOLOGY_DIR)


# --- the examples ----------------------------------------------------------------------------


def test_example_folders_hold_the_examples() -> None:
    """Guard against a corpus that silently shrinks (a renamed folder, a debug filter)."""
    assert len(VALID) >= 3
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_example_conforms(path: Path, reference: Graph) -> None:
    report = validate_example(path, reference)
    assert report.conforms, report.text
    assert report.violations == []


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_fails_the_named_shapes(path: Path, reference: Graph) -> None:
    expected = expectation(path)
    assert expected.shapes, f"{path.name} must start with '# violates: pks:SomeShape'"
    report = validate_example(path, reference)
    assert not report.conforms
    assert report.failing_shapes() == expected.shapes, report.text
    if expected.paths:
        paths = {v.path for v in report.violations if v.shape_name in expected.shapes}
        assert expected.paths <= paths, report.text


def test_invalid_examples_name_existing_shapes() -> None:
    shapes = load_shapes(ONTOLOGY_DIR)
    for path in INVALID:
        for name in expectation(path).shapes:
            iri = URIRef(SHAPES_NS + name.removeprefix("pks:"))
            assert (iri, RDF.type, SH.NodeShape) in shapes, f"{path.name}: unknown shape {name}"


# --- the shapes themselves -------------------------------------------------------------------


def test_every_rule_has_a_message_and_every_targeted_shape_a_name() -> None:
    """A data editor reads sh:message, so each rule of a targeted shape has its own."""
    shapes = load_shapes(ONTOLOGY_DIR)
    targeted = set(shapes.subjects(SH.targetClass, None))
    assert len(targeted) >= 20
    for shape in targeted:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NS), shape
        assert (shape, RDF.type, SH.NodeShape) in shapes, shape
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.message) is not None, (shape, shapes.value(prop, SH.path))
        for constraint in shapes.objects(shape, SH.sparql):
            assert shapes.value(constraint, SH.message) is not None, shape
        if any((shape, p, None) in shapes for p in (SH["or"], SH["not"], SH["class"])):
            assert shapes.value(shape, SH.message) is not None, shape


# --- the shipped data ------------------------------------------------------------------------


def test_shipped_data_conforms(compiled: CompiledData) -> None:
    report = validate(compiled.dataset, ONTOLOGY_DIR, origin=compiled.origin)
    assert report.conforms, report.text
    assert report.violations == []
    assert report.text == ""


def test_shipped_data_without_a_claim_names_the_stance_and_its_file(
    compiled: CompiledData,
) -> None:
    dataset = compile_data(DATA_DIR).dataset
    for graph in dataset.graphs():
        graph.remove((STANCE, PK.supportedBy, None))

    report = validate(dataset, ONTOLOGY_DIR, origin=compiled.origin)

    assert not report.conforms
    assert report.failing_shapes() == {"pks:StanceShape"}
    (violation,) = report.violations
    assert violation.focus == STANCE
    assert violation.path == "pk:supportedBy"
    assert violation.component == SH.MinCountConstraintComponent
    facts_file = compiled.graphs[_article_graph(compiled)]
    assert facts_file.name == f"{ARTICLE_ID}.facts.yaml"
    assert report.text == (
        f"stance <{STANCE}> (in {facts_file}): A stance must be "
        "supported by at least one claim (a quote of the article and who says so)."
    )


def test_a_quote_changed_in_the_compiled_data_is_caught(compiled: CompiledData) -> None:
    dataset = compile_data(DATA_DIR).dataset
    graph = dataset.graph(_article_graph(compiled))
    selector = next(s for s, o in graph.subject_objects(OA.exact) if str(s).startswith(str(STANCE)))
    exact = graph.value(selector, OA.exact)
    graph.set((selector, OA.exact, Literal(str(exact).replace("Donetsk", "Luhansk"))))

    report = validate(dataset, ONTOLOGY_DIR)

    assert report.failing_shapes() == {"pks:QuoteInArticleTextShape", "pks:QuotePositionShape"}
    lines = report.text.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(f"claim <{STANCE}/claim/1>: A claim's ")
        assert line.endswith(".")


def test_violation_sentences_name_the_fact_and_the_value(reference: Graph) -> None:
    report = validate_example(EXAMPLES / "invalid" / "event-as-stance-holder.ttl", reference)
    (violation,) = report.violations
    assert violation.kind == "stance"
    assert violation.value == URIRef("https://w3id.org/peacekg/id/example-talks")
    sentence = violation.sentence()
    assert sentence.startswith(
        "stance <https://w3id.org/peacekg/id/article/example/talks-territory>: "
        "A stance must have exactly one holder (pk:holder), an actor"
    )
    assert sentence.endswith("; found <https://w3id.org/peacekg/id/example-talks>.")
    assert sentence.count("\n") == 0


def _article_graph(compiled: CompiledData) -> URIRef:
    return next(g for g in compiled.graphs if str(g).endswith(ARTICLE_ID))


def test_a_blank_focus_node_is_named_by_the_fact_that_links_to_it(reference: Graph) -> None:
    report = validate_example(
        EXAMPLES / "invalid" / "attribution-step-without-agent.ttl", reference
    )
    (violation,) = report.violations
    assert violation.anchor == URIRef(
        "https://w3id.org/peacekg/id/article/example/russia-donetsk-claim"
    )
    assert report.text.startswith(
        "attribution step (prov:qualifiedAttribution of "
        "<https://w3id.org/peacekg/id/article/example/russia-donetsk-claim>): "
        "An attribution step must name who speaks (prov:agent)"
    )


def test_validate_graph_leaves_the_given_graph_alone(reference: Graph) -> None:
    graph = Graph()
    graph.parse(EXAMPLES / "valid" / "stance-with-claims.ttl", format="turtle")
    before = set(graph)
    validate_graph(graph, ONTOLOGY_DIR)
    assert set(graph) == before
