"""Writing to the store for ingest: the store opened for writing, the one-step commits, and the
checkpoints a crash test can stop at.

Every change ingest makes is ONE SPARQL update, and Oxigraph runs one update as one
transaction: a reader, or a process that opens the store after a crash (SIGKILL included),
sees the store as it was before the update or as it is after it, never in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from peacekg.config import Settings
from peacekg.namespaces import BASE, PREFIXES
from peacekg.store import OxigraphStore, Store, StoreNotFound, StoreUnavailable, TripleTerms
from peacekg.store.directory import recover_unless_building, swap_lock

RETRACTIONS_GRAPH = URIRef(BASE + "graph/retractions")

# Called with a checkpoint's name ("commit-start", "commit-end") as ingest reaches it. Empty in
# normal use; the crash tests add a hook that announces the checkpoint and waits to be killed.
CHECKPOINTS: list[Callable[[str], None]] = []


def checkpoint(name: str) -> None:
    for hook in CHECKPOINTS:
        hook(name)


@contextmanager
def open_for_writing(settings: Settings) -> Iterator[Store]:
    """The store at ``settings.store_path``, opened for writing, with the build lock held so
    that no ``peacekg build`` swaps the directory away during an ingest."""
    path = settings.store_path
    recover_unless_building(path)
    if not (path / "CURRENT").is_file():
        raise StoreNotFound(path)
    with swap_lock(path) as taken:
        if not taken:
            raise StoreUnavailable(
                f"A build or another ingest of {path} is running; try again when it ends."
            )
        with OxigraphStore(path, prefixes=PREFIXES, base_iri=settings.base_iri) as store:
            yield store


def commit_graph(store: Store, graph_iri: str, triples: Iterable[TripleTerms]) -> None:
    """Make ``graph_iri`` hold exactly ``triples``, in one transaction."""
    checkpoint("commit-start")
    store.replace_graph(graph_iri, triples)
    checkpoint("commit-end")


def retract_graph(store: Store, graph_iri: str, article: URIRef, when: datetime) -> URIRef:
    """Drop ``graph_iri`` and record the retraction in the retractions graph, in one update."""
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aid = str(article).rsplit("/", 1)[-1]
    record = URIRef(f"{BASE}id/retraction/{aid}/{stamp}")
    at = Literal(when.astimezone(UTC).isoformat(), datatype=XSD.dateTime)
    label = Literal(f"Retraction of article {aid}", lang="en")
    body = " ".join(
        f"{s.n3()} {p.n3()} {o.n3()} ."
        for s, p, o in (
            (record, RDF.type, PROV.Activity),
            (record, RDFS.label, label),
            (record, PROV.invalidated, article),
            (record, PROV.invalidated, URIRef(graph_iri)),
            (record, PROV.endedAtTime, at),
        )
    )
    update = (
        f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        f"INSERT DATA {{ GRAPH <{RETRACTIONS_GRAPH}> {{ {body} }} }}"
    )
    checkpoint("commit-start")
    run_update(store, update)
    checkpoint("commit-end")
    return record


def run_update(store: Store, update: str) -> None:
    """Run one SPARQL update as one transaction.

    The Store interface has no general update yet (only ``replace_graph``, one graph), so this
    reaches into the Oxigraph backend; see the report for the ``Store.update`` it calls for.
    """
    if not isinstance(store, OxigraphStore):
        raise TypeError(f"ingest can retract only on an Oxigraph store, not {type(store)}")
    store._writable().update(update)
