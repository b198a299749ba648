"""Stances: a party's positions (as of a date, or over time) with the evidence for each, one
stance by its id, and the stance matrix of all parties by issue."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from rdflib import Literal, URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.rest import terms
from peacekg.api.rest.common import (
    Paging,
    evidence,
    exists,
    iris,
    links,
    must_ref,
    page,
    paging,
    ref,
    select,
)
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import MatrixCell, Page, Quantity, Stance, StanceMatrix
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.namespaces import PK
from peacekg.store import Store, Term

router = APIRouter(
    tags=["stances"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)

ACTOR_TYPES = (
    PK.Party, PK.State, PK.InternationalOrganisation, PK.Coalition, PK.ArmedGroup,
    PK.Person, PK.MediaOutlet,
)  # fmt: skip

AsOf = Annotated[
    date | None,
    Query(description="Only the stances valid at this date (ISO 8601).", examples=["2025-12-03"]),
]
IssueId = Annotated[
    str | None,
    Query(description="Only stances on this issue or its sub-issues.", examples=["territory"]),
]
History = Annotated[
    bool,
    Query(description="Every stance over time, with what superseded what.", examples=[True]),
]


def stance_page(
    store: Store,
    paged: Paging,
    *,
    holder: URIRef | None = None,
    issue: URIRef | None = None,
    as_of: date | None = None,
    history: bool = False,
    parties: bool = False,
) -> list[URIRef]:
    """The IRIs of one page of stances (one more than the limit), in a stable order."""
    values: dict[str, list[URIRef | Literal]] = {}
    flags = set()
    if holder is not None:
        values["holder"] = [holder]
        flags.add("holder")
    if issue is not None:
        values["asked"] = [issue]
        flags.add("issue")
    if as_of is not None:
        values["asOf"] = [terms.date_literal(as_of)]
        flags.add("as_of")
    elif not history:
        flags.add("current")
    if parties:
        flags.add("parties")
    rows = select(
        store, "stance_page", values, flags=flags, limit=paged.limit + 1, offset=paged.offset
    )
    return iris(rows, "s")


def stances(store: Store, subjects: list[URIRef]) -> list[Stance]:
    """The stances ``subjects``, in that order, with their links and evidence."""
    if not subjects:
        return []
    details: dict[Term, dict[str, Term]] = {}
    for row in select(store, "stance_details", {"s": subjects}):
        details.setdefault(row["s"], row)
    linked = links(store, subjects)
    supported = evidence(store, facts=subjects)
    result = []
    for subject in subjects:
        if subject not in details:
            continue
        row = details[subject]
        get = row.get
        quantity = None
        if get("quantityValue") is not None:
            unit = terms.text(get("quantityUnit"))
            quantity = Quantity(value=str(get("quantityValue")), unit=unit)
        link = linked.get(subject, {})
        result.append(
            Stance(
                id=terms.slug(subject),
                iri=str(subject),
                label=terms.text(get("label")),
                holder=must_ref(row["holder"], get("holderLabel")),
                issue=must_ref(row["issue"], get("issueLabel")),
                value=must_ref(row["value"], get("valueLabel")),
                rank=terms.integer(get("rank")),
                places=link.get("places", []),
                summary=terms.text(get("summary")),
                condition=terms.text(get("condition")),
                condition_issue=ref(get("conditionIssue"), get("conditionIssueLabel")),
                quantity=quantity,
                valid_from=terms.python(get("from")),
                valid_until=terms.python(get("until")),
                expressed_at=ref(get("expressedAt"), get("expressedAtLabel")),
                supersedes=link.get("supersedes", []),
                superseded_by=link.get("superseded_by", []),
                evidence=supported.get(subject, []),
            )
        )
    return result


def issue_iri(store: Store, issue_id: str, parameter: str) -> URIRef:
    """The IRI of a known issue, else 422 naming the parameter."""
    iri = terms.concept("issue", issue_id)
    if iri is None or not exists(store, iri, (PK.Issue,)):
        raise Problem.invalid(parameter, f"there is no issue {issue_id!r}; see /api/v1/issues.")
    return iri


def check_modes(as_of: date | None, history: bool) -> None:
    if as_of is not None and history:
        raise Problem.invalid("history", "history=true lists every stance; it takes no as_of.")


@router.get(
    "/parties/{party_id}/stances",
    response_model=Page[Stance],
    summary="A party's stances, with the evidence for each",
)
def party_stances(
    request: Request,
    store: StoreDep,
    party_id: Annotated[str, Path(examples=["russia"])],
    paged: Annotated[Paging, Depends(paging)],
    issue: IssueId = None,
    as_of: AsOf = None,
    history: History = False,
) -> JSONResponse:
    """The stances of one party (or any actor that holds stances).

    Without ``as_of`` or ``history``: the current stances (superseded by none). With
    ``as_of``: the stances whose valid time contains the date and that no stance valid at that
    date supersedes. With ``history=true``: every stance, with ``supersedes`` and
    ``superseded_by``. Each stance carries its evidence: the claim, the article, the quote and
    the attribution chain.
    """
    check_modes(as_of, history)
    holder = terms.entity(party_id)
    if holder is None or not exists(store, holder, ACTOR_TYPES):
        raise Problem.not_found("party", party_id)
    asked = issue_iri(store, issue, "issue") if issue is not None else None
    subjects = stance_page(store, paged, holder=holder, issue=asked, as_of=as_of, history=history)
    more = len(subjects) > paged.limit
    return respond(request, page(request, stances(store, subjects[: paged.limit]), paged, more))


@router.get(
    "/stances/{article_id}/{fact_id}",
    response_model=Stance,
    summary="One stance, with its evidence",
)
def one_stance(
    request: Request,
    store: StoreDep,
    article_id: Annotated[str, Path(examples=["2025-12-03-moscow-talks"])],
    fact_id: Annotated[str, Path(examples=["russia-frozen-assets"])],
) -> JSONResponse:
    """A stance by its id: the article that states it, then its own id in that article."""
    subject = terms.article_fact(article_id, fact_id)
    found = stances(store, [subject]) if subject is not None else []
    if not found:
        raise Problem.not_found("stance", f"{article_id}/{fact_id}")
    return respond(request, found[0])


@router.get(
    "/stance-matrix",
    response_model=StanceMatrix,
    summary="Every party's stance on every issue, as of a date",
)
def stance_matrix(
    request: Request,
    store: StoreDep,
    paged: Annotated[Paging, Depends(paging)],
    as_of: AsOf = None,
) -> JSONResponse:
    """One cell per party, issue (and place) and stance valid at ``as_of`` (default: the
    current stances), ordered by party and issue; ``parties`` and ``issues`` list the rows and
    columns the page covers."""
    subjects = stance_page(store, paged, as_of=as_of, parties=True)
    cells = [
        MatrixCell(
            iri=s.iri,
            party=s.holder,
            issue=s.issue,
            value=s.value,
            stance=must_ref(URIRef(s.iri), s.label),
            places=s.places,
            valid_from=s.valid_from,
        )
        for s in stances(store, subjects[: paged.limit])
    ]
    found = page(request, cells, paged, len(subjects) > paged.limit)
    parties = {cell.party.iri: cell.party for cell in cells}
    issues = {cell.issue.iri: cell.issue for cell in cells}
    matrix = StanceMatrix(
        **found.model_dump(exclude={"items"}),
        items=found.items,
        as_of=as_of.isoformat() if as_of else None,
        parties=list(parties.values()),
        issues=list(issues.values()),
    )
    return respond(request, matrix)
