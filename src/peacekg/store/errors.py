"""What can go wrong with a store, as exceptions a caller can map to a message or an HTTP status.

Every exception's ``str()`` is one sentence for a person: what went wrong and where.
"""

from __future__ import annotations

import re
from pathlib import Path

_POSITION = re.compile(r"error at (\d+):(\d+)")
# A character class in a parser's list of expected tokens: ['A' ..= 'Z' | 'a' ..= 'z' | ...]
_CHAR_CLASS = re.compile(r"""\[(?:[^\[\]'"]|'[^']*'|"[^"]*")*\]""")


def _tidy(parser_message: str) -> str:
    """The parser's message on one line, its character classes shown as '…'."""
    message = " ".join(_CHAR_CLASS.sub("…", parser_message).split())
    while ", …, …" in message:
        message = message.replace(", …, …", ", …")
    return message.rstrip(".")


class StoreError(Exception):
    """Base class of every store error."""


class QuerySyntaxError(StoreError):
    """The SPARQL text does not parse; ``parser_message`` is the parser's own words (``str()``
    gives them on one line, without the long lists of character ranges).

    ``line`` and ``column`` (1-based) point into the query when the parser says where.
    """

    def __init__(self, parser_message: str, query: str) -> None:
        self.parser_message = parser_message
        self.query = query
        match = _POSITION.search(parser_message)
        self.line: int | None = int(match.group(1)) if match else None
        self.column: int | None = int(match.group(2)) if match else None
        super().__init__(f"The SPARQL query is not valid: {_tidy(parser_message)}.")


class QueryFormError(StoreError):
    """The query is valid but of another form than the call expects (an ASK given to select())."""


class QueryEvaluationError(StoreError):
    """The query parsed but failed while it ran."""


class UnsupportedMediaType(StoreError):
    """The results of this query cannot be serialized in the media type asked for."""

    def __init__(self, media_type: str, query_form: str, supported: tuple[str, ...]) -> None:
        self.media_type = media_type
        self.query_form = str(query_form)
        self.supported = supported
        super().__init__(
            f"The results of a {query_form} query cannot be given as {media_type!r}; "
            f"use one of {', '.join(supported)}."
        )


class StoreUnavailable(StoreError):
    """The store cannot be opened or used (in use by another process, damaged, closed)."""


class StoreNotFound(StoreUnavailable):
    """There is no store at the given path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"There is no store at {path}.")


class StoreTooLarge(StoreUnavailable):
    """The store holds more quads than may be copied into memory (it cannot be used there)."""

    def __init__(self, path: Path, max_quads: int) -> None:
        self.path = path
        self.max_quads = max_quads
        super().__init__(
            f"The store at {path} holds more than {max_quads:,} quads, the most copied into "
            f"memory (memory_engine_max_quads); its queries read it on disk."
        )


class StoreReadOnly(StoreError):
    """A write was attempted on a store opened read-only."""


class LoadError(StoreError):
    """RDF given to load() could not be read or parsed."""


class QueryTimeout(StoreError):
    """The query ran longer than the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"The query ran longer than {seconds:g} s, the limit of this endpoint, and was "
            f"stopped; narrow it down (a LIMIT, fewer unbound triple patterns) and try again."
        )


class TooManyQueries(StoreError):
    """Every query slot stayed busy while the query waited; ``retry_after`` is in seconds."""

    def __init__(self, slots: int, retry_after: int) -> None:
        self.slots = slots
        self.retry_after = retry_after
        super().__init__(
            f"This endpoint is already running {slots} "
            f"{'query' if slots == 1 else 'queries'}, its limit; retry in {retry_after} s."
        )


class QueryWorkerFailed(StoreError):
    """The process running the query died before it finished (out of memory, killed)."""
