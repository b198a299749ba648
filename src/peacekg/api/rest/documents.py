"""Documents: peace plans and their versions, each version's provisions, and what became of
each provision between versions (kept, reworked, changed, deferred ...)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from rdflib import URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.rest import terms
from peacekg.api.rest.common import (
    Paging,
    evidence,
    iris,
    links,
    page,
    paging,
    ref,
    select,
)
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Document, DocumentDetail, Page, Provision, Version
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.store import Store

router = APIRouter(
    tags=["documents"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)


def documents(store: Store, subjects: list[URIRef]) -> list[Document]:
    found: dict[URIRef, Document] = {}
    for row in select(store, "document_details", {"d": subjects}) if subjects else []:
        subject = row["d"]
        assert isinstance(subject, URIRef)
        document = found.get(subject)
        if document is None:
            document = found[subject] = Document(
                id=terms.slug(subject),
                iri=str(subject),
                label=terms.text(row.get("label")),
                proposed_by=ref(row.get("proposedBy"), row.get("proposedByLabel")),
            )
        version = ref(row.get("version"), row.get("versionLabel"))
        if version is not None and version not in document.versions:
            document.versions.append(version)
    return [found[s] for s in subjects if s in found]


def versions(store: Store, subjects: list[URIRef]) -> list[Version]:
    """The versions, oldest first (a version comes after the one it revises)."""
    if not subjects:
        return []
    found: dict[str, Version] = {}
    for row in select(store, "version_details", {"v": subjects}):
        found.setdefault(
            str(row["v"]),
            Version(
                id=terms.slug(row["v"]),
                iri=str(row["v"]),
                label=terms.text(row.get("label")),
                points=terms.integer(row.get("points")),
                issued=terms.python(row.get("issued")),
                revision_of=ref(row.get("revisionOf"), row.get("revisionOfLabel")),
                revised_after=ref(row.get("revisedAfter"), row.get("revisedAfterLabel")),
            ),
        )
    provisions: list[tuple[str, Provision]] = []
    for row in select(store, "provisions", {"v": subjects}):
        provisions.append(
            (
                str(row["v"]),
                Provision(
                    id=terms.slug(row["p"]),
                    iri=str(row["p"]),
                    summary=terms.text(row.get("summary")),
                    issue=ref(row.get("issue"), row.get("issueLabel")),
                    fate=ref(row.get("fate"), row.get("fateLabel")),
                ),
            )
        )
    linked = links(store, [URIRef(p.iri) for _, p in provisions])
    for version_iri, provision in provisions:
        link = linked.get(URIRef(provision.iri), {})
        provision.places = link.get("places", [])
        provision.deferred_to = link.get("deferred_to", [])
        provision.revision_of = link.get("revision_of", [])
        provision.revised_by = link.get("revised_by", [])
        if version_iri in found:
            found[version_iri].provisions.append(provision)
    supported = evidence(store, facts=subjects)
    for version in found.values():
        version.evidence = supported.get(URIRef(version.iri), [])

    def depth(version: Version, seen: frozenset[str] = frozenset()) -> int:
        older = version.revision_of
        if older is None or older.iri not in found or older.iri in seen:
            return 0
        return 1 + depth(found[older.iri], seen | {version.iri})

    return sorted(found.values(), key=lambda v: (depth(v), v.issued or "", v.iri))


@router.get("/documents", response_model=Page[Document], summary="Documents and their versions")
def list_documents(
    request: Request, store: StoreDep, paged: Annotated[Paging, Depends(paging)]
) -> JSONResponse:
    """Documents (peace plans ...) by name, with who proposed them and their versions."""
    rows = select(store, "document_page", limit=paged.limit + 1, offset=paged.offset)
    subjects = iris(rows, "d")
    items = documents(store, subjects[: paged.limit])
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="One document")
def one_document(
    request: Request,
    store: StoreDep,
    document_id: Annotated[str, Path(examples=["us-peace-plan"])],
) -> JSONResponse:
    """A document with its versions, oldest first: points, date, the version each revises and
    after which event, and each version's provisions with what became of them (``fate``, the
    provision each revises and the provisions that revise it)."""
    subject = terms.entity(document_id)
    found = documents(store, [subject]) if subject is not None else []
    if not found:
        raise Problem.not_found("document", document_id)
    summary = found[0]
    detail = DocumentDetail(
        id=summary.id,
        iri=summary.iri,
        label=summary.label,
        proposed_by=summary.proposed_by,
        versions=versions(store, [URIRef(v.iri) for v in summary.versions]),
    )
    return respond(request, detail)
