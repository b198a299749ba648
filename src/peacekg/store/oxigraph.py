"""The store on Oxigraph (pyoxigraph): on disk, or in memory when no path is given.

>>> from rdflib import Dataset, Literal, URIRef
>>> data = Dataset()
>>> data.graph(URIRef("https://example.org/g")).add(
...     (URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x")))
<Graph identifier=https://example.org/g (<class 'rdflib.graph.Graph'>)>
>>> with OxigraphStore() as store:
...     store.load(data)
...     store.select("SELECT ?o WHERE { ?s ?p ?o }").rows
((rdflib.term.Literal('x'),),)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import BinaryIO, NoReturn

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from peacekg.store.base import (
    PreparedResults,
    QueryForm,
    RdfFormat,
    SelectResult,
    Store,
    Term,
    TripleTerms,
    Writable,
    media_types_for,
)
from peacekg.store.errors import (
    LoadError,
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    StoreNotFound,
    StoreReadOnly,
    StoreTooLarge,
    StoreUnavailable,
    UnsupportedMediaType,
)
from peacekg.store.sparql_text import has_dataset_clause

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

_OX_FORMATS = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
}
_XSD_STRING = str(XSD.string)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """The rdflib term for a pyoxigraph term; a plain string literal stays plain."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    raise TypeError(f"peacekg does not handle RDF-star quoted triples (got {term}).")


def to_oxigraph(term: URIRef | BNode | Literal) -> OxTerm:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"Not an RDF term: {term!r}.")


def _graph_name(identifier: object) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The pyoxigraph graph name for the identifier rdflib gives a Dataset's graph."""
    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(identifier, URIRef):
        return ox.NamedNode(str(identifier))
    if isinstance(identifier, BNode):
        return ox.BlankNode(str(identifier))
    raise TypeError(f"Not a graph name: {identifier!r}.")


class OxigraphStore(Store):
    """A :class:`Store` over ``pyoxigraph.Store``.

    ``path`` None keeps the data in memory. ``read_only`` opens an existing store on disk
    without locking it, so several readers (a CLI query and the HTTP service) can share it.
    ``prefixes`` are known to every query (a query's own PREFIX wins); ``base_iri`` resolves
    relative IRIs in queries.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        read_only: bool = False,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._prefixes = dict(prefixes) if prefixes else None
        self._base_iri = base_iri
        self._store: ox.Store | None = self._open(path, read_only)
        self._count: int | None = None  # a read-only store's count, kept until reopen()

    @classmethod
    def memory_copy(
        cls,
        path: Path,
        *,
        max_quads: int | None = None,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> OxigraphStore:
        """An in-memory store holding a copy of the store on disk at ``path`` (as it is now).

        The engine answers 5–10 times faster from memory than from its on-disk store; the copy
        takes about 0.5 GB and 10 s per million quads. StoreTooLarge, before copying anything,
        if the store holds more than ``max_quads`` quads (counting them takes about 0.2 s per
        million).
        """
        source = cls._open(path, read_only=True)
        if max_quads is not None and len(source) > max_quads:
            raise StoreTooLarge(path, max_quads)
        copy = cls(prefixes=prefixes, base_iri=base_iri)
        copy._engine.extend(source.quads_for_pattern(None, None, None, None))
        return copy

    @staticmethod
    def _open(path: Path | None, read_only: bool) -> ox.Store:
        if path is None:
            if read_only:
                raise ValueError("An in-memory store cannot be opened read-only.")
            return ox.Store()
        try:
            if read_only:
                if not (path / "CURRENT").is_file():
                    raise StoreNotFound(path)
                return ox.Store.read_only(str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreUnavailable(
                    f"The store at {path} is in use by another process: {error}."
                ) from error
            raise StoreUnavailable(f"The store at {path} cannot be opened: {error}.") from error
        except RuntimeError as error:  # RocksDB reports a damaged directory this way
            raise StoreUnavailable(f"The store at {path} is damaged: {error}.") from error

    # -- reading ---------------------------------------------------------------------------

    @property
    def _engine(self) -> ox.Store:
        if self._store is None:
            raise StoreUnavailable(f"The store at {self.path or 'memory'} has been closed.")
        return self._store

    def _run(self, query: str) -> OxResult:
        # The union of all graphs is the default graph, unless the query names its dataset:
        # the engine then takes the query's FROM / FROM NAMED (the union option would win).
        try:
            return self._engine.query(
                query,
                use_default_graph_as_union=not has_dataset_clause(query),
                prefixes=self._prefixes,
                base_iri=self._base_iri,
            )
        except SyntaxError as error:
            raise QuerySyntaxError(str(error), query) from None
        except (OSError, RuntimeError) as error:
            raise QueryEvaluationError(f"The query failed while running: {error}.") from error

    def select(self, query: str) -> SelectResult:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            wrong_form(result, "SELECT")
        variables = tuple(variable.value for variable in result.variables)
        try:
            rows = tuple(
                tuple(None if term is None else to_rdflib(term) for term in solution)
                for solution in result
            )
        except (OSError, RuntimeError) as error:
            raise QueryEvaluationError(f"The query failed while running: {error}.") from error
        return SelectResult(variables, rows)

    def ask(self, query: str) -> bool:
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            wrong_form(result, "ASK")
        return bool(result)

    def construct(self, query: str) -> Graph:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            wrong_form(result, "CONSTRUCT or DESCRIBE")
        graph = Graph()
        try:
            for triple in result:
                graph.add(
                    (
                        to_rdflib(triple.subject),
                        to_rdflib(triple.predicate),
                        to_rdflib(triple.object),
                    )
                )
        except (OSError, RuntimeError) as error:
            raise QueryEvaluationError(f"The query failed while running: {error}.") from error
        return graph

    def prepare_results(
        self, query: str, media_type: str, *, max_results: int | None = None
    ) -> PreparedResults:
        result = self._run(query)
        try:
            return prepare(result, media_type, max_results, self._prefixes)
        except (OSError, RuntimeError) as error:
            raise QueryEvaluationError(f"The query failed while running: {error}.") from error

    def graphs(self) -> list[URIRef | BNode]:
        names = [to_rdflib(name) for name in self._engine.named_graphs()]
        return sorted(name for name in names if isinstance(name, URIRef | BNode))

    def count(self) -> int:
        # Counting reads every quad (0.15 s per million on disk); a read-only store is a
        # snapshot until reopen(), so its count is kept (``/health`` asks it each time).
        if not self.read_only:
            return len(self._engine)
        if self._count is None:
            self._count = len(self._engine)
        return self._count

    def dump(self, fmt: RdfFormat, destination: BinaryIO) -> None:
        if fmt.keeps_graphs:
            destination.write(self._dump_engine(self._engine, _OX_FORMATS[fmt], None))
            return
        union = ox.Store()
        union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in self._engine)
        destination.write(self._dump_engine(union, _OX_FORMATS[fmt], ox.DefaultGraph()))

    def _dump_engine(
        self, store: ox.Store, fmt: ox.RdfFormat, from_graph: ox.DefaultGraph | None
    ) -> bytes:
        prefixes = self._prefixes if fmt not in (ox.RdfFormat.JSON_LD,) else None
        data = store.dump(format=fmt, from_graph=from_graph, prefixes=prefixes)
        assert data is not None  # dump() returns the bytes when given no output
        return data

    # -- writing ---------------------------------------------------------------------------

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreReadOnly(f"The store at {self.path} was opened read-only.")
        return self._engine

    def load(self, source: Dataset | Path, *, graph: str | None = None) -> None:
        engine = self._writable()
        to_graph = ox.NamedNode(graph) if graph else None
        if isinstance(source, Dataset):
            engine.extend(self._quads(source, to_graph))
            return
        fmt = RdfFormat.from_path(source)
        if fmt is None:
            raise LoadError(
                f"Cannot tell the RDF format of {source} from its extension "
                f"(known: .ttl .nt .nq .trig .jsonld .rdf)."
            )
        try:
            engine.load(path=str(source), format=_OX_FORMATS[fmt], to_graph=to_graph)
        except SyntaxError as error:
            raise LoadError(f"{source} is not valid {fmt.name}: {error}.") from None
        except OSError as error:
            raise LoadError(f"{source} cannot be read: {error}.") from error

    @staticmethod
    def _quads(dataset: Dataset, to_graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        for s, p, o, g in dataset.quads((None, None, None, None)):
            name = to_graph if to_graph is not None else _graph_name(g)
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleTerms]) -> None:
        engine = self._writable()
        name = ox.NamedNode(graph_iri)
        body = "\n".join(
            f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in triples
        )
        # One update is one transaction: readers never see the graph half replaced.
        engine.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}")

    def reopen(self) -> None:
        if self.read_only and self.path is not None and self._store is not None:
            self._store = self._open(self.path, read_only=True)
            self._count = None

    def close(self) -> None:
        if self._store is not None:
            if self.path is not None and not self.read_only:
                self._store.flush()
            self._store = None


# -- results, ready to be written -----------------------------------------------------------


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
