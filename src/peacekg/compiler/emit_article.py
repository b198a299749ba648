"""One article's facts file to RDF: the article, its sources, events, offices, mandates,
stances and documents, each fact with its claims."""

from __future__ import annotations

from datetime import date, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, XSD

from peacekg.compiler.article_text import ArticleText
from peacekg.compiler.context import FileContext, Loc
from peacekg.compiler.emit_claims import ArticleScope, emit_denials, emit_evidence
from peacekg.compiler.emit_reference import check_new_entities, declare_entities, emit_entities
from peacekg.compiler.iris import ARTICLE_FACT_BASE, article_iri, entity_iri, local_iri
from peacekg.compiler.model import (
    Document,
    DocumentRef,
    DocumentVersion,
    Event,
    EventRef,
    FactsFile,
    Mandate,
    MembershipRef,
    Office,
    Provision,
    ProvisionRef,
    Quantity,
    Stance,
    StanceRef,
    VersionRef,
)
from peacekg.compiler.registry import KIND_WORDS, Known, Registry, UnknownReference
from peacekg.compiler.similarity import EventSketch
from peacekg.namespaces import PK


def _time_literal(value: date | datetime) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def _day_of(value: date | datetime | None) -> date | None:
    """The day of a begin (in the time zone the report gives it)."""
    return value.date() if isinstance(value, datetime) else value


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


class ArticleCompiler:
    """Compiles one facts file into the article's named graph."""

    def __init__(
        self, facts: FactsFile, text: ArticleText, registry: Registry, ctx: FileContext
    ) -> None:
        self.facts = facts
        self.text = text
        self.registry = registry
        self.ctx = ctx
        self.aid = facts.article.id
        self.article = article_iri(self.aid)
        self.g = Graph()
        self.scope: ArticleScope | None = None
        # The IRIs of the events, documents, versions and facts this file declares.
        self.declared: set[URIRef] = set()

    # --- names ---------------------------------------------------------------------------

    def declare(self) -> None:
        """Make this article's entities, events, documents and facts known by id."""
        f, reg, ctx = self.facts, self.registry, self.ctx
        check_new_entities(f.entities, reg, ctx, "entities")
        declare_entities(f.entities, reg, ctx, "entities")
        local_ids: set[str] = set()
        where = ctx.where()
        for section in ("offices", "mandates", "stances"):
            for i, item in enumerate(getattr(f, section)):
                if not isinstance(item, StanceRef | MembershipRef):
                    self._declare_local(item.id, section, i, local_ids)
        for i, event in enumerate(f.events):
            if isinstance(event, Event):
                with ctx.at(("events", i, "id"), f"event '{event.id}'"):
                    reg.declare(
                        event.id, Known(entity_iri(event.id), "Event", event.label), [], where
                    )
                self.declared.add(entity_iri(event.id))
        for i, doc in enumerate(f.documents):
            if isinstance(doc, Document):
                with ctx.at(("documents", i, "id"), f"document '{doc.id}'"):
                    reg.declare(doc.id, Known(entity_iri(doc.id), "Document", doc.label), [], where)
            for j, version in enumerate(doc.versions):
                if isinstance(version, DocumentVersion):
                    with ctx.at(("documents", i, "versions", j, "id"), f"version '{version.id}'"):
                        reg.declare(
                            version.id,
                            Known(entity_iri(version.id), "DocumentVersion", version.label),
                            [],
                            where,
                        )
                    self.declared.add(entity_iri(version.id))
                for k, provision in enumerate(version.provisions):
                    if isinstance(provision, ProvisionRef):
                        continue
                    loc = ("documents", i, "versions", j, "provisions", k, "id")
                    if provision.id in local_ids:
                        raise ctx.fail(loc, f"the id '{provision.id}' is used twice in this file")
                    local_ids.add(provision.id)
                    iri = local_iri(self.aid, provision.id)
                    self._declare_qualified(
                        provision.id, Known(iri, "Provision", provision.summary)
                    )

    def _declare_local(self, ident: str, section: str, i: int, seen: set[str]) -> None:
        if ident in seen:
            raise self.ctx.fail((section, i, "id"), f"the id '{ident}' is used twice in this file")
        seen.add(ident)
        kind = {"stances": "Stance", "offices": "Office", "mandates": "Mandate"}[section]
        self._declare_qualified(ident, Known(local_iri(self.aid, ident), kind, ident))

    def _declare_qualified(self, ident: str, known: Known) -> None:
        """Article facts are known as ``article-id/fact-id`` (and by their id in this file)."""
        self.registry.declare(f"{self.aid}/{ident}", known)
        self.declared.add(known.iri)

    def resolve_local(self, ref: str, kind: str, field_name: str) -> URIRef:
        qualified = ref if "/" in ref else f"{self.aid}/{ref}"
        return self.registry.resolve(qualified, kind, field_name).iri

    # --- triples -------------------------------------------------------------------------

    def emit(self) -> Graph:
        f, g = self.facts, self.g
        header = f.article
        g.add((self.article, RDF.type, PK.Article))
        g.add((self.article, RDF.type, SDO.NewsArticle))
        g.add((self.article, RDFS.label, Literal(header.title or header.id, lang=header.language)))
        if header.title:
            g.add((self.article, DCTERMS.title, Literal(header.title, lang=header.language)))
        g.add((self.article, DCTERMS.issued, _date(self.text.published)))
        g.add((self.article, DCTERMS.language, Literal(header.language)))
        g.add((self.article, PK.text, Literal(self.text.text)))
        g.add((self.article, PK.sourceFile, Literal(self.text.path.name)))
        if header.url:
            g.add((self.article, SDO.url, URIRef(header.url)))
        if header.date_note:
            g.add((self.article, PK.dateNote, Literal(header.date_note, lang="en")))
        if header.date_estimated:
            g.add((self.article, PK.dateEstimated, Literal(True)))
        publisher = None
        labels = {self.article: header.title or header.id}
        if header.publisher:
            with self.ctx.at(("article", "publisher"), "article"):
                known = self.registry.resolve(header.publisher, "organization", "publisher")
            publisher = known.iri
            labels[publisher] = known.label
            g.add((self.article, DCTERMS.publisher, publisher))
        emit_entities(f.entities, self.registry, self.ctx, g, "entities")
        affiliations: dict[URIRef, URIRef] = {}
        sources = self._emit_sources(affiliations, labels)
        self.scope = ArticleScope(
            self.article, self.text.text, publisher, sources, affiliations, labels
        )
        for i, event in enumerate(f.events):
            if isinstance(event, Event):
                self._emit_event(event, ("events", i))
            else:
                self._emit_event_update(event, ("events", i))
        for section, kind in (("offices", "office"), ("mandates", "mandate")):
            for i, membership in enumerate(getattr(f, section)):
                if isinstance(membership, MembershipRef):
                    self._emit_membership_account(membership, kind, (section, i))
                else:
                    self._emit_membership(membership, (section, i))
        for i, stance in enumerate(f.stances):
            if isinstance(stance, StanceRef):
                self._emit_stance_account(stance, ("stances", i))
            else:
                self._emit_stance(stance, ("stances", i))
        for i, doc in enumerate(f.documents):
            self._emit_document(doc, ("documents", i))
        return g

    def _evidence(self, fact: URIRef, item: object, loc: Loc, name: str) -> None:
        assert self.scope is not None
        evidence = getattr(item, "evidence")  # noqa: B009 - every fact model has it
        denials = getattr(item, "denials")  # noqa: B009 - every fact model has it
        base = self._claim_base(fact)
        args = (self.scope, self.registry, self.ctx, loc, name, self.g)
        emit_evidence(fact, base, evidence, *args)
        emit_denials(base, len(evidence), denials, *args)

    def _claim_base(self, fact: URIRef) -> URIRef:
        """Where this article mints what it says of ``fact`` (claims, participations, a
        quantity): under the article, also for a fact that other articles report too.

        ``id/EVENT`` gives ``id/article/THIS/EVENT``; another article's fact
        ``id/article/OTHER/FACT`` gives ``id/article/THIS/OTHER/FACT``."""
        own = str(local_iri(self.aid, ""))
        if str(fact).startswith(own):
            return fact
        if str(fact).startswith(ARTICLE_FACT_BASE):
            return local_iri(self.aid, str(fact)[len(ARTICLE_FACT_BASE) :])
        return local_iri(self.aid, str(fact).rsplit("/", 1)[-1])

    def _ref(self, ref: str, kind: str, loc: Loc, name: str, field_name: str) -> URIRef:
        with self.ctx.at(loc, name):
            return self.registry.resolve(ref, kind, field_name).iri

    def _link_all(
        self,
        subject: URIRef,
        prop: URIRef,
        refs: list[str],
        kind: str,
        loc: Loc,
        name: str,
        field_name: str,
    ) -> None:
        """``subject prop X`` for each reference of a list field (``places``, ``deferred_to``)."""
        for j, ref in enumerate(refs):
            self.g.add((subject, prop, self._ref(ref, kind, (*loc, j), name, field_name)))

    def _concept(self, ref: str, scheme: str, loc: Loc, name: str, field_name: str) -> URIRef:
        with self.ctx.at(loc, name):
            return self.registry.resolve_concept(ref, scheme, field_name).iri

    def _emit_sources(
        self, affiliations: dict[URIRef, URIRef], labels: dict[URIRef, str]
    ) -> dict[str, URIRef]:
        """The article's unnamed sources; ``affiliations`` and ``labels`` get theirs."""
        sources: dict[str, URIRef] = {}
        for i, s in enumerate(self.facts.sources):
            iri = local_iri(self.aid, f"source/{s.id}")
            name = f"source '{s.id}'"
            if s.id in sources:
                raise self.ctx.fail(("sources", i, "id"), f"the source '{s.id}' is declared twice")
            sources[s.id] = iri
            self.g.add((iri, RDF.type, PK.AnonymousSource))
            self.g.add((iri, RDF.type, PROV.Agent))
            self.g.add((iri, RDFS.label, Literal(s.label, lang="en")))
            if s.affiliation:
                with self.ctx.at(("sources", i, "affiliation"), name):
                    known = self.registry.resolve(s.affiliation, "party", "affiliation")
                self.g.add((iri, PK.affiliation, known.iri))
                affiliations[iri] = known.iri
                labels[known.iri] = known.label
            if s.count:
                self.g.add((iri, PK.sourceCount, Literal(s.count, datatype=XSD.positiveInteger)))
        return sources

    def _emit_event(self, e: Event, loc: Loc) -> None:
        g, iri, name = self.g, entity_iri(e.id), f"event '{e.id}'"
        g.add((iri, RDF.type, PK.Event))
        g.add((iri, RDFS.label, Literal(e.label, lang="en")))
        event_type = self._concept(e.type, "event-type", (*loc, "type"), name, "type")
        g.add((iri, PK.eventType, event_type))
        self._emit_event_values(iri, e, loc, name)
        self._check_new_event(iri, e, event_type, loc, name)
        if e.part_of:
            g.add(
                (iri, PK.partOf, self._ref(e.part_of, "event", (*loc, "part_of"), name, "part_of"))
            )
        if e.ordinal:
            g.add((iri, PK.ordinal, Literal(e.ordinal, datatype=XSD.positiveInteger)))
        self._evidence(iri, e, loc, name)

    def _check_new_event(
        self, iri: URIRef, e: Event, event_type: URIRef, loc: Loc, name: str
    ) -> None:
        """Refuse an event that looks like a known one (same type and day, a place or a
        participant in common) unless ``distinct_from`` names it; then make it known."""
        g = self.g
        sketch = EventSketch(
            id=e.id,
            type=str(event_type),
            day=_day_of(e.begin),
            places=frozenset(str(p) for p in g.objects(iri, PK.place)),
            participants=frozenset(
                str(agent)
                for node in g.objects(iri, PK.hasParticipation)
                for agent in g.objects(node, PK.participant)
            ),
        )
        alike = [old for old in self.registry.alike_events(sketch) if old.id not in e.distinct_from]
        if alike:
            found = "; ".join(
                f"'{old.id}' ({self._label(old.id)}{self.registry.origin_of(old.id)})"
                for old in alike
            )
            raise self.ctx.fail(
                (*loc, "id"),
                f"this looks like {found}: the same type, day and a place or participant in "
                "common. Write what this report says of it as an account (ref: "
                f"{alike[0].id}), or, if they are different, say so with distinct_from: "
                f"[{', '.join(old.id for old in alike)}]",
                name,
            )
        for j, other in enumerate(e.distinct_from):
            g.add(
                (
                    iri,
                    OWL.differentFrom,
                    self._ref(other, "event", (*loc, "distinct_from", j), name, "distinct_from"),
                )
            )
        self.registry.add_event(sketch)

    def _emit_event_update(self, e: EventRef, loc: Loc) -> None:
        name = f"event '{e.ref}'"
        iri = self._account_of(e.ref, "event", loc, name).iri
        self._emit_event_values(iri, e, loc, name)
        self._evidence(iri, e, loc, name)

    def _emit_event_values(self, iri: URIRef, e: Event | EventRef, loc: Loc, name: str) -> None:
        """What this article says of an event, new or already known: status, time, place,
        duration, quantity and participants (minted under this article)."""
        g = self.g
        self._emit_status(iri, e, loc, name)
        if e.begin is not None:
            g.add((iri, PK.begin, _time_literal(e.begin)))
        if e.end is not None:
            g.add((iri, PK.end, _time_literal(e.end)))
        for prop, value in (
            (PK.timeZone, e.time_zone),
            (PK.beginApproximation, e.begin_approximation),
            (PK.durationApproximation, e.duration_approximation),
        ):
            if value:
                g.add((iri, prop, Literal(value)))
        if e.duration:
            g.add((iri, PK.duration, Literal(e.duration, datatype=XSD.duration)))
        if e.place:
            g.add((iri, PK.place, self._ref(e.place, "place", (*loc, "place"), name, "place")))
        if e.quantity:
            self._quantity(iri, e.quantity, self._claim_base(iri))
        base = self._claim_base(iri)
        for j, p in enumerate(e.participants):
            here = (*loc, "participants", j)
            agent = self._ref(p.agent, "actor", (*here, "agent"), name, "participant")
            node = URIRef(f"{base}/participant/{agent.rsplit('/', 1)[-1]}")
            g.add((iri, PK.hasParticipation, node))
            g.add((node, RDF.type, PK.Participation))
            g.add((node, PK.participant, agent))
            g.add((node, PK.side, self._ref(p.side, "party", (*here, "side"), name, "side")))
            if p.role:
                g.add((node, PK.role, self._concept(p.role, "role", (*here, "role"), name, "role")))

    def _emit_status(self, iri: URIRef, e: Event | EventRef, loc: Loc, name: str) -> None:
        g = self.g
        if e.status:
            status = self._concept(e.status, "event-status", (*loc, "status"), name, "status")
            g.add((iri, PK.status, status))
        self._link_all(
            iri,
            PK.statusChangedBy,
            e.status_changed_by,
            "actor",
            (*loc, "status_changed_by"),
            name,
            "status_changed_by",
        )
        if e.status_reason:
            g.add((iri, PK.statusReason, Literal(e.status_reason, lang="en")))
        if e.outcome:
            g.add((iri, PK.outcome, Literal(e.outcome, lang="en")))

    def _emit_membership(self, m: Office | Mandate, loc: Loc) -> None:
        g, iri = self.g, local_iri(self.aid, m.id)
        is_office = isinstance(m, Office)
        kind = "office" if is_office else "mandate"
        name = f"{kind} '{m.id}'"
        person = self._ref(m.person, "person", (*loc, "person"), name, "person")
        if isinstance(m, Office):
            org = self._ref(
                m.organization, "organization", (*loc, "organization"), name, "organization"
            )
        else:
            org = self._ref(m.party, "party", (*loc, "party"), name, "party")
        role = self._concept(m.role, "role", (*loc, "role"), name, "role")
        g.add((iri, RDF.type, PK.Office if is_office else PK.Mandate))
        g.add((iri, RDF.type, ORG.Membership))
        g.add((iri, ORG.member, person))
        g.add((iri, ORG.organization, org))
        g.add((iri, ORG.role, role))
        person_label = (
            self.registry.things[m.person].label if m.person in self.registry.things else m.person
        )
        role_label = self._concept_label("role", m.role)
        post = m.title or role_label
        post = f"former {post}" if m.former else f"acting {post}" if m.acting else post
        g.add((iri, RDFS.label, Literal(f"{person_label}: {post}", lang="en")))
        self._standing(iri, m.former, m.acting)
        if m.title:
            g.add((iri, PK.title, Literal(m.title, lang="en")))
        g.add((iri, PK.validFrom, _date(m.valid_from or self.text.published)))
        if m.valid_until:
            g.add((iri, PK.validUntil, _date(m.valid_until)))
        self._evidence(iri, m, loc, name)

    def _emit_membership_account(self, m: MembershipRef, kind: str, loc: Loc) -> None:
        name = f"{kind} '{m.ref}'"
        iri = self._account_of(m.ref, kind, loc, name).iri
        if m.title:
            self.g.add((iri, PK.title, Literal(m.title, lang="en")))
        self._standing(iri, m.former, m.acting)
        self._valid_time(iri, m.valid_from, m.valid_until)
        self._evidence(iri, m, loc, name)

    def _standing(self, iri: URIRef, former: bool, acting: bool) -> None:
        """``pk:former`` / ``pk:acting``: how the report qualifies the post."""
        for prop, value in ((PK.former, former), (PK.acting, acting)):
            if value:
                self.g.add((iri, prop, Literal(True)))

    def _valid_time(self, iri: URIRef, start: date | None, until: date | None) -> None:
        if start:
            self.g.add((iri, PK.validFrom, _date(start)))
        if until:
            self.g.add((iri, PK.validUntil, _date(until)))

    def _quantity(self, fact: URIRef, q: Quantity, base: URIRef | None = None) -> None:
        node = URIRef(f"{base or fact}/quantity")
        self.g.add((fact, PK.quantity, node))
        self.g.add((node, RDF.type, SDO.QuantitativeValue))
        self.g.add((node, SDO.value, Literal(q.value)))
        self.g.add((node, SDO.unitText, Literal(q.unit, lang="en")))

    def _emit_stance(self, s: Stance, loc: Loc) -> None:
        g, iri, name = self.g, local_iri(self.aid, s.id), f"stance '{s.id}'"
        holder_iri = self._ref(s.holder, "actor", (*loc, "holder"), name, "holder")
        issue = self._concept(s.issue, "issue", (*loc, "issue"), name, "issue")
        value = self._concept(s.value, "stance-value", (*loc, "value"), name, "value")
        g.add((iri, RDF.type, PK.Stance))
        g.add((iri, PK.holder, holder_iri))
        g.add((iri, PK.issue, issue))
        g.add((iri, PK.value, value))
        label = f"{self._label(s.holder)}: {self._concept_label('stance-value', s.value)}"
        label += f" ({self._concept_label('issue', s.issue)})"
        g.add((iri, RDFS.label, Literal(label, lang="en")))
        self._emit_stance_values(iri, s, loc, name)
        g.add((iri, PK.validFrom, _date(s.valid_from or self.text.published)))
        if s.valid_until:
            g.add((iri, PK.validUntil, _date(s.valid_until)))
        for j, old in enumerate(s.supersedes):
            with self.ctx.at((*loc, "supersedes", j), name):
                g.add((iri, PK.supersedes, self.resolve_local(old, "stance", "supersedes")))
        self._evidence(iri, s, loc, name)

    def _emit_stance_account(self, s: StanceRef, loc: Loc) -> None:
        name = f"stance '{s.ref}'"
        iri = self._account_of(s.ref, "stance", loc, name).iri
        self._emit_stance_values(iri, s, loc, name)
        self._valid_time(iri, s.valid_from, s.valid_until)
        self._evidence(iri, s, loc, name)

    def _emit_stance_values(self, iri: URIRef, s: Stance | StanceRef, loc: Loc, name: str) -> None:
        """What this article says of a stance beyond holder, issue and value."""
        g = self.g
        self._link_all(iri, PK.concernsPlace, s.places, "place", (*loc, "places"), name, "place")
        if s.summary:
            g.add((iri, PK.summary, Literal(s.summary, lang="en")))
        if s.condition:
            g.add((iri, PK.condition, Literal(s.condition, lang="en")))
        if s.condition_issue:
            cond = self._concept(
                s.condition_issue, "issue", (*loc, "condition_issue"), name, "condition_issue"
            )
            g.add((iri, PK.conditionIssue, cond))
        if s.quantity:
            self._quantity(iri, s.quantity, self._claim_base(iri))
        if s.expressed_at:
            event = self._ref(s.expressed_at, "event", (*loc, "expressed_at"), name, "expressed_at")
            g.add((iri, PK.expressedAt, event))

    def _label(self, ref: str) -> str:
        known = self.registry.things.get(ref)
        return known.label if known else ref

    def _concept_label(self, scheme: str, ref: str) -> str:
        return self.registry.resolve_concept(ref, scheme, "concept").label

    def _emit_document(self, d: Document | DocumentRef, loc: Loc) -> None:
        g = self.g
        if isinstance(d, Document):
            doc, name = entity_iri(d.id), f"document '{d.id}'"
            g.add((doc, RDF.type, PK.Document))
            g.add((doc, RDFS.label, Literal(d.label, lang="en")))
            if d.proposed_by:
                author = self._ref(
                    d.proposed_by, "actor", (*loc, "proposed_by"), name, "proposed_by"
                )
                g.add((doc, PK.proposedBy, author))
        else:
            name = f"document '{d.ref}'"
            doc = self._ref(d.ref, "document", (*loc, "ref"), name, "ref")
        for j, version in enumerate(d.versions):
            self._emit_version(doc, version, (*loc, "versions", j))

    def _emit_version(self, doc: URIRef, v: DocumentVersion | VersionRef, loc: Loc) -> None:
        g = self.g
        if isinstance(v, DocumentVersion):
            iri, name, label = entity_iri(v.id), f"version '{v.id}'", v.label
            g.add((iri, RDF.type, PK.DocumentVersion))
            g.add((iri, RDFS.label, Literal(v.label, lang="en")))
            g.add((iri, PK.versionOf, doc))
            g.add((iri, DCTERMS.isVersionOf, doc))
            g.add((doc, DCTERMS.hasVersion, iri))
            if v.revision_of:
                old = self._ref(
                    v.revision_of, "version", (*loc, "revision_of"), name, "revision_of"
                )
                g.add((iri, PK.revisionOf, old))
                g.add((iri, PROV.wasRevisionOf, old))
        else:
            name = f"version '{v.ref}'"
            known = self._account_of(v.ref, "version", loc, name)
            iri, label = known.iri, known.label
        if v.points is not None:
            g.add((iri, PK.numberOfPoints, Literal(v.points, datatype=XSD.nonNegativeInteger)))
        if v.issued:
            g.add((iri, DCTERMS.issued, _date(v.issued)))
        if v.revised_after:
            event = self._ref(
                v.revised_after, "event", (*loc, "revised_after"), name, "revised_after"
            )
            g.add((iri, PK.revisedAfter, event))
        self._evidence(iri, v, loc, name)
        for k, p in enumerate(v.provisions):
            here = (*loc, "provisions", k)
            if isinstance(p, ProvisionRef):
                pname = f"provision '{p.ref}'"
                piri = self._account_of(p.ref, "provision", here, pname).iri
            else:
                pname, piri = f"provision '{p.id}'", local_iri(self.aid, p.id)
                self._emit_new_provision(iri, label, piri, p, here, pname)
            self._emit_provision_values(piri, p, here, pname)
            self._evidence(piri, p, here, pname)

    def _account_of(self, ref: str, kind: str, loc: Loc, name: str) -> Known:
        """The fact of an EARLIER article that a ``ref:`` entry reports again (events and
        versions by id, stances, offices, mandates and provisions as ``ARTICLE-ID/ID``)."""
        qualified = kind in {"stance", "office", "mandate", "provision"}
        with self.ctx.at((*loc, "ref"), name):
            if qualified and "/" not in ref:
                raise UnknownReference(
                    f"ref '{ref}' must name the {kind} of an earlier article as "
                    f"ARTICLE-ID/{ref}; a {kind} of this file is written in full, not referred to"
                )
            known = self.registry.resolve(ref, kind, "ref")
            if known.iri in self.declared:
                raise UnknownReference(
                    f"ref '{ref}' names {KIND_WORDS[kind][0]} that this file declares; write "
                    "what the article says of it in that declaration (ref: is for facts of "
                    "earlier articles)"
                )
        return known

    def _emit_new_provision(
        self, version: URIRef, label: str, piri: URIRef, p: Provision, loc: Loc, pname: str
    ) -> None:
        g = self.g
        g.add((piri, RDF.type, PK.Provision))
        g.add((piri, PK.inVersion, version))
        g.add((piri, DCTERMS.isPartOf, version))
        g.add((version, DCTERMS.hasPart, piri))
        g.add((piri, PK.issue, self._concept(p.issue, "issue", (*loc, "issue"), pname, "issue")))
        g.add((piri, RDFS.label, Literal(f"{label}: {p.summary}", lang="en")))
        if p.revision_of:
            with self.ctx.at((*loc, "revision_of"), pname):
                old = self.resolve_local(p.revision_of, "provision", "revision_of")
            g.add((piri, PK.revisionOf, old))
            g.add((piri, PROV.wasRevisionOf, old))

    def _emit_provision_values(
        self, piri: URIRef, p: Provision | ProvisionRef, loc: Loc, pname: str
    ) -> None:
        """What this article says of a provision, new or already known."""
        g = self.g
        if p.summary:
            g.add((piri, PK.summary, Literal(p.summary, lang="en")))
        self._link_all(piri, PK.concernsPlace, p.places, "place", (*loc, "places"), pname, "place")
        if p.fate:
            fate = self._concept(p.fate, "provision-fate", (*loc, "fate"), pname, "fate")
            g.add((piri, PK.fate, fate))
        self._link_all(
            piri, PK.deferredTo, p.deferred_to, "actor", (*loc, "deferred_to"), pname, "deferred_to"
        )
        if p.quantity:
            self._quantity(piri, p.quantity, self._claim_base(piri))
