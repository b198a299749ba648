"""The browser tests' harness: the app over data/ and the synthetic fixtures, served on
loopback, and Debian's Chromium driven by Playwright, with every request a page makes recorded.

Kept out of ``conftest.py``; it reuses the REST tests' harness for the store and the server.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api" / "rest"))

from rest_harness import ROOT, build, serve, settings

from peacekg.api import create_app

__all__ = ["CHROMIUM", "SCREENSHOTS", "Recorded", "browser_session", "live_server"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "screenshots"


@contextmanager
def live_server() -> Iterator[str]:
    """The base URL of the app over data/ and the synthetic fixtures, on 127.0.0.1."""
    store = build(synthetic=True)
    try:
        with serve(create_app(settings(), store=store)) as server:
            yield server.url
    finally:
        store.close()


@dataclass
class Recorded:
    """The URLs of every request the pages of a browser context made."""

    urls: list[str] = field(default_factory=list)

    def off_loopback(self) -> list[str]:
        """Requests to anywhere but 127.0.0.1 (``data:`` and ``blob:`` URLs stay in the page)."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@contextmanager
def browser_session() -> Iterator[object]:
    """A headless Chromium (Debian's, not a downloaded one); skips when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield browser
        finally:
            browser.close()
