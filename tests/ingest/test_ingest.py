"""Articles ingested one after the other into a store built from data/: queries answer across
them, re-ingesting changes nothing, retracting removes exactly the article, contradictions are
flagged and listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_harness import AMNESTY, POSTPONED, ROUND3, article, fresh_store, nquads, settings_for
from rdflib import URIRef
from typer.testing import CliRunner

from peacekg.cli import app
from peacekg.ingest import RETRACTIONS_GRAPH, ingest_article, list_conflicts, retract_article
from peacekg.namespaces import PK, PREFIXES
from peacekg.store import OxigraphStore

ID = "https://w3id.org/peacekg/id/"
GRAPH = "https://w3id.org/peacekg/graph/article/"

STANCE_AS_OF = """
SELECT ?asOf ?value ?condition WHERE {
  VALUES ?asOf { "2026-03-20"^^xsd:date "2026-04-03"^^xsd:date }
  ?s a pk:Stance ; pk:holder id:kessaly ; pk:issue issue:heavy-weapons-withdrawal ;
     pk:value/skos:prefLabel ?value ; pk:validFrom ?from .
  OPTIONAL { ?s pk:condition ?condition }
  OPTIONAL { ?s pk:validUntil ?until }
  FILTER (?from <= ?asOf && (!BOUND(?until) || ?until >= ?asOf))
  FILTER NOT EXISTS {
    ?newer pk:supersedes ?s ; pk:validFrom ?newerFrom .
    FILTER (?newerFrom <= ?asOf)
  }
}
ORDER BY ?asOf
"""

# The status of an event each article reports, with the article's date: the latest one is
# the event's status now.
EVENT_STATUS = """
SELECT ?issued ?status WHERE {
  GRAPH ?g { id:2026-04-02-port-alder-round-4 pk:status ?s }
  ?s skos:prefLabel ?status .
  ?claim pk:supports id:2026-04-02-port-alder-round-4 ; pk:inArticle ?article .
  GRAPH ?g { ?claim pk:inArticle ?article }
  ?article dcterms:issued ?issued .
}
ORDER BY ?issued
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return fresh_store(tmp_path)


def ingest(store: Path, name: str) -> None:
    text, facts = article(name)
    ingest_article(text, facts, settings_for(store))


def rows(store: Path, query: str) -> list[tuple[str, ...]]:
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        return [tuple(str(t) for t in row) for row in reader.select(query).rows]


def test_both_articles_ingest_and_queries_answer_across_them(store: Path) -> None:
    ingest(store, ROUND3)
    ingest(store, POSTPONED)
    assert rows(store, STANCE_AS_OF) == [
        (
            "2026-03-20",
            "ready to be flexible",
            "if sanctions against Kessaly's banks are eased",
        ),
        ("2026-04-03", "rejects", "None"),
    ]
    statuses = rows(store, EVENT_STATUS)
    assert statuses == [("2026-03-14", "planned"), ("2026-04-03", "postponed")]
    # The moscow talks of data/ are still there, next to the two new graphs.
    with OxigraphStore(store, read_only=True) as reader:
        names = {str(g) for g in reader.graphs()}
    assert {GRAPH + ROUND3, GRAPH + POSTPONED, GRAPH + "2025-12-03-moscow-talks"} <= names


def test_the_cli_ingests_and_says_what_it_did(store: Path) -> None:
    text, facts = article(ROUND3)
    result = CliRunner().invoke(app, ["ingest", str(text), str(facts), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"Added article {ROUND3}" in result.stdout
    again = CliRunner().invoke(app, ["ingest", str(text), str(facts), "--store", str(store)])
    assert again.exit_code == 0, again.output
    assert f"Replaced article {ROUND3}" in again.stdout


def test_reingesting_an_article_leaves_the_store_as_it_was(store: Path) -> None:
    ingest(store, ROUND3)
    ingest(store, POSTPONED)
    before = nquads(store)
    ingest(store, POSTPONED)
    ingest(store, ROUND3)
    assert nquads(store) == before


def test_retract_removes_exactly_that_graph_and_records_it(store: Path) -> None:
    ingest(store, ROUND3)
    before = nquads(store)
    ingest(store, POSTPONED)
    assert nquads(store) != before
    result = CliRunner().invoke(app, ["retract", POSTPONED, "--store", str(store)])
    assert result.exit_code == 0, result.output
    after = nquads(store)
    retractions = [q for q in after if f"<{RETRACTIONS_GRAPH}> ." in q]
    assert [q for q in after if q not in retractions] == before
    assert any(f"<{ID}article/{POSTPONED}>" in q and "invalidated" in q for q in retractions)
    assert any("endedAtTime" in q for q in retractions)


def test_retracting_an_unknown_article_is_refused_and_changes_nothing(store: Path) -> None:
    before = nquads(store)
    result = CliRunner().invoke(app, ["retract", "no-such-article", "--store", str(store)])
    assert result.exit_code == 1
    assert "holds no article 'no-such-article'" in result.stderr
    assert nquads(store) == before


def test_a_contradicting_claim_is_kept_flagged_and_listed(store: Path) -> None:
    for name in (ROUND3, POSTPONED, AMNESTY):
        ingest(store, name)
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        found = list_conflicts(reader)
    assert len(found) == 1, found  # the superseded heavy-weapons offer is no conflict
    conflict = found[0]
    assert (conflict.kind, conflict.holder, conflict.issue) == ("contradicts", "Arvenia", "amnesty")
    new, old = conflict.a, conflict.b
    assert (new.value, new.article, new.valid_from) == ("agrees", AMNESTY, "2026-03-13")
    assert new.stance == URIRef(f"{ID}article/{AMNESTY}/arvenia-amnesty-agreed")
    assert new.quote.startswith("Arvenia agreed at the Port Alder talks")
    assert new.attribution == "Ada Lindqvist (primary source, official on record)"
    assert (old.value, old.article) == ("rejects", ROUND3)
    assert old.quote == "Arvenia rejected the demand, the newspaper wrote."
    assert old.attribution == (
        "Daily Ledger (outlet, named) citing two officials familiar with the talks "
        "(primary source, anonymous)"
    )
    # Both claims stay, each supporting its own stance.
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        assert reader.ask(f"ASK {{ <{new.claim}> pk:supports <{new.stance}> }}")
        assert reader.ask(f"ASK {{ <{old.claim}> pk:supports <{old.stance}> }}")
        link = f"<{new.claim}> <{PK.contradicts}> <{old.claim}>"
        assert reader.ask(f"ASK {{ GRAPH <{GRAPH}{AMNESTY}> {{ {link} }} }}")


def test_the_cli_lists_conflicts_and_retracting_the_claim_removes_its_flag(store: Path) -> None:
    for name in (ROUND3, AMNESTY):
        ingest(store, name)
    listed = CliRunner().invoke(app, ["conflicts", "--store", str(store), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    found = json.loads(listed.stdout)
    assert [(c["holder"], c["a"]["value"], c["b"]["value"]) for c in found] == [
        ("Arvenia", "agrees", "rejects")
    ]
    table = CliRunner().invoke(app, ["conflicts", "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert "Arvenia on amnesty (contradicts)" in table.stdout
    assert "“Arvenia rejected the demand, the newspaper wrote.”" in table.stdout
    assert table.stdout.rstrip().endswith("1 conflict.")
    retract_article(AMNESTY, settings_for(store))
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        assert list_conflicts(reader) == []


def test_retracting_the_contradicted_article_takes_the_conflict_off_the_list(
    store: Path,
) -> None:
    ingest(store, ROUND3)
    ingest(store, AMNESTY)
    retract_article(ROUND3, settings_for(store), force=True)
    # Forced: the amnesty article stays, with its link to a claim no longer in the store and
    # its references to Arvenia, which round 3 declared (retraction does not cascade).
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        assert list_conflicts(reader) == []


def test_the_commands_of_the_readme_section_exist() -> None:
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text("utf-8")
    section = readme.split("## Ingesting an article", 1)[1].split("\n## ", 1)[0]
    block = section.split("```\n", 1)[1].split("```", 1)[0]
    commands = [line.split()[1] for line in block.splitlines() if line.startswith("peacekg ")]
    assert commands == ["ingest", "retract", "conflicts"]
    for command in commands:
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert "--store" in result.stdout


def test_an_article_others_build_on_is_not_retracted_unless_forced(store: Path) -> None:
    ingest(store, ROUND3)
    ingest(store, POSTPONED)
    before = nquads(store)
    refused = CliRunner().invoke(app, ["retract", ROUND3, "--store", str(store)])
    assert refused.exit_code == 1
    message = " ".join(refused.stderr.split())
    assert f"Other articles use what article '{ROUND3}' declares" in message
    assert f"<{ID}2026-04-02-port-alder-round-4> (used by {POSTPONED})" in message
    assert nquads(store) == before
    forced = CliRunner().invoke(app, ["retract", ROUND3, "--force", "--store", str(store)])
    assert forced.exit_code == 0, forced.output
    with OxigraphStore(store, read_only=True) as reader:
        names = {str(g) for g in reader.graphs()}
    assert GRAPH + ROUND3 not in names and GRAPH + POSTPONED in names


def test_a_new_version_may_not_drop_what_other_articles_use(store: Path, tmp_path: Path) -> None:
    ingest(store, ROUND3)
    ingest(store, POSTPONED)
    text, facts = article(ROUND3)
    without = facts.read_text(encoding="utf-8")
    # Drop the fourth round (the second article updates it) from the first article.
    start = without.index("  - id: 2026-04-02-port-alder-round-4")
    end = without.index("offices:")
    (tmp_path / facts.name).write_text(without[:start] + "\n" + without[end:], "utf-8")
    (tmp_path / text.name).write_text(text.read_text(encoding="utf-8"), "utf-8")
    before = nquads(store)
    result = CliRunner().invoke(
        app,
        ["ingest", str(tmp_path / text.name), str(tmp_path / facts.name), "--store", str(store)],
    )
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert (
        "no longer does" in message
        and f"2026-04-02-port-alder-round-4> (used by {POSTPONED})" in message
    )
    assert nquads(store) == before


def test_an_explicit_denial_is_listed_as_a_conflict(store: Path) -> None:
    """The facts format has no key for a denial yet: the link is written as the compiler would
    write it, and the listing shows it."""
    from rdflib import Dataset

    ingest(store, ROUND3)
    ingest(store, AMNESTY)
    denial = Dataset()
    denier = URIRef(f"{ID}article/{AMNESTY}/arvenia-amnesty-agreed/claim/1")
    denied = URIRef(f"{ID}article/{ROUND3}/arvenia-amnesty-rejection/claim/1")
    denial.graph(URIRef(GRAPH + AMNESTY)).add((denier, PK.denies, denied))
    with OxigraphStore(store) as writer:
        writer.load(denial)
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        kinds = sorted((c.kind, c.a.claim, c.b.claim) for c in list_conflicts(reader))
    assert kinds == [("contradicts", denier, denied), ("denies", denier, denied)]


def test_a_contradiction_no_longer_listed_once_the_other_report_is_corrected(
    store: Path, tmp_path: Path
) -> None:
    ingest(store, ROUND3)
    ingest(store, AMNESTY)
    text, facts = article(ROUND3)
    corrected = facts.read_text(encoding="utf-8").replace(
        "    issue: amnesty\n    value: rejects\n", "    issue: amnesty\n    value: agrees\n"
    )
    assert corrected != facts.read_text(encoding="utf-8")
    (tmp_path / facts.name).write_text(corrected, "utf-8")
    (tmp_path / text.name).write_text(text.read_text(encoding="utf-8"), "utf-8")
    ingest_article(tmp_path / text.name, tmp_path / facts.name, settings_for(store))
    with OxigraphStore(store, read_only=True, prefixes=PREFIXES) as reader:
        # The link stays in the amnesty article's graph, but no longer stands.
        assert reader.ask(f"ASK {{ GRAPH <{GRAPH}{AMNESTY}> {{ ?a <{PK.contradicts}> ?b }} }}")
        assert list_conflicts(reader) == []


def test_reingesting_the_article_of_data_into_the_store_built_from_it_changes_nothing(
    store: Path,
) -> None:
    """The ingest compiles an article exactly as the build does (documents, versions,
    provisions, offices and mandates included)."""
    articles = Path(__file__).resolve().parents[2] / "data" / "articles"
    before = nquads(store)
    result = ingest_article(
        articles / "2025-12-03-moscow-talks.txt",
        articles / "2025-12-03-moscow-talks.facts.yaml",
        settings_for(store),
    )
    assert result.replaced and result.conflicts == 0
    assert nquads(store) == before
