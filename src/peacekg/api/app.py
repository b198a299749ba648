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
from datetime import datetime

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from peacekg.api.deps import ServiceOptions
from peacekg.api.errors import install_error_handlers
from peacekg.api.linked_data import install_linked_data
from peacekg.api.logging import RequestLogMiddleware
from peacekg.api.query_guard import DEFAULT_MAX_QUERY_LENGTH
from peacekg.api.rest import router as rest_api
from peacekg.api.routes import health, sparql
from peacekg.config import Settings
from peacekg.namespaces import BASE
from peacekg.store import Store, open_store

# A graph no store holds: a store that honours FROM finds nothing in it.
_PROBE_GRAPH = "urn:peacekg:probe:no-such-graph"


def store_honours_from(store: Store) -> bool:
    """True if the store restricts a query's default graph to the graphs FROM names.

    A store whose default graph is always the union of its graphs ignores FROM; it then finds
    triples in a graph that does not exist. (An empty store honours FROM trivially.)
    """
    return not store.ask(f"ASK FROM <{_PROBE_GRAPH}> WHERE {{ ?s ?p ?o }}")


def create_app(
    settings: Settings,
    store: Store | None = None,
    *,
    max_query_length: int = DEFAULT_MAX_QUERY_LENGTH,
    public_base: str = BASE,
    dataset_modified: datetime | None = None,
) -> FastAPI:
    """The FastAPI app over ``store``, or over the store at ``settings.store_path``.

    A store given here is used as it is and left open; otherwise the app opens the built store
    read-only when it starts and closes it when it stops. Request paths stand for the IRIs
    under ``public_base``; ``dataset_modified`` is the date VoID gives (default: now).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(settings, read_only=True)
        app.state.store = opened
        app.state.options = ServiceOptions(
            max_query_length=max_query_length,
            store_honours_from=store_honours_from(opened),
        )
        try:
            yield
        finally:
            app.state.store = None
            if store is None:
                opened.close()

    app = FastAPI(
        title="peacekg",
        summary="A knowledge graph of peace negotiations: SPARQL 1.1 endpoint.",
        lifespan=lifespan,
    )
    app.state.settings = settings
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
    install_linked_data(app, public_base=public_base, modified=dataset_modified)
    app.include_router(rest_api)
    return app
