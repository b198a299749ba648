"""Cards: each fact of an article in progress as the browser shows it, and the messages of the
compiler and the shapes placed on the card (and field) they concern.

A card is either an item of the facts file (``key`` ``stances:2``: accepted, in the file) or a
proposal of the draft (``key`` ``p:7``). Its quotes are located in the text (offsets without
the header) so the page can highlight them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peacekg.store import Store
from peacekg.workbench import adapter
from peacekg.workbench.sessions import Article, Proposal
from peacekg.workbench.yamldoc import SECTIONS, FactsDocument, plain

__all__ = ["CardCheck", "card_label", "cards", "check_article", "quote_spans"]

LIST_SECTIONS = [s for s in SECTIONS if s not in ("article", "chains")]
_SINGULAR = {
    "entities": "entity",
    "sources": "source",
    "events": "event",
    "offices": "office",
    "mandates": "mandate",
    "stances": "stance",
    "documents": "document",
}


def quote_spans(text: str, data: Any) -> list[dict[str, Any]]:
    """Where the quotes of ``data`` (evidence and denials, at any depth) are in ``text``."""
    spans: list[dict[str, Any]] = []
    for kind, claim in _claims(data):
        quote = claim.get("quote")
        if not isinstance(quote, str) or not quote:
            continue
        occurrence = claim.get("occurrence") or 1
        start = -1
        for _ in range(int(occurrence) if str(occurrence).isdigit() else 1):
            start = text.find(quote, start + 1)
            if start < 0:
                break
        spans.append(
            {
                "kind": kind,
                "quote": quote,
                "start": start,
                "end": start + len(quote) if start >= 0 else -1,
            }
        )
    return spans


def _claims(data: Any) -> Iterable[tuple[str, dict[str, Any]]]:
    if isinstance(data, dict):
        for kind in ("evidence", "denials"):
            for claim in data.get(kind) or []:
                if isinstance(claim, dict):
                    yield kind, claim
        for key in ("versions", "provisions"):
            for inner in data.get(key) or []:
                yield from _claims(inner)


def card_label(section: str, data: dict[str, Any]) -> str:
    """A one-line title for a card: ``kessaly · amnesty · demands``."""
    d = data
    if section == "stances":
        if "ref" in d:
            return f"account of {d['ref']}"
        return " · ".join(str(d.get(k, "?")) for k in ("holder", "issue", "value"))
    if section in ("offices", "mandates"):
        if "ref" in d:
            return f"account of {d['ref']}"
        org = d.get("organization") or d.get("party") or "?"
        return f"{d.get('person', '?')} · {d.get('role', '?')} · {org}"
    if section == "events":
        if "ref" in d:
            return f"account of {d['ref']}" + (f" · {d['status']}" if d.get("status") else "")
        return f"{d.get('label') or d.get('id')} · {d.get('type', '?')} · {d.get('status', '?')}"
    if section == "entities":
        return f"{d.get('label', '?')} ({d.get('type', '?')})"
    if section == "sources":
        return str(d.get("label") or d.get("id"))
    if section == "documents":
        return str(d.get("label") or d.get("ref") or d.get("id"))
    return str(d.get("id") or d.get("ref") or section)


def cards(article: Article, text: str) -> list[dict[str, Any]]:
    """Every card of the article: the header, the file's items in file order, then the
    proposals still to decide and those rejected."""
    doc = article.document()
    out: list[dict[str, Any]] = [
        {
            "key": "article",
            "section": "article",
            "status": "accepted",
            "label": "Article",
            "data": doc.header(),
            "spans": [],
        }
    ]
    for section in LIST_SECTIONS:
        for index, item in enumerate(doc.items(section)):
            data = plain(item)
            if not isinstance(data, dict):
                continue
            out.append(
                {
                    "key": f"{section}:{index}",
                    "section": section,
                    "status": "accepted",
                    "label": card_label(section, data),
                    "data": data,
                    "spans": quote_spans(text, data),
                }
            )
    for p in article.proposals:
        out.append(
            {
                "key": f"p:{p.pid}",
                "section": p.section,
                "status": p.status,
                "label": card_label(p.section, p.data),
                "data": p.data,
                "cue": p.cue,
                "confidence": p.confidence,
                "spans": quote_spans(text, p.data),
            }
        )
    return out


# -- checking ---------------------------------------------------------------------------------


@dataclass
class CardCheck:
    """Messages by card key (``stances:2``, ``p:7``, ``article``), with the field they concern
    when known; ``seconds`` is the time the compiler and the shapes took."""

    messages: dict[str, list[dict[str, Any]]]
    conforms: bool
    seconds: float
    compiles: int


def _card_iris(article_id: str, doc: FactsDocument) -> list[tuple[str, str]]:
    """(IRI prefix, card key) for every item of the file: what a violation's focus names."""
    base = adapter.BASE + "id/"
    local = f"{base}article/{article_id}/"
    found: list[tuple[str, str]] = [(f"{base}article/{article_id}", "article")]
    for section in LIST_SECTIONS:
        for index, item in enumerate(doc.items(section)):
            key = f"{section}:{index}"
            ident = item.get("id") if hasattr(item, "get") else None
            ref = item.get("ref") if hasattr(item, "get") else None
            if section == "sources" and ident:
                found.append((f"{local}source/{ident}", key))
            elif section in ("entities", "events", "documents"):
                if ident:
                    found.append((f"{base}{ident}", key))
                    found.append((f"{local}{ident}", key))
                if ref:
                    found.append((f"{local}{ref}", key))
                    found.append((f"{base}{ref}", key))
                for version in item.get("versions") or []:
                    for name in (version.get("id"), version.get("ref")):
                        if name:
                            found.append((f"{base}{name}", key))
                            found.append((f"{local}{name}", key))
                    for provision in version.get("provisions") or []:
                        for name in (provision.get("id"), provision.get("ref")):
                            if name:
                                found.append((f"{local}{name}", key))
            elif ident or ref:
                found.append((f"{local}{ident or ref}", key))
    return sorted(found, key=lambda pair: -len(pair[0]))


def _card_of_iri(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, key in prefixes:
        if iri == prefix or iri.startswith(prefix + "/"):
            return key
    return "article"


_NAMED_KEY = re.compile(r"^'(\w+)' is required here|^unknown key '(\w+)'|^[\w.]*?\.(\w+): ")


def _card_of_problem(problem: adapter.Problem, doc: FactsDocument) -> tuple[str, str | None]:
    """The card (and field) a compiler error points at, by its line; the field a message names
    ("'value' is required here") wins over the line's."""
    line = problem.line
    named = _NAMED_KEY.match(problem.message)
    key = next((g for g in named.groups() if g), None) if named else None
    for section in LIST_SECTIONS:
        for index, item in enumerate(doc.items(section)):
            start, end = doc.lines(section, index)
            if line is not None and start <= line <= end:
                field = key if key and key in _KNOWN_FIELDS else _field_at(item, line)
                return f"{section}:{index}", field
    if line is not None:
        for section in ("article", "chains"):
            node = doc.root.get(section)
            if node is not None and section in doc.root:
                keys = list(doc.root.keys())
                first = doc.root.lc.key(section)[0] + 1
                nxt = keys.index(section) + 1
                last = doc.root.lc.key(keys[nxt])[0] if nxt < len(keys) else 10**9
                if first <= line <= last:
                    return "article", _field_at(node, line) if section == "article" else None
    return "article", None


_KNOWN_FIELDS = {
    k
    for order in (
        "id ref type label aliases description same_as located_in member_of territory_of",
        "affiliation count status begin end time_zone begin_approximation duration place",
        "duration_approximation part_of ordinal outcome quantity status_changed_by",
        "status_reason participants person organization party role title valid_from valid_until",
        "holder issue value places summary condition condition_issue supersedes expressed_at",
        "evidence denials versions provisions proposed_by publisher url language date_note",
    )
    for k in order.split()
}


def _field_at(node: Any, line: int) -> str | None:
    """The top key of ``node`` whose value holds ``line``."""
    if not hasattr(node, "lc") or not hasattr(node, "keys"):
        return None
    best = None
    for key in node:
        if node.lc.key(key)[0] + 1 <= line:
            best = str(key)
    return best


def check_article(
    article: Article,
    store: Store,
    ontology_dir: Path,
    *,
    candidate: tuple[str, dict[str, Any]] | None = None,
    max_compiles: int = 25,
) -> CardCheck:
    """Compile the facts file (with ``candidate``, a card being edited, in place of its
    current content or added to it) and check it with the shapes; each message is put on its
    card. The compiler stops at its first error: the card it concerns is taken out and the
    rest compiled again, so one pass finds the errors of every card."""
    started = time.perf_counter()
    doc = article.document()
    proposals = {f"p:{p.pid}": p for p in article.proposals}
    keymap: dict[str, str] = {}  # key in the checked document -> card key
    for section in LIST_SECTIONS:
        for index in range(len(doc.items(section))):
            keymap[f"{section}:{index}"] = f"{section}:{index}"
    if candidate is not None:
        key, data = candidate
        _place(doc, key, data, proposals, keymap)
    messages: dict[str, list[dict[str, Any]]] = {}
    compiles = 0
    while True:
        compiles += 1
        text = doc.dump()
        result = adapter.check(article.text_path, text, store, ontology_dir)
        doc = FactsDocument(text)
        if result.problem is None:
            break
        where, field = _card_of_problem(result.problem, doc)
        card = keymap.get(where, where)
        messages.setdefault(card, []).append(
            {"message": result.problem.message, "field": field, "source": "compiler"}
        )
        if where == "article" or compiles >= max_compiles:
            return CardCheck(messages, False, time.perf_counter() - started, compiles)
        section, position = where.split(":")
        doc.remove(section, int(position))
        keymap = _shift(keymap, section, int(position))
    prefixes = _card_iris(article.id, doc)
    for violation in result.violations:
        where = _card_of_iri(violation.focus or "", prefixes)
        messages.setdefault(keymap.get(where, where), []).append(
            {
                "message": violation.message,
                "field": _field_of_path(violation.path),
                "source": "shapes",
                "severity": violation.severity,
            }
        )
    conforms = result.conforms and not any(
        m.get("source") == "compiler" for ms in messages.values() for m in ms
    )
    return CardCheck(messages, conforms, time.perf_counter() - started, compiles)


def _place(
    doc: FactsDocument,
    key: str,
    data: dict[str, Any],
    proposals: dict[str, Proposal],
    keymap: dict[str, str],
) -> None:
    if key == "article":
        doc.set_header(data)
    elif key.startswith("p:"):
        section = proposals[key].section if key in proposals else str(data.get("_section"))
        index = doc.add(section, {k: v for k, v in data.items() if k != "_section"})
        keymap[f"{section}:{index}"] = key
    elif key.startswith("new:"):
        section = key.split(":", 1)[1]
        index = doc.add(section, data)
        keymap[f"{section}:{index}"] = key
    else:
        section, position = key.split(":")
        doc.put(section, int(position), data)


def _shift(keymap: dict[str, str], section: str, removed: int) -> dict[str, str]:
    """The key map after item ``removed`` of ``section`` was taken out of the document."""
    out: dict[str, str] = {}
    for where, card in keymap.items():
        s, _, i = where.partition(":")
        if s == section and i.isdigit():
            n = int(i)
            if n == removed:
                continue
            if n > removed:
                where = f"{s}:{n - 1}"
        out[where] = card
    return out


_PATH_FIELDS = {
    "pk:holder": "holder",
    "pk:issue": "issue",
    "pk:stanceValue": "value",
    "pk:validFrom": "valid_from",
    "pk:validUntil": "valid_until",
    "pk:condition": "condition",
    "pk:eventType": "type",
    "pk:eventStatus": "status",
    "org:member": "person",
    "org:organization": "organization",
    "org:role": "role",
    "sem:hasPlace": "place",
    "rdfs:label": "label",
    "pk:hasClaim": "evidence",
}


def _field_of_path(path: str | None) -> str | None:
    if not path:
        return None
    first = path.split("/")[0].lstrip("^")
    return _PATH_FIELDS.get(first)
