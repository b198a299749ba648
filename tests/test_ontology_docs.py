"""The reference documentation ``docs/ontology.md`` is the rendering of the ontology, never a
hand-edited copy: it must equal a fresh rendering and name every pk: term."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from peacekg.compiler import load_ontology
from peacekg.namespaces import PK
from peacekg.ontology_docs import main, render_markdown

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMITTED = REPO_ROOT / "docs" / "ontology.md"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(REPO_ROOT / "ontology")


@pytest.fixture(scope="module")
def page(ontology: Graph) -> str:
    return render_markdown(ontology)


def test_the_committed_page_is_the_fresh_rendering(page: str) -> None:
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == page, "docs/ontology.md is stale: run python -m peacekg.ontology_docs"


def test_every_pk_term_is_on_the_page(ontology: Graph, page: str) -> None:
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(PK))}
    assert len(terms) > 100
    missing = sorted(str(t) for t in terms if f"<{t}>" not in page)
    assert missing == []
    for term in terms:
        assert f"`pk:{str(term)[len(str(PK)) :]}`" in page


def test_every_area_has_a_section(ontology: Graph, page: str) -> None:
    areas = {str(a) for a in ontology.objects(None, PK.area)}
    assert areas >= {"actors", "claims", "documents", "events", "issues", "stances"}
    for area in areas:
        assert f"\n## Area: {area}\n" in page


def test_the_page_shows_the_axioms(page: str) -> None:
    holder = page.split("\n#### holder\n", 1)[1].split("\n#### ", 1)[0]
    assert "- **Kind:** object property, functional" in holder
    assert "- **Domain:** [stance](#class-stance) (`pk:Stance`)" in holder
    assert "- **Range:** [actor](#class-actor) (`pk:Actor`)" in holder
    person = page.split("\n#### person\n", 1)[1].split("\n#### ", 1)[0]
    assert "`foaf:Person`" in person  # an aligned external superclass
    assert "- **Disjoint with:**" in person and "(`pk:Party`)" in person
    located_in = page.split("\n#### located in\n", 1)[1].split("\n#### ", 1)[0]
    assert "transitive" in located_in
    assert "`schema:containedInPlace`" in located_in
    assert "| Version | 0.1.0 |" in page


def test_every_link_has_its_anchor(page: str) -> None:
    import re

    anchors = set(re.findall(r'<a id="([^"]+)"></a>', page))
    links = set(re.findall(r"\]\(#([^)]+)\)", page))
    assert links and links <= anchors
    assert len(anchors) == page.count('<a id="')  # no anchor twice


def test_the_rendering_does_not_depend_on_triple_order(ontology: Graph, page: str) -> None:
    triples = sorted(ontology, key=lambda t: tuple(str(x) for x in t), reverse=True)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    assert render_markdown(shuffled) == page


def test_anonymous_class_expressions_are_written_out() -> None:
    g = Graph().parse(
        format="turtle",
        data="""
        @prefix pk: <https://w3id.org/peacekg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        pk:Party a owl:Class ; rdfs:label "party"@en ; pk:area "actors" .
        pk:Person a owl:Class ; rdfs:label "person"@en ; pk:area "actors" .
        pk:speaksFor a owl:ObjectProperty ; rdfs:label "speaks for"@en ; pk:area "actors" ;
            rdfs:domain [ owl:unionOf ( pk:Person pk:Party ) ] .
        pk:Envoy a owl:Class ; rdfs:label "envoy"@en ; pk:area "actors" ;
            rdfs:subClassOf [ a owl:Restriction ; owl:onProperty pk:speaksFor ;
                              owl:someValuesFrom pk:Party ] .
        """,
    )
    page = render_markdown(g)
    assert "(`pk:speaksFor`) some [party](#class-party) (`pk:Party`))" in page
    assert "[person](#class-person) (`pk:Person`) or [party](#class-party)" in page


def test_main_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "docs" / "ontology.md"
    args = ["--ontology-dir", str(REPO_ROOT / "ontology"), "--output", str(output)]
    assert main(args) == 0
    assert output.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert main([*args, "--check"]) == 0
    output.write_text("hand-edited\n", encoding="utf-8")
    assert main([*args, "--check"]) == 1
    assert "stale" in capsys.readouterr().err


def test_terms_without_an_area_are_still_listed() -> None:
    g = Graph()
    g.add((PK.Orphan, RDF.type, OWL.Class))
    g.add((PK.Orphan, RDFS.label, URIRef("https://example.org/not-a-literal")))
    page = render_markdown(g)
    assert "## Area: (no area)" in page
    assert "`pk:Orphan`" in page
