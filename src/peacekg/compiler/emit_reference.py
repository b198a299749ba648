"""Reference data to RDF: the SKOS schemes of data/vocab and the entities of data/reference."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SDO, SKOS, XSD

from peacekg.compiler.context import FileContext
from peacekg.compiler.iris import concept_iri, entity_iri, scheme_iri
from peacekg.compiler.model import Entity, VocabFile
from peacekg.compiler.registry import Known, Registry
from peacekg.compiler.similarity import family
from peacekg.namespaces import PK, WD


def declare_vocab(vocab: VocabFile, registry: Registry, ctx: FileContext) -> None:
    scheme = vocab.scheme.id
    for i, concept in enumerate(vocab.concepts):
        known = Known(concept_iri(scheme, concept.id), vocab.scheme.class_, concept.label)
        with ctx.at(("concepts", i, "id"), f"concept '{concept.id}'"):
            registry.declare_concept(scheme, concept.id, known, concept.aliases)


def emit_vocab(vocab: VocabFile, registry: Registry, ctx: FileContext, g: Graph) -> None:
    head = vocab.scheme
    scheme = scheme_iri(head.id)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(head.label, lang="en")))
    g.add((scheme, RDFS.label, Literal(head.label, lang="en")))
    g.add((scheme, SKOS.definition, Literal(head.definition, lang="en")))
    for i, c in enumerate(vocab.concepts):
        iri = concept_iri(head.id, c.id)
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, PK[head.class_]))
        g.add((iri, SKOS.inScheme, scheme))
        g.add((iri, SKOS.prefLabel, Literal(c.label, lang="en")))
        g.add((iri, RDFS.label, Literal(c.label, lang="en")))
        g.add((iri, SKOS.definition, Literal(c.definition, lang="en")))
        for alias in c.aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        if c.broader:
            with ctx.at(("concepts", i, "broader"), f"concept '{c.id}'"):
                parent = registry.resolve_concept(c.broader, head.id, "broader")
            g.add((iri, SKOS.broader, parent.iri))
        else:
            g.add((iri, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, iri))
        if c.pax:
            g.add((iri, SKOS.notation, Literal(c.pax, datatype=PK.PAXCode)))
        for code in c.pax_related:
            g.add((iri, PK.paxRelated, Literal(code, datatype=PK.PAXCode)))
        for prop, targets in ((SKOS.closeMatch, c.close_match), (SKOS.exactMatch, c.exact_match)):
            for target in targets:
                with ctx.at(("concepts", i), f"concept '{c.id}'"):
                    g.add((iri, prop, expand_curie(target)))
        if c.rank is not None:
            g.add((iri, PK.rank, Literal(c.rank, datatype=XSD.integer)))
        if c.polarity:
            g.add((iri, PK.polarity, Literal(c.polarity)))
        if c.plover:
            g.add((iri, PK.ploverAct, Literal(c.plover)))
        if c.plover_mode:
            g.add((iri, PK.ploverMode, Literal(c.plover_mode)))


def expand_curie(value: str) -> URIRef:
    """``schema:EventCancelled`` or a full IRI."""
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    prefix, _, local = value.partition(":")
    if prefix == "schema" and local:
        return SDO[local]
    raise ValueError(f"'{value}' is neither a full IRI nor a schema: name")


def declare_entities(
    entities: list[Entity], registry: Registry, ctx: FileContext, section: str
) -> None:
    for i, e in enumerate(entities):
        with ctx.at((section, i, "id"), f"entity '{e.id}'"):
            registry.declare(e.id, Known(entity_iri(e.id), e.type, e.label), e.aliases, ctx.where())


def emit_entities(
    entities: list[Entity], registry: Registry, ctx: FileContext, g: Graph, section: str
) -> None:
    for i, e in enumerate(entities):
        iri = entity_iri(e.id)
        fact = f"entity '{e.id}'"
        g.add((iri, RDF.type, PK[e.type]))
        g.add((iri, RDFS.label, Literal(e.label, lang="en")))
        if e.type == "Person":
            g.add((iri, FOAF.name, Literal(e.label)))
        for alias in e.aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        if e.description:
            g.add((iri, RDFS.comment, Literal(e.description, lang="en")))
        if e.same_as:
            g.add((iri, OWL.sameAs, WD[e.same_as]))
        if e.located_in:
            with ctx.at((section, i, "located_in"), fact):
                g.add(
                    (iri, PK.locatedIn, registry.resolve(e.located_in, "place", "located_in").iri)
                )
        if e.territory_of:
            with ctx.at((section, i, "territory_of"), fact):
                party = registry.resolve(e.territory_of, "party", "territory_of")
            g.add((iri, PK.territoryOf, party.iri))
        for j, member_of in enumerate(e.member_of):
            with ctx.at((section, i, "member_of", j), fact):
                g.add((iri, PK.memberOf, registry.resolve(member_of, "party", "member_of").iri))
        for j, other in enumerate(e.distinct_from):
            with ctx.at((section, i, "distinct_from", j), fact):
                kind = "place" if family(e.type) == "place" else "actor"
                g.add((iri, OWL.differentFrom, registry.resolve(other, kind, "distinct_from").iri))


def check_new_entities(
    entities: list[Entity], registry: Registry, ctx: FileContext, section: str
) -> None:
    """Refuse an entity that looks like one already known (another spelling of a name), unless
    its ``distinct_from`` names it: "this looks like 'id'". Run before the entities are
    declared, so each is compared with what was known before this file."""
    for i, e in enumerate(entities):
        if e.id in registry.things:
            continue  # declared twice: the declaration itself says so
        alike = [
            c for c in registry.alike([e.label, *e.aliases], e.type) if c.id not in e.distinct_from
        ]
        if alike:
            found = "; ".join(
                f"'{c.id}' ({', '.join(c.names)}{registry.origin_of(c.id)})" for c in alike
            )
            raise ctx.fail(
                (section, i, "label"),
                f"this looks like {found}: refer to it by its id (and add the new spelling to "
                f"its aliases), or, if they are different, say so with distinct_from: "
                f"[{', '.join(c.id for c in alike)}]",
                f"entity '{e.id}'",
            )
