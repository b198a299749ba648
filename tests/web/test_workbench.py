"""The coding workbench in Debian's Chromium, driven by Playwright, on an invented report
(Arvenia and Kessaly; ``fixtures/2026-05-12-dremmen-talks.txt``): paste, accept drafted facts,
fix a wrong holder, make a fact from a selected quote with a new person, a new anonymous
source and a two-step chain, see a validation error on its card and fix it, save, ingest, find
the stance on the matrix with its quote; reopen, amend and ingest again. Then the bad inputs:
hostile text, bad uploads, two tabs, an ingest refused by validation. Screenshots go to
``var/screenshots/`` (desktop 1920 px and laptop 1280 px).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_harness import SCREENSHOTS, Recorded, browser_session
from workbench_harness import FIXTURES, TOKEN, Site, workbench_site

ARTICLE = "2026-05-12-dremmen-talks"
TEXT = (FIXTURES / f"{ARTICLE}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with workbench_site(tmp_path_factory.mktemp("workbench")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browser_session() as session:
        yield session


def _context(
    browser: Any, width: int = 1920, height: int = 1080
) -> tuple[Any, Recorded, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    recorded, errors = Recorded(), []
    context.on("request", lambda request: recorded.urls.append(request.url))
    context.on("weberror", lambda error: errors.append(str(error.error)))
    return context, recorded, errors


def _login(page: Any, site: Site) -> None:
    page.goto(site.url + "/workbench")
    page.fill("#token", TOKEN)
    page.click(".wb-login button[type=submit]")
    page.wait_for_selector("#wb[data-ready=true]")


def _shoot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _version(page: Any) -> int:
    return int(page.locator("#status").inner_text().split("version ")[1].split(" ")[0])


def _after_change(page: Any, before: int) -> None:
    page.wait_for_function(
        "v => /version (\\d+)/.test(document.getElementById('status').textContent) && "
        "Number(document.getElementById('status').textContent.match(/version (\\d+)/)[1]) > v",
        arg=before,
    )


def _card(page: Any, text: str, status: str | None = None) -> Any:
    selector = ".wb-card" + (f'[data-status="{status}"]' if status else "")
    return page.locator(selector, has_text=text).first


def _accept(page: Any, label: str) -> None:
    before = _version(page)
    _card(page, label, "proposed").click()
    page.keyboard.press("a")
    _after_change(page, before)
    _card(page, label, "accepted").wait_for()


def _pick(page: Any, name: str, query: str, entity: str) -> None:
    box = page.locator(f'#wb-editor input[name="{name}"]')
    box.fill(query)
    option = page.locator(f'#wb-editor .wb-menu li[data-id="{entity}"]').first
    option.wait_for()
    option.dispatch_event("mousedown")
    page.locator(f'#wb-editor .wb-chip[data-id="{entity}"]').first.wait_for()


def _select_in_text(page: Any, quote: str) -> None:
    """Select ``quote`` in the article pane as a mouse would, and let the page offer it."""
    page.evaluate(
        """quote => {
          const box = document.getElementById('wb-text');
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          let offset = 0, start = null, end = null, node;
          const at = box.textContent.indexOf(quote);
          while ((node = walker.nextNode())) {
            const len = node.textContent.length;
            if (start === null && at < offset + len) start = [node, at - offset];
            if (end === null && at + quote.length <= offset + len) {
              end = [node, at + quote.length - offset];
              break;
            }
            offset += len;
          }
          const range = document.createRange();
          range.setStart(...start); range.setEnd(...end);
          const selection = window.getSelection();
          selection.removeAllRanges(); selection.addRange(range);
          box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        quote,
    )
    page.locator("#wb-selection:not([hidden])").wait_for()


def _wait_checked(page: Any) -> None:
    """Wait for a check run after now to come back."""
    current = page.locator("#wb").get_attribute("data-checked") or "0"
    page.wait_for_function(
        "n => Number(document.getElementById('wb').dataset.checked || 0) > n", arg=int(current)
    )


def test_code_a_report_from_paste_to_matrix_then_amend(browser: Any, site: Site) -> None:
    context, recorded, errors = _context(browser)
    page = context.new_page()
    _login(page, site)

    # Paste the report with its header; the draft runs.
    form = page.locator("#wb-new-form")
    form.locator("textarea[name=text]").fill(TEXT)
    form.locator("input[name=published]").fill("2026-05-12")
    form.locator("input[name=title]").fill("Arvenia and Kessaly meet in Port Alder")
    form.locator("input[name=url]").fill("https://example.org/dremmen-talks")
    form.locator("input[name=id]").fill(ARTICLE)
    form.locator("button[type=submit]").click()
    page.locator('.wb-card[data-status="proposed"]').first.wait_for()
    assert page.locator("#wb-text").inner_text().startswith("Delegations of Arvenia")
    # Every proposal shows the cue that fired and its confidence.
    stance = _card(page, "kessaly · ceasefire · rejects", "proposed")
    assert "%" in stance.locator(".wb-confidence").inner_text()
    assert "rejects" in stance.locator(".wb-cue").inner_text()

    # Accept three drafted facts (with the proposed entities and sources they name).
    _accept(page, "Talks in Port Alder")
    _accept(page, "kessaly · ceasefire · rejects")
    _accept(page, "arvenia · prisoners · demands")
    # Clicking a card shows its quote highlighted in the text.
    _card(page, "arvenia · prisoners · demands", "accepted").click()
    assert (
        page.locator("#wb-text mark.wb-current")
        .first.inner_text()
        .startswith("Varga said Arvenia demands")
    )
    _shoot(page, "workbench-desktop-cards")

    # Fix a wrong holder: the draft took Varga for the holder of her government's stance.
    _card(page, "ilse-varga · ceasefire · supports", "proposed").click()
    page.keyboard.press("e")
    page.locator('#wb-editor .wb-chip[data-id="ilse-varga"] button').first.click()
    _pick(page, "holder", "Arven", "arvenia")
    page.locator('#wb-editor input[name="id"]').fill("arvenia-ceasefire")
    before = _version(page)
    page.keyboard.press("Control+s")
    _after_change(page, before)
    _card(page, "arvenia · ceasefire · supports", "accepted").wait_for()

    # Reject the draft's red line (it missed who says so), and make it again from the quote.
    before = _version(page)
    _card(page, "arvenia · territory · red-line", "proposed").click()
    page.keyboard.press("r")
    _after_change(page, before)
    _select_in_text(page, "Arvenia will not give up its claim to the Dremmen valley")
    page.locator('#wb-selection button[data-new="stances"]').click()
    editor = page.locator("#wb-editor")
    editor.locator('input[name="id"]').fill("arvenia-dremmen-red-line")
    _pick(page, "holder", "arvenia", "arvenia")
    editor.locator('select[name="issue"]').select_option("territory")
    # The value is still missing: the compiler's message appears on the card, on that field.
    value_error = editor.locator('.wb-field[data-field="value"] .wb-message')
    value_error.wait_for()
    assert "'value' is required" in value_error.inner_text()
    _shoot(page, "workbench-desktop-validation-error")
    editor.locator('.wb-scale button[data-value="red-line"]').click()
    _pick(page, "places", "Dremmen", "dremmen-valley")

    # The chain: the Harbour Wire's Lena Osk (a new person), citing an anonymous diplomat.
    editor.locator(".wb-claim .wb-add-step").click()
    step = "evidence.0.according_to.0"
    page.locator(f'#wb-editor input[name="{step}.agent"]').fill("Lena Osk")
    create = page.locator("#wb-editor .wb-menu li.wb-create").first
    create.wait_for()
    create.dispatch_event("mousedown")
    new_entity = page.locator('#wb-editor form[aria-label="New entity"]')
    new_entity.locator('select[name="type"]').select_option("Person")
    assert new_entity.locator('input[name="id"]').input_value() == "lena-osk"
    before = _version(page)
    new_entity.locator("button[type=submit]").click()
    _after_change(page, before)
    page.locator('#wb-editor .wb-chip[data-id="lena-osk"]').wait_for()
    page.locator(f'#wb-editor select[name="{step}.role"]').select_option("journalist")
    editor.locator(".wb-claim .wb-add-step").click()
    second = "evidence.0.according_to.1"
    page.locator(f'#wb-editor select[name="{second}.kind"]').select_option("source")
    page.locator(f'#wb-editor select[name="{second}.source"]').select_option("__new")
    new_source = page.locator('#wb-editor form[aria-label="New anonymous source"]')
    new_source.locator('input[name="label"]').fill("a diplomat close to the mediators")
    before = _version(page)
    new_source.locator("button[type=submit]").click()
    _after_change(page, before)
    assert (
        page.locator(f'#wb-editor select[name="{second}.source"]').input_value()
        == "a-diplomat-close-to-the-mediators"
    )
    _wait_checked(page)
    assert page.locator('#wb-editor .wb-field[data-field="value"] .wb-message').count() == 0
    _shoot(page, "workbench-desktop-chain")

    # Save: the card enters the facts file, valid.
    before = _version(page)
    page.keyboard.press("Control+s")
    _after_change(page, before)
    _card(page, "arvenia · territory · red-line", "accepted").wait_for()
    facts = page.request.get(f"{site.url}/workbench/api/articles/{ARTICLE}/facts").text()
    assert "- {agent: lena-osk, role: journalist}" in facts
    assert "- {source: a-diplomat-close-to-the-mediators}" in facts
    assert (
        "{id: a-diplomat-close-to-the-mediators, label: a diplomat close to the mediators}" in facts
    )

    # Ingest through the one path; the stance is on the matrix with its quote.
    page.click("#wb-ingest")
    page.locator(".wb-banner.wb-ok").wait_for()
    assert "Ingested 2026-05-12-dremmen-talks" in page.locator(".wb-banner").inner_text()
    assert (site.data / "articles" / f"{ARTICLE}.facts.yaml").read_text() == facts
    page.goto(site.url + "/matrix?as_of=2026-05-12")
    cell = page.locator(
        'tr[data-party="arvenia"] td[data-issue="territory"] button[data-value="red-line"]'
    )
    cell.click()
    evidence = page.locator("#evidence")
    evidence.wait_for()
    page.wait_for_function(
        "() => document.getElementById('evidence').textContent.includes('will not give up')"
    )
    assert "Arvenia will not give up its claim to the Dremmen valley" in evidence.inner_text()
    assert "Lena Osk" in evidence.inner_text()
    _shoot(page, "workbench-matrix-after-ingest")

    # Reopen, amend (accept one more drafted stance), ingest again: the graph is replaced.
    page.goto(site.url + "/workbench")
    page.wait_for_selector("#wb[data-ready=true]")
    page.locator("#wb-open").select_option(f"wb:{ARTICLE}")
    page.locator('.wb-card[data-status="accepted"]').nth(3).wait_for()
    _accept(page, "kessaly · heavy-weapons-withdrawal · flexible")
    page.click("#wb-ingest")
    page.locator(".wb-banner.wb-ok").wait_for()
    assert "replacing the earlier version" in page.locator(".wb-banner").inner_text()
    page.goto(site.url + "/matrix?as_of=2026-05-12")
    page.locator(
        'tr[data-party="kessaly"] td[data-issue="heavy-weapons-withdrawal"] '
        'button[data-value="flexible"]'
    ).wait_for()

    # The laptop view of the same article.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + f"/workbench#{ARTICLE}")
    page.wait_for_selector("#wb[data-ready=true]")
    _card(page, "arvenia · territory · red-line", "accepted").click()
    page.keyboard.press("e")
    page.locator("#wb-editor .wb-claim").first.wait_for()
    _shoot(page, "workbench-laptop-editing")
    page.keyboard.press("Escape")
    context.close()
    assert recorded.off_loopback() == [], "requests left 127.0.0.1"
    assert errors == [], f"script errors: {errors}"


def test_hostile_text_is_shown_as_text(browser: Any, site: Site) -> None:
    context, recorded, errors = _context(browser, 1280, 800)
    assert recorded.urls == []
    page = context.new_page()
    _login(page, site)
    hostile = (
        "Arvenia said <script>window.__pwned = 1</script> talks continue. "
        '<img src=x onerror="window.__pwned = 2"> Kessaly <b>rejects</b> any ceasefire.'
    )
    page.locator("textarea[name=text]").fill(hostile)
    page.locator("input[name=published]").fill("2026-05-13")
    page.locator("input[name=id]").fill("2026-05-13-hostile")
    page.locator("#wb-new-form button[type=submit]").click()
    page.locator("#wb-main:not([hidden])").wait_for()
    text = page.locator("#wb-text")
    assert "<script>window.__pwned = 1</script>" in text.inner_text()
    assert text.locator("script, img, b").count() == 0
    assert page.evaluate("window.__pwned") is None
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Arvenia \xff\xfe said", "is not UTF-8 text"),
        (b"   \n", "is empty"),
        (b"x" * 600_000, "takes texts of up to 500,000 bytes"),
    ],
    ids=["not-utf8", "empty", "too-large"],
)
def test_bad_uploads_get_a_clear_message(
    browser: Any, site: Site, content: bytes, message: str
) -> None:
    context, _, errors = _context(browser, 1280, 800)
    page = context.new_page()
    _login(page, site)
    page.set_input_files(
        "#wb-file", files=[{"name": "report.txt", "mimeType": "text/plain", "buffer": content}]
    )
    status = page.locator("#wb-upload-status.wb-error")
    status.wait_for()
    assert message in status.inner_text()
    assert "report.txt" in status.inner_text()
    assert page.locator("textarea[name=text]").input_value() == ""
    context.close()
    assert errors == []


def test_two_tabs_the_second_save_is_refused_with_the_reason(browser: Any, site: Site) -> None:
    context, _, errors = _context(browser, 1280, 800)
    first = context.new_page()
    _login(first, site)
    first.locator("textarea[name=text]").fill(TEXT)
    first.locator("input[name=published]").fill("2026-05-12")
    first.locator("input[name=id]").fill("2026-05-12-two-tabs")
    first.locator("#wb-new-form button[type=submit]").click()
    first.locator('.wb-card[data-status="proposed"]').first.wait_for()
    second = context.new_page()
    second.goto(site.url + "/workbench#2026-05-12-two-tabs")
    second.locator('.wb-card[data-status="proposed"]').first.wait_for()
    _accept(first, "kessaly · ceasefire · rejects")
    facts = first.request.get(f"{site.url}/workbench/api/articles/2026-05-12-two-tabs/facts").text()
    _card(second, "arvenia · prisoners · demands", "proposed").click()
    second.keyboard.press("a")
    refusal = second.locator(".wb-banner.wb-error")
    refusal.wait_for()
    assert "changed elsewhere" in refusal.inner_text()
    assert "Your change was not saved" in refusal.inner_text()
    # Nothing of the second tab's change reached the file.
    after = second.request.get(f"{site.url}/workbench/api/articles/2026-05-12-two-tabs/facts")
    assert after.text() == facts
    _shoot(second, "workbench-laptop-conflict")
    refusal.locator("button").click()  # reload: the first tab's change is there
    _card(second, "kessaly · ceasefire · rejects", "accepted").wait_for()
    context.close()
    assert errors == []


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def test_an_ingest_refused_by_validation_changes_nothing_and_names_the_card(
    browser: Any, site: Site
) -> None:
    context, _, errors = _context(browser, 1280, 800)
    page = context.new_page()
    _login(page, site)
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("input[name=published]").fill("2026-05-12")
    page.locator("input[name=id]").fill("2026-05-12-refused")
    page.locator("#wb-new-form button[type=submit]").click()
    page.locator('.wb-card[data-status="proposed"]').first.wait_for()
    _accept(page, "kessaly · ceasefire · rejects")
    # Break the accepted stance: its quote is no longer the text's.
    _card(page, "kessaly · ceasefire · rejects", "accepted").click()
    page.keyboard.press("e")
    quote = page.locator('#wb-editor textarea[name="evidence.0.quote"]')
    quote.fill("Malik said Kessaly rejects every ceasefire")
    before = _version(page)
    page.keyboard.press("Control+s")
    _after_change(page, before)
    articles = site.data / "articles"
    files_before = _digest(articles)
    store_before = page.request.get(
        site.url + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
    ).json()
    page.click("#wb-ingest")
    refusal = page.locator(".wb-banner.wb-error")
    refusal.wait_for()
    assert "Not ingested" in refusal.inner_text()
    assert "fix card 'stances:0'" in refusal.inner_text()
    card = _card(page, "kessaly · ceasefire · rejects", "accepted")
    assert "wb-has-errors" in (card.get_attribute("class") or "")
    assert (
        "not found" in page.locator("#wb-editor").inner_text()
        or "nearest" in page.locator("#wb-editor").inner_text()
    )
    assert _digest(articles) == files_before
    store_after = page.request.get(
        site.url + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
    ).json()
    assert store_after == store_before
    _shoot(page, "workbench-laptop-ingest-refused")
    context.close()
    assert errors == []
