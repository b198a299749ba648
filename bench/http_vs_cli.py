"""Latency of each competency query through HTTP against the in-process query the CLI makes.

Builds the store from data/ (or uses ``--store``), starts the service itself (``peacekg serve``
in a child process) on a free loopback port, and for each ``queries/CQnn-*.rq``:

- HTTP: POST /sparql (form) with ``Accept: application/sparql-results+json`` over one
  keep-alive httpx connection, the whole body read;
- in-process: ``store.select(query)`` on the store opened as ``peacekg query`` opens it
  (``open_store``), the call behind ``peacekg query --format table``;
- in-process CSV: ``store.query_serialized(query, "text/csv")``, the call behind
  ``peacekg query --format csv``;
- optionally (``--cli-runs``) the whole ``peacekg query FILE --format csv`` process, start-up
  included, as a user at a shell sees it.

The service runs with its response cache off (``PEACEKG_RESPONSE_CACHE_MB=0``), and is
measured once its query workers have copied the store into memory (``/health/queries``): each
HTTP request is evaluated, and the difference with the in-process call is the cost of HTTP,
the web layer and the hop to a worker. (With the cache on, every timed run would be a hit.)

Each is run ``--warmup`` times, then timed ``--runs`` times (default 30); the table gives the
median and the 95th percentile (nearest rank) in milliseconds, and is written as Markdown to
``bench/results/http-vs-cli.md``. The server is stopped through its own process handle.

Usage::

    .venv/bin/python bench/http_vs_cli.py [--runs 30] [--warmup 5] [--cli-runs 3]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import httpx

from peacekg.build import build_store
from peacekg.config import Settings
from peacekg.store import CSV, open_store

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "http-vs-cli.md"


@dataclass(frozen=True)
class Timing:
    """Latencies of one way of running one query, in seconds."""

    samples: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000


def timed(action: Callable[[], object], runs: int, warmup: int) -> Timing:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return Timing(samples)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(store: Path) -> Iterator[str]:
    """``peacekg serve`` in its own process on a free loopback port; yields its base URL.

    A separate process, as in use: a server run in a thread of this process answers each
    request some 45 ms later (measured: /health 46 ms in a thread, 1.3 ms in a process).
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PEACEKG_")}
    environment["PEACEKG_RESPONSE_CACHE_MB"] = "0"  # measure the evaluation, not the cache
    server = subprocess.Popen(
        [sys.executable, "-m", "peacekg", "serve", "--store", str(store),
         "--host", "127.0.0.1", "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"The server stopped: {server.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(url + "/health/queries", timeout=1).json()["engine"] == "memory":
                    break
            except (httpx.TransportError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("The server's copies in memory were not ready within 60 s.")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cli_process(store: Path, query: Path) -> Callable[[], object]:
    command = [sys.executable, "-m", "peacekg", "query", str(query), "--format", "csv",
               "--store", str(store)]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PEACEKG_")}

    def run() -> object:
        return subprocess.run(command, check=True, capture_output=True, env=environment)

    return run


def git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    return commit + (" (src/ has uncommitted changes)" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=3, help="0 to skip the CLI process")
    parser.add_argument("--store", type=Path, help="a built store (default: build one)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="peacekg-bench-") as tmp:
        settings = Settings(
            data_dir=ROOT / "data",
            ontology_dir=ROOT / "ontology",
            store_path=args.store or Path(tmp) / "store",
            _env_file=None,  # type: ignore[call-arg]
        )
        if args.store is None:
            build_store(settings)
        queries = sorted((ROOT / "queries").glob("CQ*.rq"))
        # A trivial query first: the fixed cost of a request, whatever the query.
        baseline = Path(tmp) / "ASK-baseline.rq"
        baseline.write_text("ASK {}\n", encoding="utf-8")
        queries.insert(0, baseline)
        lines = []
        with (
            serving(settings.store_path) as url,
            httpx.Client(base_url=url, timeout=60) as http,
            open_store(settings) as store,
        ):
            for query in queries:
                text = query.read_text(encoding="utf-8")

                def over_http(text: str = text) -> int:
                    response = http.post(
                        "/sparql",
                        data={"query": text},
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    response.raise_for_status()
                    return len(response.content)

                is_ask = query == baseline
                rows = 1 if is_ask else len(store.select(text))
                run_in_process = store.ask if is_ask else store.select
                http_t = timed(over_http, args.runs, args.warmup)
                select_t = timed(
                    lambda text=text, run=run_in_process: run(text), args.runs, args.warmup
                )
                csv_t = timed(
                    lambda text=text: store.query_serialized(text, CSV), args.runs, args.warmup
                )
                cells = [
                    "`ASK {}` (baseline)" if is_ask else query.stem,
                    str(rows),
                    f"{http_t.median_ms:.1f}",
                    f"{http_t.p95_ms:.1f}",
                    f"{select_t.median_ms:.1f}",
                    f"{select_t.p95_ms:.1f}",
                    f"{csv_t.median_ms:.1f}",
                    f"{csv_t.p95_ms:.1f}",
                    f"{http_t.median_ms - select_t.median_ms:+.1f}",
                ]
                if args.cli_runs:
                    cli_t = timed(cli_process(settings.store_path, query), args.cli_runs, 1)
                    cells.append(f"{cli_t.median_ms:.0f}")
                lines.append("| " + " | ".join(cells) + " |")
                print(lines[-1], flush=True)

    header = [
        "query", "rows", "HTTP median", "HTTP p95", "select median", "select p95",
        "CSV median", "CSV p95", "HTTP − select",
    ]  # fmt: skip
    if args.cli_runs:
        header.append(f"CLI process (median of {args.cli_runs})")
    table = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|",
        *lines,
    ]
    cpu = platform.processor() or platform.machine()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    report = "\n".join(
        [
            "# Competency queries: latency through HTTP against the CLI's in-process query",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/http_vs_cli.py` on "
            f"commit {git_state()}; Python {platform.python_version()}, pyoxigraph "
            f"{version('pyoxigraph')}, uvicorn {version('uvicorn')}, {os.cpu_count()} CPUs "
            f"({cpu}), load average at the end {load}. Times in milliseconds; {args.warmup} "
            f"warm-up runs, then {args.runs} timed runs; p95 by nearest rank.",
            "",
            "- **HTTP**: POST /sparql (form), `Accept: application/sparql-results+json`, one "
            "keep-alive httpx connection to `peacekg serve` (its own process) on 127.0.0.1, "
            "the whole body read; the response cache off (`PEACEKG_RESPONSE_CACHE_MB=0`), the "
            "query workers on their copies of the store in memory: every request evaluated.",
            "- **select**: `store.select(query)` in process, as `peacekg query` (table) runs it "
            "(`store.ask` for the baseline).",
            "- **CSV**: `store.query_serialized(query, 'text/csv')` in process, as "
            "`peacekg query --format csv` runs it.",
            "- **CLI process**: the whole `peacekg query FILE --format csv` command, Python "
            "start-up included.",
            "",
            *table,
            "",
        ]
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
