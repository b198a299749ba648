"""Explicit denials (``denials:`` of a fact, data/README.md): one report and its denial by another
named source stay side by side, each with its quote and attribution (DOMAIN.md point 6).

The fixture is an invented article (Arvenia and Kessaly) in tests/fixtures/synthetic/; it builds
on the third-round report, which declares the parties, persons, outlets and places it names.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from peacekg.compiler import ONTOLOGY_GRAPH, CompiledData, FactsError, compile_data, load_ontology
from peacekg.compiler.iris import article_graph_iri
from peacekg.config import Settings
from peacekg.ingest.conflicts import list_conflicts
from peacekg.namespaces import OA, PK, PREFIXES, sparql_prefixes
from peacekg.store import OxigraphStore
from peacekg.validation import validate

sys.path.insert(0, str(Path(__file__).resolve().parent / "api"))

from api_harness import serve

from peacekg.api import create_app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
ROUND3 = "2026-03-14-port-alder-round-3"
DENIED = "2026-04-06-ceasefire-report-denied"
FACTS = [FIXTURES / f"{ROUND3}.facts.yaml", FIXTURES / f"{DENIED}.facts.yaml"]

ID = "https://w3id.org/peacekg/id/"
STANCE = URIRef(f"{ID}article/{DENIED}/kessaly-ceasefire-rejected")
REPORT = URIRef(f"{STANCE}/claim/1")
DENIAL = URIRef(f"{STANCE}/denial/1")
G = article_graph_iri(DENIED)
REPORT_QUOTE = (
    "Kessaly rejects any ceasefire in the Dremmen valley until the sanctions against its banks "
    "are lifted."
)
DENIAL_QUOTE = (
    'Mira Dovan denied the report on Monday, saying: "Kessaly has set no such condition and is '
    'ready to discuss a ceasefire at the next round."'
)


@pytest.fixture(scope="module")
def compiled() -> CompiledData:
    return compile_data(DATA, extra_facts=FACTS)


# --- compiling ------------------------------------------------------------------------------


def test_the_fixture_compiles_and_conforms_to_the_shapes(compiled: CompiledData) -> None:
    assert compiled.graphs[G] == FACTS[1]
    report = validate(compiled.dataset, ONTOLOGY, origin=compiled.origin)
    assert report.conforms, report.text


def test_the_denial_denies_the_report_and_does_not_support_the_stance(
    compiled: CompiledData,
) -> None:
    graph = compiled.dataset.graph(G)
    assert (DENIAL, RDF.type, PK.Claim) in graph
    assert set(graph.objects(DENIAL, PK.denies)) == {REPORT}
    assert (DENIAL, PK.supports, None) not in graph
    assert (DENIAL, OA.hasBody, None) not in graph
    assert set(graph.objects(STANCE, PK.supportedBy)) == {REPORT}
    assert (REPORT, PK.supports, STANCE) in graph
    assert (REPORT, PK.denies, None) not in graph
    assert graph.value(DENIAL, PK.inArticle) == URIRef(f"{ID}article/{DENIED}")
    assert graph.value(DENIAL, PK.primarySource) == URIRef(f"{ID}mira-dovan")
    assert graph.value(URIRef(f"{DENIAL}/step/1"), PK.sourcing) == PK.OnRecord
    assert graph.value(REPORT, PK.primarySource) == URIRef(
        f"{ID}article/{DENIED}/source/ledger-kessaly-source"
    )
    # Quoted and anchored as evidence is: /target, /quote, /position.
    assert graph.value(URIRef(f"{DENIAL}/quote"), OA.exact) == Literal(DENIAL_QUOTE)
    text = str(graph.value(URIRef(f"{ID}article/{DENIED}"), PK.text))
    start = int(graph.value(URIRef(f"{DENIAL}/position"), OA.start))  # type: ignore[arg-type]
    end = int(graph.value(URIRef(f"{DENIAL}/position"), OA.end))  # type: ignore[arg-type]
    assert text[start:end] == DENIAL_QUOTE
    assert (DENIAL, OA.hasTarget, URIRef(f"{DENIAL}/target")) in graph


def test_the_graph_lists_the_pair_with_both_attributions(compiled: CompiledData) -> None:
    """The conflicts query of the REST API (claim_conflicts.rq) finds the pair as "denies"."""
    query = (ROOT / "src/peacekg/sparql/claim_conflicts.rq").read_text(encoding="utf-8")
    union = Dataset(default_union=True)  # the store's default graph: every named graph
    for quad in compiled.dataset.quads((None, None, None, None)):
        union.add(quad)
    found = {
        (str(row[0]), str(row[1]), str(row[2]))  # type: ignore[index]
        for row in union.query(sparql_prefixes() + query)
    }
    assert (str(DENIAL), str(REPORT), "denies") in found
    sources = {
        (str(row[0]), str(row[1]))  # type: ignore[index]
        for row in compiled.dataset.query(
            sparql_prefixes()
            + f"""SELECT ?claim ?agent WHERE {{ VALUES ?claim {{ <{DENIAL}> <{REPORT}> }}
                  GRAPH ?g {{ ?claim prov:qualifiedAttribution/prov:agent ?agent }} }}"""
        )
    }
    assert sources == {
        (str(DENIAL), f"{ID}mira-dovan"),
        (str(REPORT), f"{ID}daily-ledger"),
        (str(REPORT), f"{ID}article/{DENIED}/source/ledger-kessaly-source"),
    }


# --- the facts file: denies, and its errors --------------------------------------------------

HEADER = f"""article:
  id: {DENIED}
  text: {DENIED}.txt
sources:
  - {{id: ledger-kessaly-source, label: a source in the Kessaly government}}
stances:
  - id: kessaly-ceasefire-rejected
    holder: kessaly
    issue: ceasefire
    value: rejects
"""
LEDGER = """      - quote: {quote}
        according_to:
          - {{agent: daily-ledger, role: outlet}}
          - {{source: ledger-kessaly-source}}
"""
DOVAN = """      - quote: {quote}
        according_to: [{{agent: kessaly, on_record: true}}]
"""


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / f"{DENIED}.txt").write_text(
        (FIXTURES / f"{DENIED}.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    facts = tmp_path / f"{DENIED}.facts.yaml"
    facts.write_text(HEADER + body, encoding="utf-8")
    return facts


def compile_one(facts: Path) -> CompiledData:
    return compile_data(DATA, extra_facts=[FACTS[0], facts])


def failure(facts: Path) -> FactsError:
    with pytest.raises(FactsError) as caught:
        compile_one(facts)
    return caught.value


def test_denies_names_one_evidence_claim(tmp_path: Path) -> None:
    facts = write(
        tmp_path,
        "    evidence:\n"
        + LEDGER.format(quote="Kessaly rejects any ceasefire in the Dremmen valley")
        + "      - {quote: that Kessaly rejects any ceasefire, according_to: article}\n"
        + "    denials:\n"
        + DOVAN.format(quote="Kessaly has set no such condition")
        + "        denies: [1]\n",
    )
    graph = compile_one(facts).dataset.graph(G)
    assert set(graph.objects(DENIAL, PK.denies)) == {REPORT}
    # Without 'denies', a denial denies every evidence claim of its fact.
    facts.write_text(facts.read_text(encoding="utf-8").replace("        denies: [1]\n", ""))
    graph = compile_one(facts).dataset.graph(G)
    assert set(graph.objects(DENIAL, PK.denies)) == {REPORT, URIRef(f"{STANCE}/claim/2")}


def test_a_denies_number_that_does_not_exist(tmp_path: Path) -> None:
    facts = write(
        tmp_path,
        "    evidence:\n"
        + LEDGER.format(quote="Kessaly rejects any ceasefire in the Dremmen valley")
        + "    denials:\n"
        + DOVAN.format(quote="Kessaly has set no such condition")
        + "        denies: [1, 2]\n",
    )
    error = failure(facts)
    assert (error.path, error.line, error.column) == (facts, 19, 21)
    assert error.fact == "stance 'kessaly-ceasefire-rejected'"
    assert "denies claim 2, but the fact has 1 evidence claim(s)" in error.problem


def test_denials_without_evidence(tmp_path: Path) -> None:
    facts = write(
        tmp_path, "    denials:\n" + DOVAN.format(quote="Kessaly has set no such condition")
    )
    error = failure(facts)
    assert (error.path, error.line) == (facts, 11)
    assert error.fact == "stance 'kessaly-ceasefire-rejected'"
    assert "a fact with 'denials' needs 'evidence'" in error.problem


def test_a_denial_quote_not_in_the_article(tmp_path: Path) -> None:
    facts = write(
        tmp_path,
        "    evidence:\n"
        + LEDGER.format(quote="Kessaly rejects any ceasefire in the Dremmen valley")
        + "    denials:\n"
        + DOVAN.format(quote="Kessaly has set no conditions at all"),
    )
    error = failure(facts)
    assert (error.path, error.line, error.column) == (facts, 17, 9)
    assert error.fact == "stance 'kessaly-ceasefire-rejected'"
    assert 'the quote "Kessaly has set no conditions at all" is not in the article text' in str(
        error
    )
    assert "the nearest passage is" in error.problem


def test_an_empty_denial_quote(tmp_path: Path) -> None:
    facts = write(
        tmp_path,
        "    evidence:\n"
        + LEDGER.format(quote="Kessaly rejects any ceasefire in the Dremmen valley")
        + "    denials:\n"
        + DOVAN.format(quote='""'),
    )
    error = failure(facts)
    assert (error.path, error.line, error.column) == (facts, 17, 9)
    assert error.fact == "stance 'kessaly-ceasefire-rejected'"
    assert error.problem.startswith("stances.0.denials.0.quote: string should have at least 8")


def test_a_denial_chain_is_checked_as_evidence_chains_are(tmp_path: Path) -> None:
    facts = write(
        tmp_path,
        "    evidence:\n"
        + LEDGER.format(quote="Kessaly rejects any ceasefire in the Dremmen valley")
        + "    denials:\n"
        + "      - quote: Kessaly has set no such condition\n"
        + "        according_to: [{agent: kessaly}, {source: nobody}]\n",
    )
    error = failure(facts)
    assert error.line == 18
    assert "needs its role" in error.problem


# --- the REST API and the fact's page --------------------------------------------------------


def build_store() -> OxigraphStore:
    store = OxigraphStore(prefixes=PREFIXES)
    store.load(compile_data(DATA, extra_facts=FACTS).dataset)
    store.replace_graph(str(ONTOLOGY_GRAPH), iter(load_ontology(ONTOLOGY)))  # type: ignore[arg-type]
    return store


@pytest.fixture(scope="module")
def site() -> Iterator[httpx.Client]:
    store = build_store()
    settings = Settings(queries_dir=ROOT / "queries", _env_file=None)  # type: ignore[call-arg]
    try:
        with (
            serve(create_app(settings, store=store)) as server,
            httpx.Client(base_url=server.url, timeout=30) as http,
        ):
            yield http
    finally:
        store.close()


def test_conflicts_list_the_report_and_its_denial(site: httpx.Client) -> None:
    response = site.get("/api/v1/claims/conflicts")
    assert response.status_code == 200, response.text
    [conflict] = [c for c in response.json()["items"] if c["kind"] == "denies"]
    a, b = conflict["a"], conflict["b"]
    [denial], [report] = a["evidence"], b["evidence"]
    assert denial["claim"] == str(DENIAL) and report["claim"] == str(REPORT)
    assert denial["quote"] == DENIAL_QUOTE and report["quote"] == REPORT_QUOTE
    assert [s["agent"]["id"] for s in denial["attribution"]] == ["mira-dovan"]
    assert denial["attribution"][0]["sourcing"] == "on-record"
    assert report["attribution"][0]["agent"]["id"] == "daily-ledger"
    assert report["attribution"][-1]["sourcing"] == "anonymous"
    assert b["fact"]["id"] == f"{DENIED}/kessaly-ceasefire-rejected"


def test_the_claims_listing_says_what_a_denial_denies(site: httpx.Client) -> None:
    """A denial is listed among the claims with what it denies: it supports no fact."""
    response = site.get("/api/v1/claims", params={"article": DENIED, "limit": 100})
    assert response.status_code == 200, response.text
    by_claim = {c["claim"]: c for c in response.json()["items"]}
    assert by_claim[str(DENIAL)]["denies"] == [str(REPORT)]
    assert by_claim[str(DENIAL)]["fact"]["id"] == f"{DENIED}/kessaly-ceasefire-rejected"
    assert by_claim[str(REPORT)]["denies"] == []
    answer = site.get(
        "/api/v1/claims",
        params={"article": DENIED, "limit": 100},
        headers={"Accept": "application/ld+json"},
    )
    assert answer.status_code == 200, answer.text

    def loader(url: str, options: object = None) -> dict[str, object]:
        fetched = httpx.get(url, timeout=10)
        assert fetched.status_code == 200
        return {"contextUrl": None, "documentUrl": url, "document": fetched.json()}

    nquads = jsonld.to_rdf(
        jsonld.expand(answer.json(), {"documentLoader": loader}),
        {"format": "application/n-quads"},
    )
    denied = set(Graph().parse(data=nquads, format="nt").triples((None, PK.denies, None)))
    assert denied == {(DENIAL, PK.denies, REPORT)}  # and no claim denies anything else


def test_peacekg_conflicts_lists_the_report_and_its_denial() -> None:
    """The CLI's listing (``peacekg conflicts``) shows the pair too: the denial supports no
    stance of its own, so its side reads "denial", dated by its article."""
    store = build_store()
    try:
        denials = [c for c in list_conflicts(store) if c.kind == "denies"]
    finally:
        store.close()
    [conflict] = denials
    assert (conflict.a.claim, conflict.b.claim) == (DENIAL, REPORT)
    assert conflict.a.value == "denial" and conflict.a.quote == DENIAL_QUOTE
    assert conflict.a.valid_from == "2026-04-06"
    assert conflict.b.quote == REPORT_QUOTE
    assert "mira-dovan" in conflict.a.attribution.lower().replace(" ", "-")


def test_the_stance_page_shows_the_report_and_its_denial(site: httpx.Client) -> None:
    page = site.get(
        f"/id/article/{DENIED}/kessaly-ceasefire-rejected", headers={"Accept": "text/html"}
    )
    assert page.status_code == 200, page.text
    html = page.text
    assert "Mira Dovan" in html and "Daily Ledger" in html
    assert "Kessaly has set no such condition" in html
    assert "Kessaly rejects any ceasefire in the Dremmen valley" in html
    assert "Denies" in html


# --- ingesting into a store built from data/ ------------------------------------------------


def test_the_fixture_ingests_into_a_store_built_from_data(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "ingest"))
    from ingest_harness import article, fresh_store, settings_for

    from peacekg.ingest import ingest_article

    store = fresh_store(tmp_path)
    for name in (ROUND3, DENIED):
        text, facts = article(name)
        ingest_article(text, facts, settings_for(store))
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        assert reader.ask(
            f"ASK {{ GRAPH <{G}> {{ <{DENIAL}> pk:denies <{REPORT}> ; pk:inArticle ?a }} }}"
        )
        assert not reader.ask(f"ASK {{ GRAPH ?g {{ <{DENIAL}> pk:supports ?fact }} }}")
