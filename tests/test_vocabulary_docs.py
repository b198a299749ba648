"""The guide's vocabulary (``docs/vocabulary.md``) is the rendering of data/vocab/ and the
ontology, never a hand-edited copy: it must equal a fresh rendering and name every concept and
every prefix."""

from __future__ import annotations

import doctest
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from peacekg import vocabulary_docs
from peacekg.compiler import compile_data, load_ontology
from peacekg.namespaces import PREFIXES
from peacekg.vocabulary_docs import curie_of, main, render_markdown

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMITTED = REPO_ROOT / "docs" / "vocabulary.md"


def test_the_committed_page_is_the_fresh_rendering() -> None:
    page = render_markdown(REPO_ROOT / "data", load_ontology(REPO_ROOT / "ontology"))
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == page, "docs/vocabulary.md is stale: run python -m peacekg.vocabulary_docs"


def test_every_concept_and_prefix_is_on_the_page() -> None:
    page = COMMITTED.read_text(encoding="utf-8")
    compiled = compile_data(REPO_ROOT / "data")
    found = {str(c) for c, _, _, _ in compiled.dataset.quads((None, SKOS.inScheme, None, None))}
    assert len(found) >= 60
    for iri in found:
        scheme, concept = iri.removeprefix("https://w3id.org/peacekg/vocab/").split("/")
        assert f"`{curie_of(scheme, concept)}`" in page, iri
    for prefix, namespace in PREFIXES.items():
        assert f"| `{prefix}:` | `{namespace}` |" in page
    for name in ("pk:Anonymous", "pk:OnRecord", "pk:OutletRole", "pk:PrimarySourceRole"):
        assert f"`{name}`" in page


def test_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    output = tmp_path / "vocabulary.md"
    args = ["--data-dir", str(REPO_ROOT / "data"), "--ontology-dir", str(REPO_ROOT / "ontology")]
    assert main([*args, "--output", str(output), "--check"]) == 1
    assert main([*args, "--output", str(output)]) == 0
    assert main([*args, "--output", str(output), "--check"]) == 0
    output.write_text(output.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert main([*args, "--output", str(output), "--check"]) == 1


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(vocabulary_docs)
    assert tried > 0 and failures == 0
    assert isinstance(load_ontology(REPO_ROOT / "ontology"), Graph)
