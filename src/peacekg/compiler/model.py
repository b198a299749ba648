"""The facts format, as pydantic models: what an analyst writes (documented in data/README.md).

Every model forbids unknown keys, so a typo (``isue:``) is an error, not a silently lost fact.
References to other things (``holder: russia``) are plain strings here; they are resolved
against the known entities and concepts by :mod:`peacekg.compiler.resolver`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

SLUG = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, Field(pattern=SLUG)]


def _as_list(value: object) -> object:
    """Let a single reference stand where a list is expected (``places: crimea``)."""
    return [value] if isinstance(value, str) else value


RefList = Annotated[list[str], BeforeValidator(_as_list)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _new_or_ref(value: object) -> str:
    """An entry with ``ref:`` updates something already in the graph; others declare it."""
    return "ref" if isinstance(value, dict) and "ref" in value else "new"


# --- vocabularies and entities -------------------------------------------------------------

ConceptClass = Literal["Issue", "StanceValue", "Role", "EventType", "EventStatus", "ProvisionFate"]


class SchemeHeader(Strict):
    id: Slug
    label: str
    definition: str
    # Which class of the ontology the scheme's concepts belong to.
    class_: ConceptClass = Field(alias="class")


class Concept(Strict):
    id: Slug
    label: str
    definition: str
    aliases: list[str] = []
    broader: str | None = None
    pax: str | None = None  # PA-X issue code, becomes skos:notation
    pax_related: list[str] = []
    close_match: list[str] = []
    exact_match: list[str] = []
    rank: int | None = None
    polarity: Literal["FAVOR", "AGAINST", "NONE"] | None = None
    plover: Literal["AGREE", "CONCEDE", "REJECT", "REQUEST"] | None = None
    plover_mode: Literal["future", "hypothetical", "negation"] | None = None


class VocabFile(Strict):
    scheme: SchemeHeader
    concepts: list[Concept]


EntityType = Literal[
    "State",
    "InternationalOrganisation",
    "Coalition",
    "ArmedGroup",
    "Person",
    "MediaOutlet",
    "City",
    "Region",
    "Country",
    "Venue",
    "Place",
]

WIKIDATA_ID = r"^Q[1-9][0-9]*$"


class Entity(Strict):
    id: Slug
    type: EntityType
    label: str
    aliases: list[str] = []
    description: str | None = None
    same_as: Annotated[str, Field(pattern=WIKIDATA_ID)] | None = None
    located_in: str | None = None
    member_of: RefList = []
    territory_of: str | None = None
    # Known entities this one only looks like (the similarity check asks for it): owl:differentFrom.
    distinct_from: RefList = []


class EntityFile(Strict):
    entities: list[Entity]


# --- claims ---------------------------------------------------------------------------------


class ChainStep(Strict):
    """One link of an attribution chain: a known agent, or an unnamed source of the article."""

    agent: str | None = None
    source: str | None = None
    role: Literal["outlet", "journalist", "intermediary", "primary-source"] | None = None
    on_record: bool = False

    @model_validator(mode="after")
    def _one_of_agent_or_source(self) -> ChainStep:
        if (self.agent is None) == (self.source is None):
            raise ValueError("a chain step names either an 'agent' or a 'source', not both")
        if self.source is not None and self.on_record:
            raise ValueError("an unnamed source cannot be on record")
        return self


class Evidence(Strict):
    """A claim: the exact quote in the article, and who says so."""

    quote: Annotated[str, Field(min_length=8)]
    according_to: Literal["article"] | list[ChainStep]
    # Which occurrence of the quote is meant, when it appears more than once (1-based).
    occurrence: Annotated[int, Field(ge=1)] | None = None

    @field_validator("according_to")
    @classmethod
    def _non_empty(cls, value: object) -> object:
        if isinstance(value, list) and not value:
            raise ValueError("an attribution chain needs at least one step")
        return value


class Denial(Evidence):
    """A claim of the article that denies the fact's claims ("Peskov denied the report").

    It is quoted and attributed like evidence; ``denies`` names the evidence claims it denies
    by number (1, 2, … in ``evidence`` order), all of them when it is left out.
    """

    denies: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)] | None = None


# --- facts ----------------------------------------------------------------------------------

_OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
_DURATION = TypeAdapter(timedelta)


def _with_offset(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError("a time needs its UTC offset, for example 2025-12-02T19:00:00+02:00")
    return value


def _iso_duration(value: str) -> str:
    if not value.startswith("P"):
        raise ValueError("a duration is written in ISO 8601, for example PT5H or PT2H30M")
    _DURATION.validate_python(value)
    return value


# A date, or a date-time with its UTC offset (a time without one is an error).
TimePoint = Annotated[date | datetime, AfterValidator(_with_offset)]
IsoDuration = Annotated[str, AfterValidator(_iso_duration)]


class Quantity(Strict):
    value: float | int
    unit: str


class Participant(Strict):
    agent: str
    side: str
    role: str | None = None


class Event(Strict):
    id: Slug
    label: str
    type: str
    status: str
    begin: TimePoint | None = None
    end: TimePoint | None = None
    time_zone: str | None = None
    begin_approximation: str | None = None
    duration: IsoDuration | None = None
    duration_approximation: str | None = None
    place: str | None = None
    part_of: str | None = None
    ordinal: Annotated[int, Field(ge=1)] | None = None
    outcome: str | None = None
    quantity: Quantity | None = None
    status_changed_by: RefList = []
    status_reason: str | None = None
    participants: list[Participant] = []
    # Known events this one only looks like (the similarity check asks for it): owl:differentFrom.
    distinct_from: RefList = []
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class EventRef(Strict):
    """A later article's account of an event already in the graph: its status as of this
    report, and whatever else this report says of it (a time, a duration, who took part).

    The values are this article's: they go into its graph beside the earlier articles' own,
    so two reports that disagree (5 hours or 4; who cancelled) are both kept.
    """

    ref: str
    status: str | None = None
    begin: TimePoint | None = None
    end: TimePoint | None = None
    time_zone: str | None = None
    begin_approximation: str | None = None
    duration: IsoDuration | None = None
    duration_approximation: str | None = None
    place: str | None = None
    outcome: str | None = None
    quantity: Quantity | None = None
    status_changed_by: RefList = []
    status_reason: str | None = None
    participants: list[Participant] = []
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class Stance(Strict):
    id: Slug
    holder: str
    issue: str
    value: str
    places: RefList = []
    summary: str | None = None
    condition: str | None = None
    condition_issue: str | None = None
    quantity: Quantity | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    supersedes: RefList = []
    expressed_at: str | None = None
    evidence: list[Evidence] = []
    denials: list[Denial] = []

    @model_validator(mode="after")
    def _valid_time_in_order(self) -> Stance:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class StanceRef(Strict):
    """A later article that reports a stance already in the graph (``ARTICLE-ID/STANCE-ID``):
    its claims support that stance, and what it adds (a condition, a quantity, a date) is its
    own account. A different holder, issue or value is a different stance, never a ref."""

    ref: str
    places: RefList = []
    summary: str | None = None
    condition: str | None = None
    condition_issue: str | None = None
    quantity: Quantity | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    expressed_at: str | None = None
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class Membership(Strict):
    """An office (``organization``) or a mandate (``party``) of a person."""

    id: Slug
    person: str
    role: str
    title: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    # The report calls the post "former" (it had ended when the report was published) or
    # "acting" (held in an acting capacity).
    former: bool = False
    acting: bool = False
    evidence: list[Evidence] = []
    denials: list[Denial] = []

    @model_validator(mode="after")
    def _former_or_acting(self) -> Membership:
        if self.former and self.acting:
            raise ValueError("a post is 'former' or 'acting', not both")
        return self


class Office(Membership):
    organization: str


class Mandate(Membership):
    party: str


class MembershipRef(Strict):
    """A later article that reports an office or a mandate already in the graph
    (``ARTICLE-ID/FACT-ID``), with what it adds: the title it uses, dates."""

    ref: str
    title: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    former: bool = False
    acting: bool = False
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class Provision(Strict):
    id: Slug
    issue: str
    places: RefList = []
    summary: str
    fate: str | None = None
    deferred_to: RefList = []
    revision_of: str | None = None
    quantity: Quantity | None = None
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class ProvisionRef(Strict):
    """A later article's account of a provision already in the graph (``ARTICLE-ID/ID``):
    what it says became of it (its fate), who it was left to, a quantity."""

    ref: str
    summary: str | None = None
    places: RefList = []
    fate: str | None = None
    deferred_to: RefList = []
    quantity: Quantity | None = None
    evidence: list[Evidence] = []
    denials: list[Denial] = []


ProvisionEntry = Annotated[
    Annotated[Provision, Tag("new")] | Annotated[ProvisionRef, Tag("ref")],
    Discriminator(_new_or_ref),
]


class DocumentVersion(Strict):
    id: Slug
    label: str
    points: Annotated[int, Field(ge=0)] | None = None
    issued: date | None = None
    revision_of: str | None = None
    revised_after: str | None = None
    provisions: list[ProvisionEntry] = []
    evidence: list[Evidence] = []
    denials: list[Denial] = []


class VersionRef(Strict):
    """A later article's account of a document version already in the graph: the number of
    points it gives (19 in one report, 20 in another: both are kept), the provisions it
    reports, new or already known."""

    ref: str
    points: Annotated[int, Field(ge=0)] | None = None
    issued: date | None = None
    revised_after: str | None = None
    provisions: list[ProvisionEntry] = []
    evidence: list[Evidence] = []
    denials: list[Denial] = []


VersionEntry = Annotated[
    Annotated[DocumentVersion, Tag("new")] | Annotated[VersionRef, Tag("ref")],
    Discriminator(_new_or_ref),
]


class Document(Strict):
    id: Slug
    label: str
    proposed_by: str | None = None
    versions: list[VersionEntry] = []


class DocumentRef(Strict):
    """Versions of a document already in the graph: new ones, or accounts of known ones."""

    ref: str
    versions: list[VersionEntry]


class AnonymousSource(Strict):
    id: Slug
    label: str
    affiliation: str | None = None
    count: Annotated[int, Field(ge=1)] | None = None


class ArticleHeader(Strict):
    id: Slug
    text: str
    title: str | None = None
    language: str = "en"
    publisher: str | None = None
    url: str | None = None
    # How the publication date of the header was established, when the page does not print
    # it ("from the URL path", "from the dateline 'Published 04.12.25'"); with
    # ``date_estimated: true`` when it is an estimate rather than the page's own date.
    date_note: str | None = None
    date_estimated: bool = False


EventEntry = Annotated[
    Annotated[Event, Tag("new")] | Annotated[EventRef, Tag("ref")], Discriminator(_new_or_ref)
]
StanceEntry = Annotated[
    Annotated[Stance, Tag("new")] | Annotated[StanceRef, Tag("ref")], Discriminator(_new_or_ref)
]
OfficeEntry = Annotated[
    Annotated[Office, Tag("new")] | Annotated[MembershipRef, Tag("ref")],
    Discriminator(_new_or_ref),
]
MandateEntry = Annotated[
    Annotated[Mandate, Tag("new")] | Annotated[MembershipRef, Tag("ref")],
    Discriminator(_new_or_ref),
]
DocumentEntry = Annotated[
    Annotated[Document, Tag("new")] | Annotated[DocumentRef, Tag("ref")],
    Discriminator(_new_or_ref),
]


class FactsFile(Strict):
    article: ArticleHeader
    entities: list[Entity] = []
    sources: list[AnonymousSource] = []
    # Free space for YAML anchors of attribution chains; not compiled by itself.
    chains: dict[str, list[ChainStep]] = {}
    events: list[EventEntry] = []
    offices: list[OfficeEntry] = []
    mandates: list[MandateEntry] = []
    stances: list[StanceEntry] = []
    documents: list[DocumentEntry] = []
