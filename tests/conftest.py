"""Fixtures shared by the test modules: no PEACEKG_* variables, and a small sample dataset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset

from oxigraph_server import OXIGRAPH_SERVER, OxigraphServer

REPO_ROOT = Path(__file__).resolve().parent.parent

# Two article graphs and a reference graph; one triple sits in two graphs, one in the default.
SAMPLE_TRIG = """
@prefix ex: <https://example.org/> .
@prefix pk: <https://w3id.org/peacekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:meta rdfs:comment "default graph" .

<https://example.org/graph/article-1> {
    ex:talks a pk:Negotiation ;
        rdfs:label "Geneva talks"@en , "Genfer Gespräche"@de ;
        pk:round 3 ;
        pk:note "He said \\"peace\\"\\nthen left" ;
        pk:party [ rdfs:label "unnamed delegation" ] .
    ex:alice rdfs:label "Alice" .
}

<https://example.org/graph/article-2> {
    ex:talks pk:date "2024-05-01"^^xsd:date .
    ex:alice rdfs:label "Alice" .
}

<https://example.org/graph/reference> {
    pk:Negotiation rdfs:label "Negotiation" .
}
"""


@dataclass(frozen=True)
class Sample:
    """The sample data, and what a store that holds it must report."""

    trig: str = SAMPLE_TRIG
    quads: int = 12
    distinct_triples: int = 11

    def dataset(self) -> Dataset:
        dataset = Dataset()
        dataset.parse(data=self.trig, format="trig")
        return dataset


@pytest.fixture(autouse=True)
def _no_peacekg_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the developer's PEACEKG_* variables out of every test."""
    for name in list(os.environ):
        if name.startswith("PEACEKG_"):
            monkeypatch.delenv(name)
    yield


@pytest.fixture
def sample() -> Sample:
    return Sample()


@pytest.fixture
def sample_dataset(sample: Sample) -> Dataset:
    return sample.dataset()


@pytest.fixture(scope="session", autouse=True)
def oxigraph_server() -> Iterator[OxigraphServer]:
    """The Oxigraph server of the remote-backend tests; it starts only when a test first uses
    it, and stops when the session ends."""
    yield OXIGRAPH_SERVER
    OXIGRAPH_SERVER.stop()
