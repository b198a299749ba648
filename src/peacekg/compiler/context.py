"""Where the compiler is in a file, so every error can name the file, the line and the fact."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from peacekg.compiler.errors import FactsError
from peacekg.compiler.registry import UnknownReference
from peacekg.compiler.yamlsource import YamlSource, singular

Loc = tuple[int | str, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FileContext:
    source: YamlSource

    def where(self) -> str:
        """The file, as messages name it (``data/reference/actors.yaml``)."""
        return str(self.source.path)

    def fail(self, loc: Loc, problem: str, fact: str | None = None) -> FactsError:
        line, column = self.source.locate(loc)
        return FactsError(problem, path=self.source.path, line=line, column=column, fact=fact)

    @contextmanager
    def at(self, loc: Loc, fact: str | None = None) -> Iterator[None]:
        """Turn a resolver or value error inside the block into a located FactsError."""
        try:
            yield
        except (UnknownReference, ValueError) as exc:
            raise self.fail(loc, str(exc), fact) from None

    def parse(self, model: type[M]) -> M:
        """Validate the whole file against ``model``; the first error is reported with its place."""
        try:
            return model.model_validate(self.source.data)
        except ValidationError as exc:
            errors = exc.errors()
            first = _most_telling(errors)
            loc = _clean_loc(first["loc"])
            sentence = _sentence(first, loc)
            if first["type"] == "extra_forbidden":
                sentence += _did_you_mean(loc, errors)
            raise self.fail(loc, sentence, _fact_of(self.source.data, loc)) from None


def _is_union_tag(part: int | str) -> bool:
    return part in ("new", "ref") or (
        isinstance(part, str) and part.startswith(("list[", "literal["))
    )


def _clean_loc(loc: tuple[int | str, ...]) -> Loc:
    return tuple(p for p in loc if not _is_union_tag(p))


def _most_telling(errors: list[ErrorDetails]) -> ErrorDetails:
    """The error to show first: an unknown key (a typo explains the rest), else the deepest
    one (inside a union such as ``'article' | [steps]``, the branch that got furthest)."""
    for error in errors:
        if error["type"] == "extra_forbidden":
            return error
    return max(errors, key=lambda e: len(_clean_loc(e["loc"])))


def _did_you_mean(loc: Loc, errors: list[ErrorDetails]) -> str:
    """For an unknown key, the required key missing beside it that it most resembles."""
    parent = loc[:-1]
    missing = [
        str(_clean_loc(e["loc"])[-1])
        for e in errors
        if e["type"] == "missing" and _clean_loc(e["loc"])[:-1] == parent
    ]
    close = difflib.get_close_matches(str(loc[-1]), missing, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _sentence(error: ErrorDetails, loc: Loc) -> str:
    field = ".".join(str(p) for p in loc) or "the file"
    kind = error["type"]
    msg = str(error["msg"])
    if kind == "missing":
        return f"'{loc[-1]}' is required here ({field})"
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}' ({field}); see data/README.md for the keys"
    if kind == "model_type" and not loc:
        return "the file must be a mapping of sections (article:, events:, stances:, ...)"
    msg = msg.removeprefix("Value error, ")
    return f"{field}: {msg[0].lower()}{msg[1:]}" if msg else field


def _fact_of(data: object, loc: Loc) -> str | None:
    """The section and id of the fact an error location falls in (``stance 'x'``)."""
    if len(loc) < 2 or not isinstance(data, dict):
        return None
    section, index = loc[0], loc[1]
    items = data.get(section)
    if isinstance(items, list) and isinstance(index, int) and index < len(items):
        item = items[index]
        if isinstance(item, dict):
            ident = item.get("id") or item.get("ref")
            if ident:
                return f"{singular(str(section))} '{ident}'"
    return None
