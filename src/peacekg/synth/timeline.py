"""The reports of one peace process, in date order: talks and their rounds, meetings planned
then held, postponed or cancelled, phone calls, prisoner exchanges, stances that change and
supersede earlier ones (and contested reports of them), posts that change hands, and a draft
agreement revised version after version.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from peacekg.synth.article import Attributor, Draft, capitalise, spoken_date
from peacekg.synth.emit import SynthArticle
from peacekg.synth.phrases import (
    OUTCOMES,
    REASONS,
    VALUE_PHRASES,
    VALUES,
    issue_words,
    ordinal,
)
from peacekg.synth.plans import PlanWriter
from peacekg.synth.world import (
    MANDATE_ROLES,
    OFFICE_ROLES,
    POSTS,
    Entity,
    Globals,
    Party,
    Person,
    Process,
    new_person,
)


@dataclass
class Pending:
    """An event announced but not yet reported as held or cancelled."""

    id: str
    label: str
    when: str  # ISO date
    postponed: bool = False


@dataclass
class ProcessTimeline:
    """Writes the reports of one process until told to stop (``budget`` reached)."""

    process: Process
    world: Globals
    issue_labels: dict[str, str]
    rng: random.Random
    day: date = date(2000, 1, 1)
    n_articles: int = 0
    n_events: int = 0
    series: str | None = None
    rounds: int = 0
    last_held: str | None = None
    pending: list[Pending] = field(default_factory=list)
    tracks: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    mandates: dict[tuple[str, str], tuple[Person, str]] = field(default_factory=dict)
    new_entities: list[Entity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.day = date.fromisoformat(self.process.start)
        self.say = Attributor(self.rng, self.world.outlets)
        self.prefix = f"synth-p{self.process.index:04d}"
        self.cadence = (1, 3) if self.process.index == 0 else (2, 12)
        self.plan = PlanWriter(self.process, self.rng, self.say, self.issue_labels)

    # --- the stream -------------------------------------------------------------------------

    def articles(self) -> Iterator[SynthArticle | list[Entity]]:
        """Entities first, then reports (and the new persons they name) for ever."""
        yield list(self.process.entities)
        yield self._article(self._opening)
        kinds = [
            (self._round, 18),
            (self._announcement, 12),
            (self._updates, 14),
            (self._positions, 18),
            (self._personnel, 8),
            (self._plan_revised, 8),
            (self._call, 10),
            (self._exchange, 6),
        ]
        while True:
            # Process 0 starts in December 2025: report it densely so it stays in the past.
            self.day += timedelta(days=self.rng.randint(*self.cadence))
            write = self.rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
            if write == self._updates and not self._due():
                write = self._positions
            article = self._article(write)
            if self.new_entities:
                yield self.new_entities
                self.new_entities = []
            yield article

    def _article(self, write: Any) -> SynthArticle:
        self.n_articles += 1
        iso = self.day.isoformat()
        aid = f"{self.prefix}-{iso}-{self.n_articles:03d}"
        publisher = self.rng.choice(self.world.outlets)
        draft = Draft(aid, iso, publisher, "")
        title = write(draft)
        draft.title = title
        self._filler(draft)
        return draft.finish()

    # --- people -----------------------------------------------------------------------------

    def _holder(self, party: Party, role: str) -> Person:
        return party.posts[role][0]

    def _party(self) -> Party:
        return self.rng.choice(self.process.parties)

    def _event_id(self, kind: str, on: date) -> str:
        """``synth-p0003-2019-03-13-round-7``: the day it happens, the kind, a number."""
        self.n_events += 1
        return f"{self.prefix}-{on.isoformat()}-{kind}-{self.n_events}"

    def _time(self, day: date) -> str:
        hour = self.rng.choice([9, 10, 11, 14, 15, 16, 19])
        return f"{day.isoformat()}T{hour:02d}:00:00{self.process.zone[1]}"

    def _participants(self, roles: tuple[str, ...]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for party in self.process.parties:
            for role in roles:
                if role == "interpreter" and self.rng.random() < 0.6:
                    continue
                person = self._holder(party, role)
                out.append({"agent": person.id, "side": party.id, "role": role})
        mediator = self.process.mediator
        out.append(
            {"agent": self.process.mediator_person.id, "side": mediator.id, "role": "mediator"}
        )
        return out

    # --- article kinds ----------------------------------------------------------------------

    def _opening(self, draft: Draft) -> str:
        """The first report: the talks open (process 0: the Moscow talks of 2 December 2025),
        with the mandates of the delegations, first stances and a draft agreement."""
        p = self.process
        first_day = self.day - timedelta(days=1)
        self.series = self._event_id("talks", first_day)
        label = f"{self.process.sides()} talks mediated by {p.mediator.label}"
        held = self._event_id("round", first_day)
        where = p.labels.get(p.venue, "the Kremlin")
        draft.add(
            "events",
            {
                "id": self.series,
                "label": label,
                "type": "talks",
                "status": "held",
                "begin": first_day.isoformat(),
                "place": p.venue_city,
                "evidence": [
                    draft.evidence(
                        f"Talks between {self.process.sides()}, mediated by {p.mediator.label}, "
                        f"opened on {spoken_date(first_day.isoformat())}.",
                        "article",
                    )
                ],
            },
        )
        self._held_round(draft, held, first_day, where)
        for party in p.parties:
            for role in MANDATE_ROLES[:2]:
                self._mandate(draft, party, role, self._holder(party, role), None)
        for party in p.parties:
            for issue in p.agenda[:2]:
                self._stance(draft, party, issue, expressed_at=held)
        self.plan.propose(draft, self.day.isoformat(), held, versions=2 if p.index == 0 else 1)
        if p.index == 0:
            self._cancelled_meeting(draft)
            # The mediator's position on the size of Ukraine's forces, then its revision.
            first = self.day - timedelta(days=13)
            self._stance(
                draft, p.mediator, "armed-forces-size", None, "proposes", first.isoformat()
            )
            self._stance(draft, p.mediator, "armed-forces-size", held, "flexible")
        else:
            self._stance(draft, p.mediator, p.agenda[0], held, "proposes")
        return f"{self.process.sides()} open talks mediated by {p.mediator.label}"

    def _held_round(self, draft: Draft, ident: str, day: date, where: str) -> None:
        p = self.process
        self.rounds += 1
        hours = self.rng.randint(2, 6)
        begin = self._time(day)
        if p.index == 0 and self.rounds == 1:
            begin = "2025-12-02T19:00:00+03:00"
        sides = self.process.sides()
        event: dict[str, Any] = {
            "id": ident,
            "label": f"{ordinal(self.rounds).capitalize()} round of the {sides} talks",
            "type": "round",
            "status": "held",
            "begin": begin,
            "time_zone": p.zone[0],
            "duration": f"PT{hours}H",
            "place": p.venue,
            "part_of": self.series,
            "ordinal": self.rounds,
            "outcome": self.rng.choice(OUTCOMES),
            "participants": self._participants(("delegation-head", "negotiator", "interpreter")),
        }
        if self.rng.random() < 0.5:
            event["duration_approximation"] = "about"
        if self.rng.random() < 0.3:
            event["begin_approximation"] = "around"
        approx = f"{event.get('duration_approximation', 'some')} {hours} hours"
        evidence = [
            draft.evidence(
                f"Delegations of {sides} met at {where} on {spoken_date(begin)} for the "
                f"{ordinal(self.rounds)} round of talks, which started at {begin[11:16]} local "
                f"time and lasted {approx}.",
                "article",
            )
        ]
        if self.rng.random() < 0.4:
            party = self._party()
            evidence.append(
                self.say.say(
                    draft,
                    f"the round ended with {event['outcome']}",
                    self._holder(party, "delegation-head"),
                    (party.id, party.label),
                    self.process.mediator_person,
                )
            )
        event["evidence"] = evidence
        draft.add("events", event)
        self.last_held = ident

    def _round(self, draft: Draft) -> str:
        ident = self._event_id("round", self.day - timedelta(days=1))
        self._held_round(draft, ident, self.day - timedelta(days=1), "the venue of the talks")
        for _ in range(self.rng.randint(1, 3)):
            self._stance(draft, self._party(), self.rng.choice(self.process.agenda), ident)
        return f"{ordinal(self.rounds).capitalize()} round of talks ends with no final deal"

    def _announcement(self, draft: Draft) -> str:
        when = self.day + timedelta(days=self.rng.randint(4, 20))
        kind = self.rng.choice(["meeting", "round"])
        ident = self._event_id(kind, when)
        label = f"Planned {kind} of {self.process.sides()} on {spoken_date(when.isoformat())}"
        clause = (
            f"the sides plan to meet again on {spoken_date(when.isoformat())} "
            f"at {self.process.labels.get(self.process.venue, 'the Kremlin')}"
        )
        party = self._party()
        draft.add(
            "events",
            {
                "id": ident,
                "label": label,
                "type": kind,
                "status": "planned",
                "begin": when.isoformat(),
                "place": self.process.venue,
                "evidence": [
                    self.say.say(
                        draft,
                        clause,
                        self._holder(party, "minister"),
                        (party.id, party.label),
                        editorial=True,
                    )
                ],
            },
        )
        self.pending.append(Pending(ident, label, when.isoformat()))
        self._stance(draft, self._party(), self.rng.choice(self.process.agenda))
        return f"New meeting planned for {spoken_date(when.isoformat())}"

    def _due(self) -> list[Pending]:
        return [e for e in self.pending if e.when < self.day.isoformat()]

    def _updates(self, draft: Draft) -> str:
        for event in self._due()[:2]:
            party = self._party()
            speaker = self._holder(party, "minister")
            outcome = self.rng.choices(["held", "postponed", "cancelled"], [6, 2, 2])[0]
            if event.postponed and outcome == "postponed":
                outcome = "cancelled"
            update: dict[str, Any] = {"ref": event.id, "status": outcome}
            if outcome == "held":
                update["outcome"] = self.rng.choice(OUTCOMES)
                clause = f"the {event.label.lower()} took place and ended with {update['outcome']}"
                self.pending.remove(event)
                self.last_held = event.id
            else:
                update["status_changed_by"] = [party.id]
                update["status_reason"] = self.rng.choice(REASONS)
                clause = (
                    f"{party.label} has {outcome} the {event.label.lower()} "
                    f"because of {update['status_reason']}"
                )
                if outcome == "cancelled":
                    self.pending.remove(event)
                else:
                    event.postponed = True
                    event.when = (self.day + timedelta(days=self.rng.randint(5, 30))).isoformat()
            update["evidence"] = [
                self.say.say(
                    draft, clause, speaker, (party.id, party.label), self.process.mediator_person
                )
            ]
            draft.add("events", update)
        return "Meeting schedule changes as talks continue"

    def _cancelled_meeting(self, draft: Draft) -> None:
        ident = self._event_id("meeting", self.day)
        party = self.process.parties[-1]
        label = f"Meeting of {self.process.sides()} leaders in Geneva"
        draft.add(
            "events",
            {
                "id": ident,
                "label": label,
                "type": "meeting",
                "status": "cancelled",
                "place": "geneva",
                "status_changed_by": [party.id],
                "status_reason": "disagreement over the agenda",
                "evidence": [
                    self.say.say(
                        draft,
                        f"{party.label} has called off a planned meeting of leaders in Geneva",
                        self._holder(party, "minister"),
                        (party.id, party.label),
                    )
                ],
            },
        )

    def _positions(self, draft: Draft) -> str:
        party = self._party()
        for issue in self.rng.sample(self.process.agenda, self.rng.randint(2, 4)):
            self._stance(draft, party, issue)
        return f"{party.label} sets out its positions"

    def _call(self, draft: Draft) -> str:
        a, b = self.rng.sample(self.process.parties, 2)
        ident = self._event_id("call", self.day - timedelta(days=1))
        la, lb = self._holder(a, "head-of-state"), self._holder(b, "head-of-state")
        minutes = self.rng.choice([30, 45, 60, 90])
        duration = f"PT{minutes // 60}H{minutes % 60}M" if minutes >= 60 else f"PT{minutes}M"
        draft.add(
            "events",
            {
                "id": ident,
                "label": f"Phone call between {la.label} and {lb.label}",
                "type": "phone-call",
                "status": "held",
                "begin": self._time(self.day - timedelta(days=1)),
                "duration": duration,
                "participants": [
                    {"agent": la.id, "side": a.id, "role": "head-of-state"},
                    {"agent": lb.id, "side": b.id, "role": "head-of-state"},
                ],
                "evidence": [
                    self.say.say(
                        draft,
                        f"{la.label} and {lb.label} spoke by phone for {minutes} minutes",
                        la,
                        (a.id, a.label),
                        editorial=True,
                    )
                ],
            },
        )
        self._stance(draft, a, self.rng.choice(self.process.agenda), ident)
        return f"{la.label} and {lb.label} speak by phone"

    def _exchange(self, draft: Draft) -> str:
        a, b = self.rng.sample(self.process.parties, 2)
        ident = self._event_id("exchange", self.day - timedelta(days=1))
        n = self.rng.randint(10, 400)
        draft.add(
            "events",
            {
                "id": ident,
                "label": f"Prisoner exchange between {a.label} and {b.label}",
                "type": "prisoner-exchange",
                "status": "held",
                "begin": (self.day - timedelta(days=1)).isoformat(),
                "quantity": {"value": n, "unit": "prisoners returned home"},
                "participants": [
                    {"agent": a.id, "side": a.id},
                    {"agent": b.id, "side": b.id},
                ],
                "evidence": [
                    draft.evidence(
                        f"{a.label} and {b.label} exchanged prisoners; {n} returned home.",
                        "article",
                    )
                ],
            },
        )
        return f"{n} prisoners return home in an exchange"

    # --- stances ----------------------------------------------------------------------------

    def _stance(
        self,
        draft: Draft,
        party: Party,
        issue: str,
        expressed_at: str | None = None,
        value: str | None = None,
        valid_from: str | None = None,
    ) -> None:
        key = (party.id, issue)
        previous = self.tracks.get(key)
        value = value or self.process.fixed.get(key)
        if value is None:
            if previous is None:
                value = self.rng.choice(VALUES)
            else:
                i = VALUES.index(previous[1]) + self.rng.choice([-2, -1, 0, 1, 1, 2])
                value = VALUES[max(0, min(len(VALUES) - 1, i))]
        ident = draft.next_id(f"stance-{issue}")
        other: Person | None = self.process.mediator_person
        if party.posts:
            speaker = self._holder(
                party, self.rng.choice(["head-of-state", "minister", "negotiator"])
            )
        else:  # the mediator speaks through its envoy
            speaker, other = self.process.mediator_person, None
        words = issue_words(issue, self.issue_labels)
        clause = f"{party.label} {VALUE_PHRASES[value].format(issue=words)}"
        stance: dict[str, Any] = {
            "id": ident,
            "holder": party.id,
            "issue": issue,
            "value": value,
            "valid_from": valid_from or self.day.isoformat(),
        }
        if issue in ("territory", "borders", "territorial-recognition") and self.process.regions:
            region = self.rng.choice(self.process.regions)
            stance["places"] = [region]
            clause += f" in {self.process.labels.get(region, region.replace('-', ' ').title())}"
        if value == "flexible" and self.rng.random() < 0.6:
            condition_issue = self.rng.choice(self.process.agenda)
            if condition_issue != issue:
                words = issue_words(condition_issue, self.issue_labels)
                stance["condition"] = f"if there is progress on {words}"
                stance["condition_issue"] = condition_issue
                clause += f" {stance['condition']}"
        if value == "proposes" and self.rng.random() < 0.5:
            stance["valid_until"] = (self.day + timedelta(days=30)).isoformat()
            clause += f", an offer open until {spoken_date(stance['valid_until'])}"
        stance["summary"] = capitalise(clause)
        if previous is not None:
            stance["supersedes"] = [previous[0]]
        if expressed_at:
            stance["expressed_at"] = expressed_at
        stance["evidence"] = [self.say.say(draft, clause, speaker, (party.id, party.label), other)]
        draft.add("stances", stance)
        self.tracks[key] = (f"{draft.id}/{ident}", value)
        if self.rng.random() < 0.12:
            self._contested(draft, party, issue, value)

    def _contested(self, draft: Draft, party: Party, issue: str, official: str) -> None:
        """Another report of the same party's stance that contradicts the official one."""
        value = self.rng.choice([v for v in VALUES if v != official])
        ident = draft.next_id(f"stance-{issue}")
        words = issue_words(issue, self.issue_labels)
        clause = f"behind closed doors {party.label} {VALUE_PHRASES[value].format(issue=words)}"
        other = self.process.mediator_person
        draft.add(
            "stances",
            {
                "id": ident,
                "holder": party.id,
                "issue": issue,
                "value": value,
                "valid_from": self.day.isoformat(),
                "summary": capitalise(clause),
                "evidence": [self.say.say(draft, clause, other, (party.id, party.label), None)],
            },
        )

    # --- posts ------------------------------------------------------------------------------

    def _mandate(
        self, draft: Draft, party: Party, role: str, person: Person, until: str | None
    ) -> None:
        title = dict(POSTS)[role]
        since = party.posts[role][1] if until else self.day.isoformat()
        mandate: dict[str, Any] = {
            "id": draft.next_id("mandate"),
            "person": person.id,
            "party": party.id,
            "role": role,
            "title": title,
            "valid_from": since,
        }
        if until:
            mandate["valid_until"] = until
            clause = f"{person.label} served as {title} for {party.label}"
            clause += f" until {spoken_date(until)}"
        else:
            clause = f"{person.label} acts as {title} for {party.label} in the talks"
        mandate["evidence"] = [draft.evidence(capitalise(clause) + ".", "article")]
        draft.add("mandates", mandate)

    def _personnel(self, draft: Draft) -> str:
        party = self._party()
        role = self.rng.choice([*OFFICE_ROLES, *MANDATE_ROLES[:3]])
        old, since = party.posts[role]
        new, entity = new_person(self.process)
        self.new_entities.append(entity)
        title = dict(POSTS)[role]
        until = (self.day - timedelta(days=1)).isoformat()
        if until < since:
            until = since
        if role in OFFICE_ROLES:
            today = self.day.isoformat()
            for person, valid_from, valid_until in ((old, since, until), (new, today, None)):
                office: dict[str, Any] = {
                    "id": draft.next_id("office"),
                    "person": person.id,
                    "organization": party.id,
                    "role": role,
                    "title": title,
                    "valid_from": valid_from,
                }
                if valid_until:
                    office["valid_until"] = valid_until
                    clause = f"{person.label} had been {title} of {party.label}"
                    clause += f" since {spoken_date(valid_from)}"
                else:
                    clause = f"{person.label} took office as {title} of {party.label}"
                office["evidence"] = [draft.evidence(capitalise(clause) + ".", "article")]
                draft.add("offices", office)
        else:
            self._mandate(draft, party, role, old, until)
            party.posts[role] = (new, self.day.isoformat())
            self._mandate(draft, party, role, new, None)
            return f"{party.label} appoints a new {title}"
        party.posts[role] = (new, self.day.isoformat())
        return f"{new.label} replaces {old.label} as {title} of {party.label}"

    def _plan_revised(self, draft: Draft) -> str:
        return self.plan.revise(draft, self.day.isoformat(), self.last_held)

    # --- background -------------------------------------------------------------------------

    def _filler(self, draft: Draft) -> None:
        region = self.process.regions[0] if self.process.regions else None
        where = self.process.labels.get(region or "", "the contested regions")
        city = self.process.labels.get(self.process.venue_city, "the capital")
        draft.say(
            self.rng.choice(
                [
                    f"The conflict over {where} has cost thousands of lives.",
                    "Neither side commented on the reports on Sunday.",
                    f"Diplomats in {city} described the mood as tense.",
                    "Humanitarian agencies called for safe passage for civilians.",
                ]
            )
        )
