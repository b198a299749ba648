"""One fact, many reports (DOMAIN.md point 7): a later article reports a fact of an earlier one
with ``ref:`` (an account), and its claims support that same fact; what it says of the fact
(a duration, a number of points, a title) goes into its own graph beside the earlier values, so
reports that disagree are both kept.

The fixtures are invented articles (Arvenia and Kessaly) in tests/fixtures/synthetic/: the
third-round report, a second outlet's report of the same round, and a third report that gives
the framework another number of points.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from peacekg.compiler import CompiledData, FactsError, compile_data
from peacekg.compiler.iris import article_graph_iri
from peacekg.namespaces import PK
from peacekg.validation import validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
ROUND3 = "2026-03-14-port-alder-round-3"
WIRE = "2026-03-15-harbour-wire-round-3"
LEDGER = "2026-03-20-ledger-framework-points"
FACTS = [FIXTURES / f"{name}.facts.yaml" for name in (ROUND3, WIRE, LEDGER)]

ID = "https://w3id.org/peacekg/id/"
ROUND = URIRef(f"{ID}2026-03-13-port-alder-round-3")
RED_LINE = URIRef(f"{ID}article/{ROUND3}/arvenia-dremmen-red-line")
OFFICE = URIRef(f"{ID}article/{ROUND3}/varga-foreign-minister")
VERSION = URIRef(f"{ID}northern-league-framework-v1")
PROVISION = URIRef(f"{ID}article/{WIRE}/framework-prisoners")


@pytest.fixture(scope="module")
def compiled() -> CompiledData:
    return compile_data(DATA, extra_facts=FACTS)


def _values(compiled: CompiledData, subject: URIRef, prop: URIRef) -> dict[str, set[str]]:
    """The values of ``subject prop`` per article graph (article id -> values)."""
    found: dict[str, set[str]] = {}
    for name in (ROUND3, WIRE, LEDGER):
        graph = compiled.dataset.graph(article_graph_iri(name))
        values = {str(v) for v in graph.objects(subject, prop)}
        if values:
            found[name] = values
    return found


def test_the_three_reports_compile_and_conform(compiled: CompiledData) -> None:
    report = validate(compiled.dataset, ONTOLOGY, origin=compiled.origin)
    assert report.conforms, report.text


def test_competing_durations_stay_side_by_side_each_in_its_report(compiled: CompiledData) -> None:
    assert _values(compiled, ROUND, PK.duration) == {
        ROUND3: {"PT3H"},
        WIRE: {"PT4H"},
        LEDGER: {"PT3H"},
    }
    assert _values(compiled, ROUND, PK.durationApproximation) == {
        ROUND3: {"about"},
        LEDGER: {"about"},
    }


def test_competing_numbers_of_points_stay_side_by_side(compiled: CompiledData) -> None:
    assert _values(compiled, VERSION, PK.numberOfPoints) == {WIRE: {"10"}, LEDGER: {"12"}}
    ledger = compiled.dataset.graph(article_graph_iri(LEDGER))
    points = next(ledger.objects(VERSION, PK.numberOfPoints))
    assert points == Literal(12, datatype=XSD.nonNegativeInteger)


@pytest.mark.parametrize(
    ("fact", "claims"),
    [
        (
            RED_LINE,
            {
                f"{ROUND3}/arvenia-dremmen-red-line/claim/1",
                f"{WIRE}/{ROUND3}/arvenia-dremmen-red-line/claim/1",
            },
        ),
        (
            OFFICE,
            {
                f"{ROUND3}/varga-foreign-minister/claim/1",
                f"{WIRE}/{ROUND3}/varga-foreign-minister/claim/1",
            },
        ),
        (
            VERSION,
            {
                f"{WIRE}/northern-league-framework-v1/claim/1",
                f"{LEDGER}/northern-league-framework-v1/claim/1",
            },
        ),
        (
            PROVISION,
            {f"{WIRE}/framework-prisoners/claim/1", f"{LEDGER}/{WIRE}/framework-prisoners/claim/1"},
        ),
    ],
    ids=["stance", "office", "version", "provision"],
)
def test_one_fact_is_supported_by_the_claims_of_each_report(
    compiled: CompiledData, fact: URIRef, claims: set[str]
) -> None:
    """The fact is one node; each report's claim is minted under that report's article."""
    supporting = {
        str(claim).removeprefix(f"{ID}article/")
        for name in (ROUND3, WIRE, LEDGER)
        for claim in compiled.dataset.graph(article_graph_iri(name)).objects(fact, PK.supportedBy)
    }
    assert supporting == claims


def test_an_account_adds_its_own_participations_and_title(compiled: CompiledData) -> None:
    wire = compiled.dataset.graph(article_graph_iri(WIRE))
    assert set(wire.objects(ROUND, PK.hasParticipation)) == {
        URIRef(f"{ID}article/{WIRE}/2026-03-13-port-alder-round-3/participant/ilse-varga")
    }
    assert set(wire.objects(OFFICE, PK.title)) == {Literal("Foreign Minister", lang="en")}
    # The account never re-declares what the fact is: type, holder, value stay the first report's.
    assert (RED_LINE, None, None) not in wire.triples((RED_LINE, PK.holder, None))
    assert not list(wire.triples((RED_LINE, PK.value, None)))


def _compile_with(tmp_path: Path, facts: str) -> None:
    text = FIXTURES / f"{WIRE}.txt"
    (tmp_path / f"{WIRE}.txt").write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / f"{WIRE}.facts.yaml"
    path.write_text(facts, encoding="utf-8")
    compile_data(DATA, extra_facts=[FACTS[0], path])


HEADER = f"""article:
  id: {WIRE}
  text: {WIRE}.txt
entities:
  - {{id: harbour-wire, type: MediaOutlet, label: Harbour Wire}}
"""
QUOTE = "Foreign Minister Ilse Varga, who led the Arvenian delegation"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            f"stances:\n  - ref: {ROUND3}/arvenia-dremmen-red-line\n    value: rejects\n",
            "value",
            id="an account cannot change the value (a new stance does)",
        ),
        pytest.param(
            f"offices:\n  - ref: {ROUND3}/arvenia-dremmen-red-line\n"
            f"    evidence: [{{quote: '{QUOTE}', according_to: article}}]\n",
            "is a stance, but ref must be an office",
            id="a stance is not an office",
        ),
        pytest.param(
            "stances:\n  - ref: arvenia-dremmen-red-line\n",
            "must name the stance of an earlier article as ARTICLE-ID/arvenia-dremmen-red-line",
            id="an article's fact is named with its article",
        ),
        pytest.param(
            f"stances:\n  - ref: {ROUND3}/arvenia-dremen-red-line\n",
            f"did you mean '{ROUND3}/arvenia-dremmen-red-line'",
            id="a typo gets a suggestion",
        ),
        pytest.param(
            "events:\n  - {id: wire-event, label: An event, type: talks, status: held,\n"
            f"     evidence: [{{quote: '{QUOTE}', according_to: article}}]}}\n"
            "  - {ref: wire-event, status: cancelled}\n",
            "names an event that this file declares",
            id="ref is for facts of earlier articles",
        ),
    ],
)
def test_a_wrong_account_is_refused_with_the_reason(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(FactsError) as caught:
        _compile_with(tmp_path, HEADER + body)
    assert message in str(caught.value)
    assert f"{WIRE}.facts.yaml" in str(caught.value)


# --- corroboration: the independent source of each claim ------------------------------------


def _origins(compiled: CompiledData, name: str) -> set[str]:
    graph = compiled.dataset.graph(article_graph_iri(name))
    return {str(o).removeprefix(ID) for o in graph.objects(None, PK.origin)}


def test_each_claim_goes_back_to_one_independent_source(compiled: CompiledData) -> None:
    # the article's own voice goes back to its publisher; a named source to that source
    assert _origins(compiled, WIRE) == {"harbour-wire", "ilse-varga"}
    # unnamed sources: those of the outlet that carries them, with their affiliation
    assert _origins(compiled, LEDGER) == {"origin/daily-ledger/unnamed/northern-league"}
    assert "origin/daily-ledger/unnamed" in _origins(compiled, ROUND3)


def test_outlets_repeating_one_report_go_back_to_one_source(tmp_path: Path) -> None:
    """A report that repeats "NBC, citing a Russian source" goes back to the same source as
    the first article's NBC claims: five outlets repeating one NBC report are one source."""
    text = (
        " date 2025-12-04 NBC, citing a Russian source, reported that the Kremlin will not "
        "make concessions on the territories of the Donetsk region, Kyiv Post writes.\n"
    )
    (tmp_path / "2025-12-04-repeat.txt").write_text(text, encoding="utf-8")
    facts = tmp_path / "2025-12-04-repeat.facts.yaml"
    facts.write_text(
        """article:
  id: 2025-12-04-repeat
  text: 2025-12-04-repeat.txt
  publisher: kyiv-post
sources:
  - {id: russian-source, label: a Russian source, affiliation: russia}
stances:
  - ref: 2025-12-03-moscow-talks/russia-donetsk-territory
    evidence:
      - quote: the Kremlin will not make concessions on the territories of the Donetsk region
        according_to:
          - {agent: kyiv-post, role: outlet}
          - {agent: nbc, role: outlet}
          - {source: russian-source}
""",
        encoding="utf-8",
    )
    compiled = compile_data(DATA, extra_facts=[facts])
    assert _origins(compiled, "2025-12-04-repeat") == {"origin/nbc/unnamed/russia"}
    assert "origin/nbc/unnamed/russia" in _origins(compiled, "2025-12-03-moscow-talks")


def test_a_post_called_former_is_marked_and_labelled(tmp_path: Path) -> None:
    """'former President Donald Trump' (how some reports name him): pk:former, and the label."""
    text = " date 2025-11-30 The talks were attended by former President Donald Trump's aide.\n"
    (tmp_path / "2025-11-30-former.txt").write_text(text, encoding="utf-8")
    facts = tmp_path / "2025-11-30-former.facts.yaml"
    facts.write_text(
        """article: {id: 2025-11-30-former, text: 2025-11-30-former.txt}
offices:
  - id: trump-former-president
    person: donald-trump
    organization: united-states
    role: head-of-state
    title: President
    former: true
    evidence: [{quote: "former President Donald Trump", according_to: article}]
""",
        encoding="utf-8",
    )
    compiled = compile_data(DATA, extra_facts=[facts])
    graph = compiled.dataset.graph(article_graph_iri("2025-11-30-former"))
    office = URIRef(f"{ID}article/2025-11-30-former/trump-former-president")
    assert set(graph.objects(office, PK.former)) == {Literal(True)}
    assert {str(x) for x in graph.objects(office, RDFS.label)} == {"Donald Trump: former President"}
    assert report_conforms(compiled)


def report_conforms(compiled: CompiledData) -> bool:
    report = validate(compiled.dataset, ONTOLOGY, origin=compiled.origin)
    assert report.conforms, report.text
    return True
