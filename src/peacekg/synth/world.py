"""The invented world a corpus is about: outlets and journalists, mediating organisations,
and peace processes (2–4 parties, a mediator, a place set, persons holding posts).

Every invented entity is an entity of the reference data (a ``data/reference`` record), with an
id under ``synth-`` so that it never collides with a real one. Process 0 is between real parties
of ``data/reference`` (Russia and Ukraine, the United States mediating) so that the competency
queries, written about them, have answers on a synthetic corpus too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from peacekg.synth.names import Namer, slug

Entity = dict[str, Any]

# Posts of a party's people: the role concept, the title written in reports.
POSTS = [
    ("head-of-state", "President"),
    ("minister", "Foreign Minister"),
    ("special-envoy", "Special Envoy"),
    ("delegation-head", "head of the delegation"),
    ("negotiator", "chief negotiator"),
    ("interpreter", "interpreter"),
]
# Offices are posts in the party's organisation; mandates are roles in the negotiations.
OFFICE_ROLES = ("head-of-state", "minister")
MANDATE_ROLES = ("special-envoy", "delegation-head", "negotiator", "interpreter")

# (IANA zone, UTC offset): the zone a report gives, and the offset of its times.
ZONES = [
    ("Europe/Zurich", "+01:00"),
    ("Europe/Istanbul", "+03:00"),
    ("Asia/Dubai", "+04:00"),
    ("Africa/Nairobi", "+03:00"),
    ("America/New_York", "-05:00"),
    ("Asia/Singapore", "+08:00"),
    ("Africa/Addis_Ababa", "+03:00"),
]

ISSUES_BY_WEIGHT = [
    "territory", "ceasefire", "prisoners", "security-guarantees", "sanctions-relief",
    "heavy-weapons-withdrawal", "foreign-forces-withdrawal", "elections", "amnesty",
    "armed-forces-size", "frozen-assets", "borders", "territorial-power-sharing",
    "missing-persons", "children", "international-funds", "transitional-justice",
    "territorial-recognition", "state-definition",
]  # fmt: skip


# How reports name the real places of process 0 (their labels are in data/reference).
REAL_PLACE_WORDS = {
    "moscow": "Moscow",
    "kremlin": "the Kremlin",
    "donetsk-region": "Donetsk region",
    "luhansk-region": "Luhansk region",
    "crimea": "Crimea",
}


@dataclass
class Person:
    id: str
    label: str


@dataclass
class Party:
    id: str
    label: str
    type: str
    capital: str | None = None  # a place id
    # role -> the person holding it now, and since when (an ISO date)
    posts: dict[str, tuple[Person, str]] = field(default_factory=dict)


@dataclass
class Outlet:
    id: str
    label: str
    journalists: list[Person]


@dataclass
class Globals:
    outlets: list[Outlet]
    organisations: list[Party]
    entities: list[Entity]


@dataclass
class Process:
    index: int
    parties: list[Party]
    mediator: Party
    mediator_person: Person
    venue_city: str
    venue: str
    regions: list[str]  # place ids
    agenda: list[str]  # issue ids
    zone: tuple[str, str]
    start: str  # ISO date of the first report
    entities: list[Entity]
    labels: dict[str, str]
    namer: Namer
    # (party, issue) -> a value the party never moves from
    fixed: dict[tuple[str, str], str] = field(default_factory=dict)

    def sides(self) -> str:
        """``Arvenia, Kessaly and the Front of Dor``."""
        names = [p.label for p in self.parties]
        return ", ".join(names[:-1]) + " and " + names[-1]


def make_globals(seed: int) -> Globals:
    rng = random.Random(f"peacekg-synth-{seed}-world")
    namer = Namer(rng)
    entities: list[Entity] = []
    outlets = []
    for _ in range(12):
        name = namer.outlet()
        oid = f"synth-outlet-{slug(name)}"
        entities.append({"id": oid, "type": "MediaOutlet", "label": name})
        journalists = []
        for _ in range(3):
            pname = namer.person()
            pid = f"synth-journalist-{slug(pname)}"
            entities.append({"id": pid, "type": "Person", "label": pname})
            journalists.append(Person(pid, pname))
        outlets.append(Outlet(oid, name, journalists))
    organisations = []
    for word in ("Union", "League", "Forum", "Council", "Community", "Alliance"):
        name = f"{namer.region().split()[0]} {word}"
        gid = f"synth-org-{slug(name)}"
        entities.append({"id": gid, "type": "InternationalOrganisation", "label": name})
        organisations.append(Party(gid, name, "InternationalOrganisation"))
    return Globals(outlets, organisations, entities)


def make_process(seed: int, index: int, world: Globals) -> Process:
    rng = random.Random(f"peacekg-synth-{seed}-process-{index}")
    namer = Namer(rng)
    prefix = f"synth-p{index:04d}"
    entities: list[Entity] = []
    labels: dict[str, str] = {}

    def add(kind: str, name: str, typ: str, **extra: Any) -> str:
        ident = f"{prefix}-{kind}-{slug(name)}"
        entities.append({"id": ident, "type": typ, "label": name, **extra})
        labels[ident] = name
        return ident

    if index == 0:
        parties = [Party("russia", "Russia", "State"), Party("ukraine", "Ukraine", "State")]
        parties[0].capital, parties[1].capital = "moscow", "kyiv"
        mediator = Party("united-states", "United States", "State")
        venue_city, venue = "moscow", "kremlin"
        regions = ["donetsk-region", "luhansk-region", "crimea"]
        agenda = ["territory", "sanctions-relief", "armed-forces-size", "prisoners", "amnesty"]
        agenda += ["security-guarantees", "children", "frozen-assets"]
        start = "2025-12-03"
        fixed = {("russia", "territory"): "red-line", ("russia", "sanctions-relief"): "flexible"}
        labels.update(REAL_PLACE_WORDS)
    else:
        parties = []
        for k in range(rng.choice([2, 2, 2, 3, 3, 4])):
            if k == 0 or rng.random() < 0.6:
                name = namer.country()
                pid = add("state", name, "State")
                capital = add("city", namer.city(), "City")
                party = Party(pid, name, "State", capital)
            elif rng.random() < 0.7:
                name = namer.group()
                party = Party(add("group", name, "ArmedGroup"), name, "ArmedGroup")
            else:
                name = f"{namer.country()} Coalition"
                party = Party(add("coalition", name, "Coalition"), name, "Coalition")
            parties.append(party)
        mediator = rng.choice(world.organisations)
        venue_city = add("city", namer.city(), "City")
        venue = add("venue", namer.venue(labels[venue_city]), "Venue", located_in=venue_city)
        regions = []
        for _ in range(rng.randint(1, 3)):
            owner = rng.choice(parties)
            extra = {"territory_of": owner.id} if owner.type == "State" else {}
            regions.append(add("region", namer.region(), "Region", **extra))
        agenda = rng.sample(ISSUES_BY_WEIGHT[:12], 3) + rng.sample(ISSUES_BY_WEIGHT[12:], 2)
        year = rng.randint(2008, 2024)
        start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        fixed = {}
        for party in parties:
            if rng.random() < 0.5:
                fixed[(party.id, agenda[0])] = "red-line"
    labels.update({p.id: p.label for p in [*parties, mediator]})
    for party in parties:
        for role, _title in POSTS:
            name = namer.person()
            person = Person(add("person", name, "Person"), name)
            party.posts[role] = (person, start)
    mname = namer.person()
    mediator_person = Person(add("person", mname, "Person"), mname)
    return Process(
        index=index,
        parties=parties,
        mediator=mediator,
        mediator_person=mediator_person,
        venue_city=venue_city,
        venue=venue,
        regions=regions,
        agenda=agenda,
        zone=rng.choice(ZONES),
        start=start,
        entities=entities,
        labels=labels,
        namer=namer,
        fixed=fixed,
    )


def new_person(process: Process) -> tuple[Person, Entity]:
    """A successor to a post: a person not seen before in this process."""
    name = process.namer.person()
    ident = f"synth-p{process.index:04d}-person-{slug(name)}"
    process.labels[ident] = name
    return Person(ident, name), {"id": ident, "type": "Person", "label": name}
