"""Unknown pages: a browser gets an HTML page (with a search box and the ways in), a program
the JSON error it always got.

A simple handler for the status 404 of Starlette's ``HTTPException`` (no route, no static
file); the routes that answer 404 themselves (an unknown IRI, an unknown id of the REST API)
keep their own answers. The JSON answer is the one of the app's handler for ``HTTPException``.
"""

from __future__ import annotations

import inspect

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from peacekg.api.front.view import error_page
from peacekg.api.negotiation import Offer, choose
from peacekg.api.representations import HTML_OFFER

_OFFERS = (Offer("application/json"), HTML_OFFER)


def prefers_html(request: Request) -> bool:
    """A browser's ``Accept``: HTML before JSON (``*/*`` and none prefer JSON)."""
    return choose(request.headers.get("accept"), _OFFERS) is HTML_OFFER


def install_not_found(app: FastAPI) -> None:
    """Answer 404 with an HTML page to browsers, outside ``/api/`` (problem details there)."""
    fallback = app.exception_handlers[StarletteHTTPException]

    async def not_found(request: Request, error: Exception) -> Response:
        if prefers_html(request) and not request.url.path.startswith("/api/"):
            return error_page(
                request, 404, "Page not found", f"There is no page at {request.url.path}."
            )
        response = fallback(request, error)
        return await response if inspect.isawaitable(response) else response

    app.add_exception_handler(404, not_found)
