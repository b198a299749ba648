"""A facts file as an editable YAML document that keeps what the analyst wrote.

The workbench edits facts files the way an analyst would by hand: comments stay where they
are, keys keep their order (new keys go where ``data/README.md`` lists them), YAML anchors and
aliases of attribution chains stay anchors and aliases, and a document opened and written back
unchanged is the same file, byte for byte. Built on ruamel.yaml's round-trip mode.

    >>> doc = FactsDocument("article:\\n  id: x\\n  text: x.txt\\n\\nstances: []\\n")
    >>> doc.add("stances", {"id": "a", "holder": "kessaly", "issue": "amnesty",
    ...                     "value": "demands", "evidence": [{"quote": "Kessaly demanded",
    ...                     "according_to": [{"agent": "daily-ledger", "role": "outlet"}]}]})
    0
    >>> print(doc.dump(), end="")
    article:
      id: x
      text: x.txt
    <BLANKLINE>
    stances:
      - id: a
        holder: kessaly
        issue: amnesty
        value: demands
        evidence:
          - quote: Kessaly demanded
            according_to: [{agent: daily-ledger, role: outlet}]
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString
from ruamel.yaml.tokens import CommentToken

__all__ = ["KEY_ORDER", "SECTIONS", "DocumentError", "FactsDocument", "plain"]

# The sections of a facts file, in the order data/README.md gives them.
SECTIONS = (
    "article",
    "entities",
    "sources",
    "chains",
    "events",
    "offices",
    "mandates",
    "stances",
    "documents",
)

# Where a key goes when the workbench adds it: the order of the tables of data/README.md (and
# of the hand-written files), for each kind of mapping.
_ORDERS = {
    "article": "id text title language publisher url date_note date_estimated",
    "entities": "id type label aliases description same_as located_in member_of territory_of",
    "sources": "id label affiliation count",
    "events": "id ref label type status begin end time_zone begin_approximation duration "
    "duration_approximation place part_of ordinal outcome quantity status_changed_by "
    "status_reason participants evidence denials",
    "offices": "id ref person organization party role title valid_from valid_until evidence "
    "denials",
    "stances": "id ref holder issue value places summary condition condition_issue quantity "
    "valid_from valid_until supersedes expressed_at evidence denials",
    "documents": "id ref label proposed_by versions",
    "versions": "id ref label points issued revision_of revised_after provisions evidence denials",
    "provisions": "id ref issue places summary fate deferred_to revision_of quantity evidence "
    "denials",
    "evidence": "quote according_to occurrence denies",
    "according_to": "agent source role on_record",
    "participants": "agent side role",
    "quantity": "value unit",
}
_ORDERS["mandates"] = _ORDERS["offices"]
_ORDERS["denials"] = _ORDERS["evidence"]
KEY_ORDER = {kind: order.split() for kind, order in _ORDERS.items()}


def _rank(kind: str, key: str) -> int:
    order = KEY_ORDER.get(kind, [])
    return order.index(key) if key in order else len(order)


# Values written as YAML flow collections ({...} and [...]) when the workbench creates them,
# as the draft and the hand-written files do: short mappings on one line.
_FLOW_MAPPINGS = {"entities", "sources", "participants", "quantity", "according_to"}
_FLOW_LISTS = {
    "aliases",
    "member_of",
    "places",
    "status_changed_by",
    "supersedes",
    "deferred_to",
    "denies",
}
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$")
_PLAIN_SAFE = re.compile(r"^[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F .,'ʼ’()/+-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


_SECTION_LINE = re.compile("^({}):".format("|".join(SECTIONS)))


class DocumentError(Exception):
    """The text is not a YAML mapping the workbench can edit; says where."""


class _Timestamp(str):
    """A date or date-time written plain (``2026-03-13``), as the compiler reads it: text."""


def _represent_timestamp(representer: Any, value: _Timestamp) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    y = YAML(typ="rt")
    y.representer.add_representer(_Timestamp, _represent_timestamp)
    y.preserve_quotes = True
    y.width = 4096  # never fold a long quote: it must stay one line, as written
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _guess_indent(text: str) -> tuple[int, int, int]:
    """Mapping indent, sequence indent and dash offset of the first block list of ``text``."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        key = re.match(r"^(\s*)[\w-]+:\s*$", line)
        item = re.match(r"^(\s*)- ", lines[i + 1])
        if key and item:
            offset = len(item.group(1)) - len(key.group(1))
            if offset >= 0:
                return 2, offset + 2, offset
    return 2, 4, 2


def _keep_anchors(node: Any) -> None:
    """An anchor the file declares stays in it, used or not (ruamel drops unused ones)."""
    if isinstance(node, CommentedBase) and node.anchor.value:
        node.anchor.always_dump = True
    if isinstance(node, Mapping):
        for value in node.values():
            _keep_anchors(value)
    elif isinstance(node, list):
        for value in node:
            _keep_anchors(value)


def plain(node: Any) -> Any:
    """A YAML value as plain JSON data: mappings, lists, strings, numbers, booleans, null;
    dates and times as their ISO text."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [plain(v) for v in node]
    if isinstance(node, datetime | date):
        return node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int | float):
        return node
    return str(node)


def _scalar(key: str, value: Any) -> Any:
    """A new scalar for ``key``: dates and times plain (as the compiler reads them), text that
    YAML would read as something else double-quoted, other text plain."""
    if not isinstance(value, str):
        return value
    if _DATE_LIKE.match(value):
        return _Timestamp(value)
    if _PLAIN_SAFE.match(value) and value.lower() not in _RESERVED:
        if value.endswith((" ", ":")) or " #" in value:
            return DoubleQuotedScalarString(value)
        return PlainScalarString(value)
    if _reads_back(value):  # an id, a file name: 2025-12-03-moscow-talks.txt
        return PlainScalarString(value)
    return DoubleQuotedScalarString(value)


def _reads_back(value: str) -> bool:
    """Whether YAML reads ``value`` written plain back as the same string."""
    if not value or value != value.strip() or "\n" in value or ": " in value or " #" in value:
        return False
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


class FactsDocument:
    """One facts file, parsed for round-trip editing.

    Items of the list sections (``entities``, ``stances``, …) are addressed by section and
    index; :meth:`put` replaces an item's content while keeping its comments, the order of its
    keys and the nodes whose value did not change (an alias stays an alias).
    """

    def __init__(self, text: str) -> None:
        self._indent = _guess_indent(text)
        try:
            data = _yaml(*self._indent).load(text) if text.strip() else CommentedMap()
        except YAMLError as error:
            raise DocumentError(f"the facts file is not valid YAML: {error}") from None
        if not isinstance(data, CommentedMap):
            raise DocumentError("the facts file must be a mapping of sections (article:, ...)")
        _keep_anchors(data)
        self.root: CommentedMap = data

    # -- reading -----------------------------------------------------------------------------

    def dump(self) -> str:
        """The document as text; a section always follows a blank line or a comment."""
        out = io.StringIO()
        _yaml(*self._indent).dump(self.root, out)
        lines = out.getvalue().split("\n")
        for i in range(len(lines) - 1, 0, -1):
            before = lines[i - 1].strip()
            if _SECTION_LINE.match(lines[i]) and before and not before.startswith("#"):
                lines.insert(i, "")
        return "\n".join(lines)

    def items(self, section: str) -> list[Any]:
        value = self.root.get(section)
        return list(value) if isinstance(value, list) else []

    def item(self, section: str, index: int) -> Any:
        items = self.items(section)
        if not 0 <= index < len(items):
            raise IndexError(f"there is no item {index + 1} in '{section}'")
        return items[index]

    def header(self) -> dict[str, Any]:
        value = plain(self.root.get("article") or {})
        return value if isinstance(value, dict) else {}

    def chains(self) -> dict[str, Any]:
        value = self.root.get("chains")
        return dict(value) if isinstance(value, Mapping) else {}

    def lines(self, section: str, index: int) -> tuple[int, int]:
        """First and last line (1-based) of an item, as :meth:`dump` writes it."""
        seq = self.root.get(section)
        if not isinstance(seq, CommentedSeq):
            raise IndexError(section)
        start = seq.lc.item(index)[0] + 1
        if index + 1 < len(seq):
            end = seq.lc.item(index + 1)[0]
        else:
            keys = list(self.root.keys())
            following = keys.index(section) + 1
            end = (
                self.root.lc.key(keys[following])[0] if following < len(keys) else 10**9
            )  # to the end of the file
        return start, end

    def reload(self) -> FactsDocument:
        """The document as parsed again from its text (fresh line numbers)."""
        return FactsDocument(self.dump())

    # -- writing -----------------------------------------------------------------------------

    def set_header(self, values: Mapping[str, Any]) -> None:
        header = self.root.get("article")
        if not isinstance(header, CommentedMap):
            header = CommentedMap()
            self.root.insert(0, "article", header)
        _merge_map(header, dict(values), "article", self)

    def add(self, section: str, value: Mapping[str, Any]) -> int:
        """Append a new item to ``section`` (created in its place if missing); its index."""
        seq = self._section(section)
        node = self._new(section, dict(value))
        trailing = _pop_trailing(seq) if len(seq) else None
        seq.append(node)
        if trailing is not None:
            _push_trailing(seq, trailing)
        return len(seq) - 1

    def put(self, section: str, index: int, value: Mapping[str, Any]) -> None:
        """Replace the item's content with ``value``, keeping what did not change."""
        seq = self._section(section)
        if not 0 <= index < len(seq):
            raise IndexError(f"there is no item {index + 1} in '{section}'")
        old = seq[index]
        if isinstance(old, CommentedMap) and isinstance(value, Mapping):
            is_last = index == len(seq) - 1
            trailing = _pop_trailing(old) if is_last else None
            _merge_map(old, dict(value), section, self)
            if trailing is not None:
                _push_trailing(old, trailing)
        else:
            seq[index] = self._new(section, dict(value))

    def remove(self, section: str, index: int) -> None:
        seq = self._section(section)
        if not 0 <= index < len(seq):
            raise IndexError(f"there is no item {index + 1} in '{section}'")
        trailing = _pop_trailing(seq) if index == len(seq) - 1 else None
        del seq[index]
        if not len(seq):
            trailing = trailing or _pop_trailing_of_key(self.root, section)
            del self.root[section]
            if trailing is not None and len(self.root):
                _push_trailing(self.root, trailing)
        elif trailing is not None:
            _push_trailing(seq, trailing)

    def _section(self, section: str) -> CommentedSeq:
        if section not in SECTIONS or section in ("article", "chains"):
            raise KeyError(f"'{section}' is not a list section of a facts file")
        seq = self.root.get(section)
        if isinstance(seq, CommentedSeq):
            if seq.fa.flow_style():  # "stances: []": written as a block list from now on
                seq.fa.set_block_style()
            return seq
        seq = CommentedSeq()
        order = SECTIONS.index(section)
        keys = list(self.root.keys())
        position = sum(1 for k in keys if k in SECTIONS and SECTIONS.index(k) < order)
        before = keys[position - 1] if position else None
        trailing = _pop_trailing_of_key(self.root, before) if before is not None else None
        self.root.insert(position, section, seq)
        # A blank line before the new section, as between the others.
        if before is not None:
            _push_trailing_of_key(self.root, before, trailing or _blank_line())
        return seq

    def _new(self, section: str, value: dict[str, Any]) -> Any:
        return _build(value, section, self, top=True)

    def chain_alias(self, steps: Any) -> Any | None:
        """The anchored chain of ``chains:`` equal to ``steps``, to be written as an alias."""
        for node in self.chains().values():
            if plain(node) == steps and isinstance(node, CommentedBase) and node.anchor.value:
                return node
        return None


def _blank_line() -> CommentToken:
    return CommentToken("\n\n", _mark(), None)


def _mark() -> Any:
    from ruamel.yaml.error import CommentMark

    return CommentMark(0)


def _ordered(kind: str, keys: list[str]) -> list[str]:
    return sorted(keys, key=lambda k: (_rank(kind, k), keys.index(k)))


def _build(value: Any, key: str, doc: FactsDocument, top: bool = False) -> Any:
    """A new YAML node for ``value`` under ``key`` (the section for a new item)."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for k in _ordered(key, [str(k) for k in value]):
            node[k] = _build(value[k], k, doc)
        if key in _FLOW_MAPPINGS and not (top and key not in ("entities", "sources")):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        if key == "according_to":
            alias = doc.chain_alias(value)
            if alias is not None:
                return alias
        seq = CommentedSeq()
        for item in value:
            seq.append(_build(item, "according_to" if key == "according_to" else key, doc))
            if key == "participants" and isinstance(seq[-1], CommentedMap):
                seq[-1].fa.set_flow_style()
        if key in _FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    return _scalar(key, value)


def _merge_map(old: CommentedMap, new: dict[str, Any], key: str, doc: FactsDocument) -> None:
    """Make ``old`` hold ``new``: unchanged values keep their nodes, removed keys go, new keys
    are inserted where :data:`KEY_ORDER` puts them."""
    for k in [k for k in old if k not in new]:
        trailing = _pop_trailing_of_key(old, k) if k == list(old.keys())[-1] else None
        del old[k]
        if trailing is not None and len(old):
            _push_trailing_of_key(old, list(old.keys())[-1], trailing)
    for k, value in new.items():
        if k in old:
            current = old[k]
            if plain(current) == value:
                continue
            if (
                k != "according_to"
                and isinstance(current, CommentedMap)
                and isinstance(value, Mapping)
            ):
                _merge_map(current, dict(value), k, doc)
            elif (
                k != "according_to"
                and isinstance(current, CommentedSeq)
                and isinstance(value, list)
            ):
                _merge_seq(current, value, k, doc)
            else:  # a scalar, or a chain (written anew, as an alias when it is one)
                trailing = _pop_trailing_of_key(old, k)
                old[k] = (doc.chain_alias(value) if k == "according_to" else None) or _build(
                    value, k, doc
                )
                _push_trailing_of_key(old, k, trailing)
        else:
            rank = _rank(key, k)
            keys = list(old.keys())
            position = len(keys)
            for i, existing in enumerate(keys):
                if _rank(key, existing) > rank:
                    position = i
                    break
            if position == len(keys) and keys:
                trailing = _pop_trailing_of_key(old, keys[-1])
                old.insert(position, k, _build(value, k, doc))
                if trailing is not None:
                    _push_trailing_of_key(old, k, trailing)
            else:
                old.insert(position, k, _build(value, k, doc))


def _merge_seq(old: CommentedSeq, new: list[Any], key: str, doc: FactsDocument) -> None:
    trailing = _pop_trailing(old) if len(old) else None
    for i, value in enumerate(new):
        if i < len(old):
            current = old[i]
            if plain(current) == value:
                continue
            if isinstance(current, CommentedMap) and isinstance(value, Mapping):
                _merge_map(current, dict(value), key, doc)
            else:
                old[i] = _build(value, key, doc)
        else:
            old.append(_build(value, key, doc))
    del old[len(new) :]
    if trailing is not None and len(old):
        _push_trailing(old, trailing)


# -- trailing comments (the blank line before the next section lives on the last key) --------


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """The container and key (or index) that holds the trailing comment of ``node``."""
    if isinstance(node, CommentedMap) and len(node):
        last = list(node.keys())[-1]
        inner = _last_slot(node[last]) if _is_block(node[last]) else None
        return inner or (node, last)
    if isinstance(node, CommentedSeq) and len(node):
        inner = _last_slot(node[-1]) if _is_block(node[-1]) else None
        return inner or (node, len(node) - 1)
    return None


def _is_block(node: Any) -> bool:
    """A block collection whose comments are its own (an anchored node may be written as an
    alias, whose comment is on the key that holds it)."""
    return (
        isinstance(node, CommentedMap | CommentedSeq)
        and not node.fa.flow_style()
        and bool(len(node))
        and not node.anchor.value
    )


def _pop_trailing(node: Any) -> Any:
    slot = _last_slot(node)
    if slot is None:
        return None
    container, key = slot
    return _pop_trailing_of_key(container, key)


def _push_trailing(node: Any, token: Any) -> None:
    slot = _last_slot(node)
    if slot is not None:
        _push_trailing_of_key(*slot, token)


def _pop_trailing_of_key(container: Any, key: Any) -> Any:
    """Take the comment after ``container[key]`` (deepest first)."""
    if key is None:
        return None
    value = container[key]
    if _is_block(value):
        inner = _pop_trailing(value)
        if inner is not None:
            return inner
    entry = container.ca.items.get(key)
    if not entry:
        return None
    position = 2 if isinstance(container, CommentedMap) else 0
    token = entry[position]
    entry[position] = None
    return token


def _push_trailing_of_key(container: Any, key: Any, token: Any) -> None:
    if token is None:
        return
    value = container[key]
    if isinstance(value, CommentedBase) and value.anchor.value:
        return  # ruamel would write it where the anchor is; the blank line is restored by dump

    if _is_block(value):
        _push_trailing(value, token)
        return
    position = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[position] = token


def iter_items(doc: FactsDocument) -> Iterator[tuple[str, int, Any]]:
    """Every item of every list section, in file order."""
    for section in SECTIONS:
        for i, item in enumerate(doc.items(section)):
            yield section, i, item
