"""OWL 2 DL consistency of the ontology (and data) with HermiT, through owlready2.

owlready2 reads no Turtle, so the graphs are written to a temporary N-Triples file and loaded
into a fresh ``owlready2.World`` (never the default world), which HermiT (bundled with
owlready2, run with ``java``) then checks. Everything is removed afterwards.

HermiT supports all and only the datatypes of the OWL 2 datatype map. Triples that use any
other datatype (``xsd:date``, ``xsd:duration``, an undefined custom datatype such as
``pk:PAXCode``) would stop it with an ``UnsupportedDatatypeException``; they are left out of
the reasoner's input — the literals of such a datatype and the ``rdfs:range`` axioms naming it —
and the report lists them. They take no part in class reasoning; HermiT could not check them.

When HermiT finds the input inconsistent, owlready2 raises
``OwlReadyInconsistentOntologyError`` with no explanation; the explanation in the report then
comes from ``pellet explain`` (Pellet is bundled with owlready2 too), when it finds one.
Literals on annotation properties are kept whatever their datatype: HermiT does not read them.

>>> from pathlib import Path
>>> from peacekg.compiler import load_ontology
>>> report = check_consistency(load_ontology(Path("ontology")))  # doctest: +SKIP
>>> report.consistent  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from peacekg.namespaces import PREFIXES

__all__ = [
    "OWL2_DATATYPES",
    "ConsistencyReport",
    "JavaNotFoundError",
    "LeftOut",
    "ReasonerError",
    "check_consistency",
    "reasoner_input",
]

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): HermiT knows these and
# no others. Note what is missing: xsd:date, xsd:time, xsd:duration, xsd:gYear and kin.
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    {
        OWL.real,
        OWL.rational,
        RDF.PlainLiteral,
        RDF.XMLLiteral,
        RDFS.Literal,
        *(
            XSD[name]
            for name in (
                "decimal",
                "integer",
                "nonNegativeInteger",
                "nonPositiveInteger",
                "positiveInteger",
                "negativeInteger",
                "long",
                "int",
                "short",
                "byte",
                "unsignedLong",
                "unsignedInt",
                "unsignedShort",
                "unsignedByte",
                "double",
                "float",
                "string",
                "normalizedString",
                "token",
                "language",
                "Name",
                "NCName",
                "NMTOKEN",
                "boolean",
                "hexBinary",
                "base64Binary",
                "anyURI",
                "dateTime",
                "dateTimeStamp",
            )
        ),
    }
)

_BUILTIN_ANNOTATION_PROPERTIES: frozenset[URIRef] = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.versionInfo,
        OWL.deprecated,
        OWL.priorVersion,
        OWL.backwardCompatibleWith,
        OWL.incompatibleWith,
    }
)

# A lock around the whole run: owlready2 writes HermiT's input with tempfile's default
# directory (and leaves it there when HermiT fails), so for the time of a run (about a second)
# tempfile.tempdir points at the run's own temporary directory, removed afterwards. This is
# process-wide: do not run a check beside other threads that make temporary files.
_RUN_LOCK = threading.Lock()


class ReasonerError(RuntimeError):
    """The reasoner could not run or could not read its input (not an inconsistency)."""


class JavaNotFoundError(ReasonerError):
    """``java`` is not on PATH; HermiT needs it."""


@dataclass(frozen=True)
class LeftOut:
    """Triples left out of the reasoner's input, all for one datatype HermiT does not support."""

    datatype: str
    literals: int
    range_axioms: int

    def __str__(self) -> str:
        parts = []
        if self.literals:
            parts.append(f"{self.literals} literal triple(s)")
        if self.range_axioms:
            parts.append(f"{self.range_axioms} rdfs:range axiom(s)")
        return f"{_curie(self.datatype)}: {' and '.join(parts)}"


@dataclass(frozen=True)
class ConsistencyReport:
    """What HermiT said about the ontology (and data), and what it was not given."""

    consistent: bool
    message: str
    duration: float
    """Seconds for the whole check (serialising, loading into owlready2, HermiT)."""
    reasoner_seconds: float
    """Seconds spent in HermiT itself."""
    triples: int
    """Triples given to the reasoner."""
    left_out: tuple[LeftOut, ...] = ()
    unsatisfiable_classes: tuple[str, ...] = ()
    """Named classes that can have no instance (equivalent to owl:Nothing); a consistent
    ontology may still have them, and each is a modelling error."""
    explanation: str | None = None
    """Pellet's explanation of an inconsistency, when there is one."""

    def __str__(self) -> str:
        lines = [self.message]
        if self.unsatisfiable_classes:
            lines.append("Unsatisfiable classes (equivalent to owl:Nothing):")
            lines.extend(f"  {_curie(iri)}" for iri in self.unsatisfiable_classes)
        if self.left_out:
            lines.append("Left out of the reasoner's input (datatypes HermiT does not support):")
            lines.extend(f"  {item}" for item in self.left_out)
        if self.explanation:
            lines.append("Explanation:")
            lines.extend(f"  {line}" for line in self.explanation.splitlines())
        return "\n".join(lines)


def check_consistency(
    ontology: Graph, data: Graph | None = None, *, explain: bool = True
) -> ConsistencyReport:
    """Whether ``ontology`` together with ``data`` is consistent, according to HermiT.

    ``data`` may be a ``Dataset``: the triples of all its graphs are checked together.
    With ``explain``, an inconsistency is explained by ``pellet explain`` (a few seconds more).
    Raises :class:`JavaNotFoundError` when ``java`` is missing and :class:`ReasonerError` when
    HermiT fails for another reason than an inconsistency.
    """
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise JavaNotFoundError(
            f"HermiT (bundled with owlready2) runs on Java, but '{owlready2.JAVA_EXE}' is not "
            "on PATH: run `make install`, which installs it."
        )
    started = time.perf_counter()
    triples, left_out = reasoner_input(ontology, data)
    with _RUN_LOCK, tempfile.TemporaryDirectory(prefix="peacekg-reasoning-") as tmp:
        path = Path(tmp) / "input.nt"
        graph = Graph()
        for triple in triples:
            graph.add(triple)
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        saved_tempdir = tempfile.tempdir
        tempfile.tempdir = tmp  # owlready2's own temporary files land here and go with it
        try:
            with path.open("rb") as stream:
                world.get_ontology("https://w3id.org/peacekg/reasoning-input").load(
                    fileobj=stream, format="ntriples"
                )
            consistent, reasoner_seconds = _run_hermit(world)
            unsatisfiable = _unsatisfiable_classes(world) if consistent else ()
            explanation = None if consistent or not explain else _explain(path)
        finally:
            tempfile.tempdir = saved_tempdir
            world.close()
    if consistent and unsatisfiable:
        message = (
            f"HermiT: consistent, but {len(unsatisfiable)} unsatisfiable class(es) "
            f"({len(triples)} triples)"
        )
    elif consistent:
        message = f"HermiT: consistent ({len(triples)} triples)"
    else:
        message = f"HermiT: INCONSISTENT ({len(triples)} triples)"
    return ConsistencyReport(
        consistent=consistent,
        message=message,
        duration=time.perf_counter() - started,
        reasoner_seconds=reasoner_seconds,
        triples=len(triples),
        left_out=left_out,
        unsatisfiable_classes=unsatisfiable,
        explanation=explanation,
    )


def reasoner_input(
    ontology: Graph, data: Graph | None = None
) -> tuple[list[Triple], tuple[LeftOut, ...]]:
    """The triples HermiT is given, and what was left out because of unsupported datatypes."""
    everything = set(_all_triples(ontology))
    if data is not None:
        everything.update(_all_triples(data))
    defined = {
        s for s, p, _ in everything if p == OWL.equivalentClass and _is_datatype(s, everything)
    }

    def unsupported(datatype: object) -> bool:
        return (
            isinstance(datatype, URIRef)
            and datatype not in OWL2_DATATYPES
            and datatype not in defined
        )

    datatype_properties = {
        s for s, p, o in everything if p == RDF.type and o == OWL.DatatypeProperty
    }
    annotation_properties = _BUILTIN_ANNOTATION_PROPERTIES | {
        s for s, p, o in everything if p == RDF.type and o == OWL.AnnotationProperty
    }
    literals: Counter[str] = Counter()
    ranges: Counter[str] = Counter()
    kept: list[Triple] = []
    for s, p, o in everything:
        if (
            isinstance(o, Literal)
            and o.datatype is not None
            and unsupported(o.datatype)
            and p not in annotation_properties  # HermiT reads no annotation
        ):
            literals[str(o.datatype)] += 1
        elif (
            p == RDFS.range
            and unsupported(o)
            and (s in datatype_properties or _is_datatype(o, everything))
        ):
            ranges[str(o)] += 1
        else:
            kept.append((s, p, o))
    left_out = tuple(
        LeftOut(datatype=dt, literals=literals[dt], range_axioms=ranges[dt])
        for dt in sorted(set(literals) | set(ranges))
    )
    return kept, left_out


def _all_triples(graph: Graph) -> Iterator[Triple]:
    """Every triple of ``graph``; for a Dataset, of all its graphs."""
    if isinstance(graph, Dataset | ConjunctiveGraph):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o  # type: ignore[misc]
    else:
        yield from graph  # type: ignore[misc]


def _is_datatype(node: object, triples: set[Triple]) -> bool:
    return (node, RDF.type, RDFS.Datatype) in triples or (
        isinstance(node, URIRef) and str(node).startswith(str(XSD))
    )


def _run_hermit(world: owlready2.World) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        owlready2.sync_reasoner_hermit(world, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, time.perf_counter() - started
    except owlready2.OwlReadyJavaError as error:
        raise ReasonerError(f"HermiT failed: {error}") from error
    return True, time.perf_counter() - started


def _unsatisfiable_classes(world: owlready2.World) -> tuple[str, ...]:
    """The named classes HermiT found equivalent to owl:Nothing (owlready2 records them)."""
    found = {str(cls.iri) for cls in world.inconsistent_classes()}
    return tuple(sorted(found - {str(OWL.Nothing)}))


def _explain(path: Path) -> str | None:
    """Pellet's explanation of the inconsistency of the N-Triples file ``path``.

    owlready2's own route to it (``sync_reasoner_pellet(debug=2)``) first runs ``pellet
    realize`` with the Jena loader, whose bundled jar needs Java 25; ``pellet explain`` with the
    OWL API loader runs on Java 17, so it is called directly here.
    """
    pellet_dir = Path(owlready2.__file__).parent / "pellet"
    classpath = os.pathsep.join(str(jar) for jar in sorted(pellet_dir.glob("*.jar")))
    command = [
        owlready2.JAVA_EXE,
        f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M",
        "-cp",
        classpath,
        "pellet.Pellet",
        "explain",
        "--ignore-imports",
        str(path),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    marker = "Explanation(s):"
    if done.returncode != 0 or marker not in done.stdout:
        return None
    return done.stdout.split(marker, 1)[1].strip() or None


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"
