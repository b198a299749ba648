"""RDF files in and out: the formats pyoxigraph reads and writes, a file's quads read whole, a
dataset written as a dump; and a file read into an rdflib Dataset."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from peacekg.store.base import RdfFormat
from peacekg.store.errors import LoadError

OX_FORMATS = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
}

RDFLIB_FORMATS = {
    RdfFormat.TURTLE: "turtle",
    RdfFormat.NTRIPLES: "nt",
    RdfFormat.NQUADS: "nquads",
    RdfFormat.TRIG: "trig",
    RdfFormat.JSONLD: "json-ld",
    RdfFormat.RDFXML: "xml",
}


def file_format(source: Path) -> RdfFormat:
    """The format of an RDF file, told by its extension; LoadError if it tells none."""
    fmt = RdfFormat.from_path(source)
    if fmt is None:
        raise LoadError(
            f"Cannot tell the RDF format of {source} from its extension "
            f"(known: .ttl .nt .nq .trig .jsonld .rdf)."
        )
    return fmt


def read_quads(source: Path, to_graph: ox.NamedNode | None) -> list[ox.Quad]:
    """Every quad of the file, read here first: a broken file sends nothing. With
    ``to_graph``, the triples of its default graph go there."""
    fmt = file_format(source)
    try:
        quads = list(ox.parse(path=str(source), format=OX_FORMATS[fmt]))
    except SyntaxError as error:
        raise LoadError(f"{source} is not valid {fmt.name}: {error}.") from None
    except OSError as error:
        raise LoadError(f"{source} cannot be read: {error}.") from error
    if to_graph is None:
        return quads
    return [
        ox.Quad(q.subject, q.predicate, q.object, to_graph)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in quads
    ]


def write_dump(
    engine: ox.Store, fmt: RdfFormat, destination: BinaryIO, prefixes: dict[str, str] | None
) -> None:
    """Everything ``engine`` holds, written as ``fmt``; the formats without graphs get the
    union of every graph."""
    if fmt.keeps_graphs:
        destination.write(_dump_engine(engine, OX_FORMATS[fmt], None, prefixes))
        return
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in engine)
    destination.write(_dump_engine(union, OX_FORMATS[fmt], ox.DefaultGraph(), prefixes))


def _dump_engine(
    store: ox.Store,
    fmt: ox.RdfFormat,
    from_graph: ox.DefaultGraph | None,
    prefixes: dict[str, str] | None,
) -> bytes:
    kept = prefixes if fmt not in (ox.RdfFormat.JSON_LD,) else None
    data = store.dump(format=fmt, from_graph=from_graph, prefixes=kept)
    assert data is not None  # dump() returns the bytes when given no output
    return data


def read_dataset(path: Path) -> Dataset:
    """The RDF file at ``path`` (its format told by its extension) as an rdflib Dataset;
    LoadError if it cannot be parsed."""
    rdf_format = file_format(path)
    dataset = Dataset()
    try:
        dataset.parse(path, format=RDFLIB_FORMATS[rdf_format])
    except Exception as error:  # rdflib's parsers raise many kinds
        raise LoadError(f"{path} is not valid {rdf_format.name}: {error}") from error
    return dataset
