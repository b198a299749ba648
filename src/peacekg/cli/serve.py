"""``peacekg serve``: the store as a SPARQL endpoint, with the REST API and the pages."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.markup import escape

from peacekg.cli.common import StoreOption, err, fail, open_or_fail, settings_for
from peacekg.store import StoreError


def serve(
    store: StoreOption = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default: 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default: 8000).")] = None,
    query_timeout: Annotated[
        float | None,
        typer.Option(
            "--query-timeout", min=0.001, help="Seconds a SPARQL query may run (default: 30)."
        ),
    ] = None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql (Ctrl-C stops).

    The limits on queries (time, rows, queries at once) are settings: PEACEKG_QUERY_TIMEOUT,
    PEACEKG_MAX_RESULT_ROWS, PEACEKG_MAX_CONCURRENT_QUERIES ... (see peacekg.config).
    """
    settings = settings_for(store_path=store, host=host, port=port, query_timeout=query_timeout)
    opened = open_or_fail(settings)  # no store, or a damaged one: say so before starting the server
    try:
        if settings.store_url:  # a remote server that is down or misplaced: the same
            opened.ask("ASK {}")
    except StoreError as error:
        fail(str(error))
    finally:
        opened.close()

    import uvicorn  # the web stack is loaded only by this command

    from peacekg.api import create_app

    err.print(
        f"Serving {escape(settings.store_url or str(settings.store_path))} at "
        f"http://{settings.host}:{settings.port}/sparql (Ctrl-C stops)."
    )
    # One line per request (peacekg.api.requests) and the service's warnings, on stderr.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command()(serve)
