"""The store interface: what the rest of peacekg may ask of a triple store.

A backend (today :class:`~peacekg.store.oxigraph.OxigraphStore`; a remote SPARQL 1.1 endpoint
later) implements :class:`Store`. Results come back as rdflib terms, so no caller depends on the
engine. Reads see the union of every graph of the dataset, unless the query uses ``GRAPH``; a
triple asserted in two graphs is then seen twice, so queries that count use ``DISTINCT``. A query
that names its own dataset (``FROM`` / ``FROM NAMED``) sees exactly that dataset instead: its
default graph is the merge of the FROM graphs (empty if there are none), and ``GRAPH`` sees only
the FROM NAMED graphs.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, Self

from rdflib import BNode, Dataset, Graph, Literal, URIRef

Term = URIRef | BNode | Literal
TripleTerms = tuple[URIRef | BNode, URIRef, Term]


class QueryForm(StrEnum):
    """The four forms of a SPARQL query."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"

    @property
    def returns_graph(self) -> bool:
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


# Media types of SPARQL results (SELECT, ASK) ...
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
RESULTS_MEDIA_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)


class RdfFormat(StrEnum):
    """The RDF serializations peacekg reads and writes; the value is the name users type."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self][0]

    @property
    def keeps_graphs(self) -> bool:
        """True for the formats that can say which named graph a triple is in."""
        return self in (RdfFormat.NQUADS, RdfFormat.TRIG, RdfFormat.JSONLD)

    @classmethod
    def from_path(cls, path: Path) -> RdfFormat | None:
        """The format a file's extension names, or None: ``Path("a.ttl")`` -> TURTLE."""
        suffix = path.suffix.lower()
        return next((fmt for fmt, exts in _EXTENSIONS.items() if suffix in exts), None)


_MEDIA_TYPES = {
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.NTRIPLES: "application/n-triples",
    RdfFormat.NQUADS: "application/n-quads",
    RdfFormat.TRIG: "application/trig",
    RdfFormat.JSONLD: "application/ld+json",
    RdfFormat.RDFXML: "application/rdf+xml",
}
_EXTENSIONS = {
    RdfFormat.TURTLE: (".ttl",),
    RdfFormat.NTRIPLES: (".nt",),
    RdfFormat.NQUADS: (".nq",),
    RdfFormat.TRIG: (".trig",),
    RdfFormat.JSONLD: (".jsonld", ".json"),
    RdfFormat.RDFXML: (".rdf", ".owl", ".xml"),
}
GRAPH_MEDIA_TYPES = tuple(_MEDIA_TYPES.values())


def media_types_for(form: QueryForm) -> tuple[str, ...]:
    """The media types the results of a query of this form can be serialized in."""
    return GRAPH_MEDIA_TYPES if form.returns_graph else RESULTS_MEDIA_TYPES


@dataclass(frozen=True)
class SelectResult:
    """The solutions of a SELECT query: variable names, and one row of terms per solution.

    A row holds one term per variable, in the order of ``variables``; ``None`` where unbound.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def bindings(self) -> list[dict[str, Term]]:
        """The rows as dictionaries from variable name to term, unbound variables left out."""
        return [
            {var: term for var, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


class Writable(Protocol):
    """Where serialized results go: a binary file, a socket, a pipe to the parent process."""

    def write(self, data: bytes, /) -> object: ...


class PreparedResults(ABC):
    """A query's results, evaluated as far as needed to know whether they were cut short, and
    ready to be serialized by the engine.

    ``truncated`` is True when the query had more than ``max_results`` solutions (SELECT) or
    triples (CONSTRUCT, DESCRIBE) and only the first ``max_results`` are written. Write the
    results once, in the thread that prepared them.
    """

    form: QueryForm
    media_type: str
    truncated: bool
    max_results: int | None

    @abstractmethod
    def write(self, output: Writable) -> None:
        """Serialize the results to ``output``, a piece at a time as the engine produces them.

        Raises QueryEvaluationError if the query fails while its results are produced.
        """


class Store(ABC):
    """A dataset of named graphs that can be queried with SPARQL 1.1, loaded and dumped.

    Use it as a context manager, or call :meth:`close` when done.
    """

    @abstractmethod
    def select(self, query: str) -> SelectResult:
        """Run a SELECT query. Raises QuerySyntaxError, QueryFormError if not a SELECT."""

    @abstractmethod
    def ask(self, query: str) -> bool:
        """Run an ASK query. Raises QuerySyntaxError, QueryFormError if not an ASK."""

    @abstractmethod
    def construct(self, query: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return its triples."""

    @abstractmethod
    def prepare_results(
        self, query: str, media_type: str, *, max_results: int | None = None
    ) -> PreparedResults:
        """Run any query, to be serialized by the engine in ``media_type``.

        SELECT and ASK take the SPARQL results types (JSON, XML, CSV, TSV), CONSTRUCT and
        DESCRIBE the RDF ones (see :func:`media_types_for`); others raise UnsupportedMediaType.
        With ``max_results``, at most that many solutions (or triples) are kept, and the
        results say whether some were left out.
        """

    def query_serialized(self, query: str, media_type: str) -> bytes:
        """Run any query and return all its results serialized by the engine in ``media_type``."""
        buffer = io.BytesIO()
        self.prepare_results(query, media_type).write(buffer)
        return buffer.getvalue()

    @abstractmethod
    def load(self, source: Dataset | Path, *, graph: str | None = None) -> None:
        """Add the quads of an rdflib Dataset, or of an RDF file (format from its extension).

        Triples of a graph-less file go to ``graph`` if given, else to the default graph.
        Raises LoadError if the file cannot be read or parsed; then nothing is added.
        """

    @abstractmethod
    def replace_graph(self, graph_iri: str, triples: Iterable[TripleTerms]) -> None:
        """Make the named graph hold exactly ``triples``, in one transaction.

        Readers see either the old graph or the new one. No triples removes the graph.
        """

    @abstractmethod
    def graphs(self) -> list[URIRef | BNode]:
        """The names of the named graphs that hold at least one triple, sorted."""

    @abstractmethod
    def count(self) -> int:
        """The number of quads in the dataset (the default graph's triples included)."""

    @abstractmethod
    def dump(self, fmt: RdfFormat, destination: BinaryIO) -> None:
        """Write the dataset to ``destination``.

        Formats that keep graphs (N-Quads, TriG, JSON-LD) write every graph as it is; the others
        (Turtle, N-Triples, RDF/XML) write the union of all graphs, each triple once.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the store; any later call raises StoreUnavailable."""

    def reopen(self) -> None:  # noqa: B027 (a store that reads live has nothing to do)
        """See what other writers have written since the store was opened: a read-only store on
        disk reads a snapshot taken when it opened."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
