"""The compiler on the shipped data: deterministic, one graph per article, stable IRIs."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

import peacekg.compiler.anchoring
import peacekg.compiler.article_text
from peacekg.compiler import REFERENCE_GRAPH, compile_data
from peacekg.compiler.anchoring import QuoteNotFound, locate
from peacekg.compiler.iris import article_graph_iri
from peacekg.namespaces import OA, PK

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARTICLE = "2025-12-03-moscow-talks"
ID = "https://w3id.org/peacekg/id/"


def _sorted_nquads() -> list[str]:
    text = compile_data(DATA).dataset.serialize(format="nquads")
    return sorted(line for line in text.splitlines() if line)


def test_compiling_twice_gives_the_same_quads() -> None:
    first = _sorted_nquads()
    assert first == _sorted_nquads()
    assert not any("_:" in line for line in first), "blank nodes would make IRIs unstable"


def test_one_named_graph_per_article_plus_the_reference_graph() -> None:
    compiled = compile_data(DATA)
    non_empty = {g.identifier for g in compiled.dataset.graphs() if len(g)}
    facts_files = sorted((DATA / "articles").glob("*.facts.yaml"))
    articles = {f.name.removesuffix(".facts.yaml") for f in facts_files}
    assert ARTICLE in articles and len(articles) > 1
    assert non_empty == {REFERENCE_GRAPH} | {article_graph_iri(a) for a in articles}
    for article in articles:
        assert (
            compiled.graphs[article_graph_iri(article)]
            == DATA / "articles" / f"{article}.facts.yaml"
        )


def test_article_carries_its_date_and_text_without_the_header() -> None:
    graph = compile_data(DATA).dataset.graph(article_graph_iri(ARTICLE))
    article = URIRef(f"{ID}article/{ARTICLE}")
    assert (article, RDF.type, PK.Article) in graph
    assert graph.value(article, URIRef("http://purl.org/dc/terms/issued")) == Literal(
        "2025-12-03", datatype=XSD.date
    )
    text = str(graph.value(article, PK.text))
    assert text.startswith("Negotiations between the US and Russian delegations")
    assert "date 2025-12-03" not in text


def test_every_quote_sits_at_its_offsets() -> None:
    graph = compile_data(DATA).dataset.graph(article_graph_iri(ARTICLE))
    text = str(graph.value(URIRef(f"{ID}article/{ARTICLE}"), PK.text))
    checked = 0
    for target in graph.subjects(RDF.type, OA.SpecificResource):
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        start = int(graph.value(position, OA.start))  # type: ignore[arg-type]
        end = int(graph.value(position, OA.end))  # type: ignore[arg-type]
        assert text[start:end] == str(graph.value(quote, OA.exact))
        assert text[:start].endswith(str(graph.value(quote, OA.prefix)))
        checked += 1
    assert checked == len(set(graph.subjects(RDF.type, PK.Claim))) == 36


def test_anonymous_source_is_minted_once_per_article() -> None:
    graph = compile_data(DATA).dataset.graph(article_graph_iri(ARTICLE))
    sources = set(graph.subjects(RDF.type, PK.AnonymousSource))
    assert sources == {
        URIRef(f"{ID}article/{ARTICLE}/source/nbc-russian-source"),
        URIRef(f"{ID}article/{ARTICLE}/source/rafoglu-sources"),
    }
    assert graph.value(
        URIRef(f"{ID}article/{ARTICLE}/source/nbc-russian-source"), PK.affiliation
    ) == URIRef(f"{ID}russia")


def test_locate_refuses_an_ambiguous_quote_and_honours_occurrence() -> None:
    text = "talks were held; talks were held again"
    with pytest.raises(QuoteNotFound, match="appears 2 times"):
        locate(text, "talks were held")
    assert locate(text, "talks were held", occurrence=2).start == 17
    with pytest.raises(QuoteNotFound, match='nearest passage is "talks were held"'):
        locate(text, "talks were hold")


@pytest.mark.parametrize(
    "module", [peacekg.compiler.anchoring, peacekg.compiler.article_text], ids=lambda m: m.__name__
)
def test_docstring_examples(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0 and failures == 0
