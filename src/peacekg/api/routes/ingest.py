"""``POST /ingest`` and ``DELETE /ingest/{article_id}``: add or retract an article over HTTP.

Only when ``settings.ingest_token`` is set (``PEACEKG_INGEST_TOKEN``): the app then includes
this router, and each request must carry ``Authorization: Bearer <token>``. They call the same
functions as ``peacekg ingest`` and ``peacekg retract`` (:mod:`peacekg.ingest`), on the store
at ``settings.store_path``, opened for writing for the time of the request.

A refused article leaves the store as it was: 422 ``facts_error`` (with file, line, column
and fact) or 422 ``shape_violation`` (with one sentence per violation).

The service's own readers (the SPARQL endpoint's workers, the linked-data pages, the REST API)
hold the store open read-only as it was when they opened it: after each write they reopen it,
so the next request sees the change, and ``app.state.data_generation`` goes up by one, which
empties the response cache (:mod:`peacekg.api.response_cache`).
"""

from __future__ import annotations

import hmac
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from peacekg.api.errors import ApiError
from peacekg.compiler.errors import FactsError
from peacekg.config import Settings
from peacekg.ingest import IngestError, ingest_article, retract_article

router = APIRouter(tags=["ingest"])


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.headers["WWW-Authenticate"] = 'Bearer realm="peacekg ingest"'


class FactsRefused(ApiError):
    status = 422
    code = "facts_error"


class ShapesRefused(ApiError):
    status = 422
    code = "shape_violation"


class ArticleNotFound(ApiError):
    status = 404
    code = "article_not_found"


class NewArticle(BaseModel):
    """An article as ``peacekg ingest`` takes it: the text file and the facts file."""

    text_name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$",
        examples=["2026-03-14-port-alder-round-3.txt"],
        description="The text's file name, as the facts' article.text names it.",
    )
    text: str = Field(description="The article text, with its 'date YYYY-MM-DD' header.")
    facts: str = Field(description="The facts file (YAML, data/README.md).")


class Ingested(BaseModel):
    article_id: str
    graph: str
    triples: int
    replaced: bool
    conflicts: int


class Retracted(BaseModel):
    article_id: str
    record: str


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_token(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> Settings:
    """The settings, once the request's bearer token matches ``settings.ingest_token``."""
    settings = _settings(request)
    expected = settings.ingest_token.get_secret_value() if settings.ingest_token else ""
    scheme, _, given = (authorization or "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        raise Unauthorized("Ingest needs 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise Unauthorized("The bearer token is not the ingest token.")
    return settings


Authorized = Annotated[Settings, Depends(require_token)]


def _facts_details(error: FactsError) -> dict[str, Any]:
    return {
        k: v
        for k, v in (("line", error.line), ("column", error.column), ("fact", error.fact))
        if v is not None
    }


def _ingest(article: NewArticle, settings: Settings) -> Ingested:
    with tempfile.TemporaryDirectory(prefix="peacekg-ingest-") as folder:
        text = Path(folder) / article.text_name
        facts = Path(folder) / (article.text_name.removesuffix(".txt") + ".facts.yaml")
        text.write_text(article.text, encoding="utf-8")
        facts.write_text(article.facts, encoding="utf-8")
        try:
            result = ingest_article(text, facts, settings)
        except FactsError as error:
            raise FactsRefused(
                f"{error.problem} The store was not changed.", **_facts_details(error)
            ) from None
        except IngestError as error:
            if error.report is None:
                raise FactsRefused(str(error)) from None
            raise ShapesRefused(
                "The facts do not conform to the ontology's shapes; the store was not changed.",
                violations=[v.sentence() for v in error.report.violations],
            ) from None
    return Ingested(
        article_id=result.article_id,
        graph=result.graph,
        triples=result.triples,
        replaced=result.replaced,
        conflicts=result.conflicts,
    )


async def _refresh_readers(request: Request) -> None:
    """Make the service's readers see what was just written."""
    await run_in_threadpool(request.app.state.store.reopen)
    await request.app.state.query_runner.reopen()
    # After the reopen: no answer read before the write can be cached under the new generation.
    request.app.state.data_generation = getattr(request.app.state, "data_generation", 0) + 1


@router.post("/ingest", status_code=201)
async def post_article(article: NewArticle, settings: Authorized, request: Request) -> Ingested:
    """Add (or replace) one article in the store, in one transaction."""
    ingested = await run_in_threadpool(_ingest, article, settings)
    await _refresh_readers(request)
    return ingested


def _retract(article_id: str, force: bool, settings: Settings) -> Retracted:
    try:
        record = retract_article(article_id, settings, force=force)
    except IngestError as error:
        if "holds no article" in str(error):
            raise ArticleNotFound(str(error)) from None
        raise FactsRefused(str(error)) from None
    return Retracted(article_id=article_id, record=str(record))


@router.delete("/ingest/{article_id}")
async def delete_article(
    article_id: str, settings: Authorized, request: Request, force: bool = False
) -> Retracted:
    """Retract one article (refused if other articles build on it, unless ``force``)."""
    retracted = await run_in_threadpool(_retract, article_id, force, settings)
    await _refresh_readers(request)
    return retracted
