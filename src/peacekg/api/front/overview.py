"""What the front door says of the graph: how much it holds, the period it covers, the latest
articles, the parties and the issues. Every figure is one SPARQL query (``sparql/front_*.rq``)
over the :class:`~peacekg.store.Store` interface, so it is right for whatever the store holds.

>>> from peacekg.store import OxigraphStore
>>> with OxigraphStore() as store:
...     empty = overview(store)
>>> empty.counts["articles"], empty.period.first_report, empty.latest_articles
(0, None, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from peacekg.api.front.lists import ArticleRow, article_rows, select
from peacekg.store import Store, Term

# The kinds counted, in the order pages show them.
COUNTED = (
    "articles",
    "outlets",
    "actors",
    "parties",
    "persons",
    "events",
    "stances",
    "claims",
    "documents",
    "issues",
)
LATEST = 8


@dataclass(frozen=True)
class Period:
    """The first and last day a report was published, and an event began (None: none known)."""

    first_report: str | None
    last_report: str | None
    first_event: str | None
    last_event: str | None
    publishers: int


@dataclass(frozen=True)
class Counted:
    """A party or an issue, with how many stances are on it (or held by it)."""

    iri: str
    label: str
    stances: int
    notation: str | None = None


@dataclass(frozen=True)
class Overview:
    """Everything the home page shows of the graph."""

    counts: dict[str, int]
    period: Period
    latest_articles: list[ArticleRow] = field(default_factory=list)
    parties: list[Counted] = field(default_factory=list)
    issues: list[Counted] = field(default_factory=list)


def _int(term: Term | None) -> int:
    return int(term) if term is not None else 0


def _str(term: Term | None) -> str | None:
    return None if term is None else str(term)


def counts(store: Store) -> dict[str, int]:
    """How many of each kind of thing the graph holds (actors: parties and persons)."""
    found = {str(row["kind"]): _int(row.get("n")) for row in select(store, "front_counts")}
    found["actors"] = found.get("parties", 0) + found.get("persons", 0)
    return {kind: found.get(kind, 0) for kind in COUNTED}


def period(store: Store) -> Period:
    rows = select(store, "front_period")
    row = rows[0] if rows else {}
    return Period(
        _str(row.get("firstReport")),
        _str(row.get("lastReport")),
        _str(row.get("firstEvent")),
        _str(row.get("lastEvent")),
        _int(row.get("publishers")),
    )


def _counted(store: Store, name: str, var: str) -> list[Counted]:
    found = []
    for row in select(store, name):
        iri = row[var]
        if isinstance(iri, URIRef):
            label = _str(row.get("label")) or str(iri).rsplit("/", 1)[-1]
            found.append(
                Counted(str(iri), label, _int(row.get("stances")), _str(row.get("notation")))
            )
    return found


def top_issues(store: Store) -> list[Counted]:
    """The issues without a broader one, each with the stances on it or on one of its
    sub-issues, the most discussed first: the stances are counted per issue in the store and
    added up the taxonomy here (a few hundred issues at most, where a path query per issue would
    scan the stances again for each)."""
    rows = select(store, "front_issues_list", flags={"rows"})
    broader = {row["i"]: row.get("broader") for row in rows}

    def top(issue: Term) -> Term:
        seen = {issue}
        while (parent := broader.get(issue)) is not None and parent in broader:
            if parent in seen:  # a cycle in the taxonomy: stop where it closes
                break
            seen.add(parent)
            issue = parent
        return issue

    totals: dict[Term, int] = {row["i"]: 0 for row in rows if broader.get(row["i"]) is None}
    for row in rows:
        root = top(row["i"])
        if root in totals:
            totals[root] += _int(row.get("stances"))
    found = [
        Counted(
            str(row["i"]),
            _str(row.get("label")) or str(row["i"]).rsplit("/", 1)[-1],
            totals[row["i"]],
            _str(row.get("notation")),
        )
        for row in rows
        if row["i"] in totals and isinstance(row["i"], URIRef)
    ]
    return sorted(found, key=lambda issue: (-issue.stances, issue.label.lower(), issue.iri))


def overview(store: Store, latest: int = LATEST) -> Overview:
    """The counts, the period, the ``latest`` newest articles, the parties and the top issues."""
    return Overview(
        counts=counts(store),
        period=period(store),
        latest_articles=article_rows(store, limit=latest, offset=0),
        parties=_counted(store, "front_parties", "party"),
        issues=top_issues(store),
    )
