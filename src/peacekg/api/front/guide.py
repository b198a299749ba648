"""``/guide``: the researcher's guide (``docs/guide.md``) and the vocabulary it points to
(``docs/vocabulary.md``), rendered as pages.

The guide lives in the repository's ``docs/``, beside the package in a checkout (``make run``,
an editable install); where there is none (a wheel installed elsewhere), ``/guide`` answers 404
and the home page leaves its link out. Each SPARQL example gets a link that opens it in the
query editor (``/sparql#query=...``); each REST call (``GET /api/v1/...``) a link to its answer.

>>> html = to_html("```sparql\\nSELECT * WHERE { ?s ?p ?o }\\n```\\n")
>>> 'href="/sparql#query=SELECT%20%2A%20WHERE' in html
True
"""

from __future__ import annotations

import html as html_escape
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response

from peacekg.api.front.view import FrontPage, error_page, render

router = APIRouter(include_in_schema=False)

DOCS = Path(__file__).resolve().parents[4] / "docs"
PAGES = {"": ("guide.md", "A researcher's guide"), "vocabulary": ("vocabulary.md", "Vocabulary")}
_LANGUAGES = {"sparql": "SPARQL", "http": "REST", "python": "pandas", "r": "R"}
_REST_CALL = re.compile(r"^GET (/\S*)$", re.MULTILINE)
_HEADING = re.compile(r"<h([23])>(.*?)</h\1>")


def guide_available() -> bool:
    return (DOCS / "guide.md").is_file()


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    default_fence = md.renderer.rules["fence"]  # type: ignore[attr-defined]

    def fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        block: str = default_fence(tokens, idx, options, env)
        words = token.info.split()
        language = words[0] if words else ""
        if language in _LANGUAGES:
            setup = " (setup)" if words[1:] == ["setup"] else ""
            block = f'<p class="lang">{_LANGUAGES[language]}{setup}</p>\n' + block
        if language == "sparql":
            link = "/sparql#query=" + quote(token.content, safe="")
            block += f'<p class="run"><a href="{link}">Open in the query editor</a></p>\n'
        elif language == "http":
            calls = _REST_CALL.findall(token.content)
            links = " · ".join(
                f'<a href="{html_escape.escape(call)}">{html_escape.escape(call)}</a>'
                for call in calls
            )
            if links:
                block += f'<p class="run">Try it: {links}</p>\n'
        return block

    md.add_render_rule("fence", fence)
    return md


def _slug(text: str) -> str:
    plain = re.sub(r"<[^>]+>", "", html_escape.unescape(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _anchor(match: re.Match[str]) -> str:
    level, text = match.group(1), match.group(2)
    return f'<h{level} id="{_slug(text)}">{text}</h{level}>'


def to_html(markdown: str) -> str:
    """The Markdown as HTML (raw HTML in it is escaped), headings anchored by their text."""
    rendered: str = _markdown().render(markdown)
    # Links between the guide's files go to their pages here.
    rendered = rendered.replace('href="vocabulary.md', 'href="/guide/vocabulary')
    rendered = rendered.replace('href="guide.md', 'href="/guide')
    return _HEADING.sub(_anchor, rendered)


@router.get("/guide.md")
@router.get("/guide/{name}.md")
async def guide_markdown(request: Request, name: str = "") -> Response:
    """The guide's Markdown source, as it is in ``docs/`` (before ``/guide/{name}``, which
    would take ``vocabulary.md`` for a name)."""
    found = PAGES.get(name)
    path = DOCS / found[0] if found else None
    if path is None or not path.is_file():
        return error_page(request, 404, "Not found", f"There is no page {request.url.path}.")
    return Response(path.read_bytes(), media_type="text/markdown; charset=utf-8")


@router.get("/guide")
@router.get("/guide/{name}")
async def guide(request: Request, name: str = "") -> Response:
    """The guide (or one of its companion pages) rendered from ``docs/``."""
    found = PAGES.get(name)
    path = DOCS / found[0] if found else None
    if found is None or path is None or not path.is_file():
        return error_page(
            request,
            404,
            "Not found",
            "The guide is docs/guide.md of the peacekg repository; this server was installed "
            "without it."
            if found
            else f"There is no page {request.url.path}.",
        )
    body = to_html(path.read_text(encoding="utf-8"))
    formats = [("markdown", "text/markdown", f"/guide/{name}.md" if name else "/guide.md")]
    return render(request, "guide.html", FrontPage(found[1], formats=formats), body=body)
