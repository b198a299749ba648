"""The answers of the REST API, as pydantic models (the OpenAPI schemas, with examples).

Every resource carries its path ``id`` (the slug of its IRI) and its ``iri``; dates are ISO
strings. In JSON-LD (``Accept: application/ld+json``) the same objects are read through the
published context (:mod:`peacekg.api.rest.jsonld`), where ``iri`` is ``@id``.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

T = TypeVar("T")
ID = "https://w3id.org/peacekg/id/"
VOCAB = "https://w3id.org/peacekg/vocab/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_RUSSIA: dict[str, JsonValue] = {"id": "russia", "iri": ID + "russia", "label": "Russia"}
_TALKS: dict[str, JsonValue] = {
    "id": "2025-12-02-moscow-talks",
    "iri": ID + "2025-12-02-moscow-talks",
    "label": "Moscow talks of 2 December 2025",
}
_ARTICLE: dict[str, JsonValue] = {
    "id": "2025-12-03-moscow-talks",
    "iri": ID + "article/2025-12-03-moscow-talks",
    "label": "US and Russian delegations hold talks in Moscow on a peace plan for Ukraine",
}
_NBC_SOURCE: dict[str, JsonValue] = {
    "id": "2025-12-03-moscow-talks/source/nbc-russian-source",
    "iri": ID + "article/2025-12-03-moscow-talks/source/nbc-russian-source",
    "label": "a Russian source",
}


class Ref(BaseModel):
    """A resource named in an answer: its id in paths, its IRI, its label."""

    model_config = ConfigDict(json_schema_extra={"examples": [_RUSSIA]})

    id: str
    iri: str
    label: str | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list in a stable order; ``next`` is the URL of the next page, if any."""

    items: list[T]
    limit: int
    offset: int
    next: str | None = Field(default=None, examples=["/api/v1/actors?limit=50&offset=50"])


# -- evidence ---------------------------------------------------------------------------------


class AttributionStep(BaseModel):
    """One link of an attribution chain, 1 being the voice nearest to the article."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "position": 1,
                    "role": "outlet",
                    "sourcing": "named",
                    "agent": {"id": "nbc", "iri": ID + "nbc", "label": "NBC"},
                }
            ]
        }
    )

    position: int
    role: str | None = Field(
        default=None,
        examples=["outlet"],
        description="outlet, journalist, intermediary, primary-source or publisher",
    )
    sourcing: str | None = Field(
        default=None, examples=["anonymous"], description="anonymous, on-record, named or editorial"
    )
    agent: Ref | None = None
    affiliation: Ref | None = Field(
        default=None, description="The party an anonymous source speaks for."
    )
    count: int | None = Field(default=None, description="How many persons an anonymous source is.")


class Evidence(BaseModel):
    """A claim that supports a fact: the quote, the article, and who says so."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "claim": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets/claim/1",
                    "article": _ARTICLE,
                    "reported": "2025-12-03",
                    "quote": "But Russia is ready to be flexible on the issue of Russian assets "
                    "frozen in the EU.",
                    "start": 1606,
                    "end": 1689,
                    "source_kind": "anonymous",
                    "primary_source": _NBC_SOURCE,
                    "attribution": [
                        {
                            "position": 1,
                            "role": "outlet",
                            "sourcing": "named",
                            "agent": {"id": "nbc", "iri": ID + "nbc", "label": "NBC"},
                        },
                        {
                            "position": 2,
                            "role": "primary-source",
                            "sourcing": "anonymous",
                            "agent": _NBC_SOURCE,
                            "affiliation": _RUSSIA,
                        },
                    ],
                }
            ]
        }
    )

    claim: str = Field(
        examples=[ID + "article/2025-12-03-moscow-talks/russia-frozen-assets/claim/1"]
    )
    article: Ref
    reported: str | None = Field(
        default=None, examples=["2025-12-03"], description="The article's date."
    )
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    source_kind: str | None = Field(
        default=None, examples=["anonymous"], description="How the primary source is identified."
    )
    primary_source: Ref | None = None
    attribution: list[AttributionStep] = []


class Claim(Evidence):
    """A claim and the fact it supports; for a denial, the fact whose claims it denies."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "claim": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets/claim/1",
                    "article": _ARTICLE,
                    "reported": "2025-12-03",
                    "source_kind": "anonymous",
                    "primary_source": _NBC_SOURCE,
                    "fact": {
                        "id": "2025-12-03-moscow-talks/russia-frozen-assets",
                        "iri": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets",
                    },
                    "fact_type": "Stance",
                }
            ]
        }
    )

    fact: Ref
    fact_type: str | None = Field(default=None, examples=["Stance"])
    denies: list[str] = Field(
        default=[],
        description="For a denial (a facts file's ``denials``): the claims it denies. It "
        "supports no fact; ``fact`` is the one those claims support.",
    )


# -- stances ----------------------------------------------------------------------------------


class Quantity(BaseModel):
    value: str
    unit: str | None = None


class Stance(BaseModel):
    """A holder's position on an issue with its valid time, what it replaced, and its evidence."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2025-12-03-moscow-talks/russia-frozen-assets",
                    "iri": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets",
                    "label": "Russia: ready to be flexible (frozen assets)",
                    "holder": _RUSSIA,
                    "issue": {
                        "id": "frozen-assets",
                        "iri": VOCAB + "issue/frozen-assets",
                        "label": "frozen assets",
                    },
                    "value": {
                        "id": "flexible",
                        "iri": VOCAB + "stance-value/flexible",
                        "label": "ready to be flexible",
                    },
                    "valid_from": "2025-12-03",
                    "evidence": [],
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    holder: Ref
    issue: Ref
    value: Ref
    rank: int | None = Field(default=None, description="The value's place in the ordered scheme.")
    places: list[Ref] = []
    summary: str | None = None
    condition: str | None = None
    condition_issue: Ref | None = None
    quantity: Quantity | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    expressed_at: Ref | None = None
    supersedes: list[Ref] = []
    superseded_by: list[Ref] = []
    evidence: list[Evidence] = []


class MatrixCell(BaseModel):
    """One party's stance on one issue (and place) at the date asked; ``iri`` is the stance's."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "iri": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets",
                    "party": _RUSSIA,
                    "issue": {
                        "id": "frozen-assets",
                        "iri": VOCAB + "issue/frozen-assets",
                        "label": "frozen assets",
                    },
                    "value": {
                        "id": "flexible",
                        "iri": VOCAB + "stance-value/flexible",
                        "label": "ready to be flexible",
                    },
                    "stance": {
                        "id": "2025-12-03-moscow-talks/russia-frozen-assets",
                        "iri": ID + "article/2025-12-03-moscow-talks/russia-frozen-assets",
                    },
                    "valid_from": "2025-12-03",
                }
            ]
        }
    )

    iri: str
    party: Ref
    issue: Ref
    value: Ref
    stance: Ref
    places: list[Ref] = []
    valid_from: str | None = None


class StanceMatrix(Page[MatrixCell]):
    """A page of the matrix: its cells, and the parties and issues (its rows and columns) that
    they cover, each once, in the order of the cells."""

    as_of: str | None = Field(default=None, examples=["2025-12-03"])
    parties: list[Ref] = []
    issues: list[Ref] = []


# -- actors -----------------------------------------------------------------------------------


class Actor(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_RUSSIA,
                    "type": "State",
                    "aliases": ["Russian Federation"],
                    "same_as": ["http://www.wikidata.org/entity/Q159"],
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    type: str = Field(examples=["State"])
    aliases: list[str] = []
    same_as: list[str] = Field(default=[], examples=[["http://www.wikidata.org/entity/Q159"]])


class Post(BaseModel):
    """An office (a post in an organisation) or a mandate (acting for a party), dated."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2025-11-24-caliber-plan-now-19-points/ushakov-aide",
                    "iri": ID + "article/2025-11-24-caliber-plan-now-19-points/ushakov-aide",
                    "kind": "office",
                    "person": {
                        "id": "yuri-ushakov",
                        "iri": ID + "yuri-ushakov",
                        "label": "Yuri Ushakov",
                    },
                    "organization": _RUSSIA,
                    "role": {"id": "aide", "iri": VOCAB + "role/aide", "label": "aide"},
                    "title": "aide to Putin",
                    "valid_from": "2025-12-03",
                }
            ]
        }
    )

    id: str
    iri: str
    kind: str = Field(examples=["office"], description="office or mandate")
    label: str | None = None
    person: Ref
    organization: Ref
    role: Ref | None = None
    title: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None


class Attendance(BaseModel):
    """An event the actor took part in (as a participant, or as the side represented)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "event": _TALKS,
                    "begin": "2025-12-02T19:00:00+02:00",
                    "involvement": "participant",
                    "side": _RUSSIA,
                    "role": {"id": "aide", "iri": VOCAB + "role/aide", "label": "aide"},
                }
            ]
        }
    )

    event: Ref
    begin: str | None = None
    involvement: str = Field(examples=["participant"], description="participant or side")
    side: Ref | None = None
    role: Ref | None = None


class ActorDetail(Actor):
    member_of: list[Ref] = []
    offices: list[Post] = []
    mandates: list[Post] = []
    events: list[Attendance] = []


# -- issues -----------------------------------------------------------------------------------


class Issue(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "armed-forces",
                    "iri": VOCAB + "issue/armed-forces",
                    "label": "armed forces",
                    "notation": "SsrArm",
                    "broader": [
                        {
                            "id": "security-sector",
                            "iri": VOCAB + "issue/security-sector",
                            "label": "security sector",
                        }
                    ],
                    "narrower": [
                        {
                            "id": "armed-forces-size",
                            "iri": VOCAB + "issue/armed-forces-size",
                            "label": "size of the armed forces",
                        }
                    ],
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    notation: str | None = Field(default=None, examples=["SsrArm"], description="The PA-X code.")
    pax_related: list[str] = []
    definition: str | None = None
    aliases: list[str] = []
    broader: list[Ref] = []
    narrower: list[Ref] = []


# -- events -----------------------------------------------------------------------------------


class Event(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_TALKS,
                    "type": {"id": "talks", "iri": VOCAB + "event-type/talks", "label": "talks"},
                    "status": {"id": "held", "iri": VOCAB + "event-status/held", "label": "held"},
                    "begin": "2025-12-02T19:00:00+02:00",
                    "place": {"id": "kremlin", "iri": ID + "kremlin", "label": "Kremlin"},
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    type: Ref | None = None
    status: Ref | None = Field(default=None, description="The status in the latest report.")
    begin: str | None = Field(default=None, examples=["2025-12-02T19:00:00+02:00"])
    end: str | None = None
    place: Ref | None = None


class Participant(BaseModel):
    agent: Ref
    role: Ref | None = None


class Side(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "side": _RUSSIA,
                    "participants": [
                        {
                            "agent": {
                                "id": "yuri-ushakov",
                                "iri": ID + "yuri-ushakov",
                                "label": "Yuri Ushakov",
                            },
                            "role": {"id": "aide", "iri": VOCAB + "role/aide", "label": "aide"},
                        }
                    ],
                }
            ]
        }
    )

    side: Ref
    participants: list[Participant]


class StatusReport(BaseModel):
    """The status one article gives the event."""

    status: Ref
    article: Ref
    reported: str | None = None
    changed_by: list[Ref] = []
    reason: str | None = None


class EventDetail(Event):
    time_zone: str | None = None
    begin_approximation: str | None = None
    duration: str | None = Field(default=None, examples=["PT5H"])
    duration_approximation: str | None = None
    located_in: list[Ref] = Field(default=[], description="The places that contain the place.")
    part_of: Ref | None = None
    ordinal: int | None = None
    outcome: str | None = None
    status_history: list[StatusReport] = []
    sides: list[Side] = []
    sources: list[Evidence] = []


# -- documents --------------------------------------------------------------------------------


class Provision(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2025-12-03-moscow-talks/territory",
                    "iri": ID + "article/2025-12-03-moscow-talks/territory",
                    "summary": 'the issue of territories put "out of the brackets"',
                    "issue": {
                        "id": "territory",
                        "iri": VOCAB + "issue/territory",
                        "label": "territory",
                    },
                    "fate": {
                        "id": "deferred",
                        "iri": VOCAB + "provision-fate/deferred",
                        "label": "deferred",
                    },
                    "deferred_to": [
                        {"id": "donald-trump", "iri": ID + "donald-trump", "label": "Donald Trump"}
                    ],
                }
            ]
        }
    )

    id: str
    iri: str
    summary: str | None = None
    issue: Ref | None = None
    places: list[Ref] = []
    fate: Ref | None = Field(
        default=None, description="What became of it since the previous version."
    )
    deferred_to: list[Ref] = []
    revision_of: list[Ref] = []
    revised_by: list[Ref] = []


class Version(BaseModel):
    id: str
    iri: str
    label: str | None = None
    points: int | None = None
    issued: str | None = None
    revision_of: Ref | None = None
    revised_after: Ref | None = None
    provisions: list[Provision] = []
    evidence: list[Evidence] = []


class Document(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "us-peace-plan",
                    "iri": ID + "us-peace-plan",
                    "label": "US peace plan for Ukraine",
                    "proposed_by": {
                        "id": "united-states",
                        "iri": ID + "united-states",
                        "label": "United States",
                    },
                    "versions": [
                        {"id": "us-peace-plan-v1", "iri": ID + "us-peace-plan-v1"},
                        {"id": "us-peace-plan-v2", "iri": ID + "us-peace-plan-v2"},
                    ],
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    proposed_by: Ref | None = None
    versions: list[Ref] = []


class DocumentDetail(Document):
    versions: list[Version] = []  # type: ignore[assignment]


# -- conflicts --------------------------------------------------------------------------------


class ConflictSide(BaseModel):
    fact: Ref | None = None
    holder: Ref | None = None
    issue: Ref | None = None
    value: Ref | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    evidence: list[Evidence] = []


class Conflict(BaseModel):
    """Two claims that cannot both hold, each with its attribution."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "incompatible-stances",
                    "a": {
                        "holder": {"id": "arvenia", "iri": ID + "arvenia"},
                        "value": {"id": "agrees", "iri": VOCAB + "stance-value/agrees"},
                        "valid_from": "2026-03-13",
                    },
                    "b": {
                        "holder": {"id": "arvenia", "iri": ID + "arvenia"},
                        "value": {"id": "rejects", "iri": VOCAB + "stance-value/rejects"},
                        "valid_from": "2026-03-13",
                    },
                }
            ]
        }
    )

    kind: str = Field(
        examples=["incompatible-stances"],
        description=(
            "contradicts or denies (claim against claim), or incompatible-stances: the same "
            "holder, issue and places, valid times that overlap, and values incompatible on the "
            "ordered stance-value scheme (one AGAINST, the other FAVOR or in the upper half of "
            "the ranks), as `peacekg conflicts` lists them"
        ),
    )
    a: ConflictSide
    b: ConflictSide


# -- stored queries ---------------------------------------------------------------------------


class QueryParameter(BaseModel):
    name: str = Field(examples=["asOf"])
    type: str = Field(examples=["date"], description="date or iri")
    namespace: str | None = None
    examples: list[str] = []


class StoredQuery(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "CQ07-stance-as-of",
                    "question": "CQ7: What was the US position on limiting Ukraine's armed "
                    "forces as of 20 November 2025,",
                    "parameters": [
                        {"name": "asOf", "type": "date", "examples": ["2025-11-20", "2025-12-03"]}
                    ],
                }
            ]
        }
    )

    name: str = Field(examples=["CQ07-stance-as-of"])
    question: str | None = Field(
        default=None, description="The competency question, from the query's first comment."
    )
    parameters: list[QueryParameter] = []


class RdfTerm(BaseModel):
    type: str = Field(examples=["literal"], description="iri, literal or bnode")
    value: str
    datatype: str | None = None
    language: str | None = None


class QueryResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "CQ07-stance-as-of",
                    "variables": ["asOf", "value", "summary"],
                    "rows": [
                        {
                            "asOf": {
                                "type": "literal",
                                "value": "2025-12-03",
                                "datatype": XSD_DATE,
                            },
                            "value": {"type": "literal", "value": "agrees", "language": "en"},
                            "summary": None,
                        }
                    ],
                }
            ]
        }
    )

    name: str
    variables: list[str]
    rows: list[dict[str, RdfTerm | None]]
