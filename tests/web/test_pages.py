"""What a person sees in a browser: the query editor, the stance matrix and the timeline,
driven in Debian's Chromium by Playwright against the app on 127.0.0.1 over data/ and the
synthetic fixtures. Every request each page makes is recorded: none may leave 127.0.0.1.
Screenshots of each page go to ``var/screenshots/``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_harness import SCREENSHOTS, Recorded, browser_session, live_server


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browser_session() as session:
        yield session


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def page(browser: Any, recorded: Recorded) -> Iterator[Any]:
    """A laptop-sized page; after the test, no request may have left 127.0.0.1 and no script
    may have failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", lambda request: recorded.urls.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert recorded.urls, "the page made no request at all"
    assert recorded.off_loopback() == [], "requests left 127.0.0.1"
    assert errors == [], f"script errors: {errors}"


def shoot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# -- the query editor ------------------------------------------------------------------------


def test_editor_runs_a_competency_query_and_shows_its_rows(
    page: Any, base_url: str, recorded: Recorded
) -> None:
    page.goto(base_url + "/sparql")
    tabs = page.locator(".tabsList .tab")
    tabs.first.wait_for()
    names = tabs.all_inner_texts()
    assert any("CQ02-red-lines" in name for name in names), names
    assert len([n for n in names if "CQ" in n]) == len(list((Path("queries")).glob("*.rq")))
    page.locator(".tabsList .tab", has_text="CQ02-red-lines").click()
    editor = page.locator(".tabPanel.active .CodeMirror")
    assert "pk:holder id:russia" in editor.inner_text()
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = page.locator(".tabPanel.active .yasr table tbody tr")
    rows.first.wait_for()
    text = page.locator(".tabPanel.active .yasr table tbody").inner_text()
    # CQ02's expected answer (queries/CQ02-red-lines.csv): three red lines of Russia.
    assert rows.count() == 3, text
    for issue in ("recognition of seized territory", "size of the armed forces", "territory"):
        assert issue in text
    assert "a Russian source" in text
    # The query went to this server's endpoint.
    assert any(url == base_url + "/sparql" for url in recorded.urls)
    shoot(page, "sparql-editor")


def test_programs_still_get_the_service_description(base_url: str) -> None:
    import httpx

    for accept in (None, "*/*", "text/turtle", "application/rdf+xml"):
        headers = {"Accept": accept} if accept else {}
        response = httpx.get(base_url + "/sparql", headers=headers)
        assert response.status_code == 200
        assert not response.headers["content-type"].startswith("text/html"), accept
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = httpx.get(base_url + "/sparql", headers={"Accept": browser_accept})
    assert response.headers["content-type"].startswith("text/html")
    assert "/static/vendor/yasgui/yasgui.min.js" in response.text
    assert "Accept" in response.headers["vary"]


# -- the stance matrix -----------------------------------------------------------------------


def _stances(page: Any, party: str) -> list[str]:
    return page.locator(f'tr[data-party="{party}"] button.rank').all_inner_texts()


def test_matrix_shows_russias_red_lines_and_moves_with_the_date(page: Any, base_url: str) -> None:
    page.goto(base_url + "/matrix?as_of=2025-12-03")
    page.locator('tr[data-party="russia"]').wait_for()
    red_lines = page.locator('tr[data-party="russia"] button.rank-1[data-value="red-line"]')
    assert red_lines.count() == 3
    issues = {
        cell.get_attribute("data-issue")
        for cell in page.locator('tr[data-party="russia"] td:has(button.rank-1)').all()
    }
    assert issues == {"territorial-recognition", "armed-forces-size", "territory"}
    assert "Donetsk region" in " ".join(_stances(page, "russia"))
    # The legend explains the colours: the ordered scale, refusal first.
    legend = page.locator("#legend a.rank").all_inner_texts()
    assert legend[0] == "1 refuses any concession" and legend[-1].startswith("8 ")
    # Issues are grouped by the taxonomy: "territory" heads its sub-issue.
    assert page.locator("tr.groups th", has_text="territory").count() == 1
    shoot(page, "matrix-2025-12-03")

    before = len(page.locator("table.matrix button.rank").all())
    page.fill("#as-of", "2025-12-01")
    page.locator("#as-of").dispatch_event("change")
    page.locator("#empty").wait_for(state="visible")
    assert page.locator('tr[data-party="russia"]').count() == 0
    assert page.locator("table.matrix button.rank").count() < before
    assert "as_of=2025-12-01" in page.url
    shoot(page, "matrix-2025-12-01")


def test_clicking_a_cell_shows_the_quote_and_who_says_so(page: Any, base_url: str) -> None:
    page.goto(base_url + "/matrix?as_of=2025-12-03")
    page.locator('tr[data-party="russia"] td[data-issue="territorial-recognition"] button').click()
    evidence = page.locator("#evidence")
    evidence.locator("blockquote.quote").wait_for()
    quote = evidence.locator("blockquote.quote").inner_text()
    assert "international recognition of the territories seized by Russia" in quote
    chain = evidence.locator("ol.chain li").all_inner_texts()
    assert chain[0].startswith("NBC") and "a Russian source" in chain[1], chain
    article = evidence.locator("p.source a")
    assert article.get_attribute("href") == "/id/article/2025-12-03-moscow-talks"
    shoot(page, "matrix-evidence")
    article.click()  # the link works: the article's own page
    page.wait_for_url("**/id/article/2025-12-03-moscow-talks")
    assert "Moscow" in page.locator("h1").inner_text()


# -- the timeline ----------------------------------------------------------------------------


def test_timeline_lists_geneva_then_moscow(page: Any, base_url: str) -> None:
    page.goto(base_url + "/timeline")
    events = page.locator("ol.timeline li.event")
    events.first.wait_for()
    order = [item.get_attribute("data-event") for item in events.all()]
    assert order.index("2025-11-23-geneva-talks") < order.index("2025-12-02-moscow-talks")
    link = page.locator('li[data-event="2025-12-02-moscow-talks"] a').first
    assert link.get_attribute("href") == "/id/2025-12-02-moscow-talks"
    assert page.locator('li[data-event="2025-12-02-moscow-talks"] time').inner_text() == (
        "2025-12-02"
    )
    shoot(page, "timeline")

    page.select_option("#party", "russia")
    page.wait_for_function(
        "() => !document.querySelector('li[data-event=\"arvenia-kessaly-talks\"]')"
    )
    shown = [item.get_attribute("data-event") for item in events.all()]
    assert "2025-12-02-moscow-talks" in shown
    assert all("arvenia" not in event and "port-alder" not in event for event in shown), shown

    page.select_option("#party", "")
    page.select_option("#type", "round")
    page.wait_for_function(
        "() => !document.querySelector('li[data-event=\"2025-12-02-moscow-talks\"]')"
    )
    rounds = [item.get_attribute("data-event") for item in events.all()]
    assert rounds and all("round" in event for event in rounds), rounds
    page.select_option("#type", "")
    page.select_option("#party", "russia")

    page.select_option("#issue", "territory")
    page.locator("#steps svg path.series").first.wait_for(state="attached")
    assert page.locator("#steps circle").count() >= 2
    shoot(page, "timeline-russia-territory")


# -- an article's page -----------------------------------------------------------------------


def test_article_page_highlights_the_quotes(page: Any, base_url: str) -> None:
    page.goto(base_url + "/id/article/2025-12-03-moscow-talks")
    marks = page.locator("div.text mark.fact")
    marks.first.wait_for()
    text = " ".join(marks.all_inner_texts())
    assert "international recognition of the territories seized by Russia" in text
    assert "ready to be flexible on the issue of Russian assets frozen in the EU" in text
    geneva = page.locator("div.text mark.fact a", has_text="began a series of talks in Geneva")
    assert geneva.first.get_attribute("href") == "/id/2025-11-23-geneva-talks"
    facts = page.locator("ol.facts-from-article li")
    assert facts.count() > 5 and marks.count() > 5
    # Marks cut nothing out: the text reads as before.
    assert (
        "Negotiations between the US and Russian delegations"
        in page.locator("div.text").first.inner_text()
    )
    page.locator("div.text").first.scroll_into_view_if_needed()
    shoot(page, "article", full_page=False)


def test_pages_fit_a_phone(browser: Any, base_url: str) -> None:
    """On a phone's width the pages keep their text inside the screen (the matrix scrolls)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        for path, ready, name in (
            ("/matrix?as_of=2025-12-03", 'tr[data-party="russia"]', "phone-matrix"),
            ("/timeline", "li.event", "phone-timeline"),
        ):
            page.goto(base_url + path)
            page.locator(ready).first.wait_for()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
            shoot(page, name)
    finally:
        context.close()


def test_event_page_shows_who_took_part_by_side(page: Any, base_url: str) -> None:
    page.goto(base_url + "/id/2025-12-02-moscow-talks")
    russia = page.locator('table.sides tr[data-side="russia"]')
    russia.wait_for()
    assert "Vladimir Putin (head of state)" in russia.inner_text()
    assert "Steve Witkoff" in page.locator('table.sides tr[data-side="united-states"]').inner_text()
    assert "No specific decisions were made" in page.locator("section.event-summary").inner_text()
    shoot(page, "event", full_page=False)


def test_party_and_person_pages(page: Any, base_url: str) -> None:
    page.goto(base_url + "/id/russia")
    stances = page.locator("section.actor-summary ul.stances li")
    stances.first.wait_for()
    assert stances.count() == 4
    assert page.locator("section.actor-summary ul.stances .rank-1").count() == 3
    assert "Yuri Ushakov" in page.locator("ul.offices").inner_text()
    shoot(page, "party", full_page=False)

    page.goto(base_url + "/id/yuri-ushakov")
    page.locator("ul.attended li").first.wait_for()
    assert "Moscow talks of 2 December 2025" in page.locator("ul.attended").inner_text()
    assert "aide to Putin" in page.locator("ul.offices").inner_text()
    shoot(page, "person", full_page=False)


def test_plan_page_shows_versions_and_provisions(page: Any, base_url: str) -> None:
    page.goto(base_url + "/id/us-peace-plan")
    versions = page.locator("div.version")
    versions.first.wait_for()
    order = [v.get_attribute("data-version") for v in versions.all()]
    assert order == ["us-peace-plan-v1", "us-peace-plan-v2", "us-peace-plan-v3"]
    first = page.locator('div.version[data-version="us-peace-plan-v1"]').inner_text()
    assert "28 points" in first and "de facto Russian" in first and "revised by" in first
    shoot(page, "plan", full_page=False)


def test_a_change_of_stance_is_a_step(page: Any, base_url: str) -> None:
    # Arvenia agreed to release all prisoners (13 March 2026), then was ready to be flexible on
    # an exchange (3 April 2026): two points at two heights, joined by a step.
    page.goto(base_url + "/timeline")
    page.locator("li.event").first.wait_for()
    page.select_option("#party", "arvenia")
    page.select_option("#issue", "prisoners")
    circles = page.locator("#steps circle")
    circles.first.wait_for(state="attached")
    heights = {circle.get_attribute("cy") for circle in circles.all()}
    assert circles.count() == 2 and len(heights) == 2
    path = page.locator("#steps path.series").first.get_attribute("d")
    assert path.count("V") == 1  # one change of value
    shoot(page, "timeline-arvenia-prisoners")
