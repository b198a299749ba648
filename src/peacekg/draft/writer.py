"""The draft as a facts file (data/README.md), with a ``# draft:`` comment on every fact.

Scalars are written plain when YAML reads them back as the same string, else double-quoted
(JSON-style escapes are valid YAML). Quotes are copied from the text verbatim.

    >>> scalar("Port Alder"), scalar("a: b"), scalar("yes"), scalar("2026-03-13")
    ('Port Alder', '"a: b"', '"yes"', '2026-03-13')
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from peacekg.draft.attribution import Attribution
from peacekg.draft.pipeline import Claim, Draft, Proposed

_PLAIN = re.compile(r"^[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F .,'ʼ’()/+-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | int | float):
        return str(value.isoformat() if isinstance(value, date) else value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if (
        _PLAIN.match(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in mapping.items()) + "}"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return _flow(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return scalar(value)


def chain(attribution: Attribution, source_ids: dict[str, str]) -> str:
    """``according_to`` of an attribution: ``article`` or a flow list of steps."""
    if not attribution.steps:
        return "article"
    steps = []
    for step in attribution.steps:
        entry: dict[str, Any] = {}
        if step.agent:
            entry["agent"] = step.agent
        elif step.source:
            entry["source"] = source_ids[step.source.label]
        if step.role:
            entry["role"] = step.role
        if step.on_record:
            entry["on_record"] = True
        steps.append(entry)
    return _value(steps)


def _comment(text: str, indent: str) -> str:
    return f"{indent}# draft: {' '.join(text.split())}\n"


def _evidence(claims: list[Claim], source_ids: dict[str, str], indent: str) -> str:
    out = f"{indent}evidence:\n"
    for claim in claims:
        a = claim.attribution
        out += _comment(f"attribution: {a.cue}; confidence {a.confidence}", indent + "  ")
        out += f"{indent}  - quote: {json.dumps(claim.quote, ensure_ascii=False)}\n"
        out += f"{indent}    according_to: {chain(a, source_ids)}\n"
        if claim.occurrence:
            out += f"{indent}    occurrence: {claim.occurrence}\n"
    return out


def _fact(proposed: Proposed, source_ids: dict[str, str]) -> str:
    out = _comment(f"{proposed.cue}; confidence {proposed.confidence}", "  ")
    first = True
    for key, value in proposed.fact.items():
        lead = "  - " if first else "    "
        first = False
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out += f"{lead}{key}:\n" + "".join(f"      - {_flow(v)}\n" for v in value)
        else:
            out += f"{lead}{key}: {_value(value)}\n"
    if proposed.claims:
        out += _evidence(proposed.claims, source_ids, "    ")
    return out


def write_draft(draft: Draft, output: Path | None = None) -> str:
    """The draft as YAML; ``article.text`` is the text file relative to ``output``'s folder."""
    folder = (output or draft.text_path).resolve().parent
    text_ref = os.path.relpath(draft.text_path.resolve(), folder)
    mentioned = ", ".join(
        f"{eid} ({n})" for eid, n in sorted(draft.mentioned.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    out = (
        f"# DRAFT facts of {draft.text_path.name}: `peacekg draft` proposes, an analyst reviews.\n"
        "# Format: data/README.md. Each fact quotes the sentence it came from; its '# draft:'\n"
        "# comment says which cue fired and how far the rule is to be trusted (0 to 1).\n"
        "# Check every fact against its quote, shorten quotes to the clause that holds the fact,\n"
        "# and add what the rules cannot see (summaries, outcomes, participants, documents).\n"
        f"# Known entities mentioned (times): {mentioned or 'none'}\n"
        "article:\n"
        f"  id: {draft.article_id}\n"
        f"  text: {scalar(text_ref)}\n"
        f"  # draft: published {draft.published.isoformat()} (the text's date header)\n"
        "  language: en\n"
    )
    if draft.entities:
        out += "\nentities:\n" + "".join(
            _comment(f"{e.cue}; confidence {e.confidence}", "  ") + f"  - {_flow(e.fact)}\n"
            for e in draft.entities
        )
    if draft.sources:
        out += "\nsources:\n" + "".join(f"  - {_flow(s)}\n" for s in draft.sources)
    for section in ("events", "offices", "mandates", "stances"):
        facts: list[Proposed] = getattr(draft, section)
        if facts:
            out += f"\n{section}:\n" + "\n".join(_fact(f, draft.source_ids) for f in facts)
    return out
