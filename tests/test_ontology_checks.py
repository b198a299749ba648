"""The ontology quality checks (``ontology/checks/*.rq``): each must return no row over the
ontology and the compiled reference data, and each must return a row on a small graph made
to break it (so that no check can pass vacuously)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from peacekg.compiler import REFERENCE_GRAPH, compile_data, load_ontology

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKS = sorted((REPO_ROOT / "ontology" / "checks").glob("*.rq"))

PREFIXES = """
@prefix pk: <https://w3id.org/peacekg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix vann: <http://purl.org/vocab/vann/> .
@prefix ex: <https://example.org/> .
"""

# For each check: a graph that breaks it, and an IRI or text that must be in one of its rows.
BAD: dict[str, tuple[str, str]] = {
    "terms-without-label-or-definition": (
        """pk:Envoy a owl:Class ; rdfs:label "envoy"@en ; pk:area "actors" .""",
        "https://w3id.org/peacekg/ontology#Envoy",
    ),
    "terms-without-area": (
        """pk:envoyOf a owl:ObjectProperty ; rdfs:label "envoy of"@en ;
               skos:definition "The party an envoy speaks for."@en .""",
        "https://w3id.org/peacekg/ontology#envoyOf",
    ),
    "terms-with-several-labels-or-definitions": (
        """pk:Party a owl:Class ; rdfs:label "party"@en , "side"@en ;
               skos:definition "A side."@en ; pk:area "actors" .""",
        "https://w3id.org/peacekg/ontology#Party",
    ),
    "undeclared-pk-terms": (
        """pk:Stance a owl:Class .
           ex:stance a pk:Stance ; pk:holdr ex:russia .""",
        "https://w3id.org/peacekg/ontology#holdr",
    ),
    "axioms-naming-undeclared-terms": (
        """prov:Agent a owl:Class .
           pk:Actor a owl:Class ; rdfs:subClassOf prov:Agnet .""",
        "http://www.w3.org/ns/prov#Agnet",
    ),
    "properties-with-range-of-wrong-kind": (
        """pk:Place a owl:Class .
           pk:population a owl:DatatypeProperty ; rdfs:range pk:Place .
           pk:capital a owl:ObjectProperty ; rdfs:range xsd:string .""",
        "https://w3id.org/peacekg/ontology#capital",
    ),
    "literals-outside-property-range": (
        """pk:summary a owl:DatatypeProperty ; rdfs:range xsd:string .
           pk:rank a owl:DatatypeProperty ; rdfs:range xsd:integer .
           ex:stance pk:summary "refuses any concession"@en .
           ex:red-line pk:rank "1"^^xsd:positiveInteger .""",
        "refuses any concession",
    ),
    "ontology-without-metadata": (
        """<https://w3id.org/peacekg/ontology> a owl:Ontology ;
               dcterms:title "peacekg ontology"@en .""",
        "dcterms:license",
    ),
    "concepts-without-label-or-definition": (
        """pk:Issue rdfs:subClassOf skos:Concept .
           ex:territory a pk:Issue ; skos:prefLabel "territory"@en .""",
        "https://example.org/territory",
    ),
    "concepts-with-several-labels-per-language": (
        """ex:territory a skos:Concept ; skos:prefLabel "territory"@en , "land"@en ;
               skos:definition "Who holds which land."@en .""",
        "https://example.org/territory",
    ),
    "concepts-without-scheme": (
        """ex:issues a skos:ConceptScheme .
           ex:territory a skos:Concept ; skos:inScheme ex:issues .
           ex:amnesty a skos:Concept .""",
        "https://example.org/amnesty",
    ),
    "concepts-with-broader-in-another-scheme": (
        """ex:crimea skos:inScheme ex:issues ; skos:broader ex:red-line .
           ex:red-line skos:inScheme ex:stance-values .""",
        "https://example.org/crimea",
    ),
    "concepts-in-a-broader-cycle": (
        """ex:territory skos:broader ex:borders . ex:borders skos:broader ex:territory .""",
        "https://example.org/borders",
    ),
}


@pytest.fixture(scope="module")
def ontology_and_reference() -> Graph:
    graph = Graph()
    graph += load_ontology(REPO_ROOT / "ontology")
    graph += compile_data(REPO_ROOT / "data").dataset.graph(REFERENCE_GRAPH)
    return graph


def _rows(graph: Graph, check: Path) -> list[list[str]]:
    result = graph.query(check.read_text(encoding="utf-8"))
    return [[str(value) for value in row] for row in result]  # type: ignore[union-attr]


def test_there_are_checks() -> None:
    assert len(CHECKS) >= 10
    assert REPO_ROOT / "ontology" / "checks" / "terms-without-label-or-definition.rq" in CHECKS


def test_every_check_has_a_bad_example() -> None:
    assert sorted(check.stem for check in CHECKS) == sorted(BAD)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_says_what_it_checks(check: Path) -> None:
    assert check.read_text(encoding="utf-8").startswith("# "), "start with a comment: why"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_the_ontology_and_reference_data_pass(ontology_and_reference: Graph, check: Path) -> None:
    assert _rows(ontology_and_reference, check) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_the_check_finds_its_bad_example(check: Path) -> None:
    turtle, expected = BAD[check.stem]
    rows = _rows(Graph().parse(data=PREFIXES + turtle, format="turtle"), check)
    assert any(expected in row for row in rows), rows


def test_values_of_a_derived_datatype_are_within_the_range() -> None:
    check = REPO_ROOT / "ontology" / "checks" / "literals-outside-property-range.rq"
    turtle = """pk:rank a owl:DatatypeProperty ; rdfs:range xsd:integer .
                pk:summary a owl:DatatypeProperty ; rdfs:range rdf:PlainLiteral .
                ex:red-line pk:rank "1"^^xsd:positiveInteger .
                ex:stance pk:summary "refuses any concession"@en , "plain words" ."""
    assert _rows(Graph().parse(data=PREFIXES + turtle, format="turtle"), check) == []
