"""The pages' routes without a browser: what the editor page is given, the docstring examples."""

from __future__ import annotations

import doctest
import json
import re
import sys
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from api_harness import settings_for

from peacekg.api import create_app
from peacekg.api.routes import web
from peacekg.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(web)
    assert tried > 0 and failures == 0


def test_editor_is_given_every_competency_query_and_the_prefixes(tmp_path: Path) -> None:
    settings = settings_for(tmp_path).model_copy(update={"queries_dir": ROOT / "queries"})
    with TestClient(create_app(settings)) as client:
        response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    found = re.search(
        r'<script type="application/json" id="page-config">(.*?)</script>', response.text, re.S
    )
    assert found
    config = json.loads(found.group(1))
    names = [example["name"] for example in config["examples"]]
    assert names == sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    assert len(names) == 12
    cq02 = next(e for e in config["examples"] if e["name"] == "CQ02-red-lines")
    assert cq02["query"] == (ROOT / "queries" / "CQ02-red-lines.rq").read_text(encoding="utf-8")
    assert cq02["title"].startswith("CQ2: On which issues does Russia refuse concessions")
    assert config["prefixes"] == PREFIXES
    assert config["default_query"].startswith("PREFIX pk: <https://w3id.org/peacekg/ontology#>")
    assert config["endpoint"].endswith("/sparql")
    # Nothing from elsewhere: every script and stylesheet is the server's own.
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert all(s.startswith("/") for s in sources if not s.startswith("https://creativecommons")), (
        sources
    )


def test_vendored_yasgui_is_served_with_its_license(tmp_path: Path) -> None:
    with TestClient(create_app(settings_for(tmp_path))) as client:
        script = client.get("/static/vendor/yasgui/yasgui.min.js")
        style = client.get("/static/vendor/yasgui/yasgui.min.css")
    assert script.status_code == 200 and "Yasgui" in script.text
    assert style.status_code == 200 and ".yasgui" in style.text
    assert "sourceMappingURL" not in script.text[-300:]
    assert "MIT" in (web.STATIC / "vendor" / "yasgui" / "LICENSE").read_text(encoding="utf-8")
