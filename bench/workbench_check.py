"""How long the workbench's check of one card takes: the facts file compiled against the store
and checked with the SHACL shapes (what ``POST /workbench/api/articles/{id}/check`` runs on
each pause of the typing), for the shipped Moscow talks article, its first stance card edited.

A store is built from a copy of data/ in a temporary directory; the check runs ``--repeats``
times in process (after one warm-up). Results go to ``bench/results/workbench-check.md``.
On a shared machine, read the minimum and the median; the figures are not a test.

Usage::

    .venv/bin/python bench/workbench_check.py [--repeats 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.store import OxigraphStore
from peacekg.workbench import service
from peacekg.workbench.sessions import Workbench

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "2025-12-03-moscow-talks"
RESULTS = ROOT / "bench" / "results" / "workbench-check.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peacekg-bench-workbench-") as folder:
        root = Path(folder)
        data = root / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".peacekg"))
        settings = Settings(  # type: ignore[call-arg]
            data_dir=data,
            ontology_dir=ROOT / "ontology",
            store_path=root / "store",
            _env_file=None,
        )
        build_store(settings)
        bench = Workbench(data)
        article = service.open_corpus_article(bench, data, ARTICLE)
        card = next(c for c in service.view(article)["cards"] if c["section"] == "stances")
        candidate = (card["key"], card["data"])
        with OxigraphStore(settings.store_path, read_only=True) as store:
            service.check(article, store, settings.ontology_dir, candidate)  # warm-up
            times = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                result = service.check(article, store, settings.ontology_dir, candidate)
                times.append(time.perf_counter() - started)
                assert result.conforms, result.messages
    load = os.getloadavg()[0]
    RESULTS.write_text(
        "# Workbench: the check of one card\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load:.1f} when it ended.\n"
        f"Rerun: `.venv/bin/python bench/workbench_check.py --repeats {args.repeats}`\n\n"
        f"The shipped article {ARTICLE}, its first stance card edited: compile against the store "
        "and SHACL, in process.\n\n"
        "| runs | min | median | max |\n|--:|--:|--:|--:|\n"
        f"| {len(times)} | {min(times):.3f} s | {statistics.median(times):.3f} s "
        f"| {max(times):.3f} s |\n",
        encoding="utf-8",
    )
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
