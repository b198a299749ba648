"""The ontology's reference documentation (``docs/ontology.md``), generated from the Turtle.

The ontology's metadata come first, then, per area (``pk:area``), its classes, properties,
datatypes and named individuals, each with its label, IRI and definition and with the axioms
that place it (superclasses, aligned external terms included; disjoint classes; domain, range,
superproperties and characteristics of properties). The order is fixed (areas and terms
sorted by name), so the same Turtle always gives the same page; a test compares the committed
page with a fresh rendering.

>>> from pathlib import Path
>>> from peacekg.compiler import load_ontology
>>> page = render_markdown(load_ontology(Path("ontology")))  # doctest: +SKIP
>>> page.splitlines()[0]  # doctest: +SKIP
'# peacekg ontology'

Regenerate the page with ``python -m peacekg.ontology_docs`` (``--check`` only compares).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from peacekg.namespaces import PK, PREFIXES

__all__ = ["DEFAULT_OUTPUT", "main", "render_markdown"]

DEFAULT_OUTPUT = Path("docs/ontology.md")
VANN = "http://purl.org/vocab/vann/"
NO_AREA = "(no area)"

# The kinds of term, in the order the page lists them within an area.
KINDS: tuple[tuple[str, URIRef, str], ...] = (
    ("class", OWL.Class, "Classes"),
    ("property", OWL.ObjectProperty, "Object properties"),
    ("property", OWL.DatatypeProperty, "Datatype properties"),
    ("property", OWL.AnnotationProperty, "Annotation properties"),
    ("datatype", RDFS.Datatype, "Datatypes"),
    ("individual", OWL.NamedIndividual, "Named individuals"),
)

CHARACTERISTICS: tuple[tuple[URIRef, str], ...] = (
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.TransitiveProperty, "transitive"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.AsymmetricProperty, "asymmetric"),
    (OWL.ReflexiveProperty, "reflexive"),
    (OWL.IrreflexiveProperty, "irreflexive"),
)

KIND_NAMES = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}

RESTRICTIONS: tuple[tuple[URIRef, str], ...] = (
    (OWL.someValuesFrom, "some"),
    (OWL.allValuesFrom, "only"),
    (OWL.hasValue, "value"),
    (OWL.minCardinality, "min"),
    (OWL.maxCardinality, "max"),
    (OWL.cardinality, "exactly"),
    (OWL.minQualifiedCardinality, "min"),
    (OWL.maxQualifiedCardinality, "max"),
    (OWL.qualifiedCardinality, "exactly"),
)


@dataclass(frozen=True)
class Term:
    iri: URIRef
    kind: URIRef
    label: str
    area: str

    @property
    def anchor(self) -> str:
        section = next(name for name, kind, _ in KINDS if kind == self.kind)
        return f"{section}-{self.iri[len(str(PK)) :]}".lower()

    @property
    def curie(self) -> str:
        return f"pk:{self.iri[len(str(PK)) :]}"


def render_markdown(ontology: Graph) -> str:
    """The reference documentation of ``ontology`` as one Markdown page."""
    terms = _pk_terms(ontology)
    lines: list[str] = []
    lines += _metadata(ontology)
    areas = sorted({term.area for term in terms.values()}, key=_area_order)
    lines += _contents(areas, terms)
    for area in areas:
        lines += _area(ontology, area, terms)
    lines += _reused_terms(ontology)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the page's parts ----------------------------------------------------------------------


def _metadata(g: Graph) -> list[str]:
    ontology = _the_ontology(g)
    title = _text(g, ontology, DCTERMS.title) if ontology else None
    lines = [
        f"# {title or 'peacekg ontology'}",
        "",
        "<!-- Generated from the ontology by `python -m peacekg.ontology_docs`: do not edit. -->",
        "",
    ]
    if ontology is None:
        return lines
    description = _text(g, ontology, DCTERMS.description)
    if description:
        lines += [_escape(description), ""]
    rows: list[tuple[str, str]] = [("IRI", f"<{ontology}>")]
    for label, predicate in (
        ("Version", OWL.versionInfo),
        ("Version IRI", OWL.versionIRI),
        ("Created", DCTERMS.created),
        ("Modified", DCTERMS.modified),
        ("Licence", DCTERMS.license),
        ("Preferred prefix", URIRef(VANN + "preferredNamespacePrefix")),
        ("Namespace", URIRef(VANN + "preferredNamespaceUri")),
        ("Imports", OWL.imports),
        ("See also", RDFS.seeAlso),
    ):
        values = sorted(g.objects(ontology, predicate), key=str)
        if values:
            rows.append((label, ", ".join(_value(v) for v in values)))
    lines += ["| | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines.append("")
    return lines


def _contents(areas: list[str], terms: dict[URIRef, Term]) -> list[str]:
    lines = [
        "## Areas",
        "",
        "| Area | Classes | Properties | Datatypes | Individuals |",
        "|---|---:|---:|---:|---:|",
    ]
    for area in areas:
        in_area = [t for t in terms.values() if t.area == area]

        def count(kinds: Iterable[URIRef], in_area: list[Term] = in_area) -> int:
            return sum(1 for t in in_area if t.kind in set(kinds))

        lines.append(
            f"| [{area}](#area-{_slug(area)}) | {count([OWL.Class])} "
            f"| {count([OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty])} "
            f"| {count([RDFS.Datatype])} | {count([OWL.NamedIndividual])} |"
        )
    lines.append("")
    return lines


def _area(g: Graph, area: str, terms: dict[URIRef, Term]) -> list[str]:
    lines = [f'<a id="area-{_slug(area)}"></a>', "", f"## Area: {area}", ""]
    for _, kind, heading in KINDS:
        in_section = sorted(
            (t for t in terms.values() if t.area == area and t.kind == kind),
            key=lambda t: (t.label.casefold(), str(t.iri)),
        )
        if not in_section:
            continue
        lines += [f"### {heading}", ""]
        for term in in_section:
            lines += _term(g, term, terms)
    return lines


def _term(g: Graph, term: Term, terms: dict[URIRef, Term]) -> list[str]:
    lines = [
        f'<a id="{term.anchor}"></a>',
        "",
        f"#### {_escape(term.label)}",
        "",
        f"`{term.curie}` · <{term.iri}>",
        "",
    ]
    definition = _text(g, term.iri, SKOS.definition)
    if definition:
        lines += [_escape(definition), ""]
    facts: list[tuple[str, list[Node]]] = []
    if term.kind == OWL.Class:
        facts += [
            ("Subclass of", list(g.objects(term.iri, RDFS.subClassOf))),
            ("Equivalent to", _symmetric(g, term.iri, OWL.equivalentClass)),
            ("Disjoint with", _disjoint_classes(g, term.iri)),
            ("Subclasses", list(g.subjects(RDFS.subClassOf, term.iri))),
            ("Domain of", _ours(g.subjects(RDFS.domain, term.iri))),
            ("Range of", _ours(g.subjects(RDFS.range, term.iri))),
        ]
    elif term.kind in KIND_NAMES:
        kind = [KIND_NAMES[term.kind]]
        kind += [name for cls, name in CHARACTERISTICS if (term.iri, RDF.type, cls) in g]
        lines.append(f"- **Kind:** {', '.join(kind)}")
        facts += [
            ("Domain", list(g.objects(term.iri, RDFS.domain))),
            ("Range", list(g.objects(term.iri, RDFS.range))),
            ("Subproperty of", list(g.objects(term.iri, RDFS.subPropertyOf))),
            ("Equivalent to", _symmetric(g, term.iri, OWL.equivalentProperty)),
            ("Inverse of", _symmetric(g, term.iri, OWL.inverseOf)),
            ("Subproperties", list(g.subjects(RDFS.subPropertyOf, term.iri))),
        ]
    elif term.kind == RDFS.Datatype:
        facts += [
            ("Equivalent to", list(g.objects(term.iri, OWL.equivalentClass))),
            ("Range of", _ours(g.subjects(RDFS.range, term.iri))),
        ]
    else:
        types = [t for t in g.objects(term.iri, RDF.type) if t != OWL.NamedIndividual]
        facts += [
            ("Type", types),
            ("Same as", _symmetric(g, term.iri, OWL.sameAs)),
        ]
    for matching in (SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso):
        facts.append((_curie(matching), list(g.objects(term.iri, matching))))
    for name, nodes in facts:
        if nodes:
            rendered = sorted({_node(g, n, terms) for n in nodes})
            lines.append(f"- **{name}:** {', '.join(rendered)}")
    if lines[-1] != "":
        lines.append("")
    return lines


def _reused_terms(g: Graph) -> list[str]:
    """The external terms the ontology declares (so that it is OWL 2 DL on its own)."""
    by_prefix: dict[str, list[str]] = {}
    for _, kind, _heading in KINDS:
        for subject in g.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and not str(subject).startswith(str(PK)):
                curie = _curie(subject)
                prefix = curie.split(":", 1)[0] if not curie.startswith("<") else "other"
                by_prefix.setdefault(prefix, []).append(curie)
    if not by_prefix:
        return []
    lines = [
        "## Reused terms",
        "",
        "Terms of other vocabularies that the ontology declares and aligns its own terms to.",
        "",
        "| Vocabulary | Terms |",
        "|---|---|",
    ]
    for prefix in sorted(by_prefix):
        namespace = PREFIXES.get(prefix, VANN if prefix == "vann" else "")
        name = f"`{prefix}:` <{namespace}>" if namespace else prefix
        listed = ", ".join(
            f"`{c}`" for c in sorted(set(by_prefix[prefix]), key=lambda c: (c.casefold(), c))
        )
        lines.append(f"| {name} | {listed} |")
    lines.append("")
    return lines


# --- reading the graph ---------------------------------------------------------------------


def _pk_terms(g: Graph) -> dict[URIRef, Term]:
    terms: dict[URIRef, Term] = {}
    for _, kind, _heading in KINDS:
        for subject in sorted(g.subjects(RDF.type, kind), key=str):
            if not isinstance(subject, URIRef) or not str(subject).startswith(str(PK)):
                continue
            if subject in terms:  # a term of two kinds is listed under the first one
                continue
            local = str(subject)[len(str(PK)) :]
            terms[subject] = Term(
                iri=subject,
                kind=kind,
                label=_text(g, subject, RDFS.label) or local,
                area=_text(g, subject, PK.area) or NO_AREA,
            )
    return terms


def _the_ontology(g: Graph) -> URIRef | None:
    ontologies = sorted(
        (s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), key=str
    )
    return ontologies[0] if ontologies else None


def _text(g: Graph, subject: Node, predicate: URIRef) -> str | None:
    """One value: the English one if there is one, else one without a language, else any;
    the smallest of them, so that the choice does not depend on the graph's order."""
    values = [v for v in g.objects(subject, predicate) if isinstance(v, Literal)]
    for wanted in ("en", None):
        chosen = sorted(str(v) for v in values if v.language == wanted)
        if chosen:
            return chosen[0]
    return min((str(v) for v in values), default=None)


def _symmetric(g: Graph, subject: URIRef, predicate: URIRef) -> list[Node]:
    return [*g.objects(subject, predicate), *g.subjects(predicate, subject)]


def _ours(nodes: Iterable[Node]) -> list[Node]:
    return [n for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(PK))]


def _disjoint_classes(g: Graph, cls: URIRef) -> list[Node]:
    found = _symmetric(g, cls, OWL.disjointWith)
    for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = g.value(group, OWL.members)
        if members is not None:
            listed = list(Collection(g, members))
            if cls in listed:
                found += [m for m in listed if m != cls]
    return found


def _area_order(area: str) -> tuple[bool, str]:
    return (area == NO_AREA, area)


# --- writing -------------------------------------------------------------------------------


def _node(g: Graph, node: Node, terms: dict[URIRef, Term]) -> str:
    """A reference to a term: a link for ours, a CURIE for others, a formula for anonymous
    class expressions."""
    if isinstance(node, URIRef):
        if node in terms:
            term = terms[node]
            return f"[{_escape(term.label)}](#{term.anchor}) (`{term.curie}`)"
        return f"`{_curie(node)}`"
    if isinstance(node, BNode):
        return _expression(g, node, terms)
    if isinstance(node, Literal):
        return f'"{_escape(str(node))}"'
    return _escape(str(node))


def _expression(g: Graph, node: BNode, terms: dict[URIRef, Term]) -> str:
    """Anonymous class expressions in a Manchester-like syntax."""
    for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = g.value(node, predicate)
        if members is not None:
            parts = [_node(g, m, terms) for m in Collection(g, members)]
            return "(" + word.join(parts) + ")"
    one_of = g.value(node, OWL.oneOf)
    if one_of is not None:
        return "{" + ", ".join(_node(g, m, terms) for m in Collection(g, one_of)) + "}"
    complement = g.value(node, OWL.complementOf)
    if complement is not None:
        return f"not {_node(g, complement, terms)}"
    on_property = g.value(node, OWL.onProperty)
    if on_property is not None:
        prop = _node(g, on_property, terms)
        for predicate, word in RESTRICTIONS:
            value = g.value(node, predicate)
            if value is None:
                continue
            if word in ("some", "only", "value"):
                return f"({prop} {word} {_node(g, value, terms)})"
            qualifier = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
            tail = f" {_node(g, qualifier, terms)}" if qualifier is not None else ""
            return f"({prop} {word} {value}{tail})"
    return "(an anonymous class expression)"


def _value(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    return _escape(str(node))


def _curie(iri: Node) -> str:
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and text != namespace:
            return f"{prefix}:{text[len(namespace) :]}"
    if text.startswith(VANN):
        return f"vann:{text[len(VANN) :]}"
    return f"<{text}>"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.casefold()).strip("-")


def _escape(text: str) -> str:
    for char in "\\`*_<>[]|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


# --- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, compare) ``docs/ontology.md``."""
    from peacekg.compiler import load_ontology
    from peacekg.config import get_settings

    parser = argparse.ArgumentParser(
        prog="python -m peacekg.ontology_docs",
        description="Write the ontology's reference documentation (docs/ontology.md).",
    )
    parser.add_argument("--ontology-dir", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the page differs from a fresh rendering"
    )
    args = parser.parse_args(argv)
    ontology_dir = args.ontology_dir or get_settings().ontology_dir
    page = render_markdown(load_ontology(ontology_dir))
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != page:
            print(f"{output} is stale: run python -m peacekg.ontology_docs", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
