"""The vocabulary reference of the researcher's guide (``docs/vocabulary.md``), generated from
the data: the prefixes the server knows, every concept of the schemes of ``data/vocab/`` (issues,
stance values, roles, event types, event statuses, provision fates) with its id, label, aliases,
definition and mappings, and the ontology's named individuals a query filters on (the roles and
sourcing kinds of attribution steps).

The order is fixed (schemes by file name, concepts as their file lists them, issues as a tree),
so the same data always gives the same page; a test compares the committed page with a fresh
rendering. Regenerate it with ``python -m peacekg.vocabulary_docs`` (``--check`` only compares).

>>> curie_of("issue", "territory")
'issue:territory'
>>> _cell("a | b")
'a \\\\| b'
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from peacekg.compiler.context import FileContext
from peacekg.compiler.model import Concept, VocabFile
from peacekg.compiler.yamlsource import read_yaml
from peacekg.namespaces import BASE, PK, PREFIXES

__all__ = ["DEFAULT_OUTPUT", "main", "render_markdown"]

DEFAULT_OUTPUT = Path("docs/vocabulary.md")
_SCHEME_PREFIX = {
    namespace.removeprefix(BASE + "vocab/").rstrip("/"): prefix
    for prefix, namespace in PREFIXES.items()
    if namespace.startswith(BASE + "vocab/")
}
# The ontology's individuals a query filters on, by the class they belong to.
INDIVIDUALS = (
    (PK.AttributionRole, "Roles of attribution steps (`prov:hadRole` of a step)"),
    (PK.SourcingKind, "Sourcing kinds of attribution steps (`pk:sourcing` of a step)"),
)
PREFIX_NOTES = {
    "pk": "the ontology's classes and properties",
    "id": "entities, events, documents, versions; `id:article/ID` articles and their facts",
    "issue": "the issue scheme",
    "value": "the stance-value scheme",
    "role": "the role scheme (offices, mandates, participants)",
    "evtype": "the event-type scheme",
    "evstatus": "the event-status scheme",
    "fate": "the provision-fate scheme",
    "wd": "Wikidata entities (`owl:sameAs` of an entity)",
}


def curie_of(scheme: str, concept: str) -> str:
    """The short name of a concept, with its scheme's prefix."""
    prefix = _SCHEME_PREFIX.get(scheme)
    return f"{prefix}:{concept}" if prefix else f"<{BASE}vocab/{scheme}/{concept}>"


def _title(label: str) -> str:
    """A scheme's label as a heading: "peacekg event types" -> "Event types"."""
    text = label.removeprefix("peacekg ").strip()
    return text[:1].upper() + text[1:]


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _schemes(data_dir: Path) -> list[VocabFile]:
    files = sorted((data_dir / "vocab").glob("*.yaml"))
    return [FileContext(read_yaml(path)).parse(VocabFile) for path in files]


def _tree(concepts: list[Concept]) -> list[tuple[int, Concept]]:
    """The concepts as their file lists them, each followed by its narrower ones (indented)."""
    ids = {concept.id for concept in concepts}
    children: dict[str | None, list[Concept]] = {}
    for concept in concepts:
        parent = concept.broader if concept.broader in ids else None
        children.setdefault(parent, []).append(concept)
    ordered: list[tuple[int, Concept]] = []

    def walk(parent: str | None, depth: int) -> None:
        for concept in children.get(parent, []):
            ordered.append((depth, concept))
            walk(concept.id, depth + 1)

    walk(None, 0)
    return ordered


def _mappings(concept: Concept) -> str:
    parts = []
    if concept.pax:
        parts.append(f"PA-X `{concept.pax}`")
    parts += [f"PA-X related `{code}`" for code in concept.pax_related]
    if concept.rank is not None:
        parts.append(f"rank {concept.rank}")
    if concept.polarity:
        parts.append(concept.polarity)
    if concept.plover:
        mode = f" ({concept.plover_mode})" if concept.plover_mode else ""
        parts.append(f"PLOVER {concept.plover}{mode}")
    parts += [f"close: {_short(iri)}" for iri in concept.close_match]
    parts += [f"exact: {_short(iri)}" for iri in concept.exact_match]
    return "; ".join(parts)


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"`{prefix}:{iri[len(namespace) :]}`"
    return f"`{iri}`"


def _individuals(ontology: Graph) -> list[str]:
    lines: list[str] = []
    for cls, title in INDIVIDUALS:
        members = sorted(
            (s for s in ontology.subjects(RDF.type, cls) if isinstance(s, URIRef)), key=str
        )
        lines += [f"### {title}", "", "| id | label | definition |", "|---|---|---|"]
        for member in members:
            label = ontology.value(member, RDFS.label) or ""
            definition = ontology.value(member, SKOS.definition) or ""
            name = f"pk:{str(member).removeprefix(str(PK))}"
            lines.append(f"| `{name}` | {_cell(str(label))} | {_cell(str(definition))} |")
        lines.append("")
    return lines


def render_markdown(data_dir: Path, ontology: Graph) -> str:
    """The page: prefixes, then one section per concept scheme, then the individuals."""
    lines = [
        "# peacekg vocabulary",
        "",
        "<!-- Generated from data/vocab/ and the ontology by `python -m peacekg.vocabulary_docs`:"
        " do not edit. -->",
        "",
        "Every id a query or a REST call needs besides the ids of entities (those are listed at "
        "`/actors`, `/events`, `/documents`, `/articles`, and found by `/search`). "
        "The REST API takes the part after the colon (`/api/v1/issues/territory`, "
        "`?type=talks`); SPARQL takes the prefixed name (`issue:territory`). "
        "See the [guide](guide.md) for how to use them.",
        "",
        "## Prefixes",
        "",
        "The SPARQL endpoint, `peacekg query` and the REST API know these prefixes: a query may "
        "use them without a `PREFIX` line.",
        "",
        "| prefix | namespace | for |",
        "|---|---|---|",
    ]
    for prefix, namespace in PREFIXES.items():
        lines.append(f"| `{prefix}:` | `{namespace}` | {PREFIX_NOTES.get(prefix, '')} |")
    lines.append("")
    for vocab in _schemes(data_dir):
        scheme = vocab.scheme
        prefix = _SCHEME_PREFIX.get(scheme.id, "")
        lines += [
            f"## {_title(scheme.label)} (`{prefix}:`)",
            "",
            _cell(scheme.definition),
            f"Scheme `<{BASE}vocab/{scheme.id}>`, concepts of class `pk:{scheme.class_}`.",
            "",
            "| id | label | also | definition | mappings |",
            "|---|---|---|---|---|",
        ]
        for depth, concept in _tree(vocab.concepts):
            indent = "&nbsp;&nbsp;&nbsp;" * depth + ("↳ " if depth else "")
            lines.append(
                f"| {indent}`{curie_of(scheme.id, concept.id)}` | {_cell(concept.label)} | "
                f"{_cell(', '.join(concept.aliases))} | {_cell(concept.definition)} | "
                f"{_mappings(concept)} |"
            )
        lines.append("")
    lines += ["## Named individuals of the ontology", ""]
    lines += _individuals(ontology)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, compare) ``docs/vocabulary.md``."""
    from peacekg.compiler import load_ontology
    from peacekg.config import get_settings

    parser = argparse.ArgumentParser(
        prog="python -m peacekg.vocabulary_docs",
        description="Write the vocabulary reference of the guide (docs/vocabulary.md).",
    )
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--ontology-dir", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the page differs from a fresh rendering"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    data_dir = args.data_dir or settings.data_dir
    page = render_markdown(data_dir, load_ontology(args.ontology_dir or settings.ontology_dir))
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != page:
            print(f"{output} is stale: run python -m peacekg.vocabulary_docs", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
