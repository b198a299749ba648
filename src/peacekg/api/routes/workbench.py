"""``/workbench``: code a news report in the browser, from its text to reviewed, validated,
ingested facts (the logic is :mod:`peacekg.workbench`; this module is its HTTP side).

Only when an ingest token is configured (``PEACEKG_INGEST_TOKEN``): the app includes this
router then. The browser logs in with the token once (a form); the session is an HttpOnly,
SameSite=Strict cookie that holds a digest of the token, never the token. Every write must come
from a page of this server (its ``Origin``, or else its ``Referer``, names this host); every
change names the version it was made on (``If-Match``), and a change made on an older version
is refused (412) with the reason. No answer is cached (``Cache-Control: no-store``).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from peacekg.api import pages
from peacekg.api.errors import ApiError
from peacekg.api.linked_data import LinkedDataDep
from peacekg.api.routes.web import WebPage
from peacekg.config import Settings
from peacekg.store import Store
from peacekg.workbench import adapter, service, vocab
from peacekg.workbench.search import search_entities
from peacekg.workbench.sessions import NoSuchArticle, VersionConflict, Workbench

router = APIRouter(include_in_schema=False)

COOKIE = "peacekg_workbench"
_NO_STORE = {"Cache-Control": "no-store"}


class NotLoggedIn(ApiError):
    status = 401
    code = "not_logged_in"


class CrossOrigin(ApiError):
    status = 403
    code = "cross_origin"


class Conflict(ApiError):
    status = 412
    code = "version_conflict"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Refused(ApiError):
    status = 422
    code = "refused"


class BadRequest(ApiError):
    status = 400
    code = "bad_input"


class VersionRequired(ApiError):
    status = 428
    code = "version_required"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _session_value(settings: Settings) -> str:
    token = settings.ingest_token.get_secret_value() if settings.ingest_token else ""
    return hmac.new(token.encode(), b"peacekg workbench session", hashlib.sha256).hexdigest()


def _logged_in(request: Request) -> bool:
    given = request.cookies.get(COOKIE, "")
    return bool(given) and hmac.compare_digest(given, _session_value(_settings(request)))


def _same_origin(request: Request) -> None:
    """A write must come from a page of this server (CSRF): its Origin, else its Referer."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    parts = urlsplit(origin)
    if not origin or origin == "null" or parts.netloc != host or parts.scheme != request.url.scheme:
        raise CrossOrigin(
            "Refused: a change to the workbench must come from a page of this server "
            f"(the request came from {origin or 'an unknown origin'})."
        )


def _bench(request: Request) -> Workbench:
    bench = getattr(request.app.state, "workbench", None)
    if bench is None:
        bench = Workbench(_settings(request).data_dir)
        request.app.state.workbench = bench
    return bench


def reader(request: Request) -> Workbench:
    if not _logged_in(request):
        raise NotLoggedIn("Log in to the workbench with the ingest token first.")
    return _bench(request)


def writer(request: Request) -> Workbench:
    _same_origin(request)
    return reader(request)


Reader = Annotated[Workbench, Depends(reader)]
Writer = Annotated[Workbench, Depends(writer)]


def _version(if_match: str | None) -> int:
    if not if_match:
        raise VersionRequired(
            "Say which version you changed (If-Match), so that no change made elsewhere is "
            "overwritten."
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise VersionRequired(f"If-Match '{if_match}' is not a version of this article.")
    return int(value)


Version = Annotated[str | None, Header(alias="If-Match")]


def _answer(body: Any, status: int = 200, etag: str | None = None) -> JSONResponse:
    headers = dict(_NO_STORE)
    if etag:
        headers["ETag"] = etag
    return JSONResponse(body, status_code=status, headers=headers)


def _state(article: Any) -> JSONResponse:
    return _answer(service.view(article), etag=article.etag)


async def _run(function: Any, *args: Any) -> Any:
    """Run a workbench function in a thread; its errors become answers with their reason."""
    try:
        return await run_in_threadpool(function, *args)
    except VersionConflict as error:
        raise Conflict(str(error), current_version=error.current) from None
    except NoSuchArticle as error:
        raise NotFound(str(error)) from None
    except (service.BadInput, FileExistsError, LookupError) as error:
        raise BadRequest(str(error)) from None


# -- pages ------------------------------------------------------------------------------------


@router.get("/workbench")
async def page(request: Request, options: LinkedDataDep) -> Response:
    """The workbench, or its login form."""
    if not _logged_in(request):
        login = WebPage("Workbench: log in", "", {"error": request.query_params.get("error")})
        return pages.templates().TemplateResponse(
            request, "workbench_login.html", {"page": login}, headers=_NO_STORE
        )
    config = {"base": options.base, "api": "/workbench/api"}
    workbench = WebPage("Coding workbench", "workbench.js", config)
    return pages.templates().TemplateResponse(
        request, "workbench.html", {"page": workbench}, headers=_NO_STORE
    )


@router.post("/workbench/login")
async def login(request: Request) -> Response:
    _same_origin(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0].strip()
    settings = _settings(request)
    expected = settings.ingest_token.get_secret_value() if settings.ingest_token else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return RedirectResponse("/workbench?error=token", status_code=303, headers=_NO_STORE)
    response = RedirectResponse("/workbench", status_code=303, headers=_NO_STORE)
    response.set_cookie(
        COOKIE,
        _session_value(settings),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/workbench",
    )
    return response


@router.post("/workbench/logout")
async def logout(request: Request) -> Response:
    _same_origin(request)
    response = RedirectResponse("/workbench", status_code=303, headers=_NO_STORE)
    response.delete_cookie(COOKIE, path="/workbench")
    return response


# -- the API of the page ----------------------------------------------------------------------


@router.get("/workbench/api/articles")
async def articles(request: Request, bench: Reader) -> JSONResponse:
    """Articles in progress, and the articles of the corpus that can be opened."""
    settings = _settings(request)
    in_progress = [
        {"id": a.id, "version": a.version, "updated": a.updated, "ingested": a.ingested}
        for a in bench.articles()
    ]
    corpus = [ident for ident, _, _ in adapter.corpus_articles(settings.data_dir)]
    return _answer({"in_progress": in_progress, "corpus": corpus})


@router.post("/workbench/api/upload")
async def upload(request: Request, bench: Writer) -> JSONResponse:
    """An uploaded file's bytes back as text, or why they cannot be taken."""
    name = request.headers.get("x-file-name") or "the file"
    raw = await request.body()
    try:
        text = service.decode_upload(raw, f"'{name[:100]}'")
    except service.BadInput as error:
        raise BadRequest(str(error)) from None
    return _answer({"text": text})


@router.post("/workbench/api/articles")
async def create(request: Request, bench: Writer) -> JSONResponse:
    """Start coding a report: its text and header; the draft runs."""
    body = await _json(request)
    try:
        new = service.NewArticle(
            text=str(body.get("text") or ""),
            published=str(body.get("published") or ""),
            title=_opt(body.get("title")),
            url=_opt(body.get("url")),
            publisher=_opt(body.get("publisher")),
            language=str(body.get("language") or "en"),
            article_id=_opt(body.get("id")),
        )
    except TypeError as error:
        raise BadRequest(str(error)) from None
    article = await _run(service.start_article, bench, _settings(request).data_dir, new)
    return _answer(service.view(article), status=201, etag=article.etag)


@router.post("/workbench/api/corpus/{article_id}")
async def open_corpus(request: Request, article_id: str, bench: Writer) -> JSONResponse:
    """Open an article of the corpus to amend it (its files as they are)."""
    settings = _settings(request)
    article = await _run(service.open_corpus_article, bench, settings.data_dir, article_id)
    return _state(article)


@router.get("/workbench/api/articles/{article_id}")
async def get_article(article_id: str, bench: Reader) -> JSONResponse:
    return _state(await _run(bench.get, article_id))


@router.get("/workbench/api/articles/{article_id}/facts")
async def facts_file(article_id: str, bench: Reader) -> Response:
    """The facts file as it stands, as text."""
    article = await _run(bench.get, article_id)
    return Response(
        article.facts.encode("utf-8"),
        media_type="application/yaml; charset=utf-8",
        headers={**_NO_STORE, "ETag": article.etag},
    )


@router.delete("/workbench/api/articles/{article_id}")
async def discard(article_id: str, bench: Writer) -> JSONResponse:
    """Stop coding an article (its folder goes; an ingested article stays in the corpus)."""
    await _run(bench.get, article_id)
    await _run(bench.discard, article_id)
    return _answer({"discarded": article_id})


@router.post("/workbench/api/articles/{article_id}/proposals/{pid}/{action}")
async def decide(
    request: Request,
    article_id: str,
    pid: str,
    action: str,
    bench: Writer,
    if_match: Version = None,
) -> JSONResponse:
    """Accept (optionally as edited), reject or restore a proposal of the draft."""
    version = _version(if_match)
    if action == "accept":
        body = await _json(request, optional=True)
        data = body.get("data") if body else None
        article = await _run(service.accept, bench, article_id, version, pid, data)
    elif action == "reject":
        article = await _run(service.reject, bench, article_id, version, pid)
    elif action == "restore":
        article = await _run(service.restore, bench, article_id, version, pid)
    else:
        raise NotFound(f"'{action}' is not something to do with a proposal (accept, reject).")
    return _state(article)


@router.put("/workbench/api/articles/{article_id}/cards/{key}")
async def put_card(
    request: Request, article_id: str, key: str, bench: Writer, if_match: Version = None
) -> JSONResponse:
    body = await _json(request)
    data = body.get("data")
    if not isinstance(data, dict):
        raise BadRequest("The card's content ('data') must be a mapping of keys to values.")
    article = await _run(service.put_card, bench, article_id, _version(if_match), key, data)
    return _state(article)


@router.post("/workbench/api/articles/{article_id}/cards")
async def add_card(
    request: Request, article_id: str, bench: Writer, if_match: Version = None
) -> JSONResponse:
    body = await _json(request)
    section, data = body.get("section"), body.get("data")
    if not isinstance(section, str) or not isinstance(data, dict):
        raise BadRequest("A new card needs its 'section' and its content ('data').")
    version = _version(if_match)
    article = await _run(service.add_card, bench, article_id, version, section, data)
    return _state(article)


@router.delete("/workbench/api/articles/{article_id}/cards/{key}")
async def remove_card(
    article_id: str, key: str, bench: Writer, if_match: Version = None
) -> JSONResponse:
    article = await _run(service.remove_card, bench, article_id, _version(if_match), key)
    return _state(article)


@router.post("/workbench/api/articles/{article_id}/undo")
async def undo(article_id: str, bench: Writer, if_match: Version = None) -> JSONResponse:
    return _state(await _run(bench.undo, article_id, _version(if_match)))


@router.post("/workbench/api/articles/{article_id}/check")
async def check(request: Request, article_id: str, bench: Writer) -> JSONResponse:
    """The compiler's and the shapes' messages by card, with ``candidate`` (the card being
    edited: ``{key, data}``) in place; nothing is written."""
    body = await _json(request, optional=True) or {}
    article = await _run(bench.get, article_id)
    candidate = body.get("candidate")
    pair = None
    if isinstance(candidate, dict) and isinstance(candidate.get("data"), dict):
        pair = (str(candidate.get("key")), candidate["data"])
    store: Store = request.app.state.store
    result = await _run(service.check, article, store, _settings(request).ontology_dir, pair)
    return _answer(
        {
            "version": article.version,
            "conforms": result.conforms,
            "messages": result.messages,
            "seconds": round(result.seconds, 3),
            "compiles": result.compiles,
        }
    )


@router.post("/workbench/api/articles/{article_id}/ingest")
async def ingest(
    request: Request, article_id: str, bench: Writer, if_match: Version = None
) -> JSONResponse:
    """Ingest the facts file through the one ingest path; refused with the cards to fix."""
    version = _version(if_match)
    article = await _run(bench.get, article_id)
    store: Store = request.app.state.store
    try:
        done, result = await _run(
            service.ingest, bench, article, version, store, _settings(request)
        )
    except service.IngestRefused as error:
        details: dict[str, Any] = {}
        if error.check is not None:
            details["messages"] = error.check.messages
        raise Refused(str(error), **details) from None
    await _refresh_readers(request)
    body = service.view(done)
    body["ingest"] = {
        "article_id": result.article_id,
        "graph": result.graph,
        "triples": result.triples,
        "replaced": result.replaced,
    }
    return _answer(body, etag=done.etag)


async def _refresh_readers(request: Request) -> None:
    """The service's readers see the ingested article from the next request on."""
    await run_in_threadpool(request.app.state.store.reopen)
    await request.app.state.query_runner.reopen()
    request.app.state.data_generation = getattr(request.app.state, "data_generation", 0) + 1


@router.get("/workbench/api/search")
async def search(request: Request, bench: Reader, q: str = "", kind: str = "") -> JSONResponse:
    """Entities by label or alias across the whole graph (and the article's own new ones)."""
    article_id = request.query_params.get("article")
    own: list[dict[str, Any]] = []
    if article_id:
        article = await _run(bench.get, article_id)
        own = [c["data"] for c in service.view(article)["cards"] if c["section"] == "entities"]
    store: Store = request.app.state.store
    found = await run_in_threadpool(search_entities, store, q, kind, own)
    return _answer({"items": found})


@router.get("/workbench/api/vocab")
async def vocabularies(request: Request, bench: Reader) -> JSONResponse:
    """The concept schemes the pickers offer: issues (a tree), the stance scale, roles, ..."""
    store: Store = request.app.state.store
    return _answer(await run_in_threadpool(vocab.schemes, store))


async def _json(request: Request, optional: bool = False) -> Any:
    raw = await request.body()
    if not raw.strip():
        if optional:
            return {}
        raise BadRequest("The request has no body; a JSON object was expected.")
    import json

    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"The body is not JSON: {error}.") from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


def _opt(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
