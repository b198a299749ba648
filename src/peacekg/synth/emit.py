"""A synthetic article's facts to triples, exactly as the compiler would write them.

The facts are the dictionaries of a facts file (``data/README.md``): the same keys, every
reference by id. This module mirrors :mod:`peacekg.compiler.emit_article` and
:mod:`peacekg.compiler.emit_claims` term for term, without the registry and the pydantic
models (which would cost too much at millions of triples); ``tests/synth`` compiles a small
corpus with the real compiler and checks that both give the same graphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from peacekg.compiler.anchoring import CONTEXT
from peacekg.compiler.iris import article_iri, concept_iri, entity_iri, local_iri
from peacekg.namespaces import OA, PK
from peacekg.synth.quads import Triple, date_lit, integer, iri, lang, plain, typed

Facts = dict[str, Any]

# The IRIs of the terms used below, written once.
A = iri(str(RDF.type))
LABEL = iri(str(RDFS.label))
_ROLE_IRIS = {
    "outlet": PK.OutletRole,
    "journalist": PK.JournalistRole,
    "intermediary": PK.IntermediaryRole,
    "primary-source": PK.PrimarySourceRole,
}


def t(term: Any) -> str:
    """An rdflib URIRef (a namespace member) in N-Triples syntax."""
    return iri(str(term))


def ent(ident: str) -> str:
    return iri(str(entity_iri(ident)))


def concept(scheme: str, ident: str) -> str:
    return iri(str(concept_iri(scheme, ident)))


@dataclass
class Labels:
    """What the compiler's registry knows and the emitter needs: labels by id."""

    entities: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, dict[str, str]] = field(default_factory=dict)  # scheme -> id -> label


@dataclass(frozen=True)
class SynthArticle:
    """One generated report: its header, text, and facts (the sections of a facts file)."""

    id: str
    published: str  # YYYY-MM-DD
    title: str
    publisher: str
    text: str
    facts: Facts

    @property
    def source_file(self) -> str:
        return f"{self.id}.txt"


def emit_entity(e: Mapping[str, Any]) -> list[Triple]:
    """An entity of the reference data, as ``emit_reference.emit_entities`` writes it."""
    s = ent(e["id"])
    out = [(s, A, t(PK[e["type"]])), (s, LABEL, lang(e["label"]))]
    if e["type"] == "Person":
        out.append((s, t(FOAF.name), plain(e["label"])))
    for alias in e.get("aliases", []):
        out.append((s, t(SKOS.altLabel), lang(alias)))
    if e.get("located_in"):
        out.append((s, t(PK.locatedIn), ent(e["located_in"])))
    if e.get("territory_of"):
        out.append((s, t(PK.territoryOf), ent(e["territory_of"])))
    for party in e.get("member_of", []):
        out.append((s, t(PK.memberOf), ent(party)))
    return out


class ArticleEmitter:
    """The triples of one article's named graph."""

    def __init__(self, article: SynthArticle, labels: Labels) -> None:
        self.a = article
        self.labels = labels
        self.aid = article.id
        self.article = t(article_iri(self.aid))
        self.own = str(local_iri(self.aid, ""))
        self.publisher = ent(article.publisher)
        self.sources: dict[str, str] = {}
        self.affiliations: dict[str, str] = {}  # source id -> its party's id
        self.origins: set[str] = set()  # the unnamed origins described in this graph
        self.out: list[Triple] = []

    def emit(self) -> list[Triple]:
        a, out, s = self.a, self.out, self.article
        out += [
            (s, A, t(PK.Article)),
            (s, A, t(SDO.NewsArticle)),
            (s, LABEL, lang(a.title)),
            (s, t(DCTERMS.title), lang(a.title)),
            (s, t(DCTERMS.issued), date_lit(a.published)),
            (s, t(DCTERMS.language), plain("en")),
            (s, t(PK.text), plain(a.text)),
            (s, t(PK.sourceFile), plain(a.source_file)),
            (s, t(DCTERMS.publisher), self.publisher),
        ]
        f = a.facts
        for src in f.get("sources", []):
            self._source(src)
        for event in f.get("events", []):
            if "ref" in event:
                self._event_update(event)
            else:
                self._event(event)
        for office in f.get("offices", []):
            self._membership(office, is_office=True)
        for mandate in f.get("mandates", []):
            self._membership(mandate, is_office=False)
        for stance in f.get("stances", []):
            self._stance(stance)
        for doc in f.get("documents", []):
            self._document(doc)
        return out

    # --- helpers ----------------------------------------------------------------------------

    def _local(self, ident: str) -> str:
        """A fact of an article: ``ident`` in this one, ``ARTICLE/ident`` in another."""
        if "/" in ident:
            other, local = ident.split("/", 1)
            return iri(str(local_iri(other, local)))
        return iri(str(local_iri(self.aid, ident)))

    def _claim_base(self, fact: str) -> str:
        bare = fact[1:-1]
        if bare.startswith(self.own):
            return bare
        return str(local_iri(self.aid, bare.rsplit("/", 1)[-1]))

    def _label(self, ident: str) -> str:
        return self.labels.entities.get(ident, ident)

    def _concept_label(self, scheme: str, ident: str) -> str:
        return self.labels.concepts[scheme][ident]

    def _quantity(self, fact: str, q: Mapping[str, Any], base: str | None = None) -> None:
        node = iri(f"{base or fact[1:-1]}/quantity")
        self.out += [
            (fact, t(PK.quantity), node),
            (node, A, t(SDO.QuantitativeValue)),
            (node, t(SDO.value), integer(q["value"])),
            (node, t(SDO.unitText), lang(q["unit"])),
        ]

    # --- sources and claims -----------------------------------------------------------------

    def _source(self, src: Mapping[str, Any]) -> None:
        node = iri(str(local_iri(self.aid, f"source/{src['id']}")))
        self.sources[src["id"]] = node
        self.out += [
            (node, A, t(PK.AnonymousSource)),
            (node, A, t(PROV.Agent)),
            (node, LABEL, lang(src["label"])),
        ]
        if src.get("affiliation"):
            self.out.append((node, t(PK.affiliation), ent(src["affiliation"])))
            self.affiliations[src["id"]] = src["affiliation"]
        if src.get("count"):
            self.out.append((node, t(PK.sourceCount), integer(src["count"], XSD.positiveInteger)))

    def _evidence(self, fact: str, item: Mapping[str, Any]) -> None:
        base = self._claim_base(fact)
        text = self.a.text
        for n, ev in enumerate(item.get("evidence", []), start=1):
            claim_bare = f"{base}/claim/{n}"
            claim = iri(claim_bare)
            quote = ev["quote"]
            start = _nth(text, quote, ev.get("occurrence", 1))
            end = start + len(quote)
            target, qsel, psel = (iri(f"{claim_bare}/{x}") for x in ("target", "quote", "position"))
            self.out += [
                (claim, A, t(PK.Claim)),
                (claim, t(PK.supports), fact),
                (claim, t(OA.hasBody), fact),
                (fact, t(PK.supportedBy), claim),
                (claim, t(PK.inArticle), self.article),
                (claim, t(OA.motivatedBy), t(OA.describing)),
                (claim, t(OA.hasTarget), target),
                (target, A, t(OA.SpecificResource)),
                (target, t(OA.hasSource), self.article),
                (target, t(OA.hasSelector), qsel),
                (target, t(OA.hasSelector), psel),
                (qsel, A, t(OA.TextQuoteSelector)),
                (qsel, t(OA.exact), plain(quote)),
                (qsel, t(OA.prefix), plain(text[max(0, start - CONTEXT) : start])),
                (qsel, t(OA.suffix), plain(text[end : end + CONTEXT])),
                (psel, A, t(OA.TextPositionSelector)),
                (psel, t(OA.start), integer(start, XSD.nonNegativeInteger)),
                (psel, t(OA.end), integer(end, XSD.nonNegativeInteger)),
            ]
            if ev["according_to"] == "article":
                self._editorial(claim, claim_bare)
            else:
                self._chain(claim, claim_bare, ev["according_to"])

    def _editorial(self, claim: str, claim_bare: str) -> None:
        step = iri(f"{claim_bare}/step/1")
        self.out += [
            (claim, t(PROV.qualifiedAttribution), step),
            (step, A, t(PK.AttributionStep)),
            (step, t(PK.position), integer(1, XSD.positiveInteger)),
            (step, t(PROV.hadRole), t(PK.PublisherRole)),
            (step, t(PK.sourcing), t(PK.EditorialVoice)),
            (step, t(PROV.agent), self.publisher),
            (claim, t(PROV.wasAttributedTo), self.publisher),
            (claim, t(PK.primarySource), self.publisher),
            (claim, t(PK.origin), self.publisher),
        ]

    def _chain(self, claim: str, claim_bare: str, chain: list[Mapping[str, Any]]) -> None:
        for position, step in enumerate(chain, start=1):
            node = iri(f"{claim_bare}/step/{position}")
            last = position == len(chain)
            if "source" in step:
                agent, sourcing = self.sources[step["source"]], PK.Anonymous
            else:
                agent = ent(step["agent"])
                sourcing = PK.OnRecord if step.get("on_record") else PK.Named
            role = step.get("role") or "primary-source"
            self.out += [
                (claim, t(PROV.qualifiedAttribution), node),
                (node, A, t(PK.AttributionStep)),
                (node, t(PK.position), integer(position, XSD.positiveInteger)),
                (node, t(PROV.agent), agent),
                (node, t(PROV.hadRole), t(_ROLE_IRIS[role])),
                (node, t(PK.sourcing), t(sourcing)),
                (claim, t(PROV.wasAttributedTo), agent),
            ]
            if last:
                self.out.append((claim, t(PK.primarySource), agent))
        self._origin(claim, chain)

    def _origin(self, claim: str, chain: list[Mapping[str, Any]]) -> None:
        """As the compiler's ``pk:origin`` (peacekg.compiler.emit_claims._emit_origin)."""
        last = chain[-1]
        if "source" not in last:
            self.out.append((claim, t(PK.origin), ent(last["agent"])))
            return
        carrier = self.a.publisher
        for step in reversed(chain[:-1]):
            if step.get("role") == "outlet":
                carrier = step["agent"]
                break
        bare = str(entity_iri(f"origin/{carrier}/unnamed"))
        label = f"unnamed sources of {self._label(carrier)}"
        affiliation = self.affiliations.get(last["source"])
        if affiliation is not None:
            bare += f"/{affiliation}"
            label += f" ({self._label(affiliation)})"
        origin = iri(bare)
        self.out.append((claim, t(PK.origin), origin))
        if origin in self.origins:  # its description is in the article's graph already
            return
        self.origins.add(origin)
        self.out += [
            (origin, A, t(PK.UnnamedOrigin)),
            (origin, A, t(PROV.Agent)),
            (origin, LABEL, lang(label)),
            (origin, t(PK.carriedBy), ent(carrier)),
        ]

    # --- events -----------------------------------------------------------------------------

    def _event(self, e: Mapping[str, Any]) -> None:
        s, out = ent(e["id"]), self.out
        out += [
            (s, A, t(PK.Event)),
            (s, LABEL, lang(e["label"])),
            (s, t(PK.eventType), concept("event-type", e["type"])),
        ]
        self._status(s, e)
        for key, prop in (("begin", PK.begin), ("end", PK.end)):
            if e.get(key):
                value = e[key]
                dt = XSD.dateTime if "T" in value else XSD.date
                out.append((s, t(prop), typed(value, str(dt))))
        for key, prop in (
            ("time_zone", PK.timeZone),
            ("begin_approximation", PK.beginApproximation),
            ("duration_approximation", PK.durationApproximation),
        ):
            if e.get(key):
                out.append((s, t(prop), plain(e[key])))
        if e.get("duration"):
            out.append((s, t(PK.duration), typed(e["duration"], str(XSD.duration))))
        if e.get("place"):
            out.append((s, t(PK.place), ent(e["place"])))
        if e.get("part_of"):
            out.append((s, t(PK.partOf), ent(e["part_of"])))
        if e.get("quantity"):
            self._quantity(s, e["quantity"], self._claim_base(s))
        if e.get("ordinal"):
            out.append((s, t(PK.ordinal), integer(e["ordinal"], XSD.positiveInteger)))
        base = str(local_iri(self.aid, e["id"]))
        for p in e.get("participants", []):
            node = iri(f"{base}/participant/{p['agent']}")
            out += [
                (s, t(PK.hasParticipation), node),
                (node, A, t(PK.Participation)),
                (node, t(PK.participant), ent(p["agent"])),
                (node, t(PK.side), ent(p["side"])),
            ]
            if p.get("role"):
                out.append((node, t(PK.role), concept("role", p["role"])))
        self._evidence(s, e)

    def _status(self, s: str, e: Mapping[str, Any]) -> None:
        if e.get("status"):
            self.out.append((s, t(PK.status), concept("event-status", e["status"])))
        for who in e.get("status_changed_by", []):
            self.out.append((s, t(PK.statusChangedBy), ent(who)))
        if e.get("status_reason"):
            self.out.append((s, t(PK.statusReason), lang(e["status_reason"])))
        if e.get("outcome"):
            self.out.append((s, t(PK.outcome), lang(e["outcome"])))

    def _event_update(self, e: Mapping[str, Any]) -> None:
        s = ent(e["ref"])
        self._status(s, e)
        self._evidence(s, e)

    # --- offices, mandates, stances ---------------------------------------------------------

    def _membership(self, m: Mapping[str, Any], is_office: bool) -> None:
        s, out = self._local(m["id"]), self.out
        org = m["organization"] if is_office else m["party"]
        role_label = self._concept_label("role", m["role"])
        out += [
            (s, A, t(PK.Office if is_office else PK.Mandate)),
            (s, A, t(ORG.Membership)),
            (s, t(ORG.member), ent(m["person"])),
            (s, t(ORG.organization), ent(org)),
            (s, t(ORG.role), concept("role", m["role"])),
            (s, LABEL, lang(f"{self._label(m['person'])}: {m.get('title') or role_label}")),
        ]
        if m.get("title"):
            out.append((s, t(PK.title), lang(m["title"])))
        out.append((s, t(PK.validFrom), date_lit(m.get("valid_from") or self.a.published)))
        if m.get("valid_until"):
            out.append((s, t(PK.validUntil), date_lit(m["valid_until"])))
        self._evidence(s, m)

    def _stance(self, st: Mapping[str, Any]) -> None:
        s, out = self._local(st["id"]), self.out
        label = (
            f"{self._label(st['holder'])}: {self._concept_label('stance-value', st['value'])}"
            f" ({self._concept_label('issue', st['issue'])})"
        )
        out += [
            (s, A, t(PK.Stance)),
            (s, t(PK.holder), ent(st["holder"])),
            (s, t(PK.issue), concept("issue", st["issue"])),
            (s, t(PK.value), concept("stance-value", st["value"])),
            (s, LABEL, lang(label)),
        ]
        for place in st.get("places", []):
            out.append((s, t(PK.concernsPlace), ent(place)))
        for key, prop in (("summary", PK.summary), ("condition", PK.condition)):
            if st.get(key):
                out.append((s, t(prop), lang(st[key])))
        if st.get("condition_issue"):
            out.append((s, t(PK.conditionIssue), concept("issue", st["condition_issue"])))
        if st.get("quantity"):
            self._quantity(s, st["quantity"])
        out.append((s, t(PK.validFrom), date_lit(st.get("valid_from") or self.a.published)))
        if st.get("valid_until"):
            out.append((s, t(PK.validUntil), date_lit(st["valid_until"])))
        for old in st.get("supersedes", []):
            out.append((s, t(PK.supersedes), self._local(old)))
        if st.get("expressed_at"):
            out.append((s, t(PK.expressedAt), ent(st["expressed_at"])))
        self._evidence(s, st)

    # --- documents --------------------------------------------------------------------------

    def _document(self, d: Mapping[str, Any]) -> None:
        if "ref" in d:
            doc = ent(d["ref"])
        else:
            doc = ent(d["id"])
            self.out += [(doc, A, t(PK.Document)), (doc, LABEL, lang(d["label"]))]
            if d.get("proposed_by"):
                self.out.append((doc, t(PK.proposedBy), ent(d["proposed_by"])))
        for v in d.get("versions", []):
            self._version(doc, v)

    def _version(self, doc: str, v: Mapping[str, Any]) -> None:
        s, out = ent(v["id"]), self.out
        out += [
            (s, A, t(PK.DocumentVersion)),
            (s, LABEL, lang(v["label"])),
            (s, t(PK.versionOf), doc),
            (s, t(DCTERMS.isVersionOf), doc),
            (doc, t(DCTERMS.hasVersion), s),
        ]
        if v.get("points") is not None:
            out.append((s, t(PK.numberOfPoints), integer(v["points"], XSD.nonNegativeInteger)))
        if v.get("issued"):
            out.append((s, t(DCTERMS.issued), date_lit(v["issued"])))
        if v.get("revision_of"):
            old = ent(v["revision_of"])
            out += [(s, t(PK.revisionOf), old), (s, t(PROV.wasRevisionOf), old)]
        if v.get("revised_after"):
            out.append((s, t(PK.revisedAfter), ent(v["revised_after"])))
        self._evidence(s, v)
        for p in v.get("provisions", []):
            ps = self._local(p["id"])
            out += [
                (ps, A, t(PK.Provision)),
                (ps, t(PK.inVersion), s),
                (ps, t(DCTERMS.isPartOf), s),
                (s, t(DCTERMS.hasPart), ps),
                (ps, t(PK.issue), concept("issue", p["issue"])),
                (ps, t(PK.summary), lang(p["summary"])),
                (ps, LABEL, lang(f"{v['label']}: {p['summary']}")),
            ]
            for place in p.get("places", []):
                out.append((ps, t(PK.concernsPlace), ent(place)))
            if p.get("fate"):
                out.append((ps, t(PK.fate), concept("provision-fate", p["fate"])))
            for who in p.get("deferred_to", []):
                out.append((ps, t(PK.deferredTo), ent(who)))
            if p.get("revision_of"):
                old = self._local(p["revision_of"])
                out += [(ps, t(PK.revisionOf), old), (ps, t(PROV.wasRevisionOf), old)]
            if p.get("quantity"):
                self._quantity(ps, p["quantity"])
            self._evidence(ps, p)


def _nth(text: str, quote: str, occurrence: int) -> int:
    """The start of the ``occurrence``-th appearance of ``quote`` (as ``anchoring.locate``)."""
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        if at == -1:
            raise ValueError(f"the quote {quote!r} is not in the text {occurrence} time(s)")
    return at
