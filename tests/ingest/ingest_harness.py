"""Helpers of the ingest tests: the fixture articles, settings for a store, its content, and a
fresh copy of a store built from data/ (built once per test run).

There is no conftest.py here: tests elsewhere import ``conftest`` by name, and a second one
would shadow theirs. Each test module defines its ``store`` fixture with :func:`fresh_store`.
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
from functools import cache
from pathlib import Path

from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.store import OxigraphStore, RdfFormat

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
HERE = Path(__file__).resolve().parent / "fixtures"
ROUND3 = "2026-03-14-port-alder-round-3"
POSTPONED = "2026-04-03-round-4-postponed"
AMNESTY = "2026-04-10-amnesty-agreed"


def article(name: str) -> tuple[Path, Path]:
    """The text and facts files of a fixture article."""
    folder = HERE if (HERE / f"{name}.txt").is_file() else SYNTHETIC
    return folder / f"{name}.txt", folder / f"{name}.facts.yaml"


def settings_for(store: Path) -> Settings:
    return Settings(
        store_path=store,
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        _env_file=None,  # type: ignore[call-arg]
    )


def nquads(store: Path) -> list[str]:
    """The store's whole content, as sorted N-Quads lines (for before/after comparisons)."""
    buffer = io.BytesIO()
    with OxigraphStore(store, read_only=True) as reader:
        reader.dump(RdfFormat.NQUADS, buffer)
    return sorted(line for line in buffer.getvalue().decode().splitlines() if line.strip())


@cache
def _template_store() -> Path:
    """A store built from data/, once; tests copy it and never change it."""
    root = Path(tempfile.mkdtemp(prefix="peacekg-ingest-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    build_store(settings_for(root / "store"))
    return root / "store"


def fresh_store(tmp_path: Path) -> Path:
    """A copy of the store built from data/, at ``tmp_path/store``."""
    copy = tmp_path / "store"
    shutil.copytree(_template_store(), copy)
    return copy
