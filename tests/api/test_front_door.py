"""The front door over HTTP, without a browser: the home page and the service's index at ``/``
(negotiated), the search (page and ``/api/v1/search``), the lists and ``/api/v1/articles``, the
VoID page, the HTML 404 for browsers, ``/docs`` from the package, and the undefined prefix named
in a 400. Over the data shipped in ``data/`` (the corpus is being coded: counts are "at least",
values of the first article exact)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parent / "rest"))

from rest_harness import build, settings

from peacekg.api import create_app
from peacekg.api.front import lists, search, view, void_page
from peacekg.api.routes import web

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML = {"Accept": BROWSER}
ID = "https://w3id.org/peacekg/id/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = build(synthetic=False)
    try:
        with TestClient(create_app(settings(), store=store)) as test_client:
            yield test_client
    finally:
        store.close()


def page_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


# -- the home page and the index --------------------------------------------------------------


def test_programs_get_the_index_of_the_service(client: TestClient) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        response = client.get("/", headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert "Accept" in response.headers["vary"]
    index = client.get("/").json()
    counts = index["counts"]
    assert counts["articles"] >= 77 and counts["claims"] >= 36 and counts["stances"] >= 8
    assert counts["actors"] == counts["parties"] + counts["persons"]
    assert index["period"]["first_report"] <= "2025-12-03" <= index["period"]["last_report"]
    latest = [a["issued"] for a in index["latest_articles"]]
    assert latest == sorted(latest, reverse=True) and len(latest) == 8
    assert {"russia", "ukraine", "united-states"} <= {p["id"] for p in index["parties"]}
    russia = next(p for p in index["parties"] if p["id"] == "russia")
    assert russia["stances"] >= 4
    assert "territory" in {i["id"] for i in index["issues"]}
    links = index["links"]
    for name in ("sparql", "api", "openapi", "docs", "search", "void", "matrix", "timeline"):
        assert links[name].startswith("http://testserver/"), name
    assert links["guide"].endswith("/guide") and "workbench" not in links
    assert set(links["dumps"]) == {"peacekg.nq", "peacekg.trig", "peacekg.ttl", "peacekg.jsonld"}


def test_browsers_get_the_home_page(client: TestClient) -> None:
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    count = re.search(r'data-count="articles">(\d+)<', html)
    assert count and int(count.group(1)) == client.get("/").json()["counts"]["articles"]
    assert 'action="/search"' in html
    for way in ("/matrix", "/timeline", "/sparql", "/guide", "/docs", "/dumps/peacekg.trig"):
        assert f'href="{way}"' in html, way
    assert 'href="/workbench"' not in html  # only when the workbench is enabled
    # The issues shown are those with stances (the taxonomy has many more: a link to it).
    chips = html.split('id="issues">')[1].split("</ul>")[0]
    for issue in client.get("/").json()["issues"]:
        shown = f'href="/vocab/issue/{issue["id"]}"' in chips
        assert shown == (issue["stances"] > 0), issue
    assert 'href="/id/article/2025-12' in html  # the latest articles link to their pages
    assert client.get("/", params={"format": "json"}, headers=HTML).json()["counts"]
    assert client.get("/", params={"format": "html"}).text.startswith("<!DOCTYPE html>")


def test_the_home_page_links_the_workbench_when_it_is_enabled(tmp_path: Path) -> None:
    store = build(synthetic=False)
    try:
        enabled = settings().model_copy(update={"ingest_token": SecretStr("secret-token")})
        with TestClient(create_app(enabled, store=store)) as with_workbench:
            assert 'href="/workbench"' in with_workbench.get("/", headers=HTML).text
            assert with_workbench.get("/").json()["links"]["workbench"].endswith("/workbench")
    finally:
        store.close()


# -- search -----------------------------------------------------------------------------------


def test_search_finds_an_alias_and_ranks_the_label_first(client: TestClient) -> None:
    found = client.get("/api/v1/search", params={"q": "Zelenskyy"}).json()
    first = found["items"][0]
    assert first == {
        "id": "volodymyr-zelensky",
        "iri": ID + "volodymyr-zelensky",
        "label": "Volodymyr Zelensky",
        "kind": "actor",
        "type": "Person",
        "matched": "Zelenskyy",
        "page": "/id/volodymyr-zelensky",
    }
    assert found["total"] == len(found["items"]) >= 2  # articles whose title has the name
    geneva = client.get("/api/v1/search", params={"q": "geneva"}).json()["items"]
    assert [(g["kind"], g["id"]) for g in geneva[:2]] == [
        ("place", "geneva"),
        ("event", "2025-11-23-geneva-talks"),
    ]


def test_search_needs_every_word_in_one_name_in_any_order(client: TestClient) -> None:
    ids = [
        hit["id"]
        for hit in client.get("/api/v1/search", params={"q": "TALKS moscow"}).json()["items"]
    ]
    assert ids[0] == "2025-12-02-moscow-talks"
    assert "2025-11-23-geneva-talks" not in ids
    kinds = {
        hit["kind"]
        for hit in client.get("/api/v1/search", params={"q": "talks", "kind": "event"}).json()[
            "items"
        ]
    }
    assert kinds == {"event"}
    assert client.get("/api/v1/search", params={"q": "no such name xyz"}).json()["items"] == []


def test_search_is_paged_and_refuses_what_is_not_a_search(client: TestClient) -> None:
    whole = client.get("/api/v1/search", params={"q": "a", "limit": 500}).json()
    assert whole["total"] > 10
    first = client.get("/api/v1/search", params={"q": "a", "limit": 5}).json()
    assert first["items"] == whole["items"][:5] and first["next"]
    second = client.get(first["next"]).json()
    assert second["items"] == whole["items"][5:10]
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "x", "kind": "planet"}, {"q": "x" * 201}):
        response = client.get("/api/v1/search", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_the_search_page_shows_the_hits_with_links(client: TestClient) -> None:
    html = client.get("/search", params={"q": "ushakov"}, headers=HTML).text
    assert 'href="/id/yuri-ushakov"' in html
    assert 'value="ushakov"' in html
    assert "thing matches" in html or "things match" in html
    empty = client.get("/search", params={"q": "no such name xyz"}, headers=HTML).text
    assert "Nothing matches" in empty
    assert client.get("/search", headers=HTML).status_code == 200
    refused = client.get("/search", params={"q": "x", "kind": "planet"}, headers=HTML)
    assert refused.status_code == 400 and "is not a kind" in refused.text


def test_what_is_searched_for_is_shown_escaped(client: TestClient) -> None:
    hostile = '"><script>alert(1)</script>'
    html = client.get("/search", params={"q": hostile}, headers=HTML).text
    assert "<script>alert(1)" not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = client.get("/search", params={"q": "a", "page": 2, "kind": "article"}, headers=HTML)
    assert 'href="/search?q=a&amp;kind=article"' in page.text  # back to page 1


def test_search_ranks_and_words() -> None:
    assert search.words("Moscow  moscow talks") == ["moscow", "talks"]
    assert search.rank("geneva", "Geneva") == 0
    assert search.rank("geneva", "Geneva talks") == 1
    assert search.rank("talks geneva", "Geneva talks") == 3
    assert search.rank("geneva talks", "the Geneva talks of 2025") == 2
    assert search.rank("alks", "Geneva talks") == 4


# -- the lists --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(lists.LISTS))
def test_every_list_links_each_row_to_its_page(client: TestClient, name: str) -> None:
    response = client.get(f"/{name}", headers=HTML)
    assert response.status_code == 200
    html = response.text
    count = re.search(r"1–(\d+) of (\d+)", html)
    assert count, name
    shown, total = int(count.group(1)), int(count.group(2))
    assert shown == min(total, 50)
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S)
    assert len(rows) == shown
    for row in rows:
        local = [link for link in page_links(row) if link.startswith(("/id/", "/vocab/"))]
        assert local, row


def test_lists_page_and_filter(client: TestClient) -> None:
    first = client.get("/actors", headers=HTML).text
    total = int(re.search(r"of (\d+)", first).group(1))  # type: ignore[union-attr]
    assert total > 50 and 'href="/actors?page=2"' in first
    second = client.get("/actors?page=2", headers=HTML).text
    assert f"51–{min(100, total)} of {total}" in second
    persons = client.get("/actors?type=person", headers=HTML).text
    assert 'href="/id/yuri-ushakov"' in persons and 'href="/id/russia"' not in persons
    assert client.get("/articles", headers=HTML).text.count("2025-12-03-moscow-talks") >= 1
    issues = client.get("/issues", headers=HTML).text
    assert issues.index('/vocab/issue/territory"') < issues.index('/vocab/issue/borders"')
    assert 'class="indent-1"' in issues  # sub-issues under their issue


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/articles?page=0", "is not a page number"),
        ("/articles?page=x", "is not a page number"),
        ("/events?page=-1", "is not a page number"),
        ("/actors?type=planet", "is not a kind of actor"),
    ],
)
def test_lists_refuse_bad_parameters(client: TestClient, path: str, message: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 400 and message in response.text


def test_a_page_past_the_end_is_empty_not_an_error(client: TestClient) -> None:
    response = client.get("/documents?page=9", headers=HTML)
    assert response.status_code == 200 and "Nothing on page 9: there are 1." in response.text


def test_the_articles_of_the_rest_api(client: TestClient) -> None:
    articles = client.get("/api/v1/articles", params={"limit": 500}).json()["items"]
    assert len(articles) >= 77
    dates = [a["issued"] for a in articles]
    assert dates == sorted(dates, reverse=True)
    moscow = client.get("/api/v1/articles", params={"from": "2025-12-03", "to": "2025-12-03"})
    first = next(a for a in moscow.json()["items"] if a["id"] == "2025-12-03-moscow-talks")
    assert first == {
        "id": "2025-12-03-moscow-talks",
        "iri": ID + "article/2025-12-03-moscow-talks",
        "label": "US and Russian delegations hold talks in Moscow on a peace plan for Ukraine",
        "issued": "2025-12-03",
        "publisher": None,
        "language": "en",
        "url": None,
        "claims": 36,
    }
    tass = client.get("/api/v1/articles", params={"publisher": "tass"}).json()["items"]
    assert tass and {a["publisher"]["id"] for a in tass} == {"tass"}
    refused = client.get("/api/v1/articles", params={"from": "2025-12-03", "to": "2025-12-01"})
    assert refused.status_code == 422


# -- the VoID page, 404, /docs ----------------------------------------------------------------


def test_the_void_description_is_a_page_for_browsers(client: TestClient) -> None:
    turtle = client.get("/.well-known/void")
    assert turtle.headers["content-type"].startswith("text/turtle")
    for path in ("/.well-known/void", "/dataset"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "Accept" in page.headers["vary"]
    html = client.get("/.well-known/void", headers=HTML).text
    triples = re.search(r"<th>triples</th><td class=\"num\">(\d+)</td>", html)
    assert triples and int(triples.group(1)) > 3000
    assert 'href="/graph/article/2025-12-03-moscow-talks"' in html
    assert 'href="/ontology#Stance"' in html
    assert "http://testserver/dumps/peacekg.trig" in html
    assert "?format=turtle" in html  # the Turtle, linked from the page
    assert client.get("/.well-known/void?format=html").text == html


def test_unknown_pages_answer_html_to_browsers_and_json_to_programs(client: TestClient) -> None:
    page = client.get("/no/such/page", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "There is no page at /no/such/page" in page.text and 'action="/search"' in page.text
    program = client.get("/no/such/page")
    assert program.status_code == 404 and program.json()["code"] == "not_found"
    problem = client.get("/api/v1/no-such-thing", headers=HTML)
    assert problem.status_code == 404
    assert problem.headers["content-type"] == "application/problem+json"
    missing_file = client.get("/static/no-such-file.js", headers=HTML)
    assert missing_file.status_code == 404 and "There is no page" in missing_file.text


def test_docs_are_served_from_the_package(client: TestClient) -> None:
    html = client.get("/docs", headers=HTML).text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui/swagger-ui.css" in sources
    assert not [s for s in sources if s.startswith("http") and "creativecommons" not in s]
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text
    assert "sourceMappingURL" not in bundle.text[-500:]
    vendor = web.STATIC / "vendor" / "swagger-ui"
    assert "Apache License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "NOTICE").is_file() and (vendor / "VERSION").read_text().strip()
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["paths"]["/api/v1/search"]


def test_the_guide_is_a_page(client: TestClient) -> None:
    html = client.get("/guide", headers=HTML).text
    assert "<h1" in html and "A researcher" in html
    assert 'href="/sparql#query=' in html  # each SPARQL example opens in the editor
    assert 'href="/api/v1/articles?limit=100"' in html
    assert 'href="/guide/vocabulary' in html
    anchors = set(re.findall(r'href="#([^"]+)"', html))
    assert len(anchors) >= 9
    assert anchors <= set(re.findall(r' id="([^"]+)"', html)), "every link within the guide lands"
    vocabulary = client.get("/guide/vocabulary", headers=HTML)
    assert vocabulary.status_code == 200 and "issue:territory" in vocabulary.text
    source = client.get("/guide.md")
    assert source.text == (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert client.get("/guide/nothing", headers=HTML).status_code == 404


# -- the query editor's configuration and the undefined prefix --------------------------------


def test_the_editor_knows_the_base_and_keeps_its_tabs(client: TestClient) -> None:
    html = client.get("/sparql", headers=HTML).text
    config = re.search(r'id="page-config">(.*?)</script>', html, re.S)
    assert config and '"base": "https://w3id.org/peacekg/"' in config.group(1)
    assert '"storage_key": "peacekg-sparql-editor"' in config.group(1)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("SELECT * WHERE { ?s foo:bar ?o }", ["foo"]),
        ("PREFIX x: <http://x/> SELECT * WHERE { ?s a x:Y , ex:Z . ?s ex2:p ?o }", ["ex", "ex2"]),
        ("SELECT * WHERE { ?s :p ?o }", [""]),
    ],
)
def test_an_undefined_prefix_is_named(client: TestClient, query: str, named: list[str]) -> None:
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400
    body: dict[str, Any] = response.json()
    assert body["code"] == "query_syntax" and body["undefined_prefixes"] == named
    assert f"'{named[0]}:'" in body["message"] and "pk:" in body["message"]
    assert "parser_message" in body and body["line"] == 1


def test_known_prefixes_need_no_declaration_and_other_errors_keep_their_words(
    client: TestClient,
) -> None:
    ok = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a pk:Stance } LIMIT 1"})
    assert ok.status_code == 200
    broken = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p }"}).json()
    assert "undefined_prefixes" not in broken and "prefix" not in broken["message"].lower()


def test_docstring_examples() -> None:
    import doctest

    from peacekg.api import front
    from peacekg.api.front import browse, guide, overview
    from peacekg.sparql import prefixes

    for module in (front, browse, guide, lists, overview, search, view, void_page, prefixes):
        failures, tried = doctest.testmod(module)
        assert tried > 0 and failures == 0, module.__name__
