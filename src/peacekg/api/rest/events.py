"""Events: talks, rounds, meetings, calls ... filtered by date, participant, place, type and
status; one event with its participants by side and role, its outcome, its status in each
report, and its sources."""

from __future__ import annotations

from collections import defaultdict
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
    id_query,
    iris,
    must_ref,
    page,
    paging,
    ref,
    select,
)
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import (
    Event,
    EventDetail,
    Page,
    Participant,
    Ref,
    Side,
    StatusReport,
)
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.store import Store, Term

router = APIRouter(
    tags=["events"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)


def statuses(store: Store, subjects: list[URIRef]) -> dict[Term, list[StatusReport]]:
    """The status each report gives each event, oldest report first."""
    found: dict[Term, dict[tuple[Term, Term], StatusReport]] = defaultdict(dict)
    for row in select(store, "event_status", {"e": subjects}):
        key = (row["status"], row.get("article", row["status"]))
        report = found[row["e"]].get(key)
        if report is None:
            article = ref(row.get("article"), row.get("articleTitle"))
            report = found[row["e"]][key] = StatusReport(
                status=must_ref(row["status"], row.get("statusLabel")),
                article=article or Ref(id="", iri="", label=None),
                reported=terms.python(row.get("reported")),
                reason=terms.text(row.get("reason")),
            )
        changed_by = ref(row.get("changedBy"), row.get("changedByLabel"))
        if changed_by is not None and changed_by not in report.changed_by:
            report.changed_by.append(changed_by)
    return {
        event: sorted(reports.values(), key=lambda r: (r.reported or "", r.article.iri))
        for event, reports in found.items()
    }


def events(store: Store, subjects: list[URIRef]) -> list[EventDetail]:
    """The events ``subjects`` in that order, with their latest status (no participants)."""
    if not subjects:
        return []
    found: dict[Term, EventDetail] = {}
    for row in select(store, "event_details", {"e": subjects}):
        if row["e"] in found:
            continue
        get = row.get
        found[row["e"]] = EventDetail(
            id=terms.slug(row["e"]),
            iri=str(row["e"]),
            label=terms.text(get("label")),
            type=ref(get("type"), get("typeLabel")),
            begin=terms.python(get("begin")),
            end=terms.python(get("end")),
            place=ref(get("place"), get("placeLabel")),
            time_zone=terms.text(get("timeZone")),
            begin_approximation=terms.text(get("beginApproximation")),
            duration=terms.text(get("duration")),
            duration_approximation=terms.text(get("durationApproximation")),
            part_of=ref(get("partOf"), get("partOfLabel")),
            ordinal=terms.integer(get("ordinal")),
            outcome=terms.text(get("outcome")),
        )
    for subject, reports in statuses(store, subjects).items():
        if subject in found:
            found[subject].status_history = reports
            found[subject].status = reports[-1].status
    return [found[s] for s in subjects if s in found]


@router.get("/events", response_model=Page[Event], summary="Events, filtered")
def list_events(
    request: Request,
    store: StoreDep,
    paged: Annotated[Paging, Depends(paging)],
    from_: Annotated[
        date | None,
        Query(alias="from", description="On or after this local date.", examples=["2025-11-20"]),
    ] = None,
    to: Annotated[
        date | None, Query(description="On or before this local date.", examples=["2025-12-03"])
    ] = None,
    participant: Annotated[str | None, id_query("An actor who took part.", "steve-witkoff")] = None,
    place: Annotated[str | None, id_query("A place, or a place within it.", "moscow")] = None,
    type: Annotated[str | None, id_query("An event type (or a narrower one).", "talks")] = None,
    status: Annotated[str | None, id_query("The status in the latest report.", "held")] = None,
) -> JSONResponse:
    """Events ordered by their beginning (events without a date first)."""
    if from_ is not None and to is not None and to < from_:
        raise Problem.invalid("to", "the end of the period is before its beginning.")
    values: dict[str, list[URIRef | Literal]] = {}
    flags = set()
    if from_ is not None:
        values["from"] = [Literal(from_.isoformat())]
        flags.add("from")
    if to is not None:
        values["to"] = [Literal(to.isoformat())]
        flags.add("to")
    for name, given, scheme in (
        ("participant", participant, None),
        ("place", place, None),
        ("type", type, "event-type"),
        ("status", status, "event-status"),
    ):
        if given is None:
            continue
        iri = terms.entity(given) if scheme is None else terms.concept(scheme, given)
        assert iri is not None  # the pattern of the parameter makes it a slug
        values[name] = [iri]
        flags.add(name)
    rows = select(
        store, "event_page", values, flags=flags, limit=paged.limit + 1, offset=paged.offset
    )
    subjects = iris(rows, "e")
    items = [
        Event(**e.model_dump(include=set(Event.model_fields)))
        for e in events(store, subjects[: paged.limit])
    ]
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event")
def one_event(
    request: Request,
    store: StoreDep,
    event_id: Annotated[str, Path(examples=["2025-12-02-moscow-talks"])],
) -> JSONResponse:
    """An event with its time and place (and the places that contain it), its participants by
    side and role, its outcome, the status each report gives it, and its sources."""
    subject = terms.entity(event_id)
    found = events(store, [subject]) if subject is not None else []
    if not found or subject is None:
        raise Problem.not_found("event", event_id)
    event = found[0]
    sides: dict[str, Side] = {}
    for row in select(store, "event_participants", {"e": [subject]}):
        side = must_ref(row["side"], row.get("sideLabel"))
        sides.setdefault(side.iri, Side(side=side, participants=[])).participants.append(
            Participant(
                agent=must_ref(row["agent"], row.get("agentLabel")),
                role=ref(row.get("role"), row.get("roleLabel")),
            )
        )
    event.sides = list(sides.values())
    if event.place is not None:
        rows = select(store, "located_in", {"place": [URIRef(event.place.iri)]})
        event.located_in = [must_ref(r["container"], r.get("containerLabel")) for r in rows]
    event.sources = evidence(store, facts=[subject]).get(subject, [])
    return respond(request, event)
