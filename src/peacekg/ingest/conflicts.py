"""Contradicting claims: found when an article is ingested, listed on demand.

Two stances conflict when

- they have the same holder and issue, and concern the same places (both none, or at least
  one place in common);
- their valid times overlap: a stance holds from ``pk:validFrom`` to ``pk:validUntil``
  (included), or, without one, until the first stance that supersedes it starts, or forever;
- their values are incompatible on the ordered stance-value scheme: one is ``AGAINST``
  (``pk:polarity``: red line, rejects) and the other ranks in the upper half of the scheme
  (``pk:rank``: proposes, ready to concede, supports, agrees); a demand is no contradiction of
  a refusal ("will not concede Donetsk", "demands Donetsk");
- and neither supersedes the other (a changed position is not a contradiction).

The rule is written once in SPARQL, ``stance_conflicts.rq`` (in :mod:`peacekg.sparql`), and
:func:`stance_conflicts` runs it over the store: ``GET /api/v1/claims/conflicts`` and
``peacekg conflicts`` (:func:`list_conflicts`) both list its pairs. The ingest checks a new
article's stances, before they are stored, against each other and the stored ones in Python
(:func:`conflicting_pairs`, :class:`ValueOrder`); ``tests/ingest/test_conflicts_agree.py`` proves it
finds exactly the pairs the query finds once the article is stored. Each claim of the new stance
is then linked to each claim of the other one by ``pk:contradicts`` (in the new article's graph:
both claims stay, each with its attribution). A claim that explicitly denies another
(``pk:denies``) is listed as a conflict too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from peacekg import sparql
from peacekg.namespaces import PK, sparql_prefixes
from peacekg.store import Store, TripleTerms

FOREVER = date.max


@cache
def _stance_conflicts_query() -> str:
    return sparql_prefixes() + sparql.load("stance_conflicts")


def stance_conflicts(store: Store) -> list[tuple[URIRef, URIRef]]:
    """Every pair of conflicting stances in the store (see the module text), each once, in
    IRI order: the rows of ``stance_conflicts.rq``, as the REST API lists them."""
    pairs = []
    for row in store.select(_stance_conflicts_query()).bindings():
        a, b = row["s1"], row["s2"]
        assert isinstance(a, URIRef) and isinstance(b, URIRef)
        pairs.append((a, b))
    return pairs


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
        return self.rank.get(b, 0) > self.concession_rank


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


def _superseded_in(graph: Graph, stance: StanceFacts) -> date:
    """When ``stance`` ends, given the stances of the new article's graph that supersede it."""
    later = [
        _day(graph.value(n, PK.validFrom)) - timedelta(days=1)
        for n in graph.subjects(PK.supersedes, stance.iri)
        if graph.value(n, PK.validFrom) is not None
    ]
    return min([stance.ends, *later])


def _superseded_ends(store: Store, graph: Graph, stance: StanceFacts, own_graph: str) -> date:
    """When a stance of the new article ends, given the stored stances (outside the article's
    graph) and the article's own stances that supersede it."""
    rows = store.select(
        f"""SELECT ?from WHERE {{ GRAPH ?g {{ ?later pk:supersedes <{stance.iri}> ;
            pk:validFrom ?from }} FILTER (?g != <{own_graph}>) }}"""
    ).rows
    later = [_day(r[0]) - timedelta(days=1) for r in rows]
    return min([_superseded_in(graph, stance), *later])


def _conflict(
    a: StanceFacts, a_ends: date, b: StanceFacts, b_ends: date, order: ValueOrder
) -> bool:
    return (
        a.holder == b.holder
        and a.issue == b.issue
        and a.iri not in b.supersedes
        and b.iri not in a.supersedes
        and _same_places(a, b)
        and a.valid_from <= b_ends
        and b.valid_from <= a_ends
        and order.incompatible(a.value, b.value)
    )


def conflicting_pairs(
    store: Store, graph: Graph, own_graph: str
) -> list[tuple[StanceFacts, StanceFacts]]:
    """(new stance, other stance) pairs that conflict (see the module text): the other one is
    stored, or stated by the same new article (then after the new one in IRI order)."""
    order = value_order(store)
    news = stances_in(graph)
    ends = {new.iri: _superseded_ends(store, graph, new, own_graph) for new in news}
    pairs = []
    for new in news:
        for old in _stored_rivals(store, new, own_graph):
            if _conflict(new, ends[new.iri], old, _superseded_in(graph, old), order):
                pairs.append((new, old))
    for a, b in combinations(news, 2):
        if _conflict(a, ends[a.iri], b, ends[b.iri], order):
            pairs.append((a, b))
    return pairs


def contradiction_links(store: Store, graph: Graph, own_graph: str) -> list[TripleTerms]:
    """``pk:contradicts`` triples from each claim of a new stance to each claim of a stance
    it conflicts with (stored, or stated by the same article)."""
    links: list[TripleTerms] = []
    for new, other in conflicting_pairs(store, graph, own_graph):
        new_claims = sorted(URIRef(str(c)) for c in graph.subjects(PK.supports, new.iri))
        if (other.iri, RDF.type, PK.Stance) in graph:
            other_claims = sorted(URIRef(str(c)) for c in graph.subjects(PK.supports, other.iri))
        else:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c pk:supports <{other.iri}> }} ORDER BY ?c"
            other_claims = [URIRef(str(row[0])) for row in store.select(query).rows]
        for claim in new_claims:
            for other_claim in other_claims:
                links.append((claim, PK.contradicts, other_claim))
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


# Explicit denials: a claim that says another is false, whatever the facts they support. A
# denial that supports no stance itself (a facts file's ``denials:``) shows as "denial", from
# the date of its article.
_DENIALS = """
SELECT DISTINCT ?ca ?cb ?holder ?issue ?sa ?va ?qa ?aa ?fa ?sb ?vb ?qb ?ab ?fb WHERE {
    ?ca pk:denies ?cb ; pk:inArticle ?aa ; oa:hasTarget/oa:hasSelector ?selA .
    ?selA oa:exact ?qa .
    ?cb pk:supports ?sb ; pk:inArticle ?ab ; oa:hasTarget/oa:hasSelector ?selB .
    ?selB oa:exact ?qb .
    ?sb pk:holder ?h ; pk:issue ?i ; pk:value ?vB ; pk:validFrom ?fb .
    ?h rdfs:label ?holder . ?i skos:prefLabel ?issue . ?vB skos:prefLabel ?vb .
    OPTIONAL {
        ?ca pk:supports ?stanceA .
        ?stanceA pk:value ?vA ; pk:validFrom ?fromA .
        ?vA skos:prefLabel ?valueA .
    }
    OPTIONAL { ?aa dcterms:issued ?issuedA }
    BIND (COALESCE(?stanceA, ?sb) AS ?sa)
    BIND (COALESCE(?valueA, "denial") AS ?va)
    BIND (COALESCE(?fromA, ?issuedA, "") AS ?fa)
}
ORDER BY ?holder ?issue ?ca ?cb
"""

# The claims of the given stances, each with what a listed side shows.
_CLAIMS = """
SELECT ?s ?c ?holder ?issue ?v ?q ?a ?f WHERE {
    VALUES ?s { %s }
    ?s pk:holder ?h ; pk:issue ?i ; pk:value ?vIri ; pk:validFrom ?f .
    ?h rdfs:label ?holder . ?i skos:prefLabel ?issue . ?vIri skos:prefLabel ?v .
    ?c pk:supports ?s ; pk:inArticle ?a ; oa:hasTarget/oa:hasSelector ?sel .
    ?sel oa:exact ?q .
}
ORDER BY ?s ?c
"""

_LINKS = """
SELECT DISTINCT ?ca ?cb WHERE { VALUES ?ca { %s } ?ca pk:contradicts ?cb }
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


@dataclass(frozen=True)
class _Claim:
    """One claim of a conflicting stance, with what its side of the listing shows."""

    stance: URIRef
    holder: str
    issue: str
    valid_from: str
    row: Mapping[str, object]

    def side(self, who: dict[URIRef, str]) -> ClaimSide:
        claim = URIRef(str(self.row["c"]))
        return ClaimSide(
            claim=claim,
            stance=self.stance,
            value=str(self.row["v"]),
            quote=str(self.row["q"]),
            attribution=who.get(claim, ""),
            article=_article_id(self.row["a"]),
            valid_from=self.valid_from,
        )


def _claims_of(store: Store, stances: set[URIRef]) -> dict[URIRef, list[_Claim]]:
    """The claims of each of ``stances`` (the first row of each claim)."""
    if not stances:
        return {}
    query = _CLAIMS % " ".join(f"<{s}>" for s in sorted(stances))
    found: dict[URIRef, dict[URIRef, _Claim]] = {}
    for row in store.select(query).bindings():
        stance, claim = URIRef(str(row["s"])), URIRef(str(row["c"]))
        found.setdefault(stance, {}).setdefault(
            claim, _Claim(stance, str(row["holder"]), str(row["issue"]), str(row["f"]), row)
        )
    return {stance: list(claims.values()) for stance, claims in found.items()}


def _contradictions(store: Store) -> list[tuple[_Claim, _Claim]]:
    """(a, b) for each claim of each side of each pair of :func:`stance_conflicts`: a is the
    claim that a ``pk:contradicts`` link starts from (the ingest links the new claim to the
    stored one), or, without a link, a claim of the stance that starts later."""
    pairs = stance_conflicts(store)
    claims = _claims_of(store, {s for pair in pairs for s in pair})
    everyone = sorted({c.row["c"] for found in claims.values() for c in found}, key=str)
    links: set[tuple[str, str]] = set()
    if everyone:
        rows = store.select(_LINKS % " ".join(f"<{c}>" for c in everyone)).rows
        links = {(str(a), str(b)) for a, b in rows}
    found = []
    for s1, s2 in pairs:
        for c1 in claims.get(s1, []):
            for c2 in claims.get(s2, []):
                one, two = str(c1.row["c"]), str(c2.row["c"])
                if (one, two) in links or (
                    (two, one) not in links and c1.valid_from > c2.valid_from
                ):
                    found.append((c1, c2))
                else:
                    found.append((c2, c1))
    return found


def list_conflicts(store: Store) -> list[Conflict]:
    """Every pair of contradicting claims in the store, each with its stance, value, quote,
    attribution and article: the claims of the stances that conflict (:func:`stance_conflicts`,
    the pairs ``GET /api/v1/claims/conflicts`` lists too) and the explicit denials."""
    contradictions = _contradictions(store)
    denials = store.select(_DENIALS).bindings()
    claims = {URIRef(str(c.row["c"])) for pair in contradictions for c in pair}
    claims |= {URIRef(str(r[k])) for r in denials for k in ("ca", "cb")}
    who = attributions(store, sorted(claims))
    found = [
        Conflict(kind="contradicts", holder=a.holder, issue=a.issue, a=a.side(who), b=b.side(who))
        for a, b in contradictions
    ]
    seen: set[tuple[str, str]] = set()
    for r in denials:
        key = (str(r["ca"]), str(r["cb"]))
        if key in seen:
            continue
        seen.add(key)
        found.append(
            Conflict(
                kind="denies",
                holder=str(r["holder"]),
                issue=str(r["issue"]),
                a=_side(r, "a", who),
                b=_side(r, "b", who),
            )
        )
    return sorted(found, key=lambda c: (c.holder, c.issue, str(c.a.claim), str(c.b.claim), c.kind))
