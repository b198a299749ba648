"""Actors: parties, persons and outlets, searched by name or alias; one actor with its offices
and mandates over time and the events it took part in."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from rdflib import Literal, URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.rest import terms
from peacekg.api.rest.common import Paging, iris, must_ref, page, paging, ref, select
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Actor, ActorDetail, Attendance, Page, Post
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.namespaces import PK
from peacekg.store import Store

router = APIRouter(
    tags=["actors"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)


class ActorType(StrEnum):
    """The kinds of actor a list can be restricted to."""

    PARTY = "party"
    STATE = "state"
    INTERNATIONAL_ORGANISATION = "international-organisation"
    COALITION = "coalition"
    ARMED_GROUP = "armed-group"
    PERSON = "person"
    OUTLET = "outlet"


_PARTY_TYPES = [PK.Party, PK.State, PK.InternationalOrganisation, PK.Coalition, PK.ArmedGroup]
TYPES: dict[ActorType, list[URIRef]] = {
    ActorType.PARTY: _PARTY_TYPES,
    ActorType.STATE: [PK.State],
    ActorType.INTERNATIONAL_ORGANISATION: [PK.InternationalOrganisation],
    ActorType.COALITION: [PK.Coalition],
    ActorType.ARMED_GROUP: [PK.ArmedGroup],
    ActorType.PERSON: [PK.Person],
    ActorType.OUTLET: [PK.MediaOutlet],
}


def actors(store: Store, subjects: list[URIRef]) -> list[ActorDetail]:
    """The actors ``subjects`` in that order (without offices, mandates and events)."""
    if not subjects:
        return []
    found: dict[URIRef, ActorDetail] = {}
    for row in select(store, "actor_details", {"a": subjects}):
        subject = row["a"]
        assert isinstance(subject, URIRef)
        kind = terms.slug(row["type"])
        actor = found.get(subject)
        if actor is None:
            actor = found[subject] = ActorDetail(
                id=terms.slug(subject),
                iri=str(subject),
                label=terms.text(row.get("label")),
                type=kind,
            )
        elif actor.type == "Party":
            actor.type = kind
        alias, same_as = terms.text(row.get("alias")), terms.text(row.get("sameAs"))
        if alias and alias not in actor.aliases:
            actor.aliases.append(alias)
        if same_as and same_as not in actor.same_as:
            actor.same_as.append(same_as)
        member = ref(row.get("memberOf"), row.get("memberOfLabel"))
        if member and member not in actor.member_of:
            actor.member_of.append(member)
    for actor in found.values():
        actor.aliases.sort()
        actor.same_as.sort()
    return [found[s] for s in subjects if s in found]


@router.get("/actors", response_model=Page[Actor], summary="Parties, persons and outlets")
def list_actors(
    request: Request,
    store: StoreDep,
    paged: Annotated[Paging, Depends(paging)],
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Part of a name or alias, any case.",
            examples=["ushakov"],
        ),
    ] = None,
    type: Annotated[
        ActorType | None, Query(description="Only actors of this kind.", examples=["party"])
    ] = None,
) -> JSONResponse:
    """Actors ordered by name; ``q`` searches labels, aliases and names, ignoring case."""
    values: dict[str, list[URIRef | Literal]] = {}
    flags = set()
    if q is not None:
        values["q"] = [Literal(q)]
        flags.add("q")
    if type is not None:
        values["type"] = list(TYPES[type])
    rows = select(
        store, "actor_page", values, flags=flags, limit=paged.limit + 1, offset=paged.offset
    )
    subjects = iris(rows, "a")
    items = [
        Actor(**a.model_dump(include=set(Actor.model_fields)))
        for a in actors(store, subjects[: paged.limit])
    ]
    return respond(request, page(request, items, paged, len(subjects) > paged.limit))


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor")
def one_actor(
    request: Request,
    store: StoreDep,
    actor_id: Annotated[str, Path(examples=["yuri-ushakov"])],
) -> JSONResponse:
    """An actor with its offices and mandates over time (held by a person, or held in the
    organisation for a party), and the events it took part in (as a participant, or as the
    side represented)."""
    subject = terms.entity(actor_id)
    found = actors(store, [subject]) if subject is not None else []
    if not found or subject is None:
        raise Problem.not_found("actor", actor_id)
    actor = found[0]
    for row in select(store, "posts", {"actor": [subject]}):
        post = Post(
            id=terms.slug(row["post"]),
            iri=str(row["post"]),
            kind="office" if row["kind"] == PK.Office else "mandate",
            label=terms.text(row.get("label")),
            person=must_ref(row["person"], row.get("personLabel")),
            organization=must_ref(row["organization"], row.get("organizationLabel")),
            role=ref(row.get("role"), row.get("roleLabel")),
            title=terms.text(row.get("title")),
            valid_from=terms.python(row.get("from")),
            valid_until=terms.python(row.get("until")),
        )
        (actor.offices if post.kind == "office" else actor.mandates).append(post)
    for row in select(store, "attendance", {"actor": [subject]}):
        actor.events.append(
            Attendance(
                event=must_ref(row["event"], row.get("eventLabel")),
                begin=terms.python(row.get("begin")),
                involvement=str(row["involvement"]),
                side=ref(row.get("side"), row.get("sideLabel")),
                role=ref(row.get("role"), row.get("roleLabel")),
            )
        )
    return respond(request, actor)
