"""Add articles to a built store one at a time, safely; find and list contradicting claims.

``peacekg ingest ARTICLE.txt FACTS.yaml`` compiles the facts against what the store already
holds (:mod:`peacekg.ingest.registry`), checks them with the shapes together with the reference
data they use (:mod:`peacekg.ingest.reference_context`), links contradicting claims
(:mod:`peacekg.ingest.conflicts`) and commits the article's named graph in one transaction
(:mod:`peacekg.ingest.writes`). ``peacekg retract ID`` removes it and records the retraction;
``peacekg conflicts`` lists the contradictions.
"""

from __future__ import annotations

from peacekg.ingest.conflicts import ClaimSide, Conflict, list_conflicts
from peacekg.ingest.pipeline import (
    CompiledArticle,
    IngestError,
    IngestResult,
    compile_article,
    ingest_article,
    retract_article,
)
from peacekg.ingest.writes import RETRACTIONS_GRAPH

__all__ = [
    "RETRACTIONS_GRAPH",
    "ClaimSide",
    "CompiledArticle",
    "Conflict",
    "IngestError",
    "IngestResult",
    "compile_article",
    "ingest_article",
    "list_conflicts",
    "retract_article",
]
