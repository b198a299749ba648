"""How long the front door's own queries take: the home page's overview (counts, period, latest
articles, parties, top issues), the search, and a page of each list, over the shipped data/ and
over a synthetic corpus of about a million triples (``peacekg synth``), in an in-memory store.

These are what the service runs before the response cache keeps the page (the cache answers
again until the next ingest). Each figure is the median of ``--repeats`` runs after one warm-up.
Results go to ``bench/results/front-door.md``. On a shared machine, read the medians; the
figures are not a test.

Usage::

    .venv/bin/python bench/front_door.py [--triples 1000000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from peacekg.api.front.lists import LISTS, Listing
from peacekg.api.front.overview import overview
from peacekg.api.front.search import search
from peacekg.compiler import ONTOLOGY_GRAPH, compile_data, load_ontology
from peacekg.namespaces import PREFIXES
from peacekg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "front-door.md"
SEARCHES = ("geneva", "talks", "round 3", "a")


def _median_ms(function: Callable[[], object], repeats: int) -> float:
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _measure(store: OxigraphStore, repeats: int) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    found = overview(store)
    rows.append(
        ("home page: overview", _median_ms(lambda: overview(store), repeats), str(found.counts))
    )
    for query in SEARCHES:
        hits = len(search(store, query))
        rows.append(
            (
                f"search {query!r}",
                _median_ms(lambda q=query: search(store, q), repeats),
                f"{hits} hits",
            )
        )
    for name, listing in LISTS.items():
        total = listing.count(store, {})

        def first_page(listing: Listing = listing) -> object:
            return listing.count(store, {}), listing.rows(store, {}, 50, 0)

        rows.append(
            (
                f"/{name}: count and page 1",
                _median_ms(first_page, repeats),
                f"{total} row{'' if total == 1 else 's'}",
            )
        )
    return rows


def _store(dataset_path: Path | None) -> OxigraphStore:
    store = OxigraphStore(prefixes=PREFIXES)
    if dataset_path is None:
        store.load(compile_data(ROOT / "data").dataset)
    else:
        store._engine.bulk_load(path=str(dataset_path), format=ox.RdfFormat.N_QUADS)
    store.replace_graph(str(ONTOLOGY_GRAPH), iter(load_ontology(ROOT / "ontology")))  # type: ignore[arg-type]
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sections = []
    with _store(None) as shipped:
        sections.append(("data/ (the shipped corpus)", _measure(shipped, args.repeats)))
    with tempfile.TemporaryDirectory() as work:
        synth = Path(work) / "synth.nq"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("peacekg")),
                "synth",
                "--triples",
                str(args.triples),
                "--output",
                str(synth),
            ],
            check=True,
            capture_output=True,
        )
        with _store(synth) as synthetic:
            sections.append(
                (f"synthetic, {args.triples:,} triples", _measure(synthetic, args.repeats))
            )
    lines = [
        "# The front door's queries",
        "",
        f"`.venv/bin/python bench/front_door.py --triples {args.triples} --repeats {args.repeats}`"
        f" on {datetime.now(UTC):%Y-%m-%d}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs (shared), load average "
        f"{os.getloadavg()[0]:.1f}; in-memory store, medians of {args.repeats} runs.",
        "",
    ]
    for title, rows in sections:
        lines += [f"## {title}", "", "| what | median (ms) | size |", "|---|---:|---|"]
        lines += [f"| {what} | {ms:.1f} | {size} |" for what, ms, size in rows]
        lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
