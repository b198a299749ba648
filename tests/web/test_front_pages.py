"""The front door in a browser (Debian's Chromium, driven by Playwright, against the app on
127.0.0.1 over data/ and the synthetic fixtures): the home page and the search, the lists, the
dataset's page, the page of an unknown path, the query editor's share link and its tabs across a
reload, and ``/docs`` working offline. No request may leave 127.0.0.1 and no script may fail.
Screenshots at 1280 px and at a desktop's 1920 px go to ``var/screenshots/front-*.png``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_harness import SCREENSHOTS, Recorded, browser_session, live_server

DESKTOP = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browser_session() as session:
        yield session


class Session:
    """Browser contexts whose every request is recorded and whose script errors are kept."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.recorded = Recorded()
        self.errors: list[str] = []
        self.contexts: list[Any] = []

    def page(self, viewport: dict[str, int] = LAPTOP) -> Any:
        context = self.browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: self.recorded.urls.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    opened = Session(browser)
    try:
        yield opened
    finally:
        opened.close()
    assert opened.recorded.urls, "the pages made no request at all"
    assert opened.recorded.off_loopback() == [], "requests left 127.0.0.1"
    assert opened.errors == [], f"script errors: {opened.errors}"


def shoot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"front-{name}-{width}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fits(page: Any) -> None:
    """Nothing sticks out sideways: the page is no wider than the window."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


# -- the home page and the search -------------------------------------------------------------


@pytest.mark.parametrize("viewport", [LAPTOP, DESKTOP], ids=["1280", "1920"])
def test_home_page_says_what_the_graph_holds(
    session: Session, base_url: str, viewport: dict[str, int]
) -> None:
    page = session.page(viewport)
    response = page.goto(base_url + "/")
    assert response.status == 200 and page.title() == "Home · peacekg"
    articles = int(page.locator('[data-count="articles"]').inner_text())
    assert articles >= 77
    assert int(page.locator('[data-count="claims"]').inner_text()) >= 36
    assert "Reports published from" in page.locator("#period").inner_text()
    latest = page.locator("#latest tr")
    assert latest.count() == 8
    assert page.locator("#parties a", has_text="Russia").get_attribute("href") == "/id/russia"
    ways = page.locator("#ways-in").inner_text()
    for way in ("Stance matrix", "Timeline", "SPARQL query editor", "guide", "REST API"):
        assert way in ways
    # The counts fit on one row at these widths, and nothing sticks out.
    tops = {
        round(box["y"])
        for box in page.locator("#counts li").evaluate_all(
            "items => items.map(item => item.getBoundingClientRect().toJSON())"
        )
    }
    assert len(tops) == 1, tops
    header = page.locator("header.site").bounding_box()
    assert header and header["height"] < 60  # the navigation and the search on one line
    fits(page)
    shoot(page, "home")


def test_searching_from_the_home_page_finds_an_alias(session: Session, base_url: str) -> None:
    page = session.page()
    page.goto(base_url + "/")
    page.fill("#home-search", "zelenskyy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=zelenskyy")
    first = page.locator("#hits li").first
    assert first.get_attribute("data-kind") == "actor"
    assert "Volodymyr Zelensky" in first.inner_text() and "Zelenskyy" in first.inner_text()
    assert "thing" in page.locator("#search-count").inner_text()
    shoot(page, "search")
    # Only events, then the page of the first hit.
    page.fill("#search-q", "talks")
    page.select_option("#search-kind", "event")
    page.locator("form.filters button").click()
    page.wait_for_url("**kind=event**")
    kinds = {item.get_attribute("data-kind") for item in page.locator("#hits li").all()}
    assert kinds == {"event"}
    page.get_by_role("link", name="Moscow talks of 2 December 2025", exact=True).click()
    page.wait_for_url("**/id/2025-12-02-moscow-talks")
    assert "Moscow talks" in page.locator("h1").inner_text()
    # The header's search box is on every page.
    page.fill("form.site-search input", "ushakov")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=ushakov")
    assert page.locator("#hits li a.label").first.get_attribute("href") == "/id/yuri-ushakov"


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/search?q=geneva", "#hits li"),
        ("/articles", "#list tbody tr"),
        ("/issues", "#list tbody tr"),
        ("/.well-known/void", "#void-counts"),
        ("/guide", "article.guide h2"),
        ("/docs", ".swagger-ui .opblock"),
    ],
)
def test_pages_at_a_desktops_width(session: Session, base_url: str, path: str, ready: str) -> None:
    page = session.page(DESKTOP)
    page.goto(base_url + path)
    page.locator(ready).first.wait_for()
    fits(page)
    name = path.strip("/").split("?")[0].replace(".well-known/", "") or "home"
    shoot(page, name, full_page=path != "/guide")


# -- the lists --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "link", "heading"),
    [
        ("/articles", "/id/article/2025-12-03-moscow-talks", "US and Russian delegations"),
        ("/actors?type=person", "/id/yuri-ushakov", "Yuri Ushakov"),
        ("/events", "/id/2025-12-02-moscow-talks", "Moscow talks"),
        ("/documents", "/id/us-peace-plan", "US peace plan"),
        ("/issues", "/vocab/issue/territory", "territory"),
    ],
)
def test_each_list_leads_to_the_pages_of_its_rows(
    session: Session, base_url: str, path: str, link: str, heading: str
) -> None:
    page = session.page()
    page.goto(base_url + path)
    rows = page.locator("#list tbody tr")
    assert rows.count() >= 1
    assert "of" in page.locator("#count-line").inner_text()
    fits(page)
    shoot(page, "list-" + path.strip("/").split("?")[0])
    page.locator(f'#list a[href="{link}"]').first.click()
    page.wait_for_url("**" + link)
    assert heading in page.locator("h1").inner_text()


def test_a_long_list_is_paged(session: Session, base_url: str) -> None:
    page = session.page()
    page.goto(base_url + "/actors")
    assert page.locator("#list tbody tr").count() == 50
    first_page = page.locator("#list tbody tr").first.inner_text()
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url("**/actors?page=2")
    assert page.locator("#count-line").inner_text().startswith("51–")
    assert page.locator("#list tbody tr").first.inner_text() != first_page
    page.locator("nav.pager a[rel=prev]").click()
    page.wait_for_url("**/actors")
    assert page.locator("#list tbody tr").first.inner_text() == first_page


# -- the dataset, an unknown page -------------------------------------------------------------


def test_the_dataset_is_a_page(session: Session, base_url: str) -> None:
    page = session.page()
    response = page.goto(base_url + "/.well-known/void")
    assert response.headers["content-type"].startswith("text/html")
    assert "peacekg" in page.locator("h1").inner_text()
    counts = page.locator("#void-counts").inner_text()
    assert "triples" in counts and "named graphs" in counts
    stances = page.locator("#void-classes").get_by_role("link", name="pk:Stance", exact=True)
    assert stances.get_attribute("href") == "/ontology#Stance"
    shoot(page, "dataset")
    page.locator("#void-graphs summary").click()
    page.locator('#void-graphs a[href="/graph/article/2025-12-03-moscow-talks"]').click()
    page.wait_for_url("**/graph/article/2025-12-03-moscow-talks")
    assert "Graph" in page.locator("h1").inner_text()


def test_an_unknown_page_is_a_page_with_a_way_out(session: Session, base_url: str) -> None:
    page = session.page()
    response = page.goto(base_url + "/no/such/page")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert "/no/such/page" in page.locator("p.message").inner_text()
    shoot(page, "not-found")
    page.fill("section.error input[name=q]", "geneva")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=geneva")
    assert page.locator("#hits li").count() >= 2


# -- the query editor -------------------------------------------------------------------------

STANCES = "SELECT ?stance ?label WHERE { ?stance a pk:Stance ; rdfs:label ?label } ORDER BY ?label"


def _editor(page: Any) -> None:
    page.locator(".tabsList .tab").first.wait_for()


def _set_query(page: Any, query: str) -> None:
    page.evaluate("query => peacekgEditor.getTab().getYasqe().setValue(query)", query)


def _query(page: Any) -> str:
    return str(page.evaluate("() => peacekgEditor.getTab().getYasqe().getValue()"))


def test_the_editor_shares_a_query_by_its_link(session: Session, base_url: str) -> None:
    page = session.page()
    page.goto(base_url + "/sparql")
    _editor(page)
    page.locator(".tabsList .addTab").click()
    _set_query(page, STANCES)
    # pk: and rdfs: are the server's: no PREFIX, no error mark.
    assert page.locator(".tabPanel.active .parseErrorIcon").count() == 0
    page.locator(".tabPanel.active .yasqe_share").click()
    link = page.locator(".tabPanel.active .yasqe_sharePopup input").first.input_value()
    assert link.startswith(base_url + "/sparql#") and "query=" in link
    # Someone else opens the link: a browser that has never seen the editor.
    other = session.page()
    other.goto(link)
    _editor(other)
    other.wait_for_function(
        "() => peacekgEditor.getTab().getYasqe().getValue().includes('pk:Stance')"
    )
    assert _query(other).strip() == STANCES
    assert urlsplit(other.url).fragment == ""  # the link's query left the address bar
    names = other.locator(".tabsList .tab").all_inner_texts()
    assert len([n for n in names if "CQ" in n]) == 12  # the examples are there too
    other.locator(".tabPanel.active .yasqe_queryButton").click()
    other.locator(".tabPanel.active .yasr table tbody tr").first.wait_for()
    # IRIs open their page here, not at https://w3id.org/.
    hrefs = [
        link.get_attribute("href")
        for link in other.locator(".tabPanel.active .yasr table tbody a").all()
    ]
    assert hrefs and all(href.startswith("/id/article/") for href in hrefs), hrefs
    assert other.request.get(base_url + hrefs[0], headers={"Accept": "text/html"}).status == 200
    shoot(other, "editor-shared")


def test_the_editor_keeps_its_tabs_across_a_reload(session: Session, base_url: str) -> None:
    page = session.page()
    page.goto(base_url + "/sparql")
    _editor(page)
    before = page.locator(".tabsList .tab").count()
    page.locator(".tabsList .addTab").click()
    _set_query(page, STANCES + " LIMIT 2")
    page.locator(".tabPanel.active .CodeMirror textarea").focus()
    page.keyboard.press("End")
    page.locator("h1").click()  # leaving the editor saves the query
    page.wait_for_timeout(300)
    page.reload()
    _editor(page)
    assert page.locator(".tabsList .tab").count() == before + 1
    assert _query(page).strip() == STANCES + " LIMIT 2"
    # The examples menu opens a competency question again in a tab of its own.
    page.select_option("#examples", "CQ02-red-lines")
    page.wait_for_function("() => peacekgEditor.getTab().getYasqe().getValue().includes('CQ2')")
    assert page.locator(".tabsList .tab").count() == before + 2


def test_an_undefined_prefix_is_named_in_the_editor_and_by_the_server(
    session: Session, base_url: str
) -> None:
    page = session.page()
    page.goto(base_url + "/sparql")
    _editor(page)
    page.locator(".tabsList .addTab").click()
    _set_query(page, "SELECT * WHERE {\n  ?s foo:bar ?o\n}")
    mark = page.locator(".tabPanel.active .parseErrorIcon")
    assert mark.count() == 1
    mark.hover()
    assert page.locator(".yasqe_tooltip").inner_text() == "Prefix 'foo' is not defined"
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    error = page.locator(".tabPanel.active .yasr .errorResult")
    error.wait_for()
    assert "the prefix 'foo:' is not defined" in error.inner_text()
    shoot(page, "editor-undefined-prefix", full_page=False)


# -- the API's documentation, offline ---------------------------------------------------------


def test_docs_work_offline(session: Session, base_url: str) -> None:
    page = session.page()
    # Offline: any request for another host fails (none is made: the session checks that too).
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort()
        ),
    )
    page.goto(base_url + "/docs")
    operations = page.locator(".swagger-ui .opblock")
    operations.first.wait_for()
    assert operations.count() >= 30
    page.locator(".opblock-summary-path", has_text="/api/v1/search").first.click()
    page.locator(".swagger-ui .parameters").first.wait_for()
    described = page.locator(".swagger-ui .opblock.is-open").inner_text()
    assert "Words that must all be in one name" in described and "kind" in described
    shoot(page, "docs")
