"""The web service: :func:`create_app` builds it, for ``peacekg serve`` and for the tests.

>>> from peacekg.config import Settings
>>> from peacekg.store import OxigraphStore
>>> app = create_app(Settings(_env_file=None), store=OxigraphStore())
>>> paths = app.openapi()["paths"]
>>> sorted(paths["/sparql"]), sorted(paths["/health"]), sorted(paths["/id/{rest}"])
(['get', 'post'], ['get'], ['get'])
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from peacekg.api.deps import ServiceOptions
from peacekg.api.errors import install_error_handlers
from peacekg.api.front import install_front
from peacekg.api.linked_data import install_linked_data
from peacekg.api.logging import RequestLogMiddleware
from peacekg.api.response_cache import CachedResponses, ResponseCache
from peacekg.api.rest import router as rest_api
from peacekg.api.routes import health, ingest, sparql, workbench
from peacekg.api.routes.web import install_web
from peacekg.config import Settings
from peacekg.query.service import make_query_runner
from peacekg.store import Store, open_store


def create_app(
    settings: Settings,
    store: Store | None = None,
    *,
    public_base: str | None = None,
    dataset_modified: datetime | None = None,
) -> FastAPI:
    """The FastAPI app over ``store``, or over the store at ``settings.store_path``.

    A store given here is used as it is and left open; otherwise the app opens the built store
    read-only when it starts and closes it when it stops. SPARQL queries run under the limits
    of ``settings`` (time, results, concurrency): in worker processes over the store on disk,
    or, over a store given here, in threads (see :mod:`peacekg.query.service`).
    Read responses are cached until the next ingest (:mod:`peacekg.api.response_cache`) as
    ``settings.response_cache_mb`` says: code that writes to a given store behind the app's back
    sets it to 0.
    Request paths stand for the IRIs under ``public_base`` (default: ``settings.base_iri``);
    ``dataset_modified`` is the date VoID gives (default: when the store on disk was built,
    else now).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(settings, read_only=True)
        app.state.store = opened
        app.state.options = ServiceOptions(max_query_length=settings.max_query_length)
        runner = make_query_runner(settings, store)
        try:
            await runner.start()
            app.state.query_runner = runner
            yield
        finally:
            app.state.query_runner = None
            await runner.close()
            app.state.store = None
            if store is None:
                opened.close()

    app = FastAPI(
        title="peacekg",
        summary="A knowledge graph of peace negotiations: SPARQL 1.1 endpoint.",
        lifespan=lifespan,
        # /docs is served from the package (peacekg.api.front.apidocs): FastAPI's own pages
        # load their scripts from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.data_generation = 0  # bumped by each ingest: the cached responses are then old
    if max_bytes := settings.response_cache_bytes:
        app.state.response_cache = CachedResponses(max_bytes)
        # Added first: inside CORS (hits get its headers too) and inside the request log.
        app.add_middleware(ResponseCache, max_bytes=max_bytes, responses=app.state.response_cache)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
    )
    app.add_middleware(RequestLogMiddleware)  # added last: outermost, so it times everything
    install_error_handlers(app)
    app.include_router(sparql.router)
    app.include_router(health.router)
    install_linked_data(
        app,
        public_base=public_base or settings.base_iri,
        modified=dataset_modified or (_built_at(settings.store_path) if store is None else None),
    )
    app.include_router(rest_api)
    install_front(app)  # the home page, search, lists, guide, /docs, HTML 404 for browsers
    install_web(app)  # last: its /static mount answers what no route above does
    if settings.ingest_token and settings.ingest_token.get_secret_value():  # off without one
        app.include_router(ingest.router)
        app.include_router(workbench.router)  # the coding workbench logs in with the token
    return app


def _built_at(store_path: Path) -> datetime | None:
    """When the store on disk was last built (its directory is swapped in whole by a build)."""
    try:
        return datetime.fromtimestamp(store_path.stat().st_mtime, tz=UTC)
    except OSError:
        return None
