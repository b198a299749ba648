"""Score drafts against hand-written facts: precision, recall and F1 per kind of fact.

Usage: ``python -m peacekg.draft.evaluate -o REPORT.md GOLD.facts.yaml=DRAFT.facts.yaml ...``
(``make eval-draft`` drafts the evaluation articles and runs this).

The matching rules are written at the top of the report (:data:`RULES`).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from peacekg.compiler.article_text import read_article_text
from peacekg.draft.gazetteer import Gazetteer, earlier_facts, load_gazetteer, normalize
from peacekg.draft.sentences import split_sentences

KINDS = ("entities", "events", "stances", "attributions")

RULES = """\
## How facts are matched

Each article's hand-written facts file is the gold standard; the draft is read back from the
YAML that `peacekg draft` wrote. References are resolved to ids with the same gazetteer for
both (reference data, entities of earlier reports, and the file's own `entities:`); a new
entity the draft declares counts as the gold entity whose label or alias it carries.

- **entities**: the set of entity ids the facts file mentions: every known entity it refers
  to (holders, participants and sides, places, persons and organisations of offices and
  mandates, parties of mandates, agents of attribution chains, affiliations of sources,
  `status_changed_by`, `proposed_by`, `deferred_to`) and every new entity it declares.
- **events**: one item per event entry, its type and its begin date (the day, without time;
  none when undated); an update `ref:` counts as the referenced event's type and date. A
  multiset: two gold events of the same type and day need two draft events.
- **stances**: one item per stance, holder + issue + value (ids), as a multiset. Places,
  conditions and valid times are not scored.
- **attributions** (quote level): every evidence claim of every fact is located in the text
  (`occurrence` honoured) and counted once per sentence it overlaps, as the triple (sentence,
  sourcing kind, first agent of the chain). Kinds: `article` (the article's own voice),
  `on-record` (the chain ends with a named agent on record), `named` (ends with a named agent
  not on record), `unnamed` (ends with one of the article's unnamed sources). The first agent
  is the first step's agent id (`article` for the article's voice, `unnamed` for a source).
  The triples are compared as sets, so a sentence quoted by five facts counts once.

Precision = matched / draft items, recall = matched / gold items, F1 their harmonic mean;
the total row sums the counts over the articles (micro-average).
"""


@dataclass
class Items:
    entities: Counter[Hashable] = field(default_factory=Counter)
    events: Counter[Hashable] = field(default_factory=Counter)
    stances: Counter[Hashable] = field(default_factory=Counter)
    attributions: Counter[Hashable] = field(default_factory=Counter)


@dataclass(frozen=True)
class Score:
    matched: int
    drafted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Counter[Hashable], draft: Counter[Hashable]) -> Score:
    """Multiset overlap.

    >>> s = score(Counter({"a": 1, "b": 2}), Counter({"b": 1, "c": 1}))
    >>> s.matched, round(s.precision, 2), round(s.recall, 2)
    (1, 0.5, 0.33)
    """
    return Score(sum((gold & draft).values()), sum(draft.values()), sum(gold.values()))


def _day(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _Resolver:
    def __init__(self, own: Gazetteer, gold: Gazetteer, declared: list[dict[str, Any]]) -> None:
        self.own, self.gold = own, gold
        self.map: dict[str, str] = {}
        for entity in declared:  # a new entity of the draft stands for the gold one it names
            for name in (entity.get("label", ""), *(entity.get("aliases") or [])):
                hit = gold.resolve(name) if name else None
                if hit:
                    self.map[entity["id"]] = hit
                    break

    def __call__(self, name: Any) -> str:
        text = str(name)
        resolved = self.own.resolve(text) or text
        return self.map.get(resolved, resolved)


def collect(
    facts: dict[str, Any],
    text: str,
    resolve: _Resolver,
    known_events: dict[str, tuple[str, str | None]],
) -> Items:
    """The items of one facts file (see :data:`RULES`)."""
    items = Items()
    entities: set[str] = set()
    for entity in facts.get("entities") or []:
        entities.add(resolve(entity["id"]))
    for source in facts.get("sources") or []:
        if source.get("affiliation"):
            entities.add(resolve(source["affiliation"]))
    claims: list[dict[str, Any]] = []

    def gather(fact: dict[str, Any]) -> None:
        claims.extend(fact.get("evidence") or [])

    for event in facts.get("events") or []:
        gather(event)
        if "ref" in event:
            items.events[known_events.get(event["ref"], ("?", None))] += 1
        else:
            items.events[(event["type"], _day(event.get("begin")))] += 1
            if event.get("place"):
                entities.add(resolve(event["place"]))
            for p in event.get("participants") or []:
                entities.update({resolve(p["agent"]), resolve(p["side"])})
        for actor in _as_list(event.get("status_changed_by")):
            entities.add(resolve(actor))
    for section, keys in (
        ("offices", ("person", "organization")),
        ("mandates", ("person", "party")),
    ):
        for fact in facts.get(section) or []:
            gather(fact)
            entities.update(resolve(fact[k]) for k in keys)
    for stance in facts.get("stances") or []:
        gather(stance)
        holder = resolve(stance["holder"])
        entities.add(holder)
        entities.update(resolve(p) for p in _as_list(stance.get("places")))
        items.stances[(holder, str(stance["issue"]), str(stance["value"]))] += 1
    for document in facts.get("documents") or []:
        if document.get("proposed_by"):
            entities.add(resolve(document["proposed_by"]))
        for version in document.get("versions") or []:
            gather(version)
            for provision in version.get("provisions") or []:
                gather(provision)
                entities.update(resolve(p) for p in _as_list(provision.get("places")))
                entities.update(resolve(p) for p in _as_list(provision.get("deferred_to")))
    sentences = split_sentences(text)
    for claim in claims:
        chain = claim.get("according_to")
        if chain == "article" or not chain:
            kind, first = "article", "article"
        else:
            last = chain[-1]
            kind = (
                "unnamed"
                if "source" in last
                else ("on-record" if last.get("on_record") else "named")
            )
            first = resolve(chain[0]["agent"]) if "agent" in chain[0] else "unnamed"
            entities.update(resolve(step["agent"]) for step in chain if "agent" in step)
        quote = str(claim.get("quote", ""))
        start = -1
        for _ in range(int(claim.get("occurrence") or 1)):
            start = text.find(quote, start + 1)
        if start < 0:
            continue
        end = start + len(quote)
        for number, sentence in enumerate(sentences):
            if sentence.start < end and start < sentence.end:
                items.attributions[(number, kind, first)] = 1
    items.entities = Counter(entities)
    return items


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _known_events(paths: Iterable[Path]) -> dict[str, tuple[str, str | None]]:
    known: dict[str, tuple[str, str | None]] = {}
    for path in paths:
        for event in _load(path).get("events") or []:
            if "id" in event:
                known[event["id"]] = (event["type"], _day(event.get("begin")))
    return known


def evaluate_pair(
    gold_path: Path, draft_path: Path, data_dir: Path
) -> dict[str, tuple[Score, Items, Items]]:
    """Score one draft against its gold facts file, per kind."""
    gold, draft = _load(gold_path), _load(draft_path)
    article = read_article_text(gold_path.parent / gold["article"]["text"])
    folders = [data_dir / "articles", gold_path.parent]
    earlier = earlier_facts(folders, article.published, gold["article"]["id"])
    known = _known_events(earlier)
    gold_gazetteer = load_gazetteer(data_dir, [*earlier, gold_path])
    draft_gazetteer = load_gazetteer(data_dir, [*earlier, draft_path])
    gold_items = collect(gold, article.text, _Resolver(gold_gazetteer, gold_gazetteer, []), known)
    draft_resolver = _Resolver(draft_gazetteer, gold_gazetteer, draft.get("entities") or [])
    draft_items = collect(draft, article.text, draft_resolver, known)
    return {
        kind: (
            score(getattr(gold_items, kind), getattr(draft_items, kind)),
            gold_items,
            draft_items,
        )
        for kind in KINDS
    }


def _fmt(s: Score) -> str:
    return f"{s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.matched} / {s.drafted} / {s.gold}"


def _show(item: Hashable) -> str:
    return " ".join(str(x) for x in item) if isinstance(item, tuple) else str(item)


def report(pairs: list[tuple[Path, Path]], data_dir: Path) -> str:
    """The Markdown report for (gold, draft) pairs."""
    lines = ["# Draft assistant: evaluation against hand-written facts", "",
             "Written by `make eval-draft` (`peacekg.draft.evaluate`).", "", RULES,
             "## Results", "",
             "| article | kind | precision | recall | F1 | matched / drafted / gold |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    totals = {kind: Score(0, 0, 0) for kind in KINDS}
    details: list[str] = []
    for gold_path, draft_path in pairs:
        result = evaluate_pair(gold_path, draft_path, data_dir)
        name = gold_path.name.removesuffix(".facts.yaml")
        details += ["", f"### {name}", ""]
        for kind in KINDS:
            s, gold_items, draft_items = result[kind]
            t = totals[kind]
            totals[kind] = Score(t.matched + s.matched, t.drafted + s.drafted, t.gold + s.gold)
            lines.append(f"| {name} | {kind} | {_fmt(s)} |")
            g, d = getattr(gold_items, kind), getattr(draft_items, kind)
            missed = sorted(_show(x) for x in (g - d).elements())
            extra = sorted(_show(x) for x in (d - g).elements())
            details.append(
                f"- {kind}: missed {', '.join(missed) or '—'};"
                f" not in gold {', '.join(extra) or '—'}"
            )
    for kind in KINDS:
        lines.append(f"| **all** | **{kind}** | {_fmt(totals[kind])} |")
    lines += [
        "",
        "## What was missed and what was extra",
        "",
        "Attribution items read `sentence-number kind first-agent` (sentences from 0).",
        *details,
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pairs", nargs="+", help="GOLD.facts.yaml=DRAFT.facts.yaml")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    pairs = [(Path(p.split("=", 1)[0]), Path(p.split("=", 1)[1])) for p in args.pairs]
    text = report(pairs, args.data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text.split("## Results", 1)[1].split("## What", 1)[0].strip())


if __name__ == "__main__":
    main()


__all__ = ["RULES", "Score", "collect", "evaluate_pair", "normalize", "report", "score"]
