"""A process's draft agreement: proposed by the mediator, then revised version after version
(fewer or more points, each provision kept, reworked, changed, dropped, deferred or added)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from peacekg.synth.article import Attributor, Draft
from peacekg.synth.phrases import issue_words
from peacekg.synth.world import Process


@dataclass
class PlanWriter:
    process: Process
    rng: random.Random
    say: Attributor
    issue_labels: dict[str, str]
    id: str = ""
    label: str = ""
    versions: int = 0
    latest: str | None = None
    points: int = 0
    # provisions of the latest version: qualified ref, issue, summary
    provisions: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = f"synth-p{self.process.index:04d}-peace-plan"
        self.label = f"{self.process.mediator.label} peace plan for {self.process.sides()}"

    def propose(self, draft: Draft, day: str, last_held: str | None, versions: int = 1) -> None:
        """The document and its first version(s), in the report of ``day``."""
        doc: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "proposed_by": self.process.mediator.id,
            "versions": [self._version(draft, day, last_held) for _ in range(versions)],
        }
        draft.add("documents", doc)

    def revise(self, draft: Draft, day: str, last_held: str | None) -> str:
        """A new version of the document, in a later report; its title."""
        draft.add("documents", {"ref": self.id, "versions": [self._version(draft, day, last_held)]})
        return f"{self.label} revised"

    def _version(self, draft: Draft, day: str, last_held: str | None) -> dict[str, Any]:
        rng, process = self.rng, self.process
        self.versions += 1
        n = self.versions
        points = rng.randint(12, 30) if n == 1 else max(4, self.points + rng.randint(-9, 3))
        version: dict[str, Any] = {
            "id": f"{self.id}-v{n}",
            "label": f"{self.label}, {points}-point version {n}",
            "points": points,
            "issued": day,
        }
        verb = "presented a"
        if self.latest:
            version["revision_of"] = self.latest
            verb = "presented a revised"
            if last_held:
                version["revised_after"] = last_held
        party = rng.choice(process.parties)
        version["evidence"] = [
            self.say.say(
                draft,
                f"{process.mediator.label} {verb} {points}-point version of its plan (version {n})",
                process.mediator_person,
                (party.id, party.label),
                editorial=True,
            )
        ]
        provisions: list[dict[str, Any]] = []
        kept: list[tuple[str, str, str]] = []
        old = {issue: ref for ref, issue, _summary in self.provisions}
        agenda = process.agenda
        issues = list(dict.fromkeys([agenda[0], *rng.sample(agenda, 3)]))
        if n > 1:
            issues += [i for i in old if i not in issues][:2]
        for issue in issues:
            provision = self._provision(draft, n, issue, old.get(issue))
            provisions.append(provision)
            if provision.get("fate") != "dropped":
                kept.append((f"{draft.id}/{provision['id']}", issue, provision["summary"]))
        version["provisions"] = provisions
        self.latest, self.points, self.provisions = version["id"], points, kept
        return version

    def _provision(self, draft: Draft, n: int, issue: str, old: str | None) -> dict[str, Any]:
        rng, process = self.rng, self.process
        words = issue_words(issue, self.issue_labels)
        summary = f"Point on {words} (version {n})"
        provision: dict[str, Any] = {
            "id": draft.next_id(f"provision-{issue}"),
            "issue": issue,
            "summary": summary,
        }
        if old is not None:
            provision["revision_of"] = old
            fate = rng.choice(["kept", "reworked", "changed", "dropped", "deferred"])
            if issue == process.agenda[0] and fate == "dropped":
                fate = "kept"  # the core issue stays on the table
            provision["fate"] = fate
            if fate == "deferred":
                leaders = [p.posts["head-of-state"][0].id for p in process.parties[:2]]
                provision["deferred_to"] = leaders
        elif n > 1:
            provision["fate"] = "added"
        if issue in ("territory", "borders") and process.regions:
            provision["places"] = [process.regions[0]]
        if issue == "armed-forces-size":
            troops = rng.randint(50, 800) * 1000
            provision["quantity"] = {"value": troops, "unit": "troops"}
        fate_words = f" ({provision['fate']})" if "fate" in provision else ""
        provision["evidence"] = [
            draft.evidence(
                f"Version {n} of the plan has a point on {words}{fate_words}.", "article"
            )
        ]
        return provision
