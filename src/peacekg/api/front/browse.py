"""The search page (``/search?q=``) and the browsable lists (``/articles``, ``/actors``,
``/events``, ``/documents``, ``/issues``): HTML for people, paged with ``?page=N``, each row a
link to the thing's own page. Programs ask ``/api/v1/search`` and the REST lists instead.

A parameter that makes no sense (``page=0``, an unknown ``type`` or ``kind``) is refused with a
400 page that says what is expected, never replaced by a default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Literal, URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.front.lists import ACTOR_TYPES, LISTS, Listing
from peacekg.api.front.search import KINDS, Hit, search
from peacekg.api.front.view import FrontPage, error_page, query_link, render

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
SEARCH_PER_PAGE = 25
MAX_PAGE = 100_000


class BadParameter(ValueError):
    """A parameter of a page that is not what the page expects; the message says so."""


@dataclass(frozen=True)
class Pager:
    """Where a page is in a list: its number, the rows it shows, and links to its neighbours."""

    number: int
    first: int
    last: int
    total: int
    previous: str | None
    next: str | None


def page_number(request: Request) -> int:
    """``?page=`` as a number from 1 (1 when absent).

    >>> from starlette.requests import Request
    >>> page_number(Request({"type": "http", "query_string": b"page=3", "headers": []}))
    3
    """
    text = request.query_params.get("page")
    if text is None or text == "":
        return 1
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise BadParameter(f"page={text!r} is not a page number: write a whole number from 1.")
    return int(text)


def pager(request: Request, number: int, per_page: int, shown: int, total: int) -> Pager:
    params = dict(request.query_params)

    def link(n: int) -> str:
        return query_link(request.url.path, {**params, "page": n if n > 1 else None})

    first = (number - 1) * per_page + 1 if shown else 0
    return Pager(
        number=number,
        first=first,
        last=first + shown - 1 if shown else 0,
        total=total,
        previous=link(number - 1) if number > 1 else None,
        next=link(number + 1) if number * per_page < total else None,
    )


def _refuse(request: Request, error: BadParameter) -> Response:
    return error_page(request, 400, "Bad request", str(error))


# -- search ----------------------------------------------------------------------------------


@router.get("/search")
async def search_page(request: Request, store: StoreDep) -> Response:
    """The things whose names hold every word of ``?q=``, best match first; ``?kind=`` keeps
    one kind (actor, event, document, issue, place, article)."""
    q = (request.query_params.get("q") or "").strip()
    kind = request.query_params.get("kind") or None
    try:
        number = page_number(request)
        if kind is not None and kind not in KINDS:
            raise BadParameter(f"kind={kind!r} is not a kind: use one of {', '.join(KINDS)}.")
        if len(q) > 200:
            raise BadParameter("The search is longer than 200 characters.")
    except BadParameter as error:
        return _refuse(request, error)
    hits: list[Hit] = await run_in_threadpool(search, store, q, [kind] if kind else [])
    start = (number - 1) * SEARCH_PER_PAGE
    shown = hits[start : start + SEARCH_PER_PAGE]
    title = f"Search: {q}" if q else "Search"
    return render(
        request,
        "search.html",
        FrontPage(title),
        q=q,
        kind=kind,
        kinds=list(KINDS),
        hits=shown,
        pager=pager(request, number, SEARCH_PER_PAGE, len(shown), len(hits)),
        api=query_link("/api/v1/search", {"q": q, "kind": kind}),
    )


# -- the lists -------------------------------------------------------------------------------


def _filters(listing: Listing, request: Request) -> tuple[dict[str, list[URIRef | Literal]], Any]:
    """The list's filters from the query (only actors have one: ``type``), and its value."""
    if listing.name != "actors":
        return {}, None
    kind = request.query_params.get("type") or None
    if kind is None:
        return {}, None
    if kind not in ACTOR_TYPES:
        raise BadParameter(
            f"type={kind!r} is not a kind of actor: use one of {', '.join(ACTOR_TYPES)}."
        )
    return {"type": list(ACTOR_TYPES[kind])}, kind


def _list_route(listing: Listing) -> Callable[..., Any]:
    async def show(request: Request, store: StoreDep) -> Response:
        try:
            number = page_number(request)
            filters, selected = _filters(listing, request)
        except BadParameter as error:
            return _refuse(request, error)
        offset = (number - 1) * PER_PAGE
        total = await run_in_threadpool(listing.count, store, filters)
        rows = await run_in_threadpool(listing.rows, store, filters, PER_PAGE, offset)
        return render(
            request,
            "browse.html",
            FrontPage(listing.title),
            listing=listing,
            rows=rows,
            pager=pager(request, number, PER_PAGE, len(rows), total),
            actor_types=list(ACTOR_TYPES) if listing.name == "actors" else [],
            selected=selected,
        )

    show.__name__ = f"list_{listing.name}"
    show.__doc__ = f"{listing.title}: {listing.description}"
    return show


for _listing in LISTS.values():
    router.add_api_route(f"/{_listing.name}", _list_route(_listing), methods=["GET"])
