"""Time to ingest one article into stores of about 10 thousand and 1 million triples.

For each size, a store is built from data/ (``build_store``), then filled up with synthetic
"filler" articles shaped like the real ones: copies of the compiled graphs of the data/ article
(Moscow talks, which names the shared entities of data/reference) and of the first synthetic
article (which declares its own parties, persons and events), each copy with its own article
id, its own fact, claim and entity IRIs (suffix ``-fN``) and its own named graph. The copies
are written as N-Quads text and bulk-loaded with pyoxigraph (preparation only; the measured
ingest goes through ``peacekg.ingest.ingest_article``, as ``peacekg ingest`` does).

Then, in-process and timed step by step:

- the first synthetic article (2026-03-14, 700-odd triples, declares its entities) is ingested;
- the second (2026-04-03, updates an event and supersedes a stance of the first) is ingested;
- each is re-ingested ``--repeats`` times (replacing its graph).

The table gives the median over the runs of each step and of the whole ingest, and the number
of reference triples fetched for the SHACL check (which should not grow with the store).
Results go to ``bench/results/ingest-scaling.md``.

Usage::

    .venv/bin/python bench/ingest_scaling.py [--sizes 10000 1000000 10000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from peacekg.build import build_store  # noqa: E402
from peacekg.config import Settings  # noqa: E402
from peacekg.ingest import ingest_article  # noqa: E402
from peacekg.ingest.registry import ENTITY_CLASSES  # noqa: E402
from peacekg.namespaces import BASE, PK  # noqa: E402

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
ROUND3 = "2026-03-14-port-alder-round-3"
POSTPONED = "2026-04-03-round-4-postponed"
MOSCOW = "2025-12-03-moscow-talks"
RESULTS = ROOT / "bench" / "results" / "ingest-scaling.md"
STEPS = ("compile", "fetch-context", "validate", "conflicts", "dependencies", "commit")


def settings(store: Path) -> Settings:
    return Settings(
        store_path=store,
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        _env_file=None,  # type: ignore[call-arg]
    )


# --- filler ------------------------------------------------------------------------------------


def _article_nquads(store: ox.Store, article_id: str) -> str:
    graph = ox.NamedNode(f"{BASE}graph/article/{article_id}")
    data = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=graph)
    assert data is not None
    # dump(from_graph=...) writes triples; put the graph name back on each line.
    return "".join(
        line[: line.rindex(" .")] + f" <{graph.value}> .\n"
        for line in data.decode().splitlines()
        if line.strip()
    )


def _template(store: ox.Store, article_id: str) -> str:
    """The article's N-Quads with ``{K}`` where a filler copy's number goes."""
    text = _article_nquads(store, article_id)
    declared: set[str] = set()
    graph = ox.NamedNode(f"{BASE}graph/article/{article_id}")
    for cls in ENTITY_CLASSES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF_TYPE)), None, graph):
            if quad.object == ox.NamedNode(str(PK[cls])):
                declared.add(quad.subject.value)
    text = text.replace(f"/id/article/{article_id}", f"/id/article/{article_id}-f{{K}}")
    text = text.replace(f"/graph/article/{article_id}>", f"/graph/article/{article_id}-f{{K}}>")
    for iri in sorted(declared, key=len, reverse=True):
        text = text.replace(f"<{iri}>", f"<{iri}-f{{K}}>")
    return text


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fill(store_path: Path, target_quads: int) -> tuple[int, int]:
    """Bulk-load filler articles until the store holds about ``target_quads``; returns
    (filler articles, quads)."""
    scratch = Path(tempfile.mkdtemp(prefix="peacekg-templates-"))
    try:
        shutil.copytree(store_path, scratch / "store")
        ingest_article(
            SYNTHETIC / f"{ROUND3}.txt",
            SYNTHETIC / f"{ROUND3}.facts.yaml",
            settings(scratch / "store"),
        )
        templates_store = ox.Store(str(scratch / "store"))
        templates = [_template(templates_store, a) for a in (MOSCOW, ROUND3)]
        del templates_store
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    per_pair = sum(t.count("\n") for t in templates)
    store = ox.Store(str(store_path))
    have = len(store)
    pairs = max(0, round((target_quads - have) / per_pair))
    chunk: list[str] = []
    for k in range(pairs):
        chunk.extend(t.replace("{K}", str(k)) for t in templates)
        if len(chunk) >= 200 or k == pairs - 1:
            store.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_QUADS)
            chunk = []
    store.flush()
    quads = len(store)
    del store
    return 2 * pairs, quads


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Runs:
    totals: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    context: list[int] = field(default_factory=list)
    triples: int = 0

    def add(self, total: float, timings: dict[str, float], context: int, triples: int) -> None:
        self.totals.append(total)
        for step, seconds in timings.items():
            self.steps.setdefault(step, []).append(seconds)
        self.context.append(context)
        self.triples = triples


def measure(store: Path, repeats: int) -> dict[str, Runs]:
    runs = {ROUND3: Runs(), POSTPONED: Runs()}
    order = [ROUND3, POSTPONED] + [a for _ in range(repeats) for a in (ROUND3, POSTPONED)]
    for name in order:
        started = time.perf_counter()
        result = ingest_article(
            SYNTHETIC / f"{name}.txt", SYNTHETIC / f"{name}.facts.yaml", settings(store)
        )
        runs[name].add(
            time.perf_counter() - started,
            result.timings,
            result.context_triples,
            result.triples,
        )
    return runs


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}"


def report(rows: list[tuple[int, int, int, float, dict[str, Runs]]], repeats: int) -> str:
    lines = [
        "# Ingest one article: time against store size",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pyoxigraph {version('pyoxigraph')}, pySHACL {version('pyshacl')}; load average "
        f"{os.getloadavg()[0]:.1f} when written (other work on the machine makes single runs "
        "vary by a third: compare medians).",
        "",
        "Each row: one article ingested in-process (`peacekg.ingest.ingest_article`, the call "
        "behind `peacekg ingest`), the store opened, compiled against, checked, committed and "
        f"closed; median of {repeats + 1} runs (the first adds the article, the others replace "
        "it), in milliseconds. `context` is the number of reference triples fetched from the "
        "store for the SHACL check; `open, close` is the rest of the time (opening the store for "
        "writing with the build lock, flushing and closing it).",
        "",
        "| store quads | filler articles | prepare (s) | article | triples | context | "
        + " | ".join(STEPS)
        + " | open, close | total |",
        "|---:|---:|---:|---|---:|---:|" + "---:|" * len(STEPS) + "---:|---:|",
    ]
    for quads, fillers, _, prepare, runs in rows:
        for name, r in runs.items():
            cells = [ms(r.steps.get(step, [0.0])) for step in STEPS]
            other = [t - sum(r.steps[k][i] for k in r.steps) for i, t in enumerate(r.totals)]
            cells.append(ms(other))
            lines.append(
                f"| {quads:,} | {fillers:,} | {prepare:.0f} | {name} | {r.triples} | "
                f"{statistics.median(r.context):.0f} | "
                + " | ".join(cells)
                + f" | {ms(r.totals)} |"
            )
    smallest = rows[0][4]
    lines += ["", "Total against the smallest store (target of issue 6: at most 1.5):", ""]
    for quads, _, _, _, runs in rows[1:]:
        ratios = [
            f"{name} {statistics.median(r.totals) / statistics.median(smallest[name].totals):.2f}"
            for name, r in runs.items()
            if name in smallest
        ]
        lines.append(f"- {quads:,} quads: " + ", ".join(ratios))
    sizes = " ".join(str(size) for _, _, size, _, _ in rows)
    lines += [
        "",
        f"Rerun: `.venv/bin/python bench/ingest_scaling.py --sizes {sizes} --repeats {repeats}`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        root = Path(tempfile.mkdtemp(prefix="peacekg-bench-ingest-"))
        try:
            store = root / "store"
            started = time.perf_counter()
            build_store(settings(store))
            fillers, quads = fill(store, size)
            prepare = time.perf_counter() - started
            print(f"{size}: {quads} quads, {fillers} fillers, prepared in {prepare:.1f} s")
            runs = measure(store, args.repeats)
            for name, r in runs.items():
                print(
                    f"  {name}: total {ms(r.totals)} ms, steps "
                    + ", ".join(f"{s} {ms(v)}" for s, v in r.steps.items())
                )
            rows.append((quads, fillers, size, prepare, runs))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report(rows, args.repeats), encoding="utf-8")
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
