"""Dereferenceable IRIs, their HTML pages, and the request log, over HTTP against the real app
under uvicorn, over a store built from data/ as ``peacekg build`` builds it.

Every RDF answer is parsed by rdflib and checked for exact triples; HTML pages are read with
the standard library's parser.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from api_harness import graph as parse
from api_harness import media_type, serve
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from peacekg.api import create_app
from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.namespaces import BASE
from peacekg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
PK = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
ARTICLE = "2025-12-03-moscow-talks"
STANCE_PATH = f"/id/article/{ARTICLE}/russia-donetsk-territory"
STANCE = URIRef(BASE + STANCE_PATH[1:])
CLAIM = URIRef(f"{STANCE}/claim/1")
ANONYMOUS = URIRef(f"{BASE}id/article/{ARTICLE}/source/nbc-russian-source")
QUOTE = (
    "NBC, citing a Russian source, reported that the Kremlin will not make concessions on "
    "three issues: the territories of the Donetsk region"
)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}


def built_settings(tmp: Path) -> Settings:
    settings = Settings(
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        store_path=tmp / "store",
        _env_file=None,  # type: ignore[call-arg]
    )
    build_store(settings)
    return settings


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return built_settings(tmp_path_factory.mktemp("linked-data"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    with serve(create_app(settings)) as server, httpx.Client(base_url=server.url) as http:
        yield http


def varies_on_accept(response: httpx.Response) -> bool:
    return "accept" in {v.strip().lower() for v in response.headers.get("vary", "").split(",")}


# -- content negotiation -------------------------------------------------------------------------


@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_russia_in_each_rdf_format_by_accept(client: httpx.Client, accept: str) -> None:
    response = client.get("/id/russia", headers={"Accept": accept})
    assert media_type(response) == accept
    assert varies_on_accept(response)
    graph = parse(response)
    russia = ID.russia
    assert (russia, RDFS.label, Literal("Russia", lang="en")) in graph
    assert (russia, OWL.sameAs, WD.Q159) in graph
    assert (russia, RDF.type, PK.State) in graph
    assert (PK.State, RDFS.label, Literal("state", lang="en")) in graph  # the label of a link
    assert set(graph.subjects()) == {russia, PK.State}


@pytest.mark.parametrize("name", list(RDF_TYPES.values()))
def test_format_parameter_overrides_accept(client: httpx.Client, name: str) -> None:
    response = client.get("/id/russia", params={"format": name}, headers={"Accept": BROWSER})
    assert RDF_TYPES[media_type(response)] == name
    turtle = parse(client.get("/id/russia", headers={"Accept": "text/turtle"}))
    assert isomorphic(parse(response), turtle)


@pytest.mark.parametrize("accept", ["", "*/*", "text/*", "text/turtle;q=0.5, */*;q=0.5"])
def test_turtle_is_the_default(client: httpx.Client, accept: str) -> None:
    response = client.get("/id/russia", headers={"Accept": accept})
    assert media_type(response) == "text/turtle"


def test_browsers_get_html(client: httpx.Client) -> None:
    response = client.get("/id/russia", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert varies_on_accept(response)


def test_nothing_acceptable_is_406(client: httpx.Client) -> None:
    response = client.get("/id/russia", headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"
    assert "text/turtle" in response.json()["available"]
    assert varies_on_accept(response)
    trig = client.get("/id/russia", params={"format": "trig"})  # graphs only
    assert trig.status_code == 406
    unknown = client.get("/id/russia", params={"format": "yaml"})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_format"


def test_unknown_iri_is_404(client: httpx.Client) -> None:
    for path in ("/id/no-such-thing", "/vocab/issue/no-such-issue", "/graph/article/nope"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "resource_not_found"
        assert response.json()["iri"] == BASE + path[1:]
        assert varies_on_accept(response)
    page = client.get("/id/no-such-thing", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert media_type(page) == "text/html"
    assert "https://w3id.org/peacekg/id/no-such-thing" in page.text


def test_an_iri_that_would_break_a_query_is_404_not_500(client: httpx.Client) -> None:
    for path in ("/id/x%3E%20%7D%20%7D%20%23", "/id/%22%3E", "/graph/x%3E"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.text)


# -- what a description holds --------------------------------------------------------------------

CHAIN = f"""
PREFIX pk: <{PK}>
PREFIX prov: <{PROV}>
SELECT ?position ?agent ?role ?sourcing WHERE {{
  <{CLAIM}> prov:qualifiedAttribution ?step .
  ?step pk:position ?position ; prov:agent ?agent ; prov:hadRole ?role ; pk:sourcing ?sourcing .
}} ORDER BY ?position
"""


@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_a_stance_lists_its_claim_quote_and_chain(client: httpx.Client, accept: str) -> None:
    graph = parse(client.get(STANCE_PATH, headers={"Accept": accept}))
    assert (STANCE, PK.supportedBy, CLAIM) in graph
    assert (STANCE, PK.holder, ID.russia) in graph
    assert (ID.russia, RDFS.label, Literal("Russia", lang="en")) in graph
    target = graph.value(CLAIM, OA.hasTarget)
    assert target is not None
    assert (target, OA.hasSource, ID[f"article/{ARTICLE}"]) in graph
    quotes = [
        s
        for s in graph.objects(target, OA.hasSelector)
        if (s, RDF.type, OA.TextQuoteSelector) in graph
    ]
    assert len(quotes) == 1
    assert graph.value(quotes[0], OA.exact) == Literal(QUOTE)
    positions = [
        s
        for s in graph.objects(target, OA.hasSelector)
        if (s, RDF.type, OA.TextPositionSelector) in graph
    ]
    assert graph.value(positions[0], OA.start) == Literal(1345, datatype=XSD.integer)
    chain = [tuple(row) for row in graph.query(CHAIN)]  # type: ignore[arg-type]
    assert chain == [
        (Literal(1, datatype=XSD.integer), ID.nbc, PK.OutletRole, PK.Named),
        (Literal(2, datatype=XSD.integer), ANONYMOUS, PK.PrimarySourceRole, PK.Anonymous),
    ]
    assert (ID.nbc, RDFS.label, Literal("NBC", lang="en")) in graph
    assert (ANONYMOUS, RDFS.label, None) in graph
    assert (PK.Anonymous, RDFS.label, Literal("anonymous", lang="en")) in graph


def test_a_claim_dereferences_with_its_selectors_and_steps(client: httpx.Client) -> None:
    graph = parse(client.get(STANCE_PATH + "/claim/1"))
    assert (CLAIM, PK.supports, STANCE) in graph
    assert len([tuple(row) for row in graph.query(CHAIN)]) == 2  # type: ignore[arg-type]
    assert (None, OA.exact, Literal(QUOTE)) in graph


def test_a_concept_dereferences(client: httpx.Client) -> None:
    graph = parse(client.get("/vocab/issue/territory"))
    territory = URIRef(BASE + "vocab/issue/territory")
    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    assert (territory, skos.prefLabel, Literal("territory", lang="en")) in graph
    assert (territory, skos.inScheme, URIRef(BASE + "vocab/issue")) in graph


# -- the ontology and the named graphs -----------------------------------------------------------


@pytest.fixture(scope="module")
def store_graphs(settings: Settings) -> Iterator[Dataset]:
    """The store's quads, read by the test itself."""
    with OxigraphStore(settings.store_path, read_only=True) as store:
        data = Dataset()
        for s, p, o, g in (
            tuple(row) for row in store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        ):
            data.graph(g).add((s, p, o))  # type: ignore[arg-type]
        yield data


def test_the_ontology_is_its_whole_graph(client: httpx.Client, store_graphs: Dataset) -> None:
    ontology = URIRef(BASE + "ontology")
    expected = store_graphs.graph(URIRef(BASE + "graph/ontology"))
    for path in ("/ontology", "/ontology/0.1.0"):
        graph = parse(client.get(path))
        assert (ontology, RDF.type, OWL.Ontology) in graph
        assert (PK.Stance, RDF.type, OWL.Class) in graph
        assert isomorphic(graph, expected), path


def test_ontology_terms_are_anchored_in_its_page(client: httpx.Client) -> None:
    page = client.get("/ontology", headers={"Accept": BROWSER})
    assert media_type(page) == "text/html"
    anchors = Anchors.of(page.text)
    assert {"Stance", "Claim", "AttributionStep", "supportedBy", "Anonymous"} <= anchors


def test_a_named_graph_keeps_its_name(client: httpx.Client, store_graphs: Dataset) -> None:
    name = URIRef(f"{BASE}graph/article/{ARTICLE}")
    expected = store_graphs.graph(name)
    assert len(expected) > 1000
    for fmt in ("trig", "nquads"):
        response = client.get(f"/graph/article/{ARTICLE}", params={"format": fmt})
        assert response.status_code == 200
        data = Dataset()
        data.parse(data=response.content, format=fmt)
        names = {g for _, _, _, g in data.quads((None, None, None, None))}
        assert names == {name}, fmt
        assert isomorphic(data.graph(name), expected), fmt
    response = client.get(f"/graph/article/{ARTICLE}")
    assert media_type(response) == "text/turtle" and varies_on_accept(response)
    assert isomorphic(parse(response), expected)
    refused = client.get(f"/graph/article/{ARTICLE}", headers={"Accept": "text/csv"})
    assert refused.status_code == 406 and varies_on_accept(refused)
    page = client.get(f"/graph/article/{ARTICLE}", headers={"Accept": BROWSER})
    assert f"{len(expected)} triples" in page.text


# -- HTML pages ----------------------------------------------------------------------------------


class Anchors(HTMLParser):
    """The ids of a page's elements."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {value for name, value in attrs if name == "id" and value}

    @classmethod
    def of(cls, text: str) -> set[str]:
        parser = cls()
        parser.feed(text)
        return parser.ids


class Chains(HTMLParser):
    """The text of each item of each ``<ol class="chain">``, and every link and resource URL."""

    def __init__(self) -> None:
        super().__init__()
        self.chains: list[list[str]] = []
        self.quotes: list[str] = []
        self.urls: list[str] = []
        self._item: list[str] | None = None
        self._mark: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name):
                self.urls.append(found[name] or "")
        if tag == "ol" and found.get("class") == "chain":
            self.chains.append([])
        elif tag == "li" and self.chains and self._item is None:
            self._item = []
        elif tag == "mark":
            self._mark = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._item is not None:
            self.chains[-1].append(" ".join("".join(self._item).split()))
            self._item = None
        elif tag == "mark" and self._mark is not None:
            self.quotes.append("".join(self._mark))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.append(data)
        if self._mark is not None:
            self._mark.append(data)

    @classmethod
    def of(cls, text: str) -> Chains:
        parser = cls()
        parser.feed(text)
        return parser


def test_the_stance_page_shows_the_quote_and_the_chain_in_order(client: httpx.Client) -> None:
    page = client.get(STANCE_PATH, headers={"Accept": BROWSER})
    assert page.status_code == 200
    read = Chains.of(page.text)
    assert read.quotes == [QUOTE]
    assert read.chains == [["NBC outlet named", "a Russian source primary source anonymous"]]
    assert "and Trump is not yet planned." in page.text  # the quote's prefix
    assert ", limitations on the size of the" in page.text  # and its suffix
    assert f'href="/id/article/{ARTICLE}"' in page.text
    assert 'href="/id/russia"' in page.text
    assert "Russia: refuses any concession (territory)" in page.text


def test_pages_link_inside_the_site_and_out_to_wikidata(client: httpx.Client) -> None:
    page = client.get("/id/russia", headers={"Accept": BROWSER})
    read = Chains.of(page.text)
    assert "http://www.wikidata.org/entity/Q159" in read.urls
    assert "/ontology#State" in read.urls
    assert not [u for u in read.urls if u.startswith("https://w3id.org/")]
    # Nothing is loaded from elsewhere: the only stylesheet is ours.
    css = client.get("/static/peacekg.css")
    assert css.status_code == 200 and media_type(css) == "text/css"
    assert "url(" not in css.text and "@import" not in css.text
    assert '<link rel="stylesheet" href="/static/peacekg.css">' in page.text
    # Scripts only from our own static files (the page's facts from the REST API), none inline.
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == [
        '<script src="/static/actor.js" data-actor="https://w3id.org/peacekg/id/russia">'
    ]


XSS_TRIG = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://kg.example/graph/a> {
  <http://kg.example/id/evil> rdfs:label "<script>alert('x')</script>"@en ;
      rdfs:seeAlso <javascript:alert(1)> ;
      rdfs:comment "\\" onmouseover=\\"alert(2)" ;
      <http://kg.example/ontology#p> <http://kg.example/id/other> .
  <http://kg.example/id/other> rdfs:label "<img src=x onerror=alert(3)>" .
}
"""


@pytest.fixture(scope="module")
def other_base() -> Iterator[httpx.Client]:
    """An app whose public base is not w3id.org, over a store holding hostile labels."""
    store = OxigraphStore()
    data = Dataset()
    data.parse(data=XSS_TRIG, format="trig")
    store.load(data)
    app = create_app(
        Settings(_env_file=None),  # type: ignore[call-arg]
        store=store,
        public_base="http://kg.example/",
    )
    with serve(app) as server, httpx.Client(base_url=server.url) as http:
        yield http
    store.close()


def test_the_public_base_is_configurable(other_base: httpx.Client) -> None:
    graph = parse(other_base.get("/id/evil"))
    assert (URIRef("http://kg.example/id/evil"), RDFS.label, None) in graph
    assert other_base.get("/id/russia").status_code == 404


def test_html_escapes_everything(other_base: httpx.Client) -> None:
    page = other_base.get("/id/evil", headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert "<script" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "<img" not in page.text
    assert 'onmouseover="' not in page.text
    assert "javascript:alert(1)" in page.text  # shown, never a link
    assert not [u for u in Chains.of(page.text).urls if u.lower().startswith("javascript")]
    assert 'href="/id/other"' in page.text


# -- the request log -----------------------------------------------------------------------------


def log_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "peacekg.api.requests"]


def test_one_log_line_per_request(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="peacekg.api.requests")
    client.get("/id/russia")
    client.get("/id/no-such-thing")
    client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    client.post(
        "/sparql",
        content="CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
        headers={"Content-Type": "application/sparql-query"},
    )
    client.post(
        "/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    client.get("/sparql")
    records = log_lines(caplog)
    seen = [(r.http_method, r.http_path, r.http_status, r.query_form) for r in records]  # type: ignore[attr-defined]
    assert seen == [
        ("GET", "/id/russia", 200, None),
        ("GET", "/id/no-such-thing", 404, None),
        ("GET", "/sparql", 200, "SELECT"),
        ("POST", "/sparql", 200, "ASK"),
        ("POST", "/sparql", 200, "CONSTRUCT"),
        ("POST", "/sparql", 403, "UPDATE"),
        ("GET", "/sparql", 200, "-"),
    ]
    for record in records:
        assert record.levelno == logging.INFO
        assert isinstance(record.duration_ms, float) and record.duration_ms >= 0  # type: ignore[attr-defined]
    message = records[3].getMessage()
    assert message.startswith("POST /sparql 200 ") and message.endswith(" ms ASK")
    assert records[0].getMessage().endswith(" ms")


# -- every kind of fact, and a second parser -----------------------------------------------------

FACT_KINDS = ["Stance", "Event", "Provision", "DocumentVersion", "Office", "Mandate"]


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_each_kind_of_fact_lists_its_claims(
    client: httpx.Client, settings: Settings, kind: str
) -> None:
    with OxigraphStore(settings.store_path, read_only=True) as store:
        rows = store.select(
            f"SELECT ?f (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?f a <{PK[kind]}> ; "
            f"<{PK.supportedBy}> ?c }} GROUP BY ?f ORDER BY ?f LIMIT 1"
        ).rows
    assert rows, f"no {kind} in data/"
    fact, claims = rows[0]
    assert isinstance(fact, URIRef) and fact.startswith(BASE)
    graph = parse(client.get("/" + fact.removeprefix(BASE)))
    found = set(graph.objects(fact, PK.supportedBy))
    assert len(found) == int(claims)  # type: ignore[arg-type]
    for claim in found:
        target = graph.value(claim, OA.hasTarget)
        assert (target, OA.hasSource, graph.value(claim, PK.inArticle)) in graph
        assert any(
            graph.value(selector, OA.exact) for selector in graph.objects(target, OA.hasSelector)
        )
        steps = list(graph.objects(claim, PROV.qualifiedAttribution))
        assert steps
        for step in steps:
            assert graph.value(step, PK.position) is not None
            agent = graph.value(step, PROV.agent)
            if agent is None:  # the article's own voice, with no publisher named
                assert (step, PK.sourcing, PK.EditorialVoice) in graph
            else:
                assert (agent, RDFS.label, None) in graph


RAPPER_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
RAPPER_CASES = (
    [(STANCE_PATH, fmt) for fmt in ("turtle", "ntriples", "rdfxml")]
    + [
        (f"/graph/article/{ARTICLE}", fmt)
        for fmt in ("turtle", "ntriples", "rdfxml", "trig", "nquads")
    ]
    + [("/ontology", "rdfxml"), ("/.well-known/void", "turtle"), ("/.well-known/void", "rdfxml")]
)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is missing")
@pytest.mark.parametrize(("path", "fmt"), RAPPER_CASES)
def test_rapper_reads_what_rdflib_reads(
    client: httpx.Client, tmp_path: Path, path: str, fmt: str
) -> None:
    response = client.get(path, params={"format": fmt})
    assert response.status_code == 200
    file = tmp_path / "answer"
    file.write_bytes(response.content)
    done = subprocess.run(
        [
            "rapper",
            "-i",
            RAPPER_PARSERS[media_type(response)],
            "-c",
            str(file),
            "http://x.example/",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    match = re.search(r"returned (\d+) (?:triples|statements)", done.stderr)
    assert match, done.stderr
    assert int(match.group(1)) == len(parse(response))


@pytest.mark.parametrize(
    "path", ["/id/russia", "/ontology", "/.well-known/void", "/dumps/peacekg.nq"]
)
def test_head_gives_the_headers_of_get(client: httpx.Client, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "content-disposition"):
        assert head.headers.get(name) == get.headers.get(name), name
    assert client.head("/id/no-such-thing").status_code == 404
