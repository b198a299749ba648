"""The VoID description as a page for browsers (``/.well-known/void`` and ``/dataset``, when
``Accept`` prefers HTML or ``?format=html``): the same figures as the Turtle, which programs
still get, with links to the dumps, the endpoint, the named graphs and the ontology's terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request, Response

from peacekg.api import void
from peacekg.api.front.view import FrontPage, render
from peacekg.api.linked_data import LinkedDataOptions
from peacekg.api.pages import curie
from peacekg.api.representations import RDF_OFFERS, format_links
from peacekg.namespaces import PREFIXES

_PREFIX_OF = {namespace: prefix for prefix, namespace in PREFIXES.items()}


@dataclass(frozen=True)
class Partition:
    """A class or property with its count, shown by its short name."""

    iri: str
    name: str
    count: int


def partitions(counts: dict[str, int]) -> list[Partition]:
    """The partitions by short name.

    >>> [p.name for p in partitions({"https://w3id.org/peacekg/ontology#Stance": 8,
    ...                              "http://www.w3.org/2004/02/skos/core#Concept": 61})]
    ['pk:Stance', 'skos:Concept']
    """
    found = [Partition(iri, curie(iri), count) for iri, count in counts.items()]
    return sorted(found, key=lambda p: p.name.lower())


def void_page(
    request: Request,
    stats: void.Statistics,
    options: LinkedDataOptions,
    dumps: Sequence[tuple[str, str]],
    sparql_endpoint: str,
) -> Response:
    """The page of the dataset: what it is, its licence and date, its dumps, its counts."""
    graphs = sorted(stats.graph_triples.items())
    formats = format_links(request.url.path, RDF_OFFERS)
    return render(
        request,
        "void.html",
        FrontPage("Dataset", formats=formats),
        title=void.TITLE,
        description=void.DESCRIPTION,
        license=str(void.LICENSE),
        dataset=options.paths.iri("/dataset"),
        uri_space=options.base,
        modified=options.modified.replace(microsecond=0).isoformat(),
        stats=stats,
        dumps=dumps,
        sparql_endpoint=sparql_endpoint,
        classes=partitions(stats.class_entities),
        properties=partitions(stats.property_triples),
        graphs=graphs,
        vocabularies=[(_PREFIX_OF.get(v, v), v) for v in void.vocabularies(stats)],
    )
