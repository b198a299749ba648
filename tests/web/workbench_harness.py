"""The workbench tests' harness: a copy of data/ in a temporary folder, a store built from it
on disk, and the app over them with an ingest token (so the workbench is on), on loopback."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from api_harness import serve

from peacekg.api import create_app
from peacekg.build import build_store
from peacekg.config import Settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOKEN = "test-workbench-token"

__all__ = ["FIXTURES", "ROOT", "TOKEN", "Site", "workbench_site"]


@dataclass(frozen=True)
class Site:
    url: str
    settings: Settings

    @property
    def data(self) -> Path:
        return self.settings.data_dir


@contextmanager
def workbench_site(folder: Path) -> Iterator[Site]:
    """The app over a copy of data/ (and a store built from it) under ``folder``."""
    data = folder / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".peacekg"))
    settings = Settings(  # type: ignore[call-arg]
        data_dir=data,
        ontology_dir=ROOT / "ontology",
        store_path=folder / "store",
        queries_dir=ROOT / "queries",
        ingest_token=TOKEN,
        query_engine="disk",
        max_concurrent_queries=2,
        _env_file=None,
    )
    build_store(settings)
    with serve(create_app(settings)) as server:
        yield Site(server.url, settings)
