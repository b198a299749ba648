"""What the routers share: paging, references, evidence and links, all fetched by SPARQL.

Lists are fetched in two steps: a page of IRIs in a stable order (``LIMIT`` one more than asked,
so that the next page is known to exist), then the details of exactly those IRIs (``VALUES``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request
from rdflib import Literal, URIRef

from peacekg import sparql
from peacekg.api.rest.models import AttributionStep, Evidence, Page, Ref
from peacekg.api.rest.terms import ROLES, SLUG, SOURCING, integer, python, slug, text
from peacekg.store import Store, Term

T = TypeVar("T")
MAX_LIMIT = 500


@dataclass(frozen=True)
class Paging:
    """``limit`` and ``offset`` of a list."""

    limit: int
    offset: int


def paging(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page.", examples=[50])
    ] = 50,
    offset: Annotated[
        int, Query(ge=0, le=1_000_000, description="Items to skip.", examples=[0])
    ] = 0,
) -> Paging:
    return Paging(limit, offset)


def id_query(description: str, example: str) -> Any:
    """A query parameter that names an entity, a place, a type ... by its id (at most 200
    characters of the id alphabet: anything else is a 422 naming the parameter)."""
    return Query(pattern=f"^{SLUG}$", max_length=200, description=description, examples=[example])


def page(request: Request, items: Sequence[T], paged: Paging, more: bool) -> Page[T]:
    """The page of ``items``; ``more`` says whether a next page exists (give it a link)."""
    next_url = None
    if more:
        url = request.url.include_query_params(limit=paged.limit, offset=paged.offset + paged.limit)
        next_url = str(url)
    return Page[T](
        items=list(items[: paged.limit]), limit=paged.limit, offset=paged.offset, next=next_url
    )


def select(
    store: Store,
    name: str,
    values: sparql.Bindings | None = None,
    *,
    flags: Iterable[str] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Term]]:
    """The rows of the lookup ``name`` as dictionaries (unbound variables left out)."""
    query = sparql.render(name, values, flags=flags, limit=limit, offset=offset)
    return store.select(query).bindings()


def short(names: dict[URIRef, str], term: Term | None) -> str | None:
    """The short name of a role or sourcing kind (None if unknown)."""
    return names.get(term) if isinstance(term, URIRef) else None


def iris(rows: Iterable[dict[str, Term]], var: str) -> list[URIRef]:
    """The IRIs bound to ``var`` in ``rows``, in order, each once."""
    seen: dict[URIRef, None] = {}
    for row in rows:
        term = row.get(var)
        if isinstance(term, URIRef):
            seen.setdefault(term, None)
    return list(seen)


def ref(iri: Term | str | None, label: Term | str | None = None) -> Ref | None:
    if iri is None:
        return None
    return Ref(id=slug(iri), iri=str(iri), label=text(label))


def must_ref(iri: Term | str, label: Term | str | None = None) -> Ref:
    return Ref(id=slug(iri), iri=str(iri), label=text(label))


def exists(store: Store, iri: URIRef, types: Iterable[URIRef]) -> bool:
    """True if ``iri`` has one of ``types``."""
    values = " ".join(t.n3() for t in types)
    return store.ask(f"ASK {{ VALUES ?t {{ {values} }} {iri.n3()} a ?t }}")


def links(store: Store, subjects: Sequence[URIRef]) -> dict[URIRef, dict[str, list[Ref]]]:
    """The many-valued links of each subject (places, supersedes, revision_of ...)."""
    found: dict[URIRef, dict[str, list[Ref]]] = defaultdict(lambda: defaultdict(list))
    if not subjects:
        return found
    for row in select(store, "links", {"s": subjects}):
        subject = row["s"]
        assert isinstance(subject, URIRef)
        found[subject][str(row["rel"])].append(must_ref(row["o"], row.get("oLabel")))
    return found


def evidence(
    store: Store, *, facts: Sequence[URIRef] = (), claims: Sequence[URIRef] = ()
) -> dict[URIRef, list[Evidence]]:
    """The claims supporting each fact (or the claims given), keyed by fact."""
    return {
        fact: [e for e, _ in pairs] for fact, pairs in evidence_rows(store, facts, claims).items()
    }


def evidence_rows(
    store: Store, facts: Sequence[URIRef] = (), claims: Sequence[URIRef] = ()
) -> dict[URIRef, list[tuple[Evidence, dict[str, Term]]]]:
    """Each fact's evidence, with the first row of each claim (for the fact's label and type)."""
    values: dict[str, Sequence[URIRef | Literal]] = {}
    if facts:
        values["fact"] = facts
    if claims:
        values["claim"] = claims
    if not values:
        return {}
    by_claim: dict[URIRef, tuple[Evidence, dict[str, Term]]] = {}
    steps: dict[URIRef, dict[Term, AttributionStep]] = defaultdict(dict)
    order: dict[URIRef, list[URIRef]] = defaultdict(list)
    # A denial is looked up as a claim (a side of a conflict), never as a fact's evidence.
    rows = [row for row in select(store, "evidence", values) if claims or "denial" not in row]
    for row in rows:
        claim, fact = row["claim"], row["fact"]
        assert isinstance(claim, URIRef) and isinstance(fact, URIRef)
        if claim not in by_claim:
            by_claim[claim] = (
                Evidence(
                    claim=str(claim),
                    article=must_ref(row["article"], row.get("articleTitle")),
                    reported=python(row.get("reported")),
                    quote=text(row.get("quote")),
                    start=integer(row.get("start")),
                    end=integer(row.get("end")),
                    primary_source=ref(row.get("primary"), row.get("primaryLabel")),
                ),
                row,
            )
            order[fact].append(claim)
    found = iris(rows, "claim")
    for row in select(store, "evidence_steps", {"claim": found}) if found else []:
        claim, step = row["claim"], row.get("step")
        assert isinstance(claim, URIRef)
        if step is not None and step not in steps[claim]:
            steps[claim][step] = AttributionStep(
                position=int(row["position"]),
                role=short(ROLES, row.get("role")),
                sourcing=short(SOURCING, row.get("sourcing")),
                agent=ref(row.get("agent"), row.get("agentLabel")),
                affiliation=ref(row.get("affiliation"), row.get("affiliationLabel")),
                count=integer(row.get("count")),
            )
    result: dict[URIRef, list[tuple[Evidence, dict[str, Term]]]] = {}
    for fact, claim_list in order.items():
        result[fact] = []
        for claim in claim_list:
            item, row = by_claim[claim]
            chain = sorted(steps[claim].values(), key=lambda s: s.position)
            item.attribution = chain
            item.source_kind = chain[-1].sourcing if chain else None
            result[fact].append((item, row))
    return result
