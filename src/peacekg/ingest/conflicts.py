"""Contradicting claims: found when an article is ingested, listed on demand.

Two stances conflict when

- they have the same holder and issue, and concern the same places (both none, or at least
  one place in common);
- their valid times overlap: a stance holds from ``pk:validFrom`` to ``pk:validUntil``
  (included), or, without one, until the first stance that supersedes it starts, or forever;
- their values are incompatible on the ordered stance-value scheme: one is ``AGAINST``
  (``pk:polarity``) and the other is ``FAVOR``, or ranks in the upper half of the scheme
  (``pk:rank``: ready to concede, supports, agrees);
- and neither supersedes the other (a changed position is not a contradiction).

Each claim of the new stance is then linked to each claim of the stored one by
``pk:contradicts`` (in the new article's graph: both claims stay, each with its attribution).
A claim that explicitly denies another (``pk:denies``) is listed as a conflict too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from peacekg.namespaces import PK
from peacekg.store import Store, TripleTerms

FOREVER = date.max


@dataclass(frozen=True)
class StanceFacts:
    iri: URIRef
    holder: URIRef
    issue: URIRef
    value: URIRef
    places: frozenset[URIRef]
    valid_from: date
    ends: date  # the last day it holds
    supersedes: frozenset[URIRef]


@dataclass(frozen=True)
class ValueOrder:
    """Ranks and polarities of the stance values, read from the store."""

    rank: dict[URIRef, int]
    polarity: dict[URIRef, str]

    @property
    def concession_rank(self) -> int:
        """Values ranked above this are in the upper half: ready to concede or agreeing."""
        return max(self.rank.values(), default=0) // 2

    def incompatible(self, a: URIRef, b: URIRef) -> bool:
        return self._against(a, b) or self._against(b, a)

    def _against(self, a: URIRef, b: URIRef) -> bool:
        if self.polarity.get(a) != "AGAINST" or self.polarity.get(b) == "AGAINST":
            return False
        return self.polarity.get(b) == "FAVOR" or self.rank.get(b, 0) > self.concession_rank


def value_order(store: Store) -> ValueOrder:
    query = "SELECT ?v ?rank ?p WHERE { ?v pk:rank ?rank . OPTIONAL { ?v pk:polarity ?p } }"
    rows = store.select(query).bindings()
    return ValueOrder(
        rank={URIRef(str(r["v"])): int(str(r["rank"])) for r in rows},
        polarity={URIRef(str(r["v"])): str(r["p"]) for r in rows if "p" in r},
    )


def _day(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def stances_in(graph: Graph) -> list[StanceFacts]:
    """The stances an article's compiled graph states (their end as the graph alone says)."""
    found = []
    for s in graph.subjects(RDF.type, PK.Stance):
        assert isinstance(s, URIRef)
        until = graph.value(s, PK.validUntil)
        found.append(
            StanceFacts(
                iri=s,
                holder=URIRef(str(graph.value(s, PK.holder))),
                issue=URIRef(str(graph.value(s, PK.issue))),
                value=URIRef(str(graph.value(s, PK.value))),
                places=frozenset(URIRef(str(p)) for p in graph.objects(s, PK.concernsPlace)),
                valid_from=_day(graph.value(s, PK.validFrom)),
                ends=_day(until) if until is not None else FOREVER,
                supersedes=frozenset(URIRef(str(o)) for o in graph.objects(s, PK.supersedes)),
            )
        )
    return sorted(found, key=lambda f: str(f.iri))


def _stored_rivals(store: Store, new: StanceFacts, own_graph: str) -> list[StanceFacts]:
    """Stored stances of the same holder on the same issue (outside the article's graph),
    each ending where its validUntil or the first stance superseding it says."""
    query = f"""SELECT ?t ?value ?from ?until ?place ?old ?laterFrom WHERE {{
        GRAPH ?g {{
            ?t a pk:Stance ; pk:holder <{new.holder}> ; pk:issue <{new.issue}> ;
               pk:value ?value ; pk:validFrom ?from .
            OPTIONAL {{ ?t pk:validUntil ?until }}
            OPTIONAL {{ ?t pk:concernsPlace ?place }}
            OPTIONAL {{ ?t pk:supersedes ?old }}
        }}
        FILTER (?g != <{own_graph}>)
        OPTIONAL {{
            GRAPH ?lg {{ ?later pk:supersedes ?t ; pk:validFrom ?laterFrom }}
            FILTER (?lg != <{own_graph}>)
        }}
    }}"""
    rivals: dict[URIRef, _Rows] = {}
    for row in store.select(query).bindings():
        rivals.setdefault(URIRef(str(row["t"])), _Rows(row)).add(row)
    found = [entry.stance(t, new) for t, entry in rivals.items()]
    return sorted(found, key=lambda f: str(f.iri))


@dataclass
class _Rows:
    """The rows of one stored stance (one per place, superseded and superseding stance)."""

    first: Mapping[str, object]
    places: set[str] = field(default_factory=set)
    old: set[str] = field(default_factory=set)
    later: set[date] = field(default_factory=set)

    def add(self, row: Mapping[str, object]) -> None:
        if "place" in row:
            self.places.add(str(row["place"]))
        if "old" in row:
            self.old.add(str(row["old"]))
        if "laterFrom" in row:
            self.later.add(_day(row["laterFrom"]) - timedelta(days=1))

    def stance(self, iri: URIRef, new: StanceFacts) -> StanceFacts:
        until = self.first.get("until")
        ends = _day(until) if until is not None else FOREVER
        return StanceFacts(
            iri=iri,
            holder=new.holder,
            issue=new.issue,
            value=URIRef(str(self.first["value"])),
            places=frozenset(URIRef(p) for p in self.places),
            valid_from=_day(self.first["from"]),
            ends=min([ends, *self.later]),
            supersedes=frozenset(URIRef(o) for o in self.old),
        )


def _same_places(a: StanceFacts, b: StanceFacts) -> bool:
    return (not a.places and not b.places) or bool(a.places & b.places)


def _superseded_ends(store: Store, stance: StanceFacts, own_graph: str) -> date:
    """When a stance of the new article ends, given stored stances that supersede it."""
    rows = store.select(
        f"""SELECT ?from WHERE {{ GRAPH ?g {{ ?later pk:supersedes <{stance.iri}> ;
            pk:validFrom ?from }} FILTER (?g != <{own_graph}>) }}"""
    ).rows
    later = [_day(r[0]) - timedelta(days=1) for r in rows]
    return min([stance.ends, *later])


def conflicting_pairs(
    store: Store, graph: Graph, own_graph: str
) -> list[tuple[StanceFacts, StanceFacts]]:
    """(new stance, stored stance) pairs that conflict (see the module text)."""
    order = value_order(store)
    pairs = []
    for new in stances_in(graph):
        ends = _superseded_ends(store, new, own_graph)
        for old in _stored_rivals(store, new, own_graph):
            if old.iri in new.supersedes or new.iri in old.supersedes:
                continue
            if not _same_places(new, old):
                continue
            if new.valid_from > old.ends or old.valid_from > ends:
                continue
            if order.incompatible(new.value, old.value):
                pairs.append((new, old))
    return pairs


def contradiction_links(store: Store, graph: Graph, own_graph: str) -> list[TripleTerms]:
    """``pk:contradicts`` triples from each claim of a new stance to each claim of a stored
    stance it conflicts with."""
    links: list[TripleTerms] = []
    for new, old in conflicting_pairs(store, graph, own_graph):
        new_claims = sorted(graph.subjects(PK.supports, new.iri), key=str)
        old_claims = store.select(
            f"SELECT DISTINCT ?c WHERE {{ ?c pk:supports <{old.iri}> }} ORDER BY ?c"
        ).rows
        for claim in new_claims:
            for (old_claim,) in old_claims:
                assert isinstance(claim, URIRef) and isinstance(old_claim, URIRef)
                links.append((claim, PK.contradicts, old_claim))
    return links


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimSide:
    claim: URIRef
    stance: URIRef
    value: str
    quote: str
    attribution: str
    article: str
    valid_from: str


@dataclass(frozen=True)
class Conflict:
    kind: str  # "contradicts" or "denies"
    holder: str
    issue: str
    a: ClaimSide
    b: ClaimSide


_LIST = """
SELECT DISTINCT ?rel ?ca ?cb ?holder ?issue ?vA ?vB ?sameTopic
       ?sa ?va ?qa ?aa ?fa ?sb ?vb ?qb ?ab ?fb WHERE {
    VALUES ?rel { pk:contradicts pk:denies }
    ?ca ?rel ?cb .
    ?ca pk:supports ?sa ; pk:inArticle ?aa ; oa:hasTarget/oa:hasSelector ?selA .
    ?selA oa:exact ?qa .
    ?cb pk:supports ?sb ; pk:inArticle ?ab ; oa:hasTarget/oa:hasSelector ?selB .
    ?selB oa:exact ?qb .
    ?sa pk:holder ?h ; pk:issue ?i ; pk:value ?vA ; pk:validFrom ?fa .
    ?sb pk:value ?vB ; pk:validFrom ?fb ; pk:holder ?hb ; pk:issue ?ib .
    BIND (?h = ?hb && ?i = ?ib AS ?sameTopic)
    ?h rdfs:label ?holder . ?i skos:prefLabel ?issue .
    ?vA skos:prefLabel ?va . ?vB skos:prefLabel ?vb .
}
ORDER BY ?holder ?issue ?ca ?cb
"""

_STEPS = """
SELECT ?claim ?position ?name ?role ?sourcing WHERE {
    VALUES ?claim { %s }
    ?claim prov:qualifiedAttribution ?step .
    ?step pk:position ?position ; prov:hadRole ?r ; pk:sourcing ?s .
    OPTIONAL { ?step prov:agent ?agent . ?agent rdfs:label ?name }
    OPTIONAL { ?r rdfs:label ?role }
    OPTIONAL { ?s rdfs:label ?sourcing }
}
ORDER BY ?claim ?position
"""


def attributions(store: Store, claims: list[URIRef]) -> dict[URIRef, str]:
    """Who says so, for each claim: its chain from the article outwards."""
    if not claims:
        return {}
    rows = store.select(_STEPS % " ".join(f"<{c}>" for c in claims)).bindings()
    steps: dict[URIRef, list[str]] = {}
    seen: set[tuple[URIRef, str]] = set()
    for row in rows:
        claim, position = URIRef(str(row["claim"])), str(row["position"])
        if (claim, position) in seen:
            continue
        seen.add((claim, position))
        name = str(row.get("name", "the article"))
        how = ", ".join(str(row[k]) for k in ("role", "sourcing") if k in row)
        steps.setdefault(claim, []).append(f"{name} ({how})" if how else name)
    return {claim: " citing ".join(chain) for claim, chain in steps.items()}


def _article_id(article: object) -> str:
    return str(article).rsplit("/", 1)[-1]


def _side(row: Mapping[str, object], end: str, who: dict[URIRef, str]) -> ClaimSide:
    """One side of a listed conflict; ``end`` is "a" or "b" (the variables' last letter)."""
    claim = URIRef(str(row[f"c{end}"]))
    return ClaimSide(
        claim=claim,
        stance=URIRef(str(row[f"s{end}"])),
        value=str(row[f"v{end}"]),
        quote=str(row[f"q{end}"]),
        attribution=who.get(claim, ""),
        article=_article_id(row[f"a{end}"]),
        valid_from=str(row[f"f{end}"]),
    )


def _still_holds(row: Mapping[str, object], order: ValueOrder) -> bool:
    """A denial always stands; a contradiction only while the two stances still have the same
    holder and issue and incompatible values (a stance re-ingested since may have changed)."""
    if str(row["rel"]) == str(PK.denies):
        return True
    same = str(row.get("sameTopic", "")).lower() == "true"
    return same and order.incompatible(URIRef(str(row["vA"])), URIRef(str(row["vB"])))


def list_conflicts(store: Store) -> list[Conflict]:
    """Every pair of contradicting claims in the store, each with its stance, value, quote,
    attribution and article."""
    order = value_order(store)
    rows = [r for r in store.select(_LIST).bindings() if _still_holds(r, order)]
    claims = sorted({URIRef(str(r[k])) for r in rows for k in ("ca", "cb")})
    who = attributions(store, claims)
    found: list[Conflict] = []
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (str(r["rel"]), str(r["ca"]), str(r["cb"]))
        if key in seen:
            continue
        seen.add(key)

        found.append(
            Conflict(
                kind="denies" if str(r["rel"]) == str(PK.denies) else "contradicts",
                holder=str(r["holder"]),
                issue=str(r["issue"]),
                a=_side(r, "a", who),
                b=_side(r, "b", who),
            )
        )
    return found
