"""One definition of conflicting stances, everywhere: ``GET /api/v1/claims/conflicts``,
``peacekg conflicts`` and the ``pk:contradicts`` links the ingest writes.

The REST lookup and the CLI listing both run ``stance_conflicts.rq``; the ingest checks a new
article, before it is stored, in Python (:func:`peacekg.ingest.conflicts.conflicting_pairs`).
These tests prove that the three agree: the same holder, issue and places, valid times that
overlap (a stance ends where a stance superseding it starts), and values incompatible on the
ordered stance-value scheme (one AGAINST, the other FAVOR or in the upper half of the ranks).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from itertools import product
from pathlib import Path

import httpx
import pytest
from ingest_harness import AMNESTY, POSTPONED, ROOT, ROUND3, article, fresh_store, settings_for
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from typer.testing import CliRunner

from peacekg.api import create_app
from peacekg.cli import app
from peacekg.ingest import ingest_article
from peacekg.ingest.conflicts import conflicting_pairs, stance_conflicts
from peacekg.namespaces import PK, PREFIXES
from peacekg.store import OxigraphStore

sys.path.insert(0, str(ROOT / "tests" / "api" / "rest"))

from rest_harness import serve, settings

ID = "https://w3id.org/peacekg/id/"
VOCAB = "https://w3id.org/peacekg/vocab/stance-value/"
GRAPH = "https://w3id.org/peacekg/graph/article/"
Pairs = set[frozenset[str]]

# Arvenia on prisoners: "agrees" (round 3), "ready to be flexible" (round 4): different
# values, the same side of the scheme.
COMPATIBLE = frozenset(
    (
        f"{ID}article/{ROUND3}/arvenia-prisoners-all",
        f"{ID}article/{POSTPONED}/arvenia-prisoner-exchange-open",
    )
)
# Arvenia on amnesty: "rejects" (round 3, AGAINST), "agrees" (the amnesty article, FAVOR).
INCOMPATIBLE = frozenset(
    (
        f"{ID}article/{ROUND3}/arvenia-amnesty-rejection",
        f"{ID}article/{AMNESTY}/arvenia-amnesty-agreed",
    )
)


def ingest(store: Path, name: str) -> None:
    text, facts = article(name)
    ingest_article(text, facts, settings_for(store))


def rest_pairs(store: Path) -> Pairs:
    """The stance pairs ``GET /api/v1/claims/conflicts`` lists."""
    with (
        OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader,
        serve(create_app(settings(), store=reader)) as server,
        httpx.Client(base_url=server.url + "/api/v1", timeout=60) as http,
    ):
        response = http.get("/claims/conflicts", params={"limit": 500})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) < 500
    return {
        frozenset((c["a"]["fact"]["iri"], c["b"]["fact"]["iri"]))
        for c in items
        if c["kind"] == "incompatible-stances"
    }


def cli_pairs(store: Path) -> Pairs:
    """The stance pairs whose claims ``peacekg conflicts`` lists as contradicting."""
    listed = CliRunner().invoke(app, ["conflicts", "--store", str(store), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    return {
        frozenset((c["a"]["stance"], c["b"]["stance"]))
        for c in json.loads(listed.stdout)
        if c["kind"] == "contradicts"
    }


def linked_pairs(store: Path, name: str) -> Pairs:
    """The stance pairs the ingest of article ``name`` linked with ``pk:contradicts``."""
    query = f"""SELECT DISTINCT ?sa ?sb WHERE {{
        GRAPH <{GRAPH}{name}> {{ ?ca pk:contradicts ?cb }}
        ?ca pk:supports ?sa . ?cb pk:supports ?sb }}"""
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        return {frozenset((str(a), str(b))) for a, b in reader.select(query).rows}


def query_pairs_of(store: Path, name: str) -> Pairs:
    """The pairs of ``stance_conflicts.rq`` with a stance of article ``name`` in them."""
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        own = {
            str(row[0])
            for row in reader.select(
                f"SELECT ?s WHERE {{ GRAPH <{GRAPH}{name}> {{ ?s a pk:Stance }} }}"
            ).rows
        }
        return {frozenset(map(str, p)) for p in stance_conflicts(reader) if own & set(map(str, p))}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield fresh_store(tmp_path_factory.mktemp("agree"))


def test_rest_and_cli_list_the_same_stance_pairs(store: Path) -> None:
    ingest(store, ROUND3)
    ingest(store, POSTPONED)
    # Different values on the same side of the scheme, overlapping: listed by neither.
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        values = {
            str(s): str(v)
            for s, v in reader.select(
                f"SELECT ?s ?v WHERE {{ VALUES ?s {{ {' '.join(f'<{s}>' for s in COMPATIBLE)} }} "
                "?s pk:value ?v }"
            ).rows
        }
    assert sorted(values.values()) == [VOCAB + "agrees", VOCAB + "flexible"]
    assert rest_pairs(store) == cli_pairs(store) == set()
    # AGAINST ("rejects") against FAVOR ("agrees"): listed by both, and linked by the ingest.
    ingest(store, AMNESTY)
    rest, cli = rest_pairs(store), cli_pairs(store)
    assert rest == cli == {INCOMPATIBLE}
    assert COMPATIBLE not in rest | cli
    assert linked_pairs(store, AMNESTY) == {INCOMPATIBLE}


def test_the_ingest_links_exactly_the_pairs_the_query_finds(tmp_path: Path) -> None:
    path = fresh_store(tmp_path)
    for name in (ROUND3, POSTPONED, AMNESTY):
        ingest(path, name)
        assert linked_pairs(path, name) == query_pairs_of(path, name), name


# -- every value against every other, and the limits of a stance in time and place ---------------

NEW = "urn:test:graph/new"
STORED = "urn:test:graph/stored"
ISSUE = URIRef(f"{ID}issue/amnesty")
RANKS = ["red-line", "rejects", "demands", "defers", "proposes", "flexible", "supports", "agrees"]
AGAINST = {"red-line", "rejects"}
# A demand is no contradiction of a refusal ("will not concede Donetsk", "demands Donetsk").
AGAINST_THEM = {"proposes", "flexible", "supports", "agrees"}


class Stances:
    """Stances written straight as triples: stored ones, and those of a new article."""

    def __init__(self) -> None:
        self.stored = Dataset()
        self.new = Graph()
        self.expected: Pairs = set()

    def add(
        self,
        name: str,
        holder: str,
        value: str,
        start: str,
        *,
        new: bool = False,
        until: str | None = None,
        places: tuple[str, ...] = (),
        supersedes: tuple[str, ...] = (),
    ) -> str:
        graph = self.new if new else self.stored.graph(URIRef(STORED))
        s = URIRef(f"urn:test:stance/{name}")
        graph.add((s, RDF.type, PK.Stance))
        graph.add((s, PK.holder, URIRef(f"urn:test:holder/{holder}")))
        graph.add((s, PK.issue, ISSUE))
        graph.add((s, PK.value, URIRef(VOCAB + value)))
        graph.add((s, PK.validFrom, Literal(start, datatype=XSD.date)))
        if until is not None:
            graph.add((s, PK.validUntil, Literal(until, datatype=XSD.date)))
        for place in places:
            graph.add((s, PK.concernsPlace, URIRef(f"urn:test:place/{place}")))
        for old in supersedes:
            graph.add((s, PK.supersedes, URIRef(f"urn:test:stance/{old}")))
        return str(s)

    def pair(self, conflict: bool, old: str, new: str, **options: object) -> None:
        """An old (stored, rejects) and a new stance (agrees) of their own holder."""
        holder = f"case-{old}"
        a = self.add(old, holder, "rejects", "2026-01-01", **options)  # type: ignore[arg-type]
        b = self.add(new, holder, "agrees", "2026-02-01", new=True)
        if conflict:
            self.expected.add(frozenset((a, b)))


def test_the_ingest_and_the_query_agree_on_every_case(tmp_path: Path) -> None:
    cases = Stances()
    for old, new in product(RANKS, RANKS):
        a = cases.add(f"grid-{old}-{new}-old", f"{old}-{new}", old, "2026-01-01")
        b = cases.add(f"grid-{old}-{new}-new", f"{old}-{new}", new, "2026-02-01", new=True)
        if (old in AGAINST and new in AGAINST_THEM) or (new in AGAINST and old in AGAINST_THEM):
            cases.expected.add(frozenset((a, b)))
    assert len(cases.expected) == 16  # 2 refusals x 4 values, both ways round
    cases.pair(False, "ended", "after-end", until="2026-01-31")
    cases.pair(True, "ends-that-day", "on-last-day", until="2026-02-01")
    cases.pair(False, "there", "elsewhere", places=("p1",))  # the new one has no place
    cases.pair(False, "superseded", "after-change")
    cases.add(
        "stored-change", "case-superseded", "defers", "2026-01-15", supersedes=("superseded",)
    )
    cases.pair(True, "superseded-later", "before-change")
    cases.add(
        "later-change", "case-superseded-later", "defers", "2026-02-02",
        supersedes=("superseded-later",),
    )  # fmt: skip
    cases.pair(False, "changed-by-new", "after-new-change")
    cases.add(
        "new-change", "case-changed-by-new", "defers", "2026-01-20", new=True,
        supersedes=("changed-by-new",),
    )  # fmt: skip
    # Within the new article: two reports that contradict each other, and a changed position.
    a = cases.add("both-a", "within", "red-line", "2026-02-01", new=True)
    b = cases.add("both-b", "within", "supports", "2026-02-10", new=True, places=())
    cases.expected.add(frozenset((a, b)))
    cases.add("first", "changing", "rejects", "2026-02-01", new=True)
    cases.add("then", "changing", "agrees", "2026-03-01", new=True, supersedes=("first",))
    # Places: one in common is enough.
    holder = "places"
    a = cases.add("places-old", holder, "rejects", "2026-01-01", places=("p1", "p2"))
    b = cases.add("places-new", holder, "agrees", "2026-02-01", new=True, places=("p2", "p3"))
    cases.expected.add(frozenset((a, b)))
    # ... and none in common is no conflict, even of incompatible values.
    cases.add("places-other", holder, "supports", "2026-02-01", new=True, places=("p3",))

    path = fresh_store(tmp_path)
    with OxigraphStore(path, prefixes=PREFIXES) as store:
        store.load(cases.stored)
        found = {
            frozenset((str(n.iri), str(o.iri))) for n, o in conflicting_pairs(store, cases.new, NEW)
        }
        both = Dataset()
        for triple in cases.new:
            both.graph(URIRef(NEW)).add(triple)
        store.load(both)
        queried = {frozenset(map(str, p)) for p in stance_conflicts(store)}
    tested = {str(s) for s in cases.new.subjects(RDF.type, PK.Stance)}
    queried = {p for p in queried if p & tested}
    assert found == cases.expected
    assert queried == cases.expected
