"""What the front door's templates share: the page header's data, links to local pages, the
rendering of a template, and an HTML error page.

``base.html`` reads ``page.title`` and ``page.formats`` (the other representations of the page,
as ``(name, media type, href)``); the rest of a page's data goes to its template by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request, Response

from peacekg.api import pages
from peacekg.api.linked_data import IriPaths

NO_CACHE_VARY = {"Cache-Control": "no-cache", "Vary": "Accept"}


@dataclass(frozen=True)
class FrontPage:
    """The header of a front-door page: its title and its other representations."""

    title: str
    formats: list[tuple[str, str, str]] = field(default_factory=list)
    layout: str | None = None  # a class of <main>: wide, home


def href(paths: IriPaths, iri: str | None) -> str | None:
    """Where a link to ``iri`` goes: its page on this server for an IRI under the base, the IRI
    itself for another http(s) IRI, nowhere (None) otherwise.

    >>> paths = IriPaths("https://w3id.org/peacekg/")
    >>> href(paths, "https://w3id.org/peacekg/id/russia"), href(paths, "urn:x"), href(paths, None)
    ('/id/russia', None, None)
    """
    if not iri:
        return None
    local = paths.path(iri)
    if local is not None:
        return None if local.startswith("//") else local
    return iri if urlsplit(iri).scheme.lower() in ("http", "https") else None


def query_link(path: str, params: Mapping[str, object]) -> str:
    """``path`` with the parameters that have a value.

    >>> query_link("/search", {"q": "geneva talks", "kind": None, "page": 2})
    '/search?q=geneva+talks&page=2'
    """
    kept = {name: value for name, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def render(
    request: Request,
    template: str,
    page: FrontPage,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> Response:
    """The template with ``page`` and ``context``; ``href`` turns an IRI into a link."""
    paths: IriPaths = request.app.state.linked_data.paths
    return pages.templates().TemplateResponse(
        request,
        template,
        {"page": page, "href": lambda iri: href(paths, iri), **context},
        status_code=status_code,
        headers=dict(headers if headers is not None else NO_CACHE_VARY),
    )


def error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    """An HTML error page for a browser: what went wrong, a search box and the ways in."""
    return render(
        request,
        "error.html",
        FrontPage(title),
        status_code=status_code,
        message=message,
        path=request.url.path,
    )
