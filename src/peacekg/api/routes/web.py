"""The pages for people: the SPARQL query editor, the stance matrix and the timeline.

Each page is a template and a script of its own (``static/*.js``) that asks the server's own
REST and SPARQL endpoints; nothing is fetched from elsewhere (YASGUI is served from
``static/vendor/yasgui/``, see ``scripts/update-yasgui.sh``). The query editor answers
``GET /sparql`` without a query when the browser prefers HTML (see :mod:`routes.sparql`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response
from starlette.staticfiles import StaticFiles

from peacekg.api import pages
from peacekg.api.linked_data import LinkedDataDep
from peacekg.config import Settings
from peacekg.namespaces import PREFIXES
from peacekg.sparql.catalogue import named_queries, title

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).resolve().parent.parent / "static"
_NO_CACHE = {"Cache-Control": "no-cache", "Vary": "Accept"}


@dataclass(frozen=True)
class WebPage:
    """What ``base.html`` needs of a page that is not the view of an IRI."""

    title: str
    script: str
    config: Mapping[str, object]
    formats: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def config_json(self) -> str:
        """The page's settings for its script; ``<`` escaped so that it cannot end the tag."""
        return json.dumps(self.config, ensure_ascii=False).replace("<", "\\u003c")


@dataclass(frozen=True)
class Example:
    """A competency query of ``queries/``, offered as a tab of the editor."""

    name: str
    title: str
    query: str


def examples(queries_dir: Path) -> list[Example]:
    """The ``*.rq`` files of ``queries_dir`` in name order; the title is the first comment line.

    >>> [e.name for e in examples(Path(__file__).parents[4] / "queries")][:2]
    ['CQ01-talks-participants', 'CQ02-red-lines']
    """
    found = []
    for query in named_queries(queries_dir):
        text = query.text
        found.append(Example(query.name, title(text) or query.name, text))
    return found


def prologue() -> str:
    """The ontology's prefixes as a SPARQL prologue."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _render(request: Request, template: str, page: WebPage) -> Response:
    return pages.templates().TemplateResponse(request, template, {"page": page}, headers=_NO_CACHE)


def editor(request: Request) -> Response:
    """The YASGUI query editor, pointed at this endpoint, with the competency queries as tabs."""
    settings: Settings = request.app.state.settings
    endpoint = str(request.url.replace(query="", fragment=""))
    config = {
        "endpoint": endpoint,
        "base": request.app.state.linked_data.base,  # IRIs under it open their page here
        "storage_key": "peacekg-sparql-editor",  # the tabs, kept in the browser's localStorage
        "prefixes": PREFIXES,
        "default_query": prologue() + "\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10\n",
        "examples": [
            {"name": e.name, "title": e.title, "query": e.query}
            for e in examples(settings.queries_dir)
        ],
    }
    return _render(request, "editor.html", WebPage("SPARQL query editor", "editor.js", config))


@router.get("/matrix")
async def matrix(request: Request, options: LinkedDataDep) -> Response:
    """Parties × issues, each cell the stance as of ``?as_of=`` (default: today, in the page)."""
    config = {"base": options.base, "as_of": request.query_params.get("as_of")}
    return _render(request, "matrix.html", WebPage("Stance matrix", "matrix.js", config))


@router.get("/timeline")
async def timeline(request: Request, options: LinkedDataDep) -> Response:
    """The events over time, filtered by party and type; a party's stance on an issue as steps."""
    config = {"base": options.base}
    return _render(request, "timeline.html", WebPage("Timeline", "timeline.js", config))


def install_web(app: FastAPI) -> None:
    """Add the pages and the static files (scripts, styles, the YASGUI build) to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
