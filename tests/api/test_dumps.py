"""The dumps at /dumps/ and the VoID description at /.well-known/void, over HTTP against the
real app under uvicorn, over a store built from data/.

Dumps are compared with what ``peacekg export`` writes (the command itself, run as a process);
VoID's counts with counts the test makes itself from the N-Quads dump.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from api_harness import media_type, serve
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from peacekg.api import create_app
from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.namespaces import BASE

VOID = Namespace("http://rdfs.org/ns/void#")
ROOT = Path(__file__).resolve().parents[2]
PEACEKG = Path(sys.executable).with_name("peacekg")


def _articles() -> list[str]:
    """The article ids of data/articles (one facts file each, named after its article)."""
    return [
        p.name.removesuffix(".facts.yaml")
        for p in (ROOT / "data" / "articles").glob("*.facts.yaml")
    ]


DUMPS = {
    # path: (format given to `peacekg export`, media type, rdflib parser)
    "/dumps/peacekg.nq": ("nquads", "application/n-quads", "nquads"),
    "/dumps/peacekg.trig": ("trig", "application/trig", "trig"),
    "/dumps/peacekg.ttl": ("turtle", "text/turtle", "turtle"),
    "/dumps/peacekg.jsonld": ("jsonld", "application/ld+json", "json-ld"),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        store_path=tmp_path_factory.mktemp("dumps") / "store",
        _env_file=None,  # type: ignore[call-arg]
    )
    build_store(settings)
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    with (
        serve(create_app(settings)) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        yield http


def exported(settings: Settings, fmt: str) -> bytes:
    """What ``peacekg export -f fmt`` writes to stdout for the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEACEKG_")}
    done = subprocess.run(
        [str(PEACEKG), "export", "-f", fmt, "--store", str(settings.store_path)],
        capture_output=True,
        check=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    return done.stdout


def quads(data: bytes, fmt: str) -> set[tuple[object, ...]]:
    parsed = Dataset()
    parsed.parse(data=data, format=fmt)
    found = set()
    for s, p, o, g in parsed.quads((None, None, None, None)):
        assert not isinstance(s, BNode) and not isinstance(o, BNode)  # comparable as sets
        found.add((s, p, o, None if fmt == "turtle" else g))
    return found


@pytest.fixture(scope="module")
def store_quads(client: httpx.Client) -> set[tuple[object, ...]]:
    return quads(client.get("/dumps/peacekg.nq").content, "nquads")


@pytest.mark.parametrize("path", list(DUMPS))
def test_a_dump_is_what_peacekg_export_writes(
    client: httpx.Client, settings: Settings, path: str
) -> None:
    fmt, expected_type, parser = DUMPS[path]
    response = client.get(path)
    assert response.status_code == 200
    assert media_type(response) == expected_type
    name = path.rsplit("/", 1)[1]
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    expected = exported(settings, fmt)
    served = quads(response.content, parser)
    assert len(served) > 2000
    assert served == quads(expected, parser)
    if fmt != "jsonld":  # the engine writes these: byte for byte the same
        assert response.content == expected


def test_trig_dump_has_one_graph_per_article(client: httpx.Client) -> None:
    data = Dataset()
    data.parse(data=client.get("/dumps/peacekg.trig").content, format="trig")
    names = {str(g) for _, _, _, g in data.quads((None, None, None, None))}
    articles = {BASE + "graph/article/" + article for article in _articles()}
    assert BASE + "graph/article/2025-12-03-moscow-talks" in articles
    assert names == articles | {BASE + "graph/reference", BASE + "graph/ontology"}


# -- VoID ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(client: httpx.Client) -> Graph:
    response = client.get("/.well-known/void")
    assert response.status_code == 200
    assert media_type(response) == "text/turtle"
    assert "accept" in response.headers["vary"].lower()
    return Graph().parse(data=response.content, format="turtle")


DATASET = URIRef(BASE + "dataset")


def count(graph: Graph, subject: object, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)  # type: ignore[arg-type]
    assert isinstance(value, Literal) and value.datatype == XSD.integer, (subject, predicate)
    return int(value)


def _declared_stances() -> int:
    """The stances the facts files of data/articles declare (not their accounts), read without
    the compiler."""
    return sum(
        1
        for path in (ROOT / "data" / "articles").glob("*.facts.yaml")
        for stance in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stances") or []
        if "id" in stance
    )


def test_void_counts_equal_the_stores(void: Graph, store_quads: set[tuple[object, ...]]) -> None:
    triples = {(s, p, o) for s, p, o, _ in store_quads}
    assert count(void, DATASET, VOID.triples) == len(triples)
    assert count(void, DATASET, VOID.properties) == len({p for _, p, _ in triples})
    classes = Counter(o for _, p, o in triples if p == RDF.type)
    assert count(void, DATASET, VOID.classes) == len(classes)
    assert count(void, DATASET, VOID.distinctSubjects) == len({s for s, _, _ in triples})
    assert count(void, DATASET, VOID.distinctObjects) == len({o for _, _, o in triples})
    entities = {s for s, _, _ in triples if str(s).startswith(BASE)}
    assert count(void, DATASET, VOID.entities) == len(entities)
    partitions = {
        void.value(node, VOID["class"]): count(void, node, VOID.entities)
        for node in void.objects(DATASET, VOID.classPartition)
    }
    instances = {
        cls: len({s for s, p, o in triples if p == RDF.type and o == cls}) for cls in classes
    }
    assert partitions == instances
    assert partitions[URIRef(BASE + "ontology#Stance")] == _declared_stances()
    properties = {
        void.value(node, VOID.property): count(void, node, VOID.triples)
        for node in void.objects(DATASET, VOID.propertyPartition)
    }
    assert properties == Counter(p for _, p, _ in triples)


def test_void_subsets_are_the_named_graphs(
    void: Graph, store_quads: set[tuple[object, ...]]
) -> None:
    per_graph = Counter(g for _, _, _, g in store_quads)
    subsets = {s: count(void, s, VOID.triples) for s in void.objects(DATASET, VOID.subset)}
    assert subsets == dict(per_graph)
    assert sum(subsets.values()) == len(store_quads)
    assert len(subsets) == len(_articles()) + 2  # one graph per article, reference, ontology


def test_void_metadata(client: httpx.Client, void: Graph) -> None:
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (
        DATASET,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in void
    modified = void.value(DATASET, DCTERMS.modified)
    assert isinstance(modified, Literal) and modified.datatype == XSD.dateTime
    assert (DATASET, VOID.uriSpace, Literal(BASE)) in void
    endpoint = void.value(DATASET, VOID.sparqlEndpoint)
    assert str(endpoint) == str(client.base_url).rstrip("/") + "/sparql"
    dumps = sorted(str(d) for d in void.objects(DATASET, VOID.dataDump))
    assert dumps == sorted(str(client.base_url).rstrip("/") + path for path in DUMPS)
    for dump in dumps:
        assert client.get(dump).status_code == 200
    assert client.get(str(endpoint), params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("fmt", ["jsonld", "ntriples", "rdfxml"])
def test_void_is_negotiated(client: httpx.Client, void: Graph, fmt: str) -> None:
    response = client.get("/.well-known/void", params={"format": fmt})
    parser = {"jsonld": "json-ld", "ntriples": "nt", "rdfxml": "xml"}[fmt]
    assert isomorphic(Graph().parse(data=response.content, format=parser), void)
    assert client.get("/.well-known/void", headers={"Accept": "text/csv"}).status_code == 406
    assert isomorphic(Graph().parse(data=client.get("/dataset").content, format="turtle"), void)
