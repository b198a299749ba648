"""The browsable lists of the front door: actors, events, documents, articles and issues, one
page at a time, each row a link to the thing's own page.

Each list is one SPARQL text (``sparql/front_<kind>.rq``) that gives one row per thing (flag
``rows``, paged by the store) or how many there are (flag ``count``). :data:`LISTS` says how to
show each as a table: the columns and, for one row, its cells.

>>> [listing.name for listing in LISTS.values()]
['articles', 'actors', 'events', 'documents', 'issues']
>>> from peacekg.store import OxigraphStore
>>> with OxigraphStore() as store:
...     LISTS["events"].count(store, {}), LISTS["events"].rows(store, {}, 10, 0)
(0, [])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from peacekg import sparql
from peacekg.namespaces import PK
from peacekg.store import Store, Term

Filters = Mapping[str, Sequence[URIRef | Literal]]


@dataclass(frozen=True)
class Cell:
    """One cell of a list: its text, the IRI it stands for (shown as a link), a hint."""

    text: str
    iri: str | None = None
    title: str | None = None
    indent: int = 0


@dataclass(frozen=True)
class ArticleRow:
    """An article as lists show it."""

    iri: str
    title: str
    issued: str | None
    publisher: str | None
    publisher_label: str | None
    language: str | None
    url: str | None
    claims: int


def select(
    store: Store,
    name: str,
    values: sparql.Bindings | None = None,
    *,
    flags: set[str] | frozenset[str] = frozenset(),
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Term]]:
    """The rows of the query ``sparql/NAME.rq`` as dictionaries (unbound variables left out)."""
    query = sparql.render(name, values, flags=flags, limit=limit, offset=offset)
    return store.select(query).bindings()


def _str(term: Term | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Term | None) -> int:
    return int(term) if term is not None else 0


def _count(store: Store, name: str, filters: Filters) -> int:
    rows = select(store, name, filters, flags={"count", *filters})
    return _int(rows[0].get("n")) if rows else 0


def _rows(
    store: Store, name: str, filters: Filters, limit: int | None, offset: int
) -> list[dict[str, Term]]:
    return select(store, name, filters, flags={"rows", *filters}, limit=limit, offset=offset)


def article_rows(
    store: Store, filters: Filters | None = None, *, limit: int | None, offset: int
) -> list[ArticleRow]:
    """The articles, newest first; ``filters`` may bind ``publisher``, ``from`` and ``to``. A
    page of IRIs first, then the details of those only (the claims are counted per page)."""
    page = [row["a"] for row in _rows(store, "front_articles", filters or {}, limit, offset)]
    subjects = [iri for iri in page if isinstance(iri, URIRef)]
    if not subjects:
        return []
    details = {row["a"]: row for row in select(store, "front_article_details", {"a": subjects})}
    found = []
    for iri in subjects:
        row = details.get(iri, {})
        found.append(
            ArticleRow(
                iri=str(iri),
                title=_str(row.get("title")) or str(iri).rsplit("/", 1)[-1],
                issued=_str(row.get("issued")),
                publisher=_str(row.get("publisher")),
                publisher_label=_str(row.get("publisherLabel")),
                language=_str(row.get("language")),
                url=_str(row.get("url")),
                claims=_int(row.get("claims")),
            )
        )
    return found


def article_count(store: Store, filters: Filters | None = None) -> int:
    return _count(store, "front_articles", filters or {})


def _label(row: Mapping[str, Term], var: str, iri_var: str) -> str:
    return _str(row.get(var)) or str(row[iri_var]).rsplit("/", 1)[-1]


def _article_cells(row: ArticleRow) -> list[Cell]:
    publisher = Cell(row.publisher_label or "", row.publisher) if row.publisher else Cell("")
    return [
        Cell(row.issued or ""),
        Cell(row.title, row.iri, title=row.url),
        publisher,
        Cell(row.language or ""),
        Cell(str(row.claims)),
    ]


def _articles(store: Store, filters: Filters, limit: int | None, offset: int) -> list[list[Cell]]:
    return [_article_cells(row) for row in article_rows(store, filters, limit=limit, offset=offset)]


def _actors(store: Store, filters: Filters, limit: int | None, offset: int) -> list[list[Cell]]:
    table = []
    for row in _rows(store, "front_actors", filters, limit, offset):
        same = " ".join(
            iri.rsplit("/", 1)[-1] for iri in (_str(row.get("sameAs")) or "").split() if iri
        )
        table.append(
            [
                Cell(_label(row, "label", "a"), str(row["a"])),
                Cell(_KINDS.get(_str(row.get("type")) or "", _str(row.get("type")) or "")),
                Cell(_str(row.get("aliases")) or ""),
                Cell(same, title=_str(row.get("sameAs"))),
            ]
        )
    return table


def _events(store: Store, filters: Filters, limit: int | None, offset: int) -> list[list[Cell]]:
    table = []
    for row in _rows(store, "front_events", filters, limit, offset):
        begin = _str(row.get("begin")) or ""
        place = _str(row.get("placeIri"))
        table.append(
            [
                Cell(
                    begin[:10] or "—",
                    title=begin if len(begin) > 10 else None if begin else "no date reported",
                ),
                Cell(_label(row, "label", "e"), str(row["e"])),
                Cell(_str(row.get("type")) or ""),
                Cell(_str(row.get("place")) or "", place),
                Cell(_str(row.get("statuses")) or ""),
            ]
        )
    return table


def _documents(store: Store, filters: Filters, limit: int | None, offset: int) -> list[list[Cell]]:
    table = []
    for row in _rows(store, "front_documents", filters, limit, offset):
        by = _str(row.get("proposedBy"))
        table.append(
            [
                Cell(_label(row, "label", "d"), str(row["d"])),
                Cell(_str(row.get("proposedByLabel")) or "", by),
                Cell(_str(row.get("versions")) or ""),
            ]
        )
    return table


def issue_tree(rows: list[dict[str, Term]]) -> list[tuple[int, dict[str, Term]]]:
    """The issues as a tree in reading order: each top issue, then its sub-issues (by name),
    with their depth.

    >>> I = "https://w3id.org/peacekg/vocab/issue/"
    >>> rows = [{"i": URIRef(I + "b"), "label": Literal("b")},
    ...         {"i": URIRef(I + "a1"), "label": Literal("a1"), "broader": URIRef(I + "a")},
    ...         {"i": URIRef(I + "a"), "label": Literal("a")}]
    >>> [(depth, str(row["label"])) for depth, row in issue_tree(rows)]
    [(0, 'a'), (1, 'a1'), (0, 'b')]
    """
    known = {row["i"]: row for row in rows}
    children: dict[Term | None, list[dict[str, Term]]] = {}
    for row in rows:
        parent = row.get("broader")
        children.setdefault(parent if parent in known else None, []).append(row)
    ordered: list[tuple[int, dict[str, Term]]] = []
    seen: set[Term] = set()

    def walk(parent: Term | None, depth: int) -> None:
        for row in sorted(children.get(parent, []), key=lambda r: str(r.get("label", "")).lower()):
            if row["i"] in seen:
                continue
            seen.add(row["i"])
            ordered.append((depth, row))
            walk(row["i"], depth + 1)

    walk(None, 0)
    return ordered


def _issues(store: Store, filters: Filters, limit: int | None, offset: int) -> list[list[Cell]]:
    rows = _rows(store, "front_issues_list", filters, None, 0)
    tree = issue_tree(rows)
    end = None if limit is None else offset + limit
    table = []
    for depth, row in tree[offset:end]:
        table.append(
            [
                Cell(_label(row, "label", "i"), str(row["i"]), indent=depth),
                Cell(_str(row.get("notation")) or ""),
                Cell(_str(row.get("aliases")) or ""),
                Cell(str(_int(row.get("stances")))),
            ]
        )
    return table


_KINDS = {
    "State": "state",
    "InternationalOrganisation": "international organisation",
    "Coalition": "coalition",
    "ArmedGroup": "armed group",
    "Person": "person",
    "MediaOutlet": "outlet",
}
# The kinds of actor a list can be restricted to (``?type=``), and their classes.
ACTOR_TYPES: dict[str, list[URIRef]] = {
    "party": [PK.State, PK.InternationalOrganisation, PK.Coalition, PK.ArmedGroup],
    "person": [PK.Person],
    "outlet": [PK.MediaOutlet],
}


@dataclass(frozen=True)
class Listing:
    """One browsable list: its path name, title, what it lists, its columns and its rows."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    query: str
    table: Callable[[Store, Filters, int | None, int], list[list[Cell]]]

    def count(self, store: Store, filters: Filters) -> int:
        return _count(store, self.query, filters)

    def rows(
        self, store: Store, filters: Filters, limit: int | None, offset: int
    ) -> list[list[Cell]]:
        return self.table(store, filters, limit, offset)


LISTS: dict[str, Listing] = {
    listing.name: listing
    for listing in (
        Listing(
            "articles",
            "Articles",
            "The news reports the graph is built from, newest first, with the number of claims "
            "taken from each (0: its facts are not coded yet).",
            ("published", "title", "outlet", "language", "claims"),
            "front_articles",
            _articles,
        ),
        Listing(
            "actors",
            "Actors",
            "Parties, persons and outlets, by name, with the other names they go by and their "
            "Wikidata ids.",
            ("name", "kind", "also known as", "Wikidata"),
            "front_actors",
            _actors,
        ),
        Listing(
            "events",
            "Events",
            "Talks, meetings, calls and statements in time order, with every status the reports "
            "give them.",
            ("begins", "event", "type", "place", "status reported"),
            "front_events",
            _events,
        ),
        Listing(
            "documents",
            "Documents",
            "Peace plans and other documents, with who proposed them and their versions.",
            ("document", "proposed by", "versions"),
            "front_documents",
            _documents,
        ),
        Listing(
            "issues",
            "Issues",
            "The issue taxonomy (mapped to PA-X codes where PA-X has one), each top issue "
            "followed by its sub-issues, with the number of stances on each.",
            ("issue", "PA-X", "also known as", "stances"),
            "front_issues_list",
            _issues,
        ),
    )
}
