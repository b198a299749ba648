"""Issues: the taxonomy with its PA-X codes and its broader and narrower issues; every
party's stance on one issue (sub-issues included)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from rdflib import URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.rest import terms
from peacekg.api.rest.common import Paging, exists, iris, must_ref, page, paging, select
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Issue, Page, Stance
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.api.rest.stances import AsOf, History, check_modes, stance_page
from peacekg.api.rest.stances import stances as stance_objects
from peacekg.namespaces import PK
from peacekg.store import Store

router = APIRouter(
    tags=["issues"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)


def issues(store: Store, subjects: list[URIRef]) -> list[Issue]:
    if not subjects:
        return []
    found: dict[URIRef, Issue] = {}
    for row in select(store, "issue_details", {"i": subjects}):
        subject = row["i"]
        assert isinstance(subject, URIRef)
        issue = found.get(subject)
        if issue is None:
            issue = found[subject] = Issue(
                id=terms.slug(subject),
                iri=str(subject),
                label=terms.text(row.get("label")),
                notation=terms.text(row.get("notation")),
                definition=terms.text(row.get("definition")),
            )
        rel, value = terms.text(row.get("rel")), row.get("value")
        if rel in ("broader", "narrower") and value is not None:
            linked = must_ref(value, row.get("valueLabel"))
            if linked not in getattr(issue, rel):
                getattr(issue, rel).append(linked)
        elif (
            rel in ("aliases", "pax_related")
            and value is not None
            and str(value) not in getattr(issue, rel)
        ):
            getattr(issue, rel).append(str(value))
    return [found[s] for s in subjects if s in found]


@router.get("/issues", response_model=Page[Issue], summary="The issue taxonomy")
def list_issues(
    request: Request, store: StoreDep, paged: Annotated[Paging, Depends(paging)]
) -> JSONResponse:
    """Every issue, by label, with its PA-X code (``notation``; our extensions have none),
    related PA-X codes, and its broader and narrower issues."""
    rows = select(store, "issue_page", limit=paged.limit + 1, offset=paged.offset)
    subjects = iris(rows, "i")
    items = issues(store, subjects[: paged.limit])
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))


@router.get("/issues/{issue_id}", response_model=Issue, summary="One issue")
def one_issue(
    request: Request, store: StoreDep, issue_id: Annotated[str, Path(examples=["territory"])]
) -> JSONResponse:
    """One issue with its PA-X code, its broader and its narrower issues."""
    subject = terms.concept("issue", issue_id)
    found = issues(store, [subject]) if subject is not None else []
    if not found:
        raise Problem.not_found("issue", issue_id)
    return respond(request, found[0])


@router.get(
    "/issues/{issue_id}/stances",
    response_model=Page[Stance],
    summary="Every stance on one issue and its sub-issues",
)
def issue_stances(
    request: Request,
    store: StoreDep,
    issue_id: Annotated[str, Path(examples=["armed-forces"])],
    paged: Annotated[Paging, Depends(paging)],
    as_of: AsOf = None,
    history: History = False,
) -> JSONResponse:
    """The stances of every holder on the issue or its sub-issues, by holder: current ones by
    default, those valid at ``as_of``, or all of them with ``history=true``."""
    check_modes(as_of, history)
    subject = terms.concept("issue", issue_id)
    if subject is None or not exists(store, subject, (PK.Issue,)):
        raise Problem.not_found("issue", issue_id)
    subjects = stance_page(store, paged, issue=subject, as_of=as_of, history=history)
    items = stance_objects(store, subjects[: paged.limit])
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))
