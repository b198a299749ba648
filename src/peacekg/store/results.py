"""Query results ready to be written: the engine's solutions, boolean or triples, cut at
``max_results`` and serialized in the media type asked for. Every backend parses its results
into pyoxigraph's and prepares them here, so they are written the same way whatever the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NoReturn

import pyoxigraph as ox

from peacekg.store.base import PreparedResults, QueryForm, Writable, media_types_for
from peacekg.store.errors import QueryEvaluationError, QueryFormError, UnsupportedMediaType

OxResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def form_of(result: OxResult | Iterable[ox.Triple]) -> QueryForm:
    """The form of the query that gave ``result`` (pyoxigraph's, or parsed by it)."""
    if isinstance(result, ox.QuerySolutions):
        return QueryForm.SELECT
    if isinstance(result, ox.QueryBoolean):
        return QueryForm.ASK
    return QueryForm.CONSTRUCT


def wrong_form(result: OxResult | Iterable[ox.Triple], expected: str) -> NoReturn:
    raise QueryFormError(f"Expected a {expected} query, but this is a {form_of(result)} query.")


def prepare(
    result: OxResult | Iterable[ox.Triple],
    media_type: str,
    max_results: int | None,
    prefixes: dict[str, str] | None,
) -> PreparedResults:
    """``result`` ready to be written as ``media_type`` (UnsupportedMediaType if it cannot
    be): solutions or triples cut at ``max_results``, triples with ``prefixes``."""
    form = form_of(result)
    if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise UnsupportedMediaType(media_type, form, media_types_for(form))
        kept = prefixes if rdf_format is not ox.RdfFormat.JSON_LD else None
        return _TriplesResults(result, media_type, rdf_format, max_results, kept)
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    if results_format is None:
        raise UnsupportedMediaType(media_type, form, media_types_for(form))
    if isinstance(result, ox.QuerySolutions):
        return _SolutionsResults(result, media_type, results_format, max_results)
    return _BooleanResults(result, media_type, results_format)


def _evaluation_error(error: Exception) -> QueryEvaluationError:
    return QueryEvaluationError(f"The query failed while running: {error}.")


class _BooleanResults(PreparedResults):
    def __init__(
        self, result: ox.QueryBoolean, media_type: str, results_format: ox.QueryResultsFormat
    ) -> None:
        self.form = QueryForm.ASK
        self.media_type = media_type
        self.truncated = False
        self.max_results = None
        self._result = result
        self._format = results_format

    def write(self, output: Writable) -> None:
        self._result.serialize(output, format=self._format)  # type: ignore[arg-type]


class _Enough(Exception):
    """Raised by :class:`_FirstLines` to stop the engine once it has what it needs."""


class _FirstLines:
    """A writer that keeps the first ``limit`` lines written to it, then stops the writer."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.full = False
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        if self.full:
            raise _Enough
        newlines = data.count(b"\n")
        if self.lines + newlines < self.limit:
            self._parts.append(bytes(data))
            self.lines += newlines
            return len(data)
        end = -1
        for _ in range(self.limit - self.lines):
            end = data.index(b"\n", end + 1)
        self._parts.append(bytes(data[: end + 1]))
        self.lines, self.full = self.limit, True
        raise _Enough

    def flush(self) -> None:
        pass

    def first(self, lines: int) -> bytes:
        """The first ``lines`` lines kept (all of them if fewer were written)."""
        data = b"".join(self._parts)
        end = -1
        for _ in range(lines):
            end = data.find(b"\n", end + 1)
            if end < 0:
                return data
        return data[: end + 1]


class _SolutionsResults(PreparedResults):
    """SELECT results; with ``max_results``, cut after that many solutions.

    To cut, the engine serializes the solutions as SPARQL TSV (one solution per line, terms in
    their full Turtle form) and is stopped after ``max_results + 1`` of them (the query is
    evaluated lazily, so no further work is done); the first ``max_results`` lines are then
    parsed back by the engine, and serialized in the media type asked for. The round trip keeps
    every term, the variables and their order; the query text is never rewritten.
    """

    def __init__(
        self,
        result: ox.QuerySolutions,
        media_type: str,
        results_format: ox.QueryResultsFormat,
        max_results: int | None,
    ) -> None:
        self.form = QueryForm.SELECT
        self.media_type = media_type
        self.max_results = max_results
        self.truncated = False
        self._format = results_format
        self._solutions: ox.QuerySolutions = result
        if max_results is None:
            return
        # The header line, the solutions kept, and one more to tell whether there are more.
        writer = _FirstLines(max_results + 2)
        try:
            result.serialize(writer, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
        except Exception as error:
            if not writer.full:
                if isinstance(error, OSError | RuntimeError):
                    raise _evaluation_error(error) from error
                raise
        self.truncated = writer.full
        self._solutions = ox.parse_query_results(  # type: ignore[assignment]
            writer.first(max_results + 1), ox.QueryResultsFormat.TSV
        )

    def write(self, output: Writable) -> None:
        try:
            self._solutions.serialize(output, format=self._format)  # type: ignore[arg-type]
        except (OSError, RuntimeError) as error:
            raise _evaluation_error(error) from error


def _distinct(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once: a query over the union of graphs meets a triple once per graph that
    holds it. A 16-byte digest of each triple is remembered, not the triple itself."""
    seen: set[bytes] = set()
    for triple in triples:
        key = hashlib.blake2b(str(triple).encode(), digest_size=16).digest()
        if key not in seen:
            seen.add(key)
            yield triple


class _TriplesResults(PreparedResults):
    """CONSTRUCT and DESCRIBE results, each triple once, written with our prefixes as the
    engine produces them; with ``max_results``, the first that many triples, held until
    written (their number tells whether there were more)."""

    def __init__(
        self,
        result: Iterable[ox.Triple],
        media_type: str,
        rdf_format: ox.RdfFormat,
        max_results: int | None,
        prefixes: dict[str, str] | None,
    ) -> None:
        self.form = QueryForm.CONSTRUCT
        self.media_type = media_type
        self.max_results = max_results
        self._format = rdf_format
        self._prefixes = prefixes
        self._triples: Iterable[ox.Triple] = _distinct(result)
        self.truncated = False
        if max_results is not None:
            kept = list(islice(self._triples, max_results + 1))
            self.truncated = len(kept) > max_results
            self._triples = kept[:max_results]

    def write(self, output: Writable) -> None:
        try:
            ox.serialize(
                self._triples,
                output,  # type: ignore[arg-type]
                self._format,
                prefixes=self._prefixes,
            )
        except (OSError, RuntimeError) as error:
            raise _evaluation_error(error) from error
