"""Count the hand-coded facts of the evaluation set, per report and per set.

Usage: ``python bench/eval/count_gold.py [bench/eval/reports]`` prints a Markdown table.
It reads the gold facts files only (no draft, no rule); see bench/eval/README.md.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

COLUMNS = (
    "entities declared",
    "events",
    "participations",
    "offices",
    "mandates",
    "stances",
    "versions",
    "versions with points",
    "provisions",
    "claims",
    "claims with a source",
    "denials",
)


def _claims(fact: dict[str, Any]) -> list[dict[str, Any]]:
    return list(fact.get("evidence") or [])


def count(facts: dict[str, Any]) -> Counter[str]:
    """The counts of one gold facts file."""
    n: Counter[str] = Counter()
    claims: list[dict[str, Any]] = []
    n["entities declared"] = len(facts.get("entities") or [])
    for event in facts.get("events") or []:
        n["events"] += 1
        n["participations"] += len(event.get("participants") or [])
        n["denials"] += len(event.get("denials") or [])
        claims += _claims(event)
    for section in ("offices", "mandates", "stances"):
        for fact in facts.get(section) or []:
            n[section] += 1
            n["denials"] += len(fact.get("denials") or [])
            claims += _claims(fact)
    for document in facts.get("documents") or []:
        for version in document.get("versions") or []:
            n["versions"] += 1
            n["versions with points"] += "points" in version
            claims += _claims(version)
            for provision in version.get("provisions") or []:
                n["provisions"] += 1
                claims += _claims(provision)
    n["claims"] = len(claims)
    n["claims with a source"] = sum(c.get("according_to") != "article" for c in claims)
    return n


def table(root: Path) -> str:
    """A Markdown table: one row per report, one total row per set."""
    header = "| set | report | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 2)]
    for part in sorted(p for p in root.iterdir() if p.is_dir()):
        total: Counter[str] = Counter()
        for path in sorted(part.glob("*.facts.yaml")):
            n = count(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            total += n
            name = path.name.removesuffix(".facts.yaml")
            cells = " | ".join(str(n[c]) for c in COLUMNS)
            lines.append(f"| {part.name} | {name} | {cells} |")
        cells = " | ".join(f"**{total[c]}**" for c in COLUMNS)
        lines.append(f"| **{part.name}** | **all** | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/eval/reports")))
