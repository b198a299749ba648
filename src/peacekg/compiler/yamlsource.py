"""Read YAML while keeping each node's line and column, so errors can point at them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from peacekg.compiler.errors import FactsError


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text until the models parse them, so that an impossible date ("2025-13-02") is
# reported with its file, line and fact rather than failing inside the YAML parser.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlSource:
    """A parsed YAML file: its data, and the node tree for locating a path in it."""

    path: Path
    data: Any
    root: yaml.Node | None

    def fact_at_line(self, line: int) -> str | None:
        """The fact (``event 'x'``) whose entry spans ``line`` (1-based), if any."""
        if not isinstance(self.root, yaml.MappingNode):
            return None
        for key_node, value_node in self.root.value:
            if not isinstance(value_node, yaml.SequenceNode):
                continue
            for item in value_node.value:
                if item.start_mark.line + 1 <= line <= item.end_mark.line and isinstance(
                    item, yaml.MappingNode
                ):
                    for k, v in item.value:
                        if k.value in ("id", "ref") and isinstance(v, yaml.ScalarNode):
                            return f"{singular(str(key_node.value))} '{v.value}'"
        return None

    def locate(self, loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the node at ``loc`` (keys and list indexes), or of the
        deepest node on the way that exists."""
        node = self.root
        best: tuple[int | None, int | None] = (None, None)
        if node is not None:
            best = (node.start_mark.line + 1, node.start_mark.column + 1)
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for key_node, value_node in node.value:
                    if key_node.value == step:
                        nxt = value_node
                        best = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                        break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step] if 0 <= step < len(node.value) else None
                if node is not None:
                    best = (node.start_mark.line + 1, node.start_mark.column + 1)
            else:
                node = None
            if node is None:
                break
        return best


def read_yaml(path: Path) -> YamlSource:
    """Parse ``path``; a syntax error becomes a FactsError with line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FactsError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise FactsError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path) from None
    root: yaml.Node | None = None
    try:
        root = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: builds plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        line = mark.line + 1 if mark else None
        fact = YamlSource(path, None, root).fact_at_line(line) if line and root else None
        raise FactsError(
            f"YAML syntax error: {problem}",
            path=path,
            line=line,
            column=mark.column + 1 if mark else None,
            fact=fact,
        ) from None
    return YamlSource(path=path, data=data, root=root)


_SINGULAR = {
    "entities": "entity",
    "events": "event",
    "stances": "stance",
    "offices": "office",
    "mandates": "mandate",
    "documents": "document",
    "sources": "source",
    "concepts": "concept",
    "versions": "version",
    "provisions": "provision",
}


def singular(section: str) -> str:
    """``stances`` -> ``stance``: how a fact of a section is named in messages."""
    return _SINGULAR.get(section, section)
