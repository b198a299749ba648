"""JSON-LD for the REST answers: the published ``@context`` and content negotiation.

The JSON answers are JSON-LD once this context is applied: ``iri`` is ``@id``, the fields that
are triples of the graph map to the ontology's properties, and the fields that are not (``id``,
``quote`` of an evidence ...) map to nothing and are dropped by a JSON-LD processor. So a
stance, expanded, gives the triples the store holds for it:

>>> CONTEXT["@context"]["valid_from"]
{'@id': 'pk:validFrom', '@type': 'xsd:date'}
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from peacekg.api.negotiation import Offer, choose
from peacekg.namespaces import PREFIXES

JSON = "application/json"
JSONLD = "application/ld+json"
CONTEXT_PATH = "/api/v1/context.jsonld"
_OFFERS = (Offer(JSON), Offer(JSONLD))
# Every answer of /api/v1 can also be JSON-LD: the routers add this to their responses.
JSONLD_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {JSONLD: {}}, "description": "JSON, or JSON-LD on Accept: " + JSONLD}
}


def _iri(term: str) -> dict[str, str]:
    return {"@id": term, "@type": "@id"}


def _lang(term: str) -> dict[str, str]:
    return {"@id": term, "@language": "en"}


def _date(term: str) -> dict[str, str]:
    return {"@id": term, "@type": "xsd:date"}


CONTEXT: dict[str, Any] = {
    "@context": {
        **{
            prefix: iri
            for prefix, iri in PREFIXES.items()
            if prefix
            in ("pk", "rdfs", "xsd", "skos", "prov", "org", "oa", "dcterms", "owl", "schema")
        },
        "iri": "@id",
        "id": None,
        "items": "@graph",
        "type": None,
        "label": _lang("rdfs:label"),
        # stances
        "holder": _iri("pk:holder"),
        "party": _iri("pk:holder"),  # a cell of the stance matrix is its stance
        "issue": _iri("pk:issue"),
        "value": _iri("pk:value"),
        "places": _iri("pk:concernsPlace"),
        "summary": _lang("pk:summary"),
        "condition": _lang("pk:condition"),
        "condition_issue": _iri("pk:conditionIssue"),
        "valid_from": _date("pk:validFrom"),
        "valid_until": _date("pk:validUntil"),
        "expressed_at": _iri("pk:expressedAt"),
        "supersedes": _iri("pk:supersedes"),
        "superseded_by": {"@reverse": "pk:supersedes", "@type": "@id"},
        "evidence": {"@id": "pk:supportedBy", "@type": "@id"},
        "claim": "@id",
        "denies": _iri("pk:denies"),
        "article": _iri("pk:inArticle"),
        "primary_source": _iri("pk:primarySource"),
        # actors, posts, issues
        "same_as": _iri("owl:sameAs"),
        "aliases": _lang("skos:altLabel"),
        "member_of": _iri("pk:memberOf"),
        "person": _iri("org:member"),
        "organization": _iri("org:organization"),
        "role": _iri("org:role"),
        "title": _lang("pk:title"),
        "notation": {"@id": "skos:notation", "@type": "pk:PAXCode"},
        "broader": _iri("skos:broader"),
        "narrower": {"@reverse": "skos:broader", "@type": "@id"},
        "definition": _lang("skos:definition"),
        # events and documents
        "status": _iri("pk:status"),
        "place": _iri("pk:place"),
        "part_of": _iri("pk:partOf"),
        "outcome": _lang("pk:outcome"),
        "time_zone": "pk:timeZone",
        "proposed_by": _iri("pk:proposedBy"),
        "points": "pk:numberOfPoints",  # a JSON integer: xsd:integer, as the store holds it
        "revised_after": _iri("pk:revisedAfter"),
        "revision_of": _iri("pk:revisionOf"),
        "revised_by": {"@reverse": "pk:revisionOf", "@type": "@id"},
        "versions": {"@reverse": "pk:versionOf", "@type": "@id"},
        "provisions": {"@reverse": "pk:inVersion", "@type": "@id"},
        "issued": _date("dcterms:issued"),
        "sources": {"@id": "pk:supportedBy", "@type": "@id"},
        "fate": _iri("pk:fate"),
        "deferred_to": _iri("pk:deferredTo"),
    }
}


def wants_jsonld(request: Request) -> bool:
    offer = choose(request.headers.get("accept"), _OFFERS)
    return offer is not None and offer.media_type == JSONLD


def context_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + CONTEXT_PATH


def respond(request: Request, answer: BaseModel) -> JSONResponse:
    """``answer`` as JSON, or as JSON-LD with the published context if the client prefers it."""
    body = answer.model_dump(mode="json")
    link = f'<{context_url(request)}>; rel="http://www.w3.org/ns/json-ld#context"'
    if wants_jsonld(request):
        return JSONResponse({"@context": context_url(request), **body}, media_type=JSONLD)
    return JSONResponse(body, headers={"Link": link})
