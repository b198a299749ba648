"""The HTML pages of the linked-data routes: plain views of a description, built here and
rendered by the Jinja2 templates in ``templates/`` (autoescaped: every label, literal and IRI
is escaped; only http(s) IRIs become links).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from peacekg.api.describe import GraphSummary, Incoming, best_label
from peacekg.api.linked_data import IriPaths
from peacekg.namespaces import OA, PK, PREFIXES

if TYPE_CHECKING:
    from starlette.templating import Jinja2Templates

STYLESHEET = Path(__file__).with_name("static") / "peacekg.css"

# Literals longer than this are shown as a block of text (an article's text, a definition).
_LONG = 200
# Properties shown first on a page, in this order; the others follow by label.
_FIRST = (RDFS.label, SKOS.prefLabel, SKOS.definition, RDFS.comment)
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


@dataclass(frozen=True)
class Link:
    """A term shown as a link: ``text`` to show, ``href`` (None: not linked), ``iri`` in full."""

    text: str
    href: str | None
    iri: str
    external: bool = False


@dataclass(frozen=True)
class Value:
    """One value of a property: a link, or a literal with its language or datatype."""

    link: Link | None = None
    literal: str | None = None
    language: str | None = None
    datatype: Link | None = None

    @property
    def long(self) -> bool:
        return self.literal is not None and (len(self.literal) > _LONG or "\n" in self.literal)


@dataclass(frozen=True)
class PropertyRow:
    predicate: Link
    values: list[Value]


@dataclass(frozen=True)
class Step:
    """One link of an attribution chain: who, in which role, how sourced."""

    position: int | None
    agent: Link | None
    role: Link | None
    sourcing: Link | None


@dataclass(frozen=True)
class ClaimView:
    """A claim: the quote in its context, the article it is in, and who says so, in order."""

    link: Link
    exact: str | None
    prefix: str | None
    suffix: str | None
    start: str | None
    end: str | None
    article: Link | None
    steps: list[Step]
    supports: list[Link]
    denies: list[Link]


@dataclass(frozen=True)
class Section:
    """A subject shown on a page: an ontology term, or the resource itself."""

    anchor: str | None
    title: str
    iri: Link
    types: list[Link]
    properties: list[PropertyRow]


@dataclass
class Page:
    """What a template needs; ``formats`` are the other representations (name, type, href)."""

    title: str
    iri: str
    formats: list[tuple[str, str, str]]
    main: Section | None = None
    claims: list[ClaimView] = field(default_factory=list)
    incoming: list[tuple[Link, Link]] = field(default_factory=list)
    incoming_truncated: bool = False
    sections: list[Section] = field(default_factory=list)
    subjects: list[Link] = field(default_factory=list)
    subjects_truncated: bool = False
    triples: int | None = None


@cache
def templates() -> Jinja2Templates:
    """The page templates (made on first use: only HTML pages need jinja2)."""
    from starlette.templating import Jinja2Templates

    return Jinja2Templates(directory=Path(__file__).with_name("templates"))


def curie(iri: str) -> str:
    """``pk:Stance`` for an IRI in a known namespace; the IRI itself otherwise."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _natural(text: str) -> list[object]:
    """A sort key that puts ``claim/2`` before ``claim/10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


class Labeller:
    """Turns terms into links and values, with labels from ``labels`` and hrefs from ``paths``."""

    def __init__(self, paths: IriPaths, labels: Graph) -> None:
        self.paths = paths
        self.labels = labels

    def link(self, iri: URIRef | str) -> Link:
        text = str(iri)
        label = best_label(self.labels, URIRef(text))
        local = self.paths.path(text)
        if local is not None:  # never "//host": that would leave the site
            return Link(label or curie(text), None if local.startswith("//") else local, text)
        scheme = urlsplit(text).scheme.lower()
        href = text if scheme in ("http", "https") else None
        return Link(label or curie(text), href, text, external=href is not None)

    def value(self, term: Node) -> Value:
        if isinstance(term, URIRef):
            return Value(link=self.link(term))
        if isinstance(term, Literal):
            datatype = None
            if term.datatype is not None:
                datatype = Link(curie(str(term.datatype)), None, str(term.datatype))
            return Value(literal=str(term), language=term.language, datatype=datatype)
        return Value(literal=f"_:{term}")

    def section(self, graph: Graph, subject: URIRef, anchor: str | None = None) -> Section:
        """The subject's types and every other property of it in ``graph``."""
        types = sorted(
            (self.link(t) for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef)),
            key=lambda link: link.text.lower(),
        )
        rows: dict[URIRef, list[Value]] = {}
        for predicate, obj in graph.predicate_objects(subject):
            if predicate == RDF.type or not isinstance(predicate, URIRef):
                continue
            rows.setdefault(predicate, []).append(self.value(obj))
        properties = [
            PropertyRow(
                self.link(predicate),
                sorted(values, key=lambda v: _natural(v.link.text if v.link else v.literal or "")),
            )
            for predicate, values in rows.items()
        ]
        order = {str(p): i for i, p in enumerate(_FIRST)}
        properties.sort(
            key=lambda row: (order.get(row.predicate.iri, len(order)), row.predicate.text.lower())
        )
        title = best_label(graph, subject) or best_label(self.labels, subject) or curie(subject)
        return Section(anchor, title, self.link(subject), types, properties)


def claims_of(graph: Graph, resource: URIRef, labeller: Labeller) -> list[ClaimView]:
    """The claims in a description: those supporting (or denying) the resource, the denials of
    those, or itself."""
    claims: set[Node] = set(graph.objects(resource, PK.supportedBy))
    claims |= set(graph.subjects(PK.supports, resource)) | set(graph.subjects(PK.denies, resource))
    # A fact's page shows the denials of its claims ("Peskov denied the report") beside them.
    claims |= {denial for claim in list(claims) for denial in graph.subjects(PK.denies, claim)}
    if (resource, RDF.type, PK.Claim) in graph:
        claims.add(resource)
    views = [
        _claim(graph, claim, labeller) for claim in claims if isinstance(claim, URIRef | BNode)
    ]
    return sorted(views, key=lambda view: _natural(view.link.iri))


def _claim(graph: Graph, claim: URIRef | BNode, labeller: Labeller) -> ClaimView:
    exact = prefix = suffix = start = end = None
    article = graph.value(claim, PK.inArticle)
    for target in graph.objects(claim, OA.hasTarget):
        article = article or graph.value(target, OA.hasSource)
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                exact = _text(graph.value(selector, OA.exact))
                prefix = _text(graph.value(selector, OA.prefix))
                suffix = _text(graph.value(selector, OA.suffix))
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start = _text(graph.value(selector, OA.start))
                end = _text(graph.value(selector, OA.end))
    steps = []
    for step in graph.objects(claim, PROV.qualifiedAttribution):
        position = graph.value(step, PK.position)
        agent, role = graph.value(step, PROV.agent), graph.value(step, PROV.hadRole)
        sourcing = graph.value(step, PK.sourcing)
        steps.append(
            Step(
                int(position) if isinstance(position, Literal) else None,
                labeller.link(agent) if isinstance(agent, URIRef) else None,
                labeller.link(role) if isinstance(role, URIRef) else None,
                labeller.link(sourcing) if isinstance(sourcing, URIRef) else None,
            )
        )
    steps.sort(key=lambda s: (s.position is None, s.position or 0))
    return ClaimView(
        labeller.link(claim) if isinstance(claim, URIRef) else Link(f"_:{claim}", None, ""),
        exact,
        prefix,
        suffix,
        start,
        end,
        labeller.link(article) if isinstance(article, URIRef) else None,
        steps,
        _links(graph.objects(claim, PK.supports), labeller),
        _links(graph.objects(claim, PK.denies), labeller),
    )


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _links(terms: Iterable[Node], labeller: Labeller) -> list[Link]:
    return sorted(
        (labeller.link(t) for t in terms if isinstance(t, URIRef)), key=lambda link: link.text
    )


def resource_page(
    iri: str,
    description: Graph,
    extra_labels: Graph,
    incoming: Incoming,
    paths: IriPaths,
    formats: list[tuple[str, str, str]],
) -> Page:
    """The page of one resource: its properties, its claims and what links to it."""
    labeller = Labeller(paths, description + extra_labels + incoming.labels)
    subject = URIRef(iri)
    main = labeller.section(description, subject)
    return Page(
        title=main.title,
        iri=iri,
        formats=formats,
        main=main,
        claims=claims_of(description, subject, labeller),
        incoming=[(labeller.link(s), labeller.link(p)) for s, p in incoming.links],
        incoming_truncated=incoming.truncated,
    )


def ontology_page(
    iri: str, ontology: Graph, paths: IriPaths, formats: list[tuple[str, str, str]]
) -> Page:
    """The ontology's page: its header, then one section per term, anchored by its fragment."""
    labeller = Labeller(paths, ontology)
    main = labeller.section(ontology, URIRef(iri))
    terms = sorted(
        {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(iri + "#")},
        key=lambda term: str(term).lower(),
    )
    sections = [
        labeller.section(ontology, term, anchor=str(term)[len(iri) + 1 :]) for term in terms
    ]
    return Page(title=main.title, iri=iri, formats=formats, main=main, sections=sections)


def graph_page(
    iri: str, summary: GraphSummary, paths: IriPaths, formats: list[tuple[str, str, str]]
) -> Page:
    """A named graph's page: its size and the subjects it describes."""
    labeller = Labeller(paths, summary.labels)
    subjects = sorted(
        (labeller.link(s) for s in summary.subjects), key=lambda link: _natural(link.text)
    )
    return Page(
        title=f"Graph {curie(iri) if curie(iri) != iri else paths.path(iri) or iri}",
        iri=iri,
        formats=formats,
        subjects=subjects,
        subjects_truncated=summary.truncated,
        triples=summary.triples,
    )
