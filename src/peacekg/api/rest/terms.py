"""From path ids to IRIs and from SPARQL terms to JSON values.

Ids in paths are the slugs of the IRIs: ``russia`` for ``https://w3id.org/peacekg/id/russia``,
``ARTICLE-ID/FACT-ID`` for the facts of an article, the concept's own slug for a concept:

>>> str(entity("russia"))
'https://w3id.org/peacekg/id/russia'
>>> slug(URIRef("https://w3id.org/peacekg/id/article/2025-12-03-moscow-talks/russia-frozen-assets"))
'2025-12-03-moscow-talks/russia-frozen-assets'
>>> slug(URIRef("https://w3id.org/peacekg/vocab/issue/territory"))
'territory'
>>> entity("no such id") is None
True
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from peacekg.namespaces import BASE, PK
from peacekg.store import Term

SLUG = r"[A-Za-z0-9][A-Za-z0-9._~-]*"
_SLUG = re.compile(SLUG)
ID = BASE + "id/"
ARTICLE = ID + "article/"
VOCAB = BASE + "vocab/"

# Short names of the roles and sourcing kinds of attribution steps.
ROLES = {
    PK.OutletRole: "outlet",
    PK.JournalistRole: "journalist",
    PK.IntermediaryRole: "intermediary",
    PK.PrimarySourceRole: "primary-source",
    PK.PublisherRole: "publisher",
}
SOURCING = {
    PK.Anonymous: "anonymous",
    PK.OnRecord: "on-record",
    PK.Named: "named",
    PK.EditorialVoice: "editorial",
}
SOURCING_IRIS = {name: iri for iri, name in SOURCING.items()}


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


def entity(slug_text: str) -> URIRef | None:
    """The IRI of a party, person, outlet, place, event, document or version; None if the
    text cannot be a slug."""
    return URIRef(ID + slug_text) if is_slug(slug_text) else None


def article_fact(article_id: str, fact_id: str) -> URIRef | None:
    """The IRI of a fact of an article (a stance, office, mandate, provision)."""
    if is_slug(article_id) and is_slug(fact_id):
        return URIRef(f"{ARTICLE}{article_id}/{fact_id}")
    return None


def article(article_id: str) -> URIRef | None:
    return URIRef(ARTICLE + article_id) if is_slug(article_id) else None


def concept(scheme: str, slug_text: str) -> URIRef | None:
    return URIRef(f"{VOCAB}{scheme}/{slug_text}") if is_slug(slug_text) else None


def slug(iri: Term | str) -> str:
    """The id of an IRI in paths: what follows ``id/``, ``id/article/`` or the scheme."""
    text = str(iri)
    if text.startswith(ARTICLE):
        return text.removeprefix(ARTICLE)
    if text.startswith(ID):
        return text.removeprefix(ID)
    if text.startswith(VOCAB):
        return text.removeprefix(VOCAB).split("/", 1)[-1]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def text(term: Term | str | None) -> str | None:
    return None if term is None else str(term)


def python(term: Term | None) -> Any:
    """A literal's value as JSON can hold it (dates and durations as ISO strings)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (XSD.integer, XSD.positiveInteger, XSD.nonNegativeInteger, XSD.int):
            return int(term)
        return str(term)
    if isinstance(term, BNode):
        return None
    return str(term)


def integer(term: Term | None) -> int | None:
    return None if term is None else int(term)


def date_literal(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)
