"""Validate the compiled graph against the SHACL shapes of ``ontology/shapes/*.ttl``.

The shapes are checked over the union of the dataset's named graphs, with the ontology as
pySHACL's ontology graph (mixed into the data, no inference) so that ``sh:class pk:Actor``
accepts a ``pk:State`` through ``rdfs:subClassOf``. RDFS inference is deliberately off: it
would type every value of ``pk:holder`` as a ``pk:Actor`` from the property's range, and so
hide the very errors the shapes look for (an event given as the holder of a stance).

>>> from pathlib import Path
from typing import Any
>>> from peacekg.compiler import compile_data
>>> compiled = compile_data(Path("data"))  # doctest: +SKIP
>>> report = validate(compiled.dataset, Path("ontology"), origin=compiled.origin)  # doctest: +SKIP
>>> report.conforms  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from peacekg.compiler import load_ontology
from peacekg.namespaces import PK, PREFIXES, SH

__all__ = [
    "SHAPES_NS",
    "ValidationReport",
    "Violation",
    "load_shapes",
    "validate",
    "validate_graph",
]

SHAPES_NS = "https://w3id.org/peacekg/shapes#"

Origin = Callable[[Node], Path | None]


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, in terms a data editor can act on.

    ``shape`` is the named node shape the rule belongs to (``pks:StanceShape``), also when
    the result comes from one of its property shapes; ``source_shape`` is pySHACL's own
    ``sh:sourceShape`` (often a blank property shape). When the focus node is a blank node
    (a selector or an attribution step written inline in Turtle), ``anchor`` is the nearest
    IRI that links to it and ``anchor_path`` the properties that lead from there.
    """

    focus: Node
    shape: Node
    component: URIRef | None
    path: str | None
    value: Node | None
    message: str
    kind: str
    severity: URIRef = SH.Violation
    source_shape: Node | None = None
    origin: Path | None = None
    anchor: URIRef | None = None
    anchor_path: str | None = None

    @property
    def shape_name(self) -> str:
        """``pks:StanceShape`` for the shapes of this project, the full IRI otherwise."""
        return _curie(self.shape)

    def sentence(self) -> str:
        """``stance <https://…/russia-donetsk-territory> (in x.facts.yaml): A stance must …``"""
        if isinstance(self.focus, BNode) and self.anchor is not None:
            subject = f"{self.kind} ({self.anchor_path} of {_show(self.anchor)})"
        else:
            subject = f"{self.kind} {_show(self.focus)}"
        where = f" (in {self.origin})" if self.origin is not None else ""
        message = self.message.strip().rstrip(".")
        if self.value is not None and self.value != self.focus and str(self.value) not in message:
            message += f"; found {_show(self.value)}"
        return f"{subject}{where}: {message}."


@dataclass
class ValidationReport:
    """Whether the graph conforms, each violation, and one sentence per violation (``text``)."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    def failing_shapes(self) -> set[str]:
        """The named shapes with at least one violation, as ``pks:`` names."""
        return {v.shape_name for v in self.violations}


def load_shapes(ontology_dir: Path) -> Graph:
    """Every ``ontology_dir/shapes/*.ttl`` in one shapes graph."""
    shapes = Graph()
    files = sorted((ontology_dir / "shapes").glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no shapes files in {ontology_dir / 'shapes'}")
    for path in files:
        shapes.parse(path, format="turtle")
    return shapes


def validate(
    dataset: Dataset,
    ontology_dir: Path,
    origin: Origin | None = None,
) -> ValidationReport:
    """Validate the union of the dataset's graphs (every named graph and the default graph)."""
    union = _PreparedQueryGraph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return _validate(union, ontology_dir, origin)


def validate_graph(
    graph: Graph,
    ontology_dir: Path,
    origin: Origin | None = None,
) -> ValidationReport:
    """Validate one RDF graph as given (a Turtle file passed to ``peacekg validate``); the
    graph is copied, not changed."""
    copy = _PreparedQueryGraph()
    for triple in graph:
        copy.add(triple)
    return _validate(copy, ontology_dir, origin)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node, and rdflib would parse the
    same query text again each time: parsing, not evaluating, was most of the time spent
    (3.1 s of the first article's validation, 0.35 s with this cache).
    """

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's own names
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs:
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def _fingerprint(ontology_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What the shapes and the ontology are read from: each file with its size and mtime."""
    files = [ontology_dir / "peacekg.ttl", *sorted((ontology_dir / "shapes").glob("*.ttl"))]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@lru_cache(maxsize=4)
def _schema(ontology_dir: Path, fingerprint: object) -> tuple[Graph, Graph]:
    """The shapes and the ontology, parsed once for as long as their files are unchanged
    (0.27 s a validation before; pySHACL reads them and never changes them)."""
    return load_shapes(ontology_dir), load_ontology(ontology_dir)


def _validate(graph: Graph, ontology_dir: Path, origin: Origin | None) -> ValidationReport:
    """Validate ``graph`` in place: pySHACL adds the ontology's triples to it."""
    shapes, ontology = _schema(ontology_dir.resolve(), _fingerprint(ontology_dir))
    conforms, results_graph, _ = shacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        meta_shacl=False,
        advanced=False,
        inplace=True,
    )
    assert isinstance(results_graph, Graph)
    violations = _violations(results_graph, shapes, ontology, graph, origin)
    text = "\n".join(v.sentence() for v in violations)
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)


# --- reading pySHACL's report --------------------------------------------------------------


def _violations(
    results: Graph,
    shapes: Graph,
    ontology: Graph,
    data: Graph,
    origin: Origin | None,
) -> list[Violation]:
    owners = _owning_node_shapes(shapes)
    found: list[Violation] = []
    # Only the report's own results: those of sh:detail (inside sh:node) are not reported apart.
    for report in results.subjects(RDF.type, SH.ValidationReport):
        found.extend(
            _violation(results, result, owners, shapes, ontology, data, origin)
            for result in results.objects(report, SH.result)
        )
    found.sort(key=lambda v: (str(v.origin or ""), v.kind, str(v.focus), v.shape_name, v.message))
    return found


def _violation(
    results: Graph,
    result: Node,
    owners: dict[Node, Node],
    shapes: Graph,
    ontology: Graph,
    data: Graph,
    origin: Origin | None,
) -> Violation:
    focus = results.value(result, SH.focusNode)
    assert focus is not None, "a SHACL result always has a focus node"
    source = results.value(result, SH.sourceShape)
    shape = owners.get(source, source) if source is not None else BNode()
    component = results.value(result, SH.sourceConstraintComponent)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    severity = results.value(result, SH.resultSeverity)
    anchor, anchor_path = _anchor(focus, data) if isinstance(focus, BNode) else (None, None)
    located = anchor if anchor is not None else focus
    return Violation(
        focus=focus,
        shape=shape,
        component=component if isinstance(component, URIRef) else None,
        path=_path_text(results, path) if path is not None else None,
        value=results.value(result, SH.value),
        message=str(message) if message is not None else "does not conform to its shape",
        kind=_kind(shape, focus, shapes, ontology, data),
        severity=severity if isinstance(severity, URIRef) else SH.Violation,
        source_shape=source,
        origin=origin(located) if origin is not None else None,
        anchor=anchor,
        anchor_path=anchor_path,
    )


def _anchor(node: BNode, data: Graph, depth: int = 4) -> tuple[URIRef | None, str | None]:
    """The nearest IRI that links to a blank node, and the path from it (``oa:hasTarget/…``)."""
    frontier: list[tuple[Node, list[Node]]] = [(node, [])]
    seen: set[Node] = {node}
    for _ in range(depth):
        following: list[tuple[Node, list[Node]]] = []
        for current, props in frontier:
            for subject, prop in sorted(data.subject_predicates(current)):
                if subject in seen:
                    continue
                seen.add(subject)
                if isinstance(subject, URIRef):
                    return subject, "/".join(_curie(p) for p in [prop, *props])
                following.append((subject, [prop, *props]))
        frontier = following
    return None, None


def _owning_node_shapes(shapes: Graph) -> dict[Node, Node]:
    """Each property shape (and shape nested in sh:or, sh:not, …) to the named shape it is in."""
    parent: dict[Node, Node] = {}
    nesting = (SH.property, SH["not"], SH.node, SH.qualifiedValueShape)
    lists = (SH["or"], SH["and"], SH.xone)
    for prop in nesting:
        for outer, inner in shapes.subject_objects(prop):
            if isinstance(inner, BNode):
                parent.setdefault(inner, outer)
    for prop in lists:
        for outer, head in shapes.subject_objects(prop):
            for inner in Collection(shapes, head):
                if isinstance(inner, BNode):
                    parent.setdefault(inner, outer)
    owners: dict[Node, Node] = {}
    for node in parent:
        top, seen = node, set()
        while isinstance(top, BNode) and top in parent and top not in seen:
            seen.add(top)
            top = parent[top]
        owners[node] = top
    return owners


def _kind(shape: Node, focus: Node, shapes: Graph, ontology: Graph, data: Graph) -> str:
    """What the focus node is, in words: the label of the shape's target class ("stance")."""
    for cls in _classes(shapes.objects(shape, SH.targetClass), data, focus):
        label = ontology.value(cls, RDFS.label)
        if isinstance(label, Literal):
            return str(label)
    for cls in data.objects(focus, RDF.type):
        label = ontology.value(cls, RDFS.label)
        if isinstance(label, Literal) and str(cls).startswith(str(PK)):
            return str(label)
    label = shapes.value(shape, RDFS.label)
    return str(label) if isinstance(label, Literal) else "node"


def _classes(targets: Iterable[Node], data: Graph, focus: Node) -> list[Node]:
    """The target classes, the one the focus node is typed with first."""
    typed = set(data.objects(focus, RDF.type))
    return sorted(targets, key=lambda c: c not in typed)


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL path syntax with the project's prefixes."""
    if isinstance(path, URIRef):
        return _curie(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, step) for step in Collection(graph, path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    for prop, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, prop)
        if inner is not None:
            return _path_text(graph, inner) + suffix
    return str(path)


_ALL_PREFIXES = {**PREFIXES, "pks": SHAPES_NS, "sh": str(SH)}


def _curie(node: Node) -> str:
    text = str(node)
    for prefix, namespace in _ALL_PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _show(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    return f"_:{node}"
