"""One report being written: its sentences, unnamed sources and facts, and the attribution
chains that tie a fact to the sentence that reports it.

The text is the concatenation of the sentences, so each quote is in the text by construction;
when a sentence happens to appear twice, its claim names the ``occurrence`` meant, as an analyst
would in a facts file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from peacekg.synth.emit import Facts, SynthArticle
from peacekg.synth.world import Outlet, Person

Chain = list[dict[str, Any]] | str

MONTHS = "January February March April May June July August September October November December"


def spoken_date(iso: str) -> str:
    """``2025-12-02`` -> ``2 December 2025``."""
    d = date.fromisoformat(iso[:10])
    return f"{d.day} {MONTHS.split()[d.month - 1]} {d.year}"


@dataclass
class Draft:
    id: str
    published: str
    publisher: Outlet
    title: str
    sentences: list[str] = field(default_factory=list)
    starts: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    facts: Facts = field(default_factory=dict)
    length: int = 0
    counter: int = 0

    def say(self, sentence: str) -> int:
        """Add a sentence to the text; its offset."""
        if self.sentences:
            self.length += 1  # the space before it
        start = self.length
        self.sentences.append(sentence)
        self.length += len(sentence)
        return start

    def evidence(self, sentence: str, according_to: Chain) -> dict[str, Any]:
        item: dict[str, Any] = {"quote": sentence, "according_to": according_to}
        self.starts.append((item, self.say(sentence)))
        return item

    def add(self, section: str, fact: dict[str, Any]) -> dict[str, Any]:
        self.facts.setdefault(section, []).append(fact)
        return fact

    def next_id(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}-{self.counter}"

    def source(self, label: str, affiliation: str | None, count: int | None) -> str:
        ident = self.next_id("source")
        src: dict[str, Any] = {"id": ident, "label": label}
        if affiliation:
            src["affiliation"] = affiliation
        if count:
            src["count"] = count
        self.add("sources", src)
        return ident

    def finish(self) -> SynthArticle:
        text = " ".join(self.sentences)
        for item, start in self.starts:
            quote = item["quote"]
            if text.count(quote) > 1 or text.find(quote) != start:
                n, at = 0, -1
                while at < start:
                    at = text.find(quote, at + 1)
                    n += 1
                item["occurrence"] = n
        return SynthArticle(
            id=self.id,
            published=self.published,
            title=self.title,
            publisher=self.publisher.id,
            text=text,
            facts=self.facts,
        )


def capitalise(clause: str) -> str:
    return clause[:1].upper() + clause[1:]


@dataclass
class Attributor:
    """Writes a clause as a sentence said by someone, with the matching attribution chain:
    the article's own voice, an official on record, or an outlet citing a named or unnamed
    source, possibly through a journalist or an intermediary (depth 1 to 3)."""

    rng: random.Random
    outlets: list[Outlet]

    def say(
        self,
        draft: Draft,
        clause: str,
        speaker: Person,
        party: tuple[str, str],
        other: Person | None = None,
        editorial: bool = False,
    ) -> dict[str, Any]:
        rng = self.rng
        kinds = ["on-record", "named", "anonymous", "journalist", "intermediary"]
        weights = [30, 15, 25, 15, 15 if other else 0]
        if editorial:
            kinds.append("article")
            weights.append(60)
        kind = rng.choices(kinds, weights)[0]
        outlet = rng.choice(self.outlets)
        if kind == "article":
            return draft.evidence(capitalise(clause) + ".", "article")
        if kind == "on-record":
            return draft.evidence(
                f"{speaker.label} said that {clause}.", [{"agent": speaker.id, "on_record": True}]
            )
        if kind == "named":
            return draft.evidence(
                f"{outlet.label} quoted {speaker.label} as saying that {clause}.",
                [{"agent": outlet.id, "role": "outlet"}, {"agent": speaker.id}],
            )
        if kind == "intermediary" and other is not None:
            return draft.evidence(
                f"{outlet.label} reported that {other.label} said {speaker.label} had told "
                f"the mediators that {clause}.",
                [
                    {"agent": outlet.id, "role": "outlet"},
                    {"agent": other.id, "role": "intermediary"},
                    {"agent": speaker.id},
                ],
            )
        count = rng.choice([None, None, 1, 2, 3])
        party_id, party_label = party
        if count is None:
            close = f"a source close to the {party_label} delegation"
            label = rng.choice([close, "sources familiar with the talks"])
        elif count == 1:
            label = f"an official of {party_label}"
        else:
            label = f"{['', '', 'two', 'three'][count]} officials of {party_label}"
        src = draft.source(label, party_id if count or "close" in label else None, count)
        if kind == "anonymous":
            return draft.evidence(
                f"{outlet.label}, citing {label}, reported that {clause}.",
                [{"agent": outlet.id, "role": "outlet"}, {"source": src}],
            )
        journalist = rng.choice(outlet.journalists)
        return draft.evidence(
            f"{journalist.label} of {outlet.label} reported, citing {label}, that {clause}.",
            [
                {"agent": outlet.id, "role": "outlet"},
                {"agent": journalist.id, "role": "journalist"},
                {"source": src},
            ],
        )
