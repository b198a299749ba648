"""Claims: every report of a fact with its quote and attribution chain, filtered by how the
primary source is identified, by outlet and by article; and the conflicts, side by side."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from rdflib import Literal, URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.rest import terms
from peacekg.api.rest.common import (
    Paging,
    evidence_rows,
    id_query,
    iris,
    page,
    paging,
    select,
)
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Claim, Conflict, ConflictSide, Evidence, Page, Ref, Stance
from peacekg.api.rest.problems import PROBLEM_RESPONSES, ProblemRoute
from peacekg.api.rest.stances import stances
from peacekg.store import Store

router = APIRouter(
    tags=["claims"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)


# The kind of a conflict between two stances (stance_conflicts.rq: the one definition).
INCOMPATIBLE = "incompatible-stances"


class SourceKind(StrEnum):
    """How the primary source of a claim is identified."""

    ANONYMOUS = "anonymous"
    ON_RECORD = "on-record"
    NAMED = "named"
    EDITORIAL = "editorial"


def claims(store: Store, subjects: list[URIRef]) -> list[Claim]:
    """The claims ``subjects`` in that order, each with the fact it supports (a denial: the
    fact whose claims it denies, and those claims)."""
    if not subjects:
        return []
    found: dict[str, Claim] = {}
    denials: list[URIRef] = []
    for fact, pairs in evidence_rows(store, claims=subjects).items():
        for item, row in pairs:
            fact_type = row.get("factType")
            found[item.claim] = Claim(
                **item.model_dump(),
                fact=Ref(
                    id=terms.slug(fact), iri=str(fact), label=terms.text(row.get("factLabel"))
                ),
                fact_type=terms.slug(fact_type) if fact_type is not None else None,
            )
            if "denial" in row:
                denials.append(URIRef(item.claim))
    for row in select(store, "denied_claims", {"claim": denials}) if denials else []:
        found[str(row["claim"])].denies.append(str(row["denied"]))
    return [found[str(s)] for s in subjects if str(s) in found]


@router.get("/claims", response_model=Page[Claim], summary="Claims, by kind of source")
def list_claims(
    request: Request,
    store: StoreDep,
    paged: Annotated[Paging, Depends(paging)],
    source_kind: Annotated[
        SourceKind | None,
        Query(description="How the primary source is identified.", examples=["anonymous"]),
    ] = None,
    outlet: Annotated[str | None, id_query("An outlet in the chain.", "nbc")] = None,
    article: Annotated[str | None, id_query("The article's id.", "2025-12-03-moscow-talks")] = None,
) -> JSONResponse:
    """Claims ordered by article, each with its quote, the fact it supports and its whole
    attribution chain."""
    values: dict[str, list[URIRef | Literal]] = {}
    flags = set()
    if source_kind is not None:
        values["kind"] = [terms.SOURCING_IRIS[source_kind.value]]
        flags.add("kind")
    if outlet is not None:
        values["outlet"] = [URIRef(terms.ID + outlet)]
        flags.add("outlet")
    if article is not None:
        values["article"] = [URIRef(terms.ARTICLE + article)]
    rows = select(
        store, "claim_page", values, flags=flags, limit=paged.limit + 1, offset=paged.offset
    )
    subjects = iris(rows, "claim")
    items = claims(store, subjects[: paged.limit])
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))


def _stance_side(stance: Stance) -> ConflictSide:
    return ConflictSide(
        fact=Ref(id=stance.id, iri=stance.iri, label=stance.label),
        holder=stance.holder,
        issue=stance.issue,
        value=stance.value,
        valid_from=stance.valid_from,
        valid_until=stance.valid_until,
        evidence=stance.evidence,
    )


def _claim_side(claim: Claim) -> ConflictSide:
    evidence = Evidence(**claim.model_dump(exclude={"fact", "fact_type", "denies"}))
    return ConflictSide(fact=claim.fact, evidence=[evidence])


@router.get("/claims/conflicts", response_model=Page[Conflict], summary="Conflicting claims")
def conflicts(
    request: Request, store: StoreDep, paged: Annotated[Paging, Depends(paging)]
) -> JSONResponse:
    """Claims that contradict or deny one another (``pk:contradicts``, ``pk:denies``), then
    incompatible stances: the same holder, issue and places, valid times that overlap (neither
    superseding the other), and values incompatible on the ordered stance-value scheme (one
    AGAINST, the other FAVOR or in the upper half of the ranks), the pairs ``peacekg conflicts``
    lists too: both sides, each with its attribution."""
    pairs: list[tuple[str, URIRef, URIRef]] = []
    seen: set[frozenset[URIRef]] = set()
    for row in select(store, "claim_conflicts"):
        a, b = row["a"], row["b"]
        assert isinstance(a, URIRef) and isinstance(b, URIRef)
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            pairs.append((str(row["relation"]), a, b))
    for row in select(store, "stance_conflicts"):
        a, b = row["s1"], row["s2"]
        assert isinstance(a, URIRef) and isinstance(b, URIRef)
        pairs.append((INCOMPATIBLE, a, b))
    shown = pairs[paged.offset : paged.offset + paged.limit]
    claim_iris = [iri for kind, a, b in shown if kind != INCOMPATIBLE for iri in (a, b)]
    stance_iris = [iri for kind, a, b in shown if kind == INCOMPATIBLE for iri in (a, b)]
    by_claim = {URIRef(c.claim): _claim_side(c) for c in claims(store, claim_iris)}
    by_stance = {URIRef(s.iri): _stance_side(s) for s in stances(store, stance_iris)}
    sides = by_claim | by_stance
    items = [
        Conflict(kind=kind, a=sides[a], b=sides[b])
        for kind, a, b in shown
        if a in sides and b in sides
    ]
    return respond(request, page(request, items, paged, len(pairs) > paged.offset + paged.limit))
