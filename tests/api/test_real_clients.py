"""Real SPARQL and RDF clients against the live endpoint, over the store built from data/.

Researchers reach the service with their own tools, so each tool is driven here as they would
drive it, and what it reads back is checked against the competency answers written beside the
queries (``queries/CQnn-*.csv``) or against a second, independent parser:

- SPARQLWrapper: SELECT as JSON, XML, CSV and TSV by GET, POST form and POST direct; ASK;
  CONSTRUCT as Turtle, RDF/XML and (defect, see below) JSON-LD and N3.
- rdflib's SPARQLStore: a Graph over the endpoint, queried with each competency query, with
  each of its return formats and methods.
- httpx with the Accept headers that browsers, curl, Jena/ARQ, YASGUI and Raptor send.
- roqet (Debian's rasqal-utils) as a remote SPARQL client (``-p``) and as a local engine over
  data fetched from the endpoint (``-D``).
- rapper (Debian's raptor2-utils) parsing every RDF serialization the endpoint writes; rapper
  has no JSON-LD parser in Debian's build (``rapper --help`` lists only RDF/JSON), so JSON-LD
  is read by rdflib and by pyld, whose N-Quads rapper then parses.
- The dataset parameters as each client sends them (SPARQLWrapper's addDefaultGraph and
  addNamedGraph, a SPARQLStore Graph with an IRI identifier, roqet's -D and -G).
- The CLI: every competency query gives the same rows through HTTP as ``peacekg query``.

Quirks of roqet 0.9.33 that shape these tests: as a protocol client it always sends
``Accept: application/sparql-results+xml`` by GET and parses the answer as SPARQL XML whatever
its type, so it cannot read CONSTRUCT results from any endpoint; it reads no boolean from an
ASK answer (it prints an empty result); ``-r json`` and ``-r table`` are listed by ``--help``
but refused. Its SELECT through ``-p`` works, and is tested with every competency query.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import httpx
import pytest
from api_harness import GRAPH_FORMATS, RESULTS_FORMATS, LiveServer, graph, media_type, serve
from pyld import jsonld
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from peacekg.api import create_app
from peacekg.build import build_store
from peacekg.config import Settings

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("CQ*.rq"))
Rows = Counter[tuple[str, ...]]

PREFIXES = """
PREFIX pk: <https://w3id.org/peacekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <https://w3id.org/peacekg/id/>
"""
# The participants of the Moscow talks and their sides, as a graph: the CONSTRUCT twin of CQ1.
CONSTRUCT_PARTICIPANTS = (
    PREFIXES
    + """
CONSTRUCT { ?who rdfs:label ?participant ; pk:side ?side . ?side rdfs:label ?sideLabel }
WHERE {
  ?talks a pk:Event ; pk:begin ?begin ; pk:place/pk:locatedIn* id:moscow ;
         pk:hasParticipation ?p .
  FILTER (SUBSTR(STR(?begin), 1, 10) = "2025-12-02")
  ?p pk:participant ?who ; pk:side ?side .
  ?who rdfs:label ?participant .
  ?side rdfs:label ?sideLabel .
}
"""
)
SIDES_IN_GRAPH = (
    PREFIXES + "SELECT ?side ?participant WHERE { ?w rdfs:label ?participant ; "
    "pk:side/rdfs:label ?side }"
)
EVERYTHING = "CONSTRUCT WHERE { ?s ?p ?o }"
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
ASK_TRUE = PREFIXES + "ASK { ?claim a pk:Claim }"
ASK_FALSE = PREFIXES + "ASK { ?claim a pk:NoSuchClass }"

# rapper's parser for each type the endpoint writes (JSON-LD: none, see the module docstring).
RAPPER_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


# -- the expected answers ---------------------------------------------------------------------


def expected(query: Path) -> tuple[list[str], Rows]:
    """The header and rows of the answer written beside ``query``."""
    with query.with_suffix(".csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert rows, f"{query.name}: an expected answer with no row cannot fail"
    return header, Counter(tuple(row) for row in rows)


def csv_answer(text: str) -> tuple[list[str], Rows]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, Counter(tuple(row) for row in rows)


def result_answer(result: Result) -> tuple[list[str], Rows]:
    """A parsed SELECT result as CSV would show it: lexical forms, '' for unbound."""
    header = [str(var) for var in result.vars or []]
    rows = Counter(
        tuple("" if term is None else str(term) for term in row)  # type: ignore[union-attr]
        for row in result
    )
    return header, rows


def parsed_answer(body: bytes, media_type: str) -> tuple[list[str], Rows]:
    return result_answer(Result.parse(io.BytesIO(body), format=RESULTS_FORMATS[media_type]))


def json_answer(body: dict[str, Any]) -> tuple[list[str], Rows]:
    header = body["head"]["vars"]
    rows = Counter(
        tuple(binding.get(var, {}).get("value", "") for var in header)
        for binding in body["results"]["bindings"]
    )
    return header, rows


def xml_answer(document: Document) -> tuple[list[str], Rows]:
    """The rows of a SPARQL XML document, read from the DOM SPARQLWrapper hands back."""
    header = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    rows: Rows = Counter()
    for result in document.getElementsByTagName("result"):
        values = {}
        for binding in result.getElementsByTagName("binding"):
            term = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            values[binding.getAttribute("name")] = "".join(
                n.data for n in term.childNodes if n.nodeType == n.TEXT_NODE
            )
        rows[tuple(values.get(var, "") for var in header)] += 1
    return header, rows


def participants() -> set[tuple[str, str]]:
    """(side, participant) of CQ1's expected answer."""
    header, rows = expected(QUERIES[0])
    side, participant = header.index("side"), header.index("participant")
    return {(row[side], row[participant]) for row in rows}


def sides_in(graph: Graph) -> set[tuple[str, str]]:
    return {(str(side), str(who)) for side, who in graph.query(SIDES_IN_GRAPH)}  # type: ignore[misc]


# -- the live server over the store built from data/ ------------------------------------------


@dataclass(frozen=True)
class Service:
    server: LiveServer
    settings: Settings

    @property
    def sparql(self) -> str:
        return self.server.sparql


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    settings = Settings(
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        store_path=tmp_path_factory.mktemp("real-clients") / "store",
        _env_file=None,  # type: ignore[call-arg]
    )
    build_store(settings)
    with serve(create_app(settings)) as server:
        yield Service(server, settings)


@pytest.fixture(scope="module")
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.server.url, timeout=30) as client:
        yield client


def quad_count(http: httpx.Client) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = http.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    return int(csv_answer(response.text)[1].most_common(1)[0][0][0])


@pytest.fixture(scope="module")
def triple_count(http: httpx.Client) -> int:
    """How many distinct triples the store holds (its default graph is their union)."""
    response = http.post(
        "/sparql", data={"query": DISTINCT_TRIPLES}, headers={"Accept": "text/csv"}
    )
    count = int(csv_answer(response.text)[1].most_common(1)[0][0][0])
    assert count > 1000, "the store built from data/ holds a few thousand triples"
    return count


def test_every_competency_question_is_here() -> None:
    assert [q.name[:4] for q in QUERIES] == [f"CQ{n:02d}" for n in range(1, 13)]


# -- SPARQLWrapper ----------------------------------------------------------------------------


def wrapper(service: Service, query: str, fmt: str, method: str = GET) -> SPARQLWrapper:
    client = SPARQLWrapper(service.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    else:
        client.setMethod(method)
        client.setRequestMethod(URLENCODED)
    return client


def wrapper_answer(converted: Any, fmt: str) -> tuple[list[str], Rows]:
    if fmt == JSON:
        return json_answer(converted)
    if fmt == XML:
        return xml_answer(converted)
    if fmt == CSV:
        return csv_answer(converted.decode("utf-8"))
    assert fmt == TSV
    return parsed_answer(converted, "text/tab-separated-values")


class TestSPARQLWrapper:
    """SPARQLWrapper 2 sends the query with an Accept header for the return format and, unless
    told to rely on content negotiation only, the same format again as ``format``, ``output``
    and ``results`` parameters (for Virtuoso, 4store and others)."""

    @pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
    @pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem[:4])
    def test_select_by_get_in_each_return_format(
        self, service: Service, query: Path, fmt: str
    ) -> None:
        results = wrapper(service, query.read_text(encoding="utf-8"), fmt).query()
        assert wrapper_answer(results.convert(), fmt) == expected(query)

    @pytest.mark.parametrize("method", [POST, POSTDIRECTLY], ids=["post-form", "post-direct"])
    @pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem[:4])
    def test_select_by_post(self, service: Service, query: Path, method: str) -> None:
        results = wrapper(service, query.read_text(encoding="utf-8"), JSON, method).query()
        assert results.response.headers["content-type"].startswith(
            "application/sparql-results+json"
        )
        assert json_answer(results.convert()) == expected(query)

    @pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
    @pytest.mark.parametrize("fmt", [JSON, XML])
    def test_ask(self, service: Service, fmt: str, method: str) -> None:
        for query, answer in ((ASK_TRUE, True), (ASK_FALSE, False)):
            converted = wrapper(service, query, fmt, method).query().convert()
            if fmt == JSON:
                assert converted["boolean"] is answer
            else:
                (node,) = converted.getElementsByTagName("boolean")
                assert node.firstChild.data == str(answer).lower()

    @pytest.mark.parametrize("method", [GET, POST])
    def test_construct_as_turtle(self, service: Service, method: str) -> None:
        results = wrapper(service, CONSTRUCT_PARTICIPANTS, TURTLE, method).query()
        assert results.response.headers["content-type"].startswith("text/turtle")
        graph = Graph().parse(data=results.convert(), format="turtle")
        assert sides_in(graph) == participants()

    @pytest.mark.parametrize("method", [GET, POST])
    def test_construct_as_rdf_xml(self, service: Service, method: str) -> None:
        results = wrapper(service, CONSTRUCT_PARTICIPANTS, RDFXML, method).query()
        assert results.response.headers["content-type"].startswith("application/rdf+xml")
        graph = results.convert()  # SPARQLWrapper parses RDF/XML itself, with rdflib
        assert sides_in(graph) == participants()

    def test_construct_as_json_ld_by_content_negotiation_only(self, service: Service) -> None:
        client = wrapper(service, CONSTRUCT_PARTICIPANTS, JSONLD)
        client.setOnlyConneg(True)
        graph = client.query().convert()
        assert sides_in(graph) == participants()

    def test_construct_as_json_ld(self, service: Service) -> None:
        graph = wrapper(service, CONSTRUCT_PARTICIPANTS, JSONLD).query().convert()
        assert sides_in(graph) == participants()

    def test_construct_as_n3(self, service: Service) -> None:
        results = wrapper(service, CONSTRUCT_PARTICIPANTS, N3).query()
        graph = Graph().parse(data=results.convert(), format="n3")
        assert sides_in(graph) == participants()


# -- rdflib's SPARQLStore ---------------------------------------------------------------------


class TestSPARQLStore:
    """A Graph whose store is the endpoint. SPARQLStore builds its Accept header from rdflib's
    result parsers for its return format (for "xml": SPARQL XML and RDF/XML), sends GET,
    POST direct or POST form, and parses the answer by the Content-Type it gets back."""

    @pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem[:4])
    def test_competency_queries(self, service: Service, query: Path) -> None:
        graph = Graph(store=SPARQLStore(service.sparql))
        assert result_answer(graph.query(query.read_text(encoding="utf-8"))) == expected(query)

    @pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
    @pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
    def test_return_formats_and_methods(
        self, service: Service, return_format: str, method: str
    ) -> None:
        query = next(q for q in QUERIES if q.name.startswith("CQ06"))
        store = SPARQLStore(service.sparql, returnFormat=return_format, method=method)
        result = Graph(store=store).query(query.read_text(encoding="utf-8"))
        assert result_answer(result) == expected(query)

    def test_ask(self, service: Service) -> None:
        graph = Graph(store=SPARQLStore(service.sparql))
        assert graph.query(ASK_TRUE).askAnswer is True
        assert graph.query(ASK_FALSE).askAnswer is False

    def test_construct(self, service: Service) -> None:
        graph = Graph(store=SPARQLStore(service.sparql))
        result = graph.query(CONSTRUCT_PARTICIPANTS)
        assert result.graph is not None
        assert sides_in(result.graph) == participants()

    def test_len_and_triples(self, http: httpx.Client, service: Service, triple_count: int) -> None:
        """len() counts the default graph's triples by SPARQL: the union of the graphs, so
        between the distinct triples and the quads."""
        graph = Graph(store=SPARQLStore(service.sparql))
        assert triple_count <= len(graph) <= quad_count(http)
        labels = {str(o) for o in graph.objects(URIRef("https://w3id.org/peacekg/id/russia"), None)}
        assert "Russia" in labels


# -- httpx with the Accept headers real tools send --------------------------------------------

FIREFOX = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/png,image/svg+xml,*/*;q=0.8"
)
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
CURL = "*/*"
# Jena ARQ: QueryEngineHTTP's SELECT (and ASK) header, WebContent.defaultGraphAcceptHeader.
JENA_SELECT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
    "application/xml;q=0.2, */*;q=0.1"
)
JENA_GRAPH = (
    "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
    "application/rdf+xml;q=0.7,*/*;q=0.3"
)
# YASGUI (@triply/yasqe defaults): acceptHeaderSelect and acceptHeaderGraph; it POSTs a form.
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_GRAPH = "text/turtle,*/*;q=0.9"
# What rapper -g and roqet -D send when they fetch RDF (Raptor 2.0.15).
RAPTOR = (
    "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, "
    "text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, "
    "text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, application/x-trig, application/rss;q=0.8, "
    "application/rss+xml;q=0.8, text/rss;q=0.8, application/xml;q=0.3, text/xml;q=0.3, "
    "application/atom+xml;q=0.3, text/html;q=0.2, application/xhtml+xml;q=0.4, "
    "text/html;q=0.6, application/xhtml+xml;q=0.8, application/json;q=0.1, "
    "text/json;q=0.1, text/x-nquads, */*;q=0.1"
)
ROQET = "application/sparql-results+xml"


def acceptable(media: str, accept: str) -> bool:
    """True if ``accept`` gives ``media`` a q-value above zero (the most specific range wins)."""
    best: tuple[int, float] | None = None
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media_range, params = fields[0].lower(), fields[1:]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = float(value)
        kind, _, sub = media_range.partition("/")
        if media_range == media:
            specificity = 2
        elif sub == "*" and (kind == "*" or media.startswith(kind + "/")):
            specificity = 0 if kind == "*" else 1
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, q)
    return best is not None and best[1] > 0


def test_acceptable() -> None:
    assert acceptable("application/sparql-results+xml", FIREFOX)  # through */*;q=0.8
    assert acceptable("text/csv", "text/*")
    assert not acceptable("text/csv", "application/json")
    assert not acceptable("text/csv", "text/csv;q=0, */*")


SELECT_CLIENTS = {
    "firefox": FIREFOX,
    "chrome": CHROME,
    "curl": CURL,
    "jena-arq": JENA_SELECT,
    "yasgui": YASGUI_SELECT,
    "roqet": ROQET,
    "rdflib-sparqlstore-json": "application/sparql-results+json",
}
GRAPH_CLIENTS = {
    "firefox": FIREFOX,
    "chrome": CHROME,
    "curl": CURL,
    "jena-arq": JENA_GRAPH,
    "yasgui": YASGUI_GRAPH,
    "raptor": RAPTOR,
    "rdflib-sparqlstore-xml": "application/sparql-results+xml, application/rdf+xml",
}


class TestAcceptHeadersOfRealTools:
    @pytest.mark.parametrize("accept", SELECT_CLIENTS.values(), ids=SELECT_CLIENTS.keys())
    def test_select(self, http: httpx.Client, accept: str) -> None:
        query = QUERIES[5]  # CQ06, the stance matrix
        response = http.get(
            "/sparql",
            params={"query": query.read_text(encoding="utf-8")},
            headers={"Accept": accept},
        )
        assert response.status_code == 200, response.text
        assert media_type(response) in RESULTS_FORMATS
        assert acceptable(media_type(response), accept)
        assert parsed_answer(response.content, media_type(response)) == expected(query)

    @pytest.mark.parametrize("accept", [FIREFOX, CURL, JENA_SELECT, YASGUI_SELECT, ROQET])
    def test_ask(self, http: httpx.Client, accept: str) -> None:
        response = http.get("/sparql", params={"query": ASK_TRUE}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert acceptable(media_type(response), accept)
        result = Result.parse(
            io.BytesIO(response.content), format=RESULTS_FORMATS[media_type(response)]
        )
        assert result.askAnswer is True

    @pytest.mark.parametrize("accept", GRAPH_CLIENTS.values(), ids=GRAPH_CLIENTS.keys())
    def test_construct(self, http: httpx.Client, accept: str) -> None:
        response = http.get(
            "/sparql", params={"query": CONSTRUCT_PARTICIPANTS}, headers={"Accept": accept}
        )
        assert response.status_code == 200, response.text
        assert media_type(response) in GRAPH_FORMATS
        assert acceptable(media_type(response), accept)
        assert sides_in(graph(response)) == participants()

    def test_yasgui_cross_origin_post(self, http: httpx.Client) -> None:
        """YASGUI runs in a page of another origin and POSTs a form."""
        query = QUERIES[0]
        response = http.post(
            "/sparql",
            data={"query": query.read_text(encoding="utf-8")},
            headers={"Accept": YASGUI_SELECT, "Origin": "https://yasgui.triply.cc"},
        )
        assert response.headers["access-control-allow-origin"] in ("*", "https://yasgui.triply.cc")
        assert media_type(response) == "application/sparql-results+json"
        assert json_answer(response.json()) == expected(query)

    def test_no_accept_header(self, service: Service) -> None:
        """Python's urllib and many scripts send no Accept header at all."""
        with httpx.Client(timeout=30) as client:
            del client.headers["accept"]
            query = QUERIES[1]
            request = client.build_request(
                "GET", service.sparql, params={"query": query.read_text(encoding="utf-8")}
            )
            assert "accept" not in request.headers
            response = client.send(request)
        assert response.status_code == 200, response.text
        assert parsed_answer(response.content, media_type(response)) == expected(query)


# -- roqet ------------------------------------------------------------------------------------

needs_roqet = pytest.mark.skipif(
    shutil.which("roqet") is None, reason="roqet is not installed (apt-get install rasqal-utils)"
)
needs_rapper = pytest.mark.skipif(
    shutil.which("rapper") is None, reason="rapper is not installed (apt-get install raptor2-utils)"
)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@needs_roqet
class TestRoqet:
    def test_version(self) -> None:
        assert re.fullmatch(r"0\.9\.\d+\n", run("roqet", "--version").stdout)

    @pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem[:4])
    def test_competency_query_through_the_protocol_as_csv(
        self, service: Service, query: Path
    ) -> None:
        done = run(
            "roqet", "-q", "-i", "sparql", "-p", service.sparql,
            "-e", query.read_text(encoding="utf-8"), "-r", "csv",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert csv_answer(done.stdout) == expected(query)

    @pytest.mark.parametrize("query", QUERIES[:4], ids=lambda q: q.stem[:4])
    def test_competency_query_through_the_protocol_as_xml(
        self, service: Service, query: Path
    ) -> None:
        """roqet re-writes the endpoint's SPARQL XML with its own writer, which marks an unbound
        variable with ``<binding name="v"><unbound/></binding>`` (from a draft of the format);
        those bindings are dropped, then rdflib reads the rest."""
        done = run(
            "roqet", "-q", "-i", "sparql", "-p", service.sparql,
            "-e", query.read_text(encoding="utf-8"), "-r", "xml",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        written = re.sub(r'<binding name="\w+">\s*<unbound\s*/>\s*</binding>', "", done.stdout)
        header, rows = parsed_answer(written.encode(), "application/sparql-results+xml")
        want_header, want_rows = expected(query)
        assert sorted(header) == sorted(want_header)  # roqet writes its variables sorted
        order = [header.index(var) for var in want_header]
        assert Counter({tuple(row[i] for i in order): n for row, n in rows.items()}) == want_rows

    def test_query_over_data_fetched_from_the_endpoint(
        self, service: Service, triple_count: int
    ) -> None:
        """roqet -D fetches a CONSTRUCT answer with Raptor's Accept header, guesses the parser
        from the Content-Type, and runs the query itself. (``-W 0``: roqet warns that COUNT(*)
        leaves ?s ?p ?o unused, and exits with status 2 when it has warned.)"""
        data_url = str(httpx.URL(service.sparql, params={"query": EVERYTHING}))
        done = run(
            "roqet", "-q", "-W", "0", "-i", "sparql11-query", "-D", data_url,
            "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-r", "csv",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["n", str(triple_count)]


# -- rapper -----------------------------------------------------------------------------------

_PARSED = re.compile(r"Parsing returned (\d+) (?:triples|statements)")


@dataclass(frozen=True)
class Parsed:
    """What rapper made of a file: how many triples it reports, and the triples it wrote."""

    count: int
    graph: Graph


def rapper(parser: str, path: Path) -> Parsed:
    """Parse ``path`` with rapper's ``parser`` and have it write N-Triples, read by rdflib."""
    done = run("rapper", "-i", parser, "-o", "ntriples", str(path), "http://example.org/base/")
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    match = _PARSED.search(done.stderr)
    assert match, done.stderr
    return Parsed(int(match.group(1)), Graph().parse(data=done.stdout, format="nt"))


def agrees(parsed: Parsed, by_rdflib: Graph) -> None:
    """rapper reports as many triples as rdflib reads, and they are the same triples."""
    assert parsed.count == len(by_rdflib)
    assert len(parsed.graph) == len(by_rdflib)
    assert isomorphic(parsed.graph, by_rdflib)


@needs_rapper
class TestRapper:
    def test_version(self) -> None:
        assert re.fullmatch(r"2\.\d+\.\d+\n", run("rapper", "--version").stdout)

    def test_debian_rapper_has_no_json_ld_parser(self) -> None:
        """Why JSON-LD is checked with pyld below; if this fails, rapper can read it too."""
        help_text = run("rapper", "--help").stdout.lower()
        assert "rdf/json" in help_text
        assert "json-ld" not in help_text and "jsonld" not in help_text

    @pytest.mark.parametrize("accept", RAPPER_PARSERS)
    def test_parses_every_construct_format(
        self, http: httpx.Client, tmp_path: Path, triple_count: int, accept: str
    ) -> None:
        response = http.get("/sparql", params={"query": EVERYTHING}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert media_type(response) == accept
        path = tmp_path / "answer"
        path.write_bytes(response.content)
        by_rdflib = graph(response)
        agrees(rapper(RAPPER_PARSERS[accept], path), by_rdflib)
        assert len(by_rdflib) == triple_count

    @pytest.mark.parametrize("accept", RAPPER_PARSERS)
    def test_parses_describe(self, http: httpx.Client, tmp_path: Path, accept: str) -> None:
        query = "DESCRIBE <https://w3id.org/peacekg/id/moscow>"
        response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert media_type(response) == accept
        path = tmp_path / "answer"
        path.write_bytes(response.content)
        by_rdflib = graph(response)
        assert (None, RDFS.label, Literal("Moscow", lang="en")) in by_rdflib
        agrees(rapper(RAPPER_PARSERS[accept], path), by_rdflib)

    def test_fetches_and_guesses_by_itself(self, service: Service, triple_count: int) -> None:
        """rapper -g fetches the URL with Raptor's own Accept header and picks its parser
        from the Content-Type the endpoint answers with."""
        url = str(httpx.URL(service.sparql, params={"query": EVERYTHING}))
        done = run("rapper", "-g", "-c", url)
        assert done.returncode == 0, done.stderr
        match = _PARSED.search(done.stderr)
        assert match and int(match.group(1)) == triple_count, done.stderr

    def test_json_ld_read_by_rdflib_and_pyld(
        self, http: httpx.Client, tmp_path: Path, triple_count: int
    ) -> None:
        """JSON-LD: rdflib reads it; pyld turns it into N-Quads (no document is fetched),
        which rapper parses; rapper's triples are rdflib's."""
        response = http.get(
            "/sparql", params={"query": EVERYTHING}, headers={"Accept": "application/ld+json"}
        )
        assert media_type(response) == "application/ld+json"
        by_rdflib = graph(response)

        def no_fetching(url: str, options: object = None) -> None:
            raise AssertionError(f"pyld was asked to fetch {url}")

        nquads = jsonld.to_rdf(
            json.loads(response.content),
            {"format": "application/n-quads", "documentLoader": no_fetching},
        )
        path = tmp_path / "from-pyld.nq"
        path.write_text(nquads, encoding="utf-8")
        assert len(by_rdflib) == triple_count
        agrees(rapper("nquads", path), by_rdflib)

    @pytest.mark.parametrize(
        "accept",
        [
            "text/turtle",
            "application/n-triples",
            "application/rdf+xml",
            "application/trig",
            "application/n-quads",
        ],
    )
    def test_parses_the_service_description(
        self, http: httpx.Client, service: Service, tmp_path: Path, accept: str
    ) -> None:
        response = http.get("/sparql", headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert media_type(response) == accept
        path = tmp_path / "description"
        path.write_bytes(response.content)
        described = graph(response)
        sd = "http://www.w3.org/ns/sparql-service-description#"
        assert (None, URIRef(sd + "endpoint"), URIRef(service.sparql)) in described
        agrees(rapper(RAPPER_PARSERS[accept], path), described)


# -- the dataset parameters, as each client sends them ----------------------------------------

ARTICLE_GRAPH = "https://w3id.org/peacekg/graph/article/2025-12-03-moscow-talks"
REFERENCE_GRAPH = "https://w3id.org/peacekg/graph/reference"
IN_ARTICLE = "https://w3id.org/peacekg/id/article/2025-12-03-moscow-talks"
IN_REFERENCE = "https://w3id.org/peacekg/id/moscow"
# Which of the two probes (each described in one graph only) the default graph holds.
PROBES = f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ <{IN_ARTICLE}> <{IN_REFERENCE}> }} ?s ?p ?o }}"
GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class TestDatasetThroughRealClients:
    """Each client's own way to name the dataset reaches the endpoint as default-graph-uri
    and named-graph-uri, and restricts the answer to the graphs named."""

    def test_probes_without_a_dataset(self, http: httpx.Client) -> None:
        response = http.get("/sparql", params={"query": PROBES}, headers={"Accept": "text/csv"})
        assert csv_answer(response.text)[1] == Counter({(IN_ARTICLE,): 1, (IN_REFERENCE,): 1})

    @pytest.mark.parametrize("method", [GET, POST])
    def test_sparqlwrapper_default_graph(self, service: Service, method: str) -> None:
        client = wrapper(service, PROBES, JSON, method)
        client.addDefaultGraph(ARTICLE_GRAPH)
        assert json_answer(client.query().convert())[1] == Counter({(IN_ARTICLE,): 1})

    @pytest.mark.parametrize("method", [GET, POST])
    def test_sparqlwrapper_named_graph(self, service: Service, method: str) -> None:
        client = wrapper(service, GRAPH_NAMES, JSON, method)
        client.addNamedGraph(REFERENCE_GRAPH)
        assert json_answer(client.query().convert())[1] == Counter({(REFERENCE_GRAPH,): 1})

    @pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
    def test_sparqlstore_graph_identifier(self, service: Service, method: str) -> None:
        """A Graph over SPARQLStore with an IRI for identifier sends it as default-graph-uri."""
        graph = Graph(
            store=SPARQLStore(service.sparql, method=method), identifier=URIRef(REFERENCE_GRAPH)
        )
        assert result_answer(graph.query(PROBES))[1] == Counter({(IN_REFERENCE,): 1})

    @needs_roqet
    def test_roqet_data_and_named_graphs(self, service: Service) -> None:
        """With -p, roqet sends -D as default-graph-uri and -G as named-graph-uri."""
        done = run(
            "roqet", "-q", "-i", "sparql", "-p", service.sparql, "-D", REFERENCE_GRAPH,
            "-e", PROBES, "-r", "csv",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert csv_answer(done.stdout)[1] == Counter({(IN_REFERENCE,): 1})
        done = run(
            "roqet", "-q", "-i", "sparql", "-p", service.sparql, "-G", ARTICLE_GRAPH,
            "-e", GRAPH_NAMES, "-r", "csv",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert csv_answer(done.stdout)[1] == Counter({(ARTICLE_GRAPH,): 1})


# -- the CLI and HTTP give the same answers ---------------------------------------------------


def cli_csv(settings: Settings, query: Path, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "peacekg", "query", str(query), "--format", "csv",
         "--store", str(settings.store_path)],
        capture_output=True, text=True, timeout=120, check=False, cwd=cwd,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem[:4])
def test_http_and_cli_give_the_same_rows(
    service: Service, http: httpx.Client, query: Path, tmp_path: Path
) -> None:
    """``peacekg query FILE --format csv`` (a separate process, reading the same store the
    server has open) and POST /sparql with Accept: text/csv give the same header and rows."""
    response = http.post(
        "/sparql",
        data={"query": query.read_text(encoding="utf-8")},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    over_http = csv_answer(response.text)
    from_cli = csv_answer(cli_csv(service.settings, query, tmp_path))
    assert from_cli == over_http
    assert over_http == expected(query)
