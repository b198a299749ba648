"""Evidence and denials to claims: a Web Annotation of the article plus a PROV attribution
chain; a denial ``pk:denies`` the claims it denies instead of supporting the fact."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from peacekg.compiler.anchoring import QuoteNotFound, locate
from peacekg.compiler.context import FileContext, Loc
from peacekg.compiler.model import ChainStep, Denial, Evidence
from peacekg.compiler.registry import Registry
from peacekg.namespaces import BASE, OA, PK

ID = BASE + "id/"

ROLE_IRIS = {
    "outlet": PK.OutletRole,
    "journalist": PK.JournalistRole,
    "intermediary": PK.IntermediaryRole,
    "primary-source": PK.PrimarySourceRole,
}


@dataclass(frozen=True)
class ArticleScope:
    """What claims of one article share: its IRI, text, publisher and unnamed sources (with
    their affiliations), and the labels of the agents it names."""

    iri: URIRef
    text: str
    publisher: URIRef | None
    sources: dict[str, URIRef]
    affiliations: dict[URIRef, URIRef] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)

    def label_of(self, iri: URIRef) -> str:
        return self.labels.get(iri, str(iri).rsplit("/", 1)[-1])


def emit_evidence(
    fact: URIRef,
    claim_base: URIRef,
    evidence: list[Evidence],
    scope: ArticleScope,
    registry: Registry,
    ctx: FileContext,
    loc: Loc,
    fact_name: str,
    g: Graph,
) -> None:
    """One claim per evidence item (``CLAIM_BASE/claim/N``), anchored to its quote and
    attributed."""
    for n, item in enumerate(evidence, start=1):
        claim = URIRef(f"{claim_base}/claim/{n}")
        _emit_claim(claim, item, scope, registry, ctx, (*loc, "evidence", n - 1), fact_name, g)
        g.add((claim, PK.supports, fact))
        g.add((claim, OA.hasBody, fact))
        g.add((fact, PK.supportedBy, claim))


def emit_denials(
    claim_base: URIRef,
    evidence_count: int,
    denials: list[Denial],
    scope: ArticleScope,
    registry: Registry,
    ctx: FileContext,
    loc: Loc,
    fact_name: str,
    g: Graph,
) -> None:
    """One claim per denial (``CLAIM_BASE/denial/N``), anchored and attributed as evidence is,
    that ``pk:denies`` the fact's evidence claims (those of its ``denies``, else all of them).
    A denial does not support the fact."""
    if denials and evidence_count == 0:
        raise ctx.fail(
            (*loc, "denials"),
            "a fact with 'denials' needs 'evidence': the claims that the denials deny",
            fact_name,
        )
    for n, item in enumerate(denials, start=1):
        here = (*loc, "denials", n - 1)
        numbers = item.denies or list(range(1, evidence_count + 1))
        for j, number in enumerate(numbers):
            if number > evidence_count:
                raise ctx.fail(
                    (*here, "denies", j),
                    f"denies claim {number}, but the fact has {evidence_count} evidence "
                    f"claim(s): number them 1 to {evidence_count} in 'evidence' order",
                    fact_name,
                )
        claim = URIRef(f"{claim_base}/denial/{n}")
        _emit_claim(claim, item, scope, registry, ctx, here, fact_name, g)
        for number in numbers:
            g.add((claim, PK.denies, URIRef(f"{claim_base}/claim/{number}")))


def _emit_claim(
    claim: URIRef,
    item: Evidence,
    scope: ArticleScope,
    registry: Registry,
    ctx: FileContext,
    here: Loc,
    fact_name: str,
    g: Graph,
) -> None:
    """A claim's type, article, quote (target and selectors) and attribution chain."""
    try:
        anchor = locate(scope.text, item.quote, item.occurrence)
    except QuoteNotFound as exc:
        raise ctx.fail((*here, "quote"), str(exc), fact_name) from None
    g.add((claim, RDF.type, PK.Claim))
    g.add((claim, PK.inArticle, scope.iri))
    g.add((claim, OA.motivatedBy, OA.describing))
    target = URIRef(f"{claim}/target")
    quote_sel = URIRef(f"{claim}/quote")
    position_sel = URIRef(f"{claim}/position")
    g.add((claim, OA.hasTarget, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, scope.iri))
    g.add((target, OA.hasSelector, quote_sel))
    g.add((target, OA.hasSelector, position_sel))
    g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    g.add((quote_sel, OA.exact, Literal(anchor.exact)))
    g.add((quote_sel, OA.prefix, Literal(anchor.prefix)))
    g.add((quote_sel, OA.suffix, Literal(anchor.suffix)))
    g.add((position_sel, RDF.type, OA.TextPositionSelector))
    g.add((position_sel, OA.start, Literal(anchor.start, datatype=XSD.nonNegativeInteger)))
    g.add((position_sel, OA.end, Literal(anchor.end, datatype=XSD.nonNegativeInteger)))
    if item.according_to == "article":
        _emit_editorial_step(claim, scope, g)
        _emit_origin(claim, None, [], scope, g)
    else:
        agents = _emit_chain(
            claim, item.according_to, scope, registry, ctx, (*here, "according_to"), fact_name, g
        )
        _emit_origin(claim, item.according_to, agents, scope, g)


def _emit_origin(
    claim: URIRef,
    chain: list[ChainStep] | None,
    agents: list[URIRef],
    scope: ArticleScope,
    g: Graph,
) -> None:
    """``pk:origin``: the independent source the claim goes back to (see the ontology).

    For an unnamed source: ``id/origin/CARRIER/unnamed[/AFFILIATION]``, where the carrier is
    the nearest outlet before it in the chain, else the publisher, else the article."""
    carrier = scope.publisher or scope.iri
    if chain is None:  # the article's own voice
        g.add((claim, PK.origin, carrier))
        return
    last = agents[-1]
    if chain[-1].source is None:
        g.add((claim, PK.origin, last))
        return
    for step, agent in zip(reversed(chain[:-1]), reversed(agents[:-1]), strict=True):
        if step.role == "outlet":
            carrier = agent
            break
    affiliation = scope.affiliations.get(last)
    path = str(carrier).removeprefix(str(ID))
    origin = URIRef(f"{ID}origin/{path}/unnamed")
    label = f"unnamed sources of {scope.label_of(carrier)}"
    if affiliation is not None:
        origin = URIRef(f"{origin}/{str(affiliation).rsplit('/', 1)[-1]}")
        label += f" ({scope.label_of(affiliation)})"
    g.add((claim, PK.origin, origin))
    g.add((origin, RDF.type, PK.UnnamedOrigin))
    g.add((origin, RDF.type, PROV.Agent))
    g.add((origin, RDFS.label, Literal(label, lang="en")))
    g.add((origin, PK.carriedBy, carrier))


def _emit_editorial_step(claim: URIRef, scope: ArticleScope, g: Graph) -> None:
    step = URIRef(f"{claim}/step/1")
    g.add((claim, PROV.qualifiedAttribution, step))
    g.add((step, RDF.type, PK.AttributionStep))
    g.add((step, PK.position, Literal(1, datatype=XSD.positiveInteger)))
    g.add((step, PROV.hadRole, PK.PublisherRole))
    g.add((step, PK.sourcing, PK.EditorialVoice))
    if scope.publisher is not None:
        g.add((step, PROV.agent, scope.publisher))
        g.add((claim, PROV.wasAttributedTo, scope.publisher))
        g.add((claim, PK.primarySource, scope.publisher))


def _emit_chain(
    claim: URIRef,
    chain: list[ChainStep],
    scope: ArticleScope,
    registry: Registry,
    ctx: FileContext,
    loc: Loc,
    fact_name: str,
    g: Graph,
) -> list[URIRef]:
    """The chain's steps; returns the agent of each step, in order."""
    agents: list[URIRef] = []
    for position, step in enumerate(chain, start=1):
        node = URIRef(f"{claim}/step/{position}")
        last = position == len(chain)
        if step.source is not None:
            if step.source not in scope.sources:
                known = ", ".join(sorted(scope.sources)) or "none"
                raise ctx.fail(
                    (*loc, position - 1, "source"),
                    f"unknown source '{step.source}': declare it under 'sources:' "
                    f"(declared: {known})",
                    fact_name,
                )
            agent = scope.sources[step.source]
            sourcing = PK.Anonymous
        else:
            with ctx.at((*loc, position - 1, "agent"), fact_name):
                named = registry.resolve(step.agent or "", "actor", "agent")
            agent = named.iri
            scope.labels[agent] = named.label
            sourcing = PK.OnRecord if step.on_record else PK.Named
        role = step.role or ("primary-source" if last else None)
        if role is None:
            raise ctx.fail(
                (*loc, position - 1),
                "a step before the last of a chain needs its role "
                "(outlet, journalist or intermediary)",
                fact_name,
            )
        g.add((claim, PROV.qualifiedAttribution, node))
        g.add((node, RDF.type, PK.AttributionStep))
        g.add((node, PK.position, Literal(position, datatype=XSD.positiveInteger)))
        g.add((node, PROV.agent, agent))
        g.add((node, PROV.hadRole, ROLE_IRIS[role]))
        g.add((node, PK.sourcing, sourcing))
        g.add((claim, PROV.wasAttributedTo, agent))
        agents.append(agent)
        if last:
            g.add((claim, PK.primarySource, agent))
    return agents
