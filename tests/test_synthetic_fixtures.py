"""The two synthetic articles (an invented conflict: Arvenia and Kessaly) compile with the shipped
data, with no code written for them, and say exactly what the articles say.

The fixtures live in tests/fixtures/synthetic/ and never in data/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from peacekg.compiler import REFERENCE_GRAPH, CompiledData, compile_data
from peacekg.compiler.iris import article_graph_iri
from peacekg.namespaces import OA, PK, sparql_prefixes
from peacekg.validation import ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
ROUND3 = "2026-03-14-port-alder-round-3"
POSTPONED = "2026-04-03-round-4-postponed"
FACTS = [FIXTURES / f"{ROUND3}.facts.yaml", FIXTURES / f"{POSTPONED}.facts.yaml"]

ID = "https://w3id.org/peacekg/id/"
VOCAB = "https://w3id.org/peacekg/vocab/"
G3 = article_graph_iri(ROUND3)
G4 = article_graph_iri(POSTPONED)


def local(article: str, fact: str) -> URIRef:
    return URIRef(f"{ID}article/{article}/{fact}")


OFFER = local(ROUND3, "kessaly-heavy-weapons-offer")
RULED_OUT = local(POSTPONED, "kessaly-heavy-weapons-withdrawal-ruled-out")
ROUND_4 = URIRef(f"{ID}2026-04-02-port-alder-round-4")


@pytest.fixture(scope="module")
def compiled() -> CompiledData:
    return compile_data(DATA, extra_facts=FACTS)


def rows(compiled: CompiledData, query: str) -> set[tuple[str, ...]]:
    """The answers of a SPARQL query, each row as a tuple of strings."""
    result = compiled.dataset.query(sparql_prefixes() + query)
    return {tuple(str(v) for v in row) for row in result}  # type: ignore[union-attr]


def ask(compiled: CompiledData, query: str) -> bool:
    return bool(compiled.dataset.query(sparql_prefixes() + query).askAnswer)


# --- graphs ---------------------------------------------------------------------------------


def test_fixtures_are_not_in_the_shipped_data() -> None:
    assert not list(DATA.rglob("2026-*")), "the synthetic articles must never enter data/"
    shipped = compile_data(DATA)
    assert G3 not in shipped.graphs and G4 not in shipped.graphs
    arvenia = URIRef(f"{ID}arvenia")
    assert not any(True for _ in shipped.dataset.quads((arvenia, None, None, None)))


def test_both_fixtures_compile_with_the_data_into_one_graph_each(compiled: CompiledData) -> None:
    assert compiled.graphs[G3] == FACTS[0]
    assert compiled.graphs[G4] == FACTS[1]
    non_empty = {g.identifier for g in compiled.dataset.graphs() if len(g)}
    assert {REFERENCE_GRAPH, G3, G4} <= non_empty
    # Each article's facts sit in its own graph: the later one declares nothing of the earlier.
    assert (URIRef(f"{ID}arvenia"), RDF.type, PK.State) in compiled.dataset.graph(G3)
    assert (URIRef(f"{ID}arvenia"), RDF.type, PK.State) not in compiled.dataset.graph(G4)
    assert (OFFER, RDF.type, PK.Stance) in compiled.dataset.graph(G3)
    assert (RULED_OUT, RDF.type, PK.Stance) in compiled.dataset.graph(G4)


def test_every_quote_sits_at_its_offsets_in_its_own_article(compiled: CompiledData) -> None:
    for graph_iri, article in ((G3, ROUND3), (G4, POSTPONED)):
        graph = compiled.dataset.graph(graph_iri)
        text = str(graph.value(URIRef(f"{ID}article/{article}"), PK.text))
        raw = (FIXTURES / f"{article}.txt").read_text(encoding="utf-8")
        assert raw.lstrip().startswith("date 2026-") and raw.rstrip().endswith(text)
        claims = set(graph.subjects(RDF.type, PK.Claim))
        assert claims
        for claim in claims:
            target = graph.value(claim, OA.hasTarget)
            assert graph.value(target, OA.hasSource) == URIRef(f"{ID}article/{article}")
            selectors = list(graph.objects(target, OA.hasSelector))
            quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
            position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
            start = int(graph.value(position, OA.start))  # type: ignore[arg-type]
            end = int(graph.value(position, OA.end))  # type: ignore[arg-type]
            assert text[start:end] == str(graph.value(quote, OA.exact))


# --- the third round, the planned fourth round, the postponement ----------------------------


def test_third_round_time_place_duration_and_series(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?type ?status ?begin ?duration ?approx ?place ?series ?ordinal WHERE {{
          GRAPH <{G3}> {{
            id:2026-03-13-port-alder-round-3 pk:eventType ?type ; pk:status ?status ;
              pk:begin ?begin ; pk:duration ?duration ; pk:durationApproximation ?approx ;
              pk:place ?place ; pk:partOf ?series ; pk:ordinal ?ordinal .
            FILTER(datatype(?begin) = xsd:dateTime && datatype(?duration) = xsd:duration)
          }} }}""",
    )
    assert found == {
        (
            "https://w3id.org/peacekg/vocab/event-type/round",
            "https://w3id.org/peacekg/vocab/event-status/held",
            "2026-03-13T10:00:00+01:00",
            "PT3H",
            "about",
            f"{ID}port-alder",
            f"{ID}arvenia-kessaly-talks",
            "3",
        )
    }


def test_third_round_participants_by_side_and_role(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?who ?side ?role WHERE {{ GRAPH <{G3}> {{
              id:2026-03-13-port-alder-round-3 pk:hasParticipation ?p .
              ?p pk:participant ?who ; pk:side ?side .
              OPTIONAL {{ ?p pk:role ?role }} }} }}""",
    )
    role = "https://w3id.org/peacekg/vocab/role/"
    assert found == {
        (f"{ID}ilse-varga", f"{ID}arvenia", f"{role}minister"),
        (f"{ID}tomas-reuel", f"{ID}arvenia", f"{role}negotiator"),
        (f"{ID}oren-malik", f"{ID}kessaly", f"{role}deputy-head-of-government"),
        (f"{ID}ada-lindqvist", f"{ID}northern-league", f"{role}mediator"),
        (f"{ID}northern-league", f"{ID}northern-league", f"{role}mediator"),
    }


def test_fourth_round_is_planned_in_one_report_and_postponed_in_the_next(
    compiled: CompiledData,
) -> None:
    found = rows(
        compiled,
        """SELECT ?g ?status WHERE { GRAPH ?g {
             id:2026-04-02-port-alder-round-4 pk:status ?status } }""",
    )
    assert found == {
        (str(G3), "https://w3id.org/peacekg/vocab/event-status/planned"),
        (str(G4), "https://w3id.org/peacekg/vocab/event-status/postponed"),
    }
    g3 = compiled.dataset.graph(G3)
    assert g3.value(ROUND_4, PK.begin) == Literal("2026-04-02", datatype=XSD.date)
    assert g3.value(ROUND_4, PK.ordinal) == Literal(4, datatype=XSD.positiveInteger)
    # Who postponed it, why, and who says so (the Northern League, on record).
    assert rows(
        compiled,
        f"""SELECT ?by ?why ?source ?sourcing WHERE {{ GRAPH <{G4}> {{
              id:2026-04-02-port-alder-round-4 pk:statusChangedBy ?by ; pk:statusReason ?why ;
                pk:supportedBy ?claim .
              ?claim pk:primarySource ?source ; prov:qualifiedAttribution ?step .
              ?step pk:sourcing ?sourcing }} }}""",
    ) == {
        (
            f"{ID}kessaly",
            "Kessaly recalled its delegation",
            f"{ID}northern-league",
            str(PK.OnRecord),
        )
    }


def test_an_event_update_mints_claims_distinct_from_the_earlier_reports(
    compiled: CompiledData,
) -> None:
    claims_by_graph = {
        g: set(compiled.dataset.graph(g).objects(ROUND_4, PK.supportedBy)) for g in (G3, G4)
    }
    assert claims_by_graph[G3] and claims_by_graph[G4]
    assert not claims_by_graph[G3] & claims_by_graph[G4]


def test_prisoner_exchange_of_28_march(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?type ?status ?begin ?outcome WHERE {{ GRAPH <{G4}> {{
              id:2026-03-28-prisoner-exchange pk:eventType ?type ; pk:status ?status ;
                pk:begin ?begin ; pk:outcome ?outcome .
              FILTER(datatype(?begin) = xsd:date) }} }}""",
    )
    assert found == {
        (
            "https://w3id.org/peacekg/vocab/event-type/prisoner-exchange",
            "https://w3id.org/peacekg/vocab/event-status/held",
            "2026-03-28",
            "120 prisoners returned home; the exchange has been partly completed",
        )
    }
    quantity = rows(
        compiled,
        f"""SELECT ?value ?unit WHERE {{ GRAPH <{G4}> {{
              id:2026-03-28-prisoner-exchange pk:quantity ?q .
              ?q schema:value ?value ; schema:unitText ?unit }} }}""",
    )
    assert quantity == {("120", "prisoners returned home")}


# --- stances and valid time -----------------------------------------------------------------


def test_kessaly_conditional_offer(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?holder ?issue ?value ?place ?cond ?condIssue ?from ?speaker WHERE {{
              GRAPH <{G3}> {{
                <{OFFER}> pk:holder ?holder ; pk:issue ?issue ; pk:value ?value ;
                  pk:concernsPlace ?place ; pk:condition ?cond ; pk:conditionIssue ?condIssue ;
                  pk:validFrom ?from ; pk:supportedBy/pk:primarySource ?speaker .
                FILTER(datatype(?from) = xsd:date) }} }}""",
    )
    assert found == {
        (
            f"{ID}kessaly",
            "https://w3id.org/peacekg/vocab/issue/heavy-weapons-withdrawal",
            "https://w3id.org/peacekg/vocab/stance-value/flexible",
            f"{ID}dremmen-valley",
            "if sanctions against Kessaly's banks are eased",
            "https://w3id.org/peacekg/vocab/issue/sanctions-relief",
            "2026-03-13",
            f"{ID}oren-malik",
        )
    }


def test_later_stance_withdraws_the_offer_and_supersedes_it(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?holder ?issue ?value ?from ?old WHERE {{ GRAPH <{G4}> {{
              <{RULED_OUT}> pk:holder ?holder ; pk:issue ?issue ; pk:value ?value ;
                pk:validFrom ?from ; pk:supersedes ?old . }} }}""",
    )
    assert found == {
        (
            f"{ID}kessaly",
            "https://w3id.org/peacekg/vocab/issue/heavy-weapons-withdrawal",
            "https://w3id.org/peacekg/vocab/stance-value/rejects",
            "2026-04-02",
            str(OFFER),
        )
    }


@pytest.mark.parametrize(
    ("as_of", "value"),
    [("2026-03-20", "flexible"), ("2026-04-02", "rejects"), ("2026-04-10", "rejects")],
)
def test_kessaly_stance_on_heavy_weapons_as_of_a_date(
    compiled: CompiledData, as_of: str, value: str
) -> None:
    found = rows(
        compiled,
        f"""SELECT ?value WHERE {{
              GRAPH ?g {{ ?s pk:holder id:kessaly ; pk:issue issue:heavy-weapons-withdrawal ;
                            pk:value ?value ; pk:validFrom ?from }}
              FILTER(?from <= "{as_of}"^^xsd:date)
              FILTER NOT EXISTS {{ GRAPH ?h {{ ?newer pk:supersedes ?s ; pk:validFrom ?nf }}
                                   FILTER(?nf <= "{as_of}"^^xsd:date) }} }}""",
    )
    assert found == {(f"https://w3id.org/peacekg/vocab/stance-value/{value}",)}


def test_arvenia_red_line_on_the_dremmen_valley(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?issue ?value ?place ?from ?speaker ?sourcing WHERE {{ GRAPH <{G3}> {{
              ?s pk:holder id:arvenia ; pk:value value:red-line ; pk:issue ?issue ;
                pk:value ?value ; pk:concernsPlace ?place ; pk:validFrom ?from ;
                pk:supportedBy ?claim .
              ?claim pk:primarySource ?speaker ; prov:qualifiedAttribution/pk:sourcing ?sourcing
            }} }}""",
    )
    assert found == {
        (
            "https://w3id.org/peacekg/vocab/issue/territory",
            "https://w3id.org/peacekg/vocab/stance-value/red-line",
            f"{ID}dremmen-valley",
            "2026-03-13",
            f"{ID}ilse-varga",
            str(PK.OnRecord),
        )
    }


def test_both_sides_agreed_to_exchange_all_prisoners(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        f"""SELECT ?holder ?at ?from ?speaker WHERE {{ GRAPH <{G3}> {{
              ?s pk:issue issue:prisoners ; pk:value value:agrees ; pk:holder ?holder ;
                pk:expressedAt ?at ; pk:validFrom ?from ; pk:supportedBy/pk:primarySource ?speaker
            }} }}""",
    )
    at = f"{ID}2026-03-13-port-alder-round-3"
    assert found == {
        (f"{ID}arvenia", at, "2026-03-13", f"{ID}ada-lindqvist"),
        (f"{ID}kessaly", at, "2026-03-13", f"{ID}ada-lindqvist"),
    }


def test_arvenia_open_to_talks_on_the_prisoner_exchange(compiled: CompiledData) -> None:
    assert rows(
        compiled,
        f"""SELECT ?value ?speaker WHERE {{ GRAPH <{G4}> {{
              ?s pk:holder id:arvenia ; pk:issue issue:prisoners ; pk:value ?value ;
                pk:supportedBy/pk:primarySource ?speaker }} }}""",
    ) == {("https://w3id.org/peacekg/vocab/stance-value/flexible", f"{ID}marek-solberg")}


def test_daily_ledger_claims_cite_two_anonymous_officials(compiled: CompiledData) -> None:
    source = local(ROUND3, "source/ledger-officials")
    found = rows(
        compiled,
        f"""SELECT ?holder ?value ?pos ?agent ?role ?sourcing ?primary WHERE {{ GRAPH <{G3}> {{
              ?s pk:issue issue:amnesty ; pk:holder ?holder ; pk:value ?value ;
                pk:supportedBy ?claim .
              ?claim pk:primarySource ?primary ; prov:qualifiedAttribution ?step .
              ?step pk:position ?pos ; prov:agent ?agent ; prov:hadRole ?role ;
                pk:sourcing ?sourcing }} }}""",
    )
    value = "https://w3id.org/peacekg/vocab/stance-value/"
    expected = set()
    for holder, val in (("kessaly", "demands"), ("arvenia", "rejects")):
        expected |= {
            (
                f"{ID}{holder}",
                f"{value}{val}",
                "1",
                f"{ID}daily-ledger",
                str(PK.OutletRole),
                str(PK.Named),
                str(source),
            ),
            (
                f"{ID}{holder}",
                f"{value}{val}",
                "2",
                str(source),
                str(PK.PrimarySourceRole),
                str(PK.Anonymous),
                str(source),
            ),
        }
    assert found == expected
    g3 = compiled.dataset.graph(G3)
    assert (source, RDF.type, PK.AnonymousSource) in g3
    assert g3.value(source, PK.sourceCount) == Literal(2, datatype=XSD.positiveInteger)


# --- offices and mandates -------------------------------------------------------------------


def test_offices_and_mandates(compiled: CompiledData) -> None:
    found = rows(
        compiled,
        """SELECT ?g ?kind ?person ?org ?role WHERE { GRAPH ?g {
             ?m a ?kind ; org:member ?person ; org:organization ?org ; org:role ?role .
             FILTER(?kind IN (pk:Office, pk:Mandate))
             FILTER(STRSTARTS(STR(?m), "https://w3id.org/peacekg/id/article/2026-")) } }""",
    )
    role = "https://w3id.org/peacekg/vocab/role/"
    office, mandate = str(PK.Office), str(PK.Mandate)
    assert found == {
        (str(G3), office, f"{ID}ilse-varga", f"{ID}arvenia", f"{role}minister"),
        (str(G3), office, f"{ID}tomas-reuel", f"{ID}arvenia", f"{role}negotiator"),
        (str(G3), office, f"{ID}oren-malik", f"{ID}kessaly", f"{role}deputy-head-of-government"),
        (str(G3), office, f"{ID}ada-lindqvist", f"{ID}northern-league", f"{role}special-envoy"),
        (str(G3), mandate, f"{ID}ilse-varga", f"{ID}arvenia", f"{role}minister"),
        (str(G3), mandate, f"{ID}tomas-reuel", f"{ID}arvenia", f"{role}negotiator"),
        (str(G3), mandate, f"{ID}oren-malik", f"{ID}kessaly", f"{role}deputy-head-of-government"),
        (str(G3), mandate, f"{ID}ada-lindqvist", f"{ID}northern-league", f"{role}mediator"),
        (str(G4), office, f"{ID}oren-malik", f"{ID}kessaly", f"{role}deputy-head-of-government"),
        (str(G4), office, f"{ID}marek-solberg", f"{ID}arvenia", f"{role}head-of-state"),
    }


# --- the example of data/README.md ----------------------------------------------------------


def test_the_readme_example_compiles(tmp_path: Path) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    shutil.copy(FIXTURES / f"{ROUND3}.txt", tmp_path)
    facts = tmp_path / f"{ROUND3}.facts.yaml"
    facts.write_text(example, encoding="utf-8")
    compiled = compile_data(DATA, extra_facts=[facts])
    graph = compiled.dataset.graph(G3)
    assert (OFFER, PK.conditionIssue, URIRef(f"{VOCAB}issue/sanctions-relief")) in graph
    malik = rows(
        compiled,
        f"""SELECT ?role WHERE {{ GRAPH <{G3}> {{
              id:2026-03-13-port-alder-round-3 pk:hasParticipation [
                pk:participant id:oren-malik ; pk:role ?role ] }} }}""",
    )
    assert malik == {(f"{VOCAB}role/deputy-head-of-government",)}


# --- conformance to the ontology's shapes ---------------------------------------------------


def test_the_first_fixture_alone_conforms_to_the_shapes() -> None:
    report = validate(compile_data(DATA, extra_facts=FACTS[:1]).dataset, ONTOLOGY)
    assert report.conforms, report.text


@pytest.fixture(scope="module")
def report(compiled: CompiledData) -> ValidationReport:
    return validate(compiled.dataset, ONTOLOGY, origin=compiled.origin)


def test_both_fixtures_conform_to_the_shapes(report: ValidationReport) -> None:
    assert report.conforms, report.text
