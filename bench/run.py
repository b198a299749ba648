"""`make bench`: our service against the Oxigraph server and rdflib-endpoint, on the same data.

One run, one system at a time (the machine has few cores; the systems never compete):

1. the corpus: ``peacekg synth --triples N --seed S`` (cached under ``var/bench/``);
2. for each system: load the corpus (timed), start the server on a free loopback port (timed
   until it answers), run the workload through its SPARQL endpoint, measure throughput with
   concurrent clients, read its resident memory (psutil: the server process and all its
   children), stop it through its own process handle;

   - **ours**: ``OxigraphStore.load`` into a store directory (what ``peacekg build`` does after
     compiling), then ``peacekg serve --store DIR``; SPARQL at ``/sparql``, REST at ``/api/v1``;
     measured once its workers have copied the store into memory (``/health/queries``). As
     shipped, its response cache answers a request asked before; **ours (cache off)** runs the
     same with ``PEACEKG_RESPONSE_CACHE_MB=0``, every request evaluated as on the peers;
   - **Oxigraph server**: ``oxigraph load --location DIR --file X.nq``, then
     ``oxigraph serve --location DIR --union-default-graph`` (the union of the graphs is the
     default graph, as in ours); SPARQL at ``/query``;
   - **rdflib-endpoint**: ``rdflib-endpoint serve X.nq`` (an rdflib Dataset in memory with the
     union as default graph; its load is its start-up); SPARQL at ``/``;

3. the workload: ``bench/workload/W*.rq`` by POST (form), ``Accept:
   application/sparql-results+json``, one keep-alive httpx connection, the whole body read and
   parsed (the row count of every system is checked against the others). ``--warmup`` runs,
   then ``--runs`` timed runs, the same for every system; a query whose single run takes more
   than ``--slow`` seconds is timed ``--slow-runs`` times only. A run that does not finish in
   ``--timeout`` seconds counts as that many seconds; rdflib-endpoint, which cannot stop a
   query, is then restarted before the next query so that the abandoned one does not slow the
   rest;
4. throughput: ``--clients`` threads, each with its own keep-alive connection, send the stance
   lookup for ``--duration`` seconds: our REST ``GET /api/v1/parties/russia/stances?as_of=``
   and, on every system, its SPARQL equivalent ``W7-stance-lookup.rq``.

Writes ``bench/results/bench-<size>.md``: per-query medians and p95, the ratios ours / Oxigraph
and ours / rdflib-endpoint with their geometric means, throughput, load and start-up time,
memory, all against the Targets of issue 6.

Usage::

    .venv/bin/python bench/run.py --size 100k      # make bench
    .venv/bin/python bench/run.py --size 1m        # make bench SIZE=1m
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
WORKLOAD = ROOT / "bench" / "workload"
CACHE = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
PARTY = "russia"
AS_OF = "2025-12-03"
REST_PATH = f"/api/v1/parties/{PARTY}/stances?as_of={AS_OF}&limit=50"
STANCE_QUERY = "W7-stance-lookup"
BASELINE = "ASK {} (fixed cost)"  # not in the ratios or targets: the cost of any request
SPARQL_JSON = "application/sparql-results+json"


# -- timings ---------------------------------------------------------------------------------


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    timeouts: int = 0
    rows: int | None = None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        if not self.samples:
            return math.nan
        ordered = sorted(self.samples)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


@dataclass
class SystemResult:
    name: str
    load_s: float = math.nan
    start_s: float = math.nan
    engine_s: float = math.nan  # ours: until the copies in memory took over
    rss_idle_mb: float = math.nan
    rss_mb: float = math.nan
    queries: dict[str, Timing] = field(default_factory=dict)
    throughput: dict[str, float] = field(default_factory=dict)
    restarts: int = 0
    notes: list[str] = field(default_factory=list)


# -- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children, in MB (10^6 bytes)."""
    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            with suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
    except psutil.NoSuchProcess:
        return math.nan
    return total / 1e6


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server by its own handle: SIGTERM to it, SIGKILL if it lingers; children too."""
    if process.poll() is not None:
        return
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in children:
        try:
            child.wait(timeout=5)
        except psutil.TimeoutExpired:
            child.kill()
        except psutil.NoSuchProcess:
            pass


@dataclass
class System:
    """How to load, start and query one system."""

    name: str
    sparql_path: str
    load: Callable[[Path, Path], None] | None  # (corpus, directory)
    command: Callable[[Path, Path, int], list[str]]  # (corpus, directory, port)
    ready_path: str  # GET answered 200 once started
    rest: bool = False
    restart_on_timeout: bool = False
    environment: dict[str, str] = field(default_factory=dict)  # added to the clean environment
    engine_path: str | None = None  # ours: GET says where queries run ({"engine": "memory"})


def peacekg_load(corpus: Path, directory: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from peacekg.store import OxigraphStore\n"
        "s = OxigraphStore(Path(sys.argv[1])); s.load(Path(sys.argv[2])); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(directory), str(corpus)], check=True)


def oxigraph_load(corpus: Path, directory: Path) -> None:
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(directory), "--file", str(corpus)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def ours_system(name: str, environment: dict[str, str]) -> System:
    return System(
        name,
        "/sparql",
        peacekg_load,
        lambda corpus, d, port: [
            sys.executable, "-m", "peacekg", "serve", "--store", str(d),
            "--host", "127.0.0.1", "--port", str(port), "--query-timeout", "120",
        ],
        "/health",
        rest=True,
        environment=environment,
        engine_path="/health/queries",
    )  # fmt: skip


OURS = "ours"  # as shipped: the response cache answers a request asked before
COLD = "ours (cache off)"  # every request evaluated: PEACEKG_RESPONSE_CACHE_MB=0
SYSTEMS = [
    ours_system(OURS, {}),
    ours_system(COLD, {"PEACEKG_RESPONSE_CACHE_MB": "0"}),
    System(
        "Oxigraph server",
        "/query",
        oxigraph_load,
        lambda corpus, d, port: [
            str(BIN / "oxigraph"),
            "serve",
            "--location",
            str(d),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        "/",
    ),
    System(
        "rdflib-endpoint",
        "/",
        None,
        lambda corpus, d, port: [
            str(BIN / "rdflib-endpoint"),
            "serve",
            str(corpus),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        "/",
        restart_on_timeout=True,
    ),
]


@contextmanager
def running(
    system: System, corpus: Path, directory: Path, result: SystemResult
) -> Iterator[Callable[[], tuple[str, subprocess.Popen[bytes]]]]:
    """Start the system; yields a function giving (base URL, process), restarting it if asked."""
    state: dict[str, object] = {}

    def start() -> None:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PEACEKG_")}
        environment |= system.environment
        log = open(CACHE / f"{system.name.replace(' ', '-')}.log", "ab")  # noqa: SIM115
        began = time.perf_counter()
        process = subprocess.Popen(
            system.command(corpus, directory, port), env=environment,
            stdout=log, stderr=log, cwd=CACHE,
        )  # fmt: skip
        deadline = time.monotonic() + 1800
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{system.name} stopped; see {log.name}")
            try:
                if httpx.get(url + system.ready_path, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"{system.name} did not start")
            time.sleep(0.05)
        if "process" not in state:
            result.start_s = time.perf_counter() - began
        state["process"], state["url"] = process, url

    def current() -> tuple[str, subprocess.Popen[bytes]]:
        return state["url"], state["process"]  # type: ignore[return-value]

    def restart() -> None:
        stop(state["process"])  # type: ignore[arg-type]
        result.restarts += 1
        start()

    start()
    current.restart = restart  # type: ignore[attr-defined]
    try:
        yield current
    finally:
        stop(state["process"])  # type: ignore[arg-type]


# -- the workload ----------------------------------------------------------------------------


def sparql(http: httpx.Client, url: str, query: str, timeout: float) -> int:
    response = http.post(
        url, data={"query": query}, headers={"Accept": SPARQL_JSON}, timeout=timeout
    )
    response.raise_for_status()
    body = json.loads(response.content)
    return 1 if "boolean" in body else len(body["results"]["bindings"])


def rest(http: httpx.Client, url: str, timeout: float) -> int:
    response = http.get(url, headers={"Accept": "application/json"}, timeout=timeout)
    response.raise_for_status()
    body = response.json()
    items = body.get("items", body.get("member", body)) if isinstance(body, dict) else body
    return len(items) if isinstance(items, list) else -1


def measure(
    call: Callable[[], int], args: argparse.Namespace, on_timeout: Callable[[], None] | None
) -> Timing:
    timing = Timing()
    runs = args.runs

    def one() -> float | None:
        began = time.perf_counter()
        try:
            timing.rows = call()
        except httpx.TimeoutException:
            timing.timeouts += 1
            if on_timeout:
                on_timeout()
            return None
        return time.perf_counter() - began

    for _ in range(args.warmup):
        elapsed = one()
        if elapsed is None:  # cannot finish: counts as the timeout, no more runs
            timing.samples = [args.timeout]
            return timing
        if elapsed > args.slow:
            runs = min(runs, args.slow_runs)
    for _ in range(runs):
        elapsed = one()
        if elapsed is None:
            timing.samples.append(args.timeout)
            break
        timing.samples.append(elapsed)
        if elapsed > args.slow:
            runs = min(runs, args.slow_runs)
        if len(timing.samples) >= runs:
            break
    return timing


def throughput(call: Callable[[httpx.Client], object], clients: int, duration: float) -> float:
    """Requests answered per second by ``clients`` threads, each on its own connection."""
    counts = [0] * clients
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(i: int) -> None:
        with httpx.Client(timeout=60) as http:
            call(http)  # the connection is open before the clock starts
            start.wait()
            while time.perf_counter() < stop_at[0]:
                try:
                    call(http)
                    counts[i] += 1
                except httpx.HTTPError:
                    errors[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + duration + 3600  # until the barrier is passed
    start.wait()
    began = time.perf_counter()
    stop_at[0] = began + duration
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if sum(errors):
        print(f"  ({sum(errors)} failed requests during throughput)", flush=True)
    return sum(counts) / elapsed


def wait_for_memory(url: str, limit: float = 1800) -> float:
    """Seconds until ``url`` says queries run on copies in memory (NaN if they never do)."""
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        engine = httpx.get(url, timeout=10).json()["engine"]
        if engine == "memory":
            return time.perf_counter() - began
        if engine != "disk":
            return math.nan
        time.sleep(0.1)
    return math.nan


def run_system(
    system: System, corpus: Path, queries: dict[str, str], args: argparse.Namespace
) -> SystemResult:
    result = SystemResult(system.name)
    directory = CACHE / f"{args.size}-seed{args.seed}-{system.name.replace(' ', '-')}"
    if directory.exists():
        shutil.rmtree(directory)
    if system.load is not None:
        began = time.perf_counter()
        system.load(corpus, directory)
        result.load_s = time.perf_counter() - began
    print(f"{system.name}: loaded in {result.load_s:.1f} s", flush=True)
    with running(system, corpus, directory, result) as current:
        url, process = current()
        print(f"{system.name}: answering after {result.start_s:.1f} s", flush=True)
        if system.engine_path:
            result.engine_s = wait_for_memory(url + system.engine_path) + result.start_s
            print(f"{system.name}: queries in memory after {result.engine_s:.1f} s", flush=True)
        time.sleep(1)
        result.rss_idle_mb = rss_mb(process.pid)
        restart = current.restart if system.restart_on_timeout else None  # type: ignore[attr-defined]
        for name, text in queries.items():
            with httpx.Client(timeout=args.timeout) as http:

                def call(text: str = text, http: httpx.Client = http) -> int:
                    base, _ = current()
                    return sparql(http, base + system.sparql_path, text, args.timeout)

                try:
                    timing = measure(call, args, restart)
                except httpx.HTTPError as error:
                    timing = Timing(error=f"{type(error).__name__}: {error}"[:200])
            result.queries[name] = timing
            print(
                f"  {name}: rows {timing.rows}, median {timing.median * 1000:.1f} ms, "
                f"p95 {timing.p95 * 1000:.1f} ms, runs {len(timing.samples)}"
                + (f", timeouts {timing.timeouts}" if timing.timeouts else "")
                + (f", error {timing.error}" if timing.error else ""),
                flush=True,
            )
        url, process = current()
        if system.rest:
            with httpx.Client(timeout=args.timeout) as http:
                timing = measure(lambda: rest(http, url + REST_PATH, args.timeout), args, None)
            result.queries["REST stance lookup"] = timing
            print(f"  REST: rows {timing.rows}, median {timing.median * 1000:.1f} ms", flush=True)
            result.throughput["REST"] = throughput(
                lambda http: rest(http, url + REST_PATH, 60), args.clients, args.duration
            )
            print(f"  REST throughput {result.throughput['REST']:.0f} req/s", flush=True)
        stance = queries[STANCE_QUERY]
        if not math.isnan(result.queries[STANCE_QUERY].median) and (
            result.queries[STANCE_QUERY].median < args.timeout
        ):
            result.throughput["SPARQL"] = throughput(
                lambda http: sparql(http, url + system.sparql_path, stance, 60),
                args.clients,
                args.duration,
            )
            print(f"  SPARQL throughput {result.throughput['SPARQL']:.0f} req/s", flush=True)
        result.rss_mb = rss_mb(process.pid)
    if not args.keep_stores and directory.exists():
        shutil.rmtree(directory)
    return result


# -- the report ------------------------------------------------------------------------------


def git_state() -> str:
    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("diff", "HEAD", "--name-only", "--", "src").split()
    if not dirty:
        return commit
    return f"{commit} with uncommitted changes to {', '.join(f'`{p}`' for p in dirty)}"


def ms(seconds: float, timeout: float) -> str:
    if math.isnan(seconds):
        return "—"
    if seconds >= timeout:
        return f"> {timeout:.0f} s"
    return f"{seconds * 1000:,.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def ratio(a: float, b: float) -> str:
    if math.isnan(a) or math.isnan(b) or b == 0:
        return "—"
    r = a / b
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×" if r >= 0.01 else f"{r:.4f}×"


def geomean(values: list[float]) -> float:
    good = [v for v in values if not math.isnan(v) and v > 0]
    if not good or len(good) != len(values):
        return math.nan
    return math.exp(sum(math.log(v) for v in good) / len(good))


def report(
    results: list[SystemResult],
    queries: list[str],
    args: argparse.Namespace,
    corpus: Path,
    triples: int,
    load_before: tuple[float, ...],
    began: datetime,
) -> str:
    by = {r.name: r for r in results}
    oxi, rdfe = by.get("Oxigraph server"), by.get("rdflib-endpoint")
    variants = [by[n] for n in (OURS, COLD) if n in by]  # ours, with and without the cache
    peers = [p for p in (oxi, rdfe) if p is not None]
    names = [r.name for r in results]
    load_after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"# Benchmark at {args.size}: " + ", ".join(names),
        "",
        f"Measured {began:%Y-%m-%d %H:%M}–{datetime.now(UTC):%H:%M} UTC by `bench/run.py "
        f"--size {args.size}` (`make bench SIZE={args.size}`) on commit {git_state()}. "
        f"Machine: {os.cpu_count()} cores ({platform.machine()}), "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM, shared; load average "
        f"{', '.join(f'{x:.2f}' for x in load_before)} at the start, {load_after} at the end. "
        f"Python {platform.python_version()}; pyoxigraph {version('pyoxigraph')}, oxigraph "
        f"(server) {version('oxigraph')}, rdflib-endpoint {version('rdflib-endpoint')}, rdflib "
        f"{version('rdflib')}, uvicorn {version('uvicorn')}.",
        "",
        f"Corpus: `{corpus.relative_to(ROOT)}` = `peacekg synth --triples {SIZES[args.size]} "
        f"--seed {args.seed}` ({triples:,} quads). Each system in turn, alone, on 127.0.0.1; "
        f"POST (form) with `Accept: {SPARQL_JSON}`, one keep-alive httpx connection, the body "
        f"read and parsed. {args.warmup} warm-up runs, then {args.runs} timed runs per query "
        f"(only {args.slow_runs} when one run takes over {args.slow:g} s); median and p95 "
        f"(nearest rank) in milliseconds. A query not finished in {args.timeout:g} s counts as "
        f"{args.timeout:g} s. Ratios are from this one run.",
        "",
        f"**{OURS}** is `peacekg serve` as shipped: its query workers copy the store into memory "
        "(`PEACEKG_QUERY_ENGINE=auto`), and its response cache answers a request asked before "
        "(until the next ingest), so its timed runs, which repeat the warm-up's request, are "
        f"answered from the cache. **{COLD}** is the same with `PEACEKG_RESPONSE_CACHE_MB=0`: "
        "every request is evaluated by the engine, as on the peers (the Oxigraph server and "
        "rdflib-endpoint keep no results).",
        "",
        "## Latency",
        "",
        "| query | rows | "
        + " | ".join(f"{n} median | {n} p95" for n in names)
        + "".join(f" | {v.name} / {p.name}" for v in variants for p in peers)
        + " |",
        "|---|--:|" + "--:|" * (2 * len(names) + len(variants) * len(peers)),
    ]
    mismatches = []
    ratios: dict[tuple[str, str], list[float]] = {
        (v.name, p.name): [] for v in variants for p in peers
    }
    for q in [*queries, "REST stance lookup"]:
        cells = [q]
        counts = {r.name: r.queries[q].rows for r in results if q in r.queries}
        known = {n: c for n, c in counts.items() if c is not None}
        if len(set(known.values())) > 1:
            mismatches.append(f"{q}: " + ", ".join(f"{n} {c}" for n, c in counts.items()))
        cells.append(" / ".join(str(c) for c in dict.fromkeys(known.values())) or "—")
        for r in results:
            t = r.queries.get(q)
            if t is None:
                cells += ["", ""]
            else:
                cells += [ms(t.median, args.timeout), ms(t.p95, args.timeout)]
        # the REST lookup is compared with the equivalent SPARQL query on the peers
        peer_query = STANCE_QUERY if q == "REST stance lookup" else q
        for v in variants:
            o = v.queries[q].median if q in v.queries else math.nan
            for p in peers:
                x = p.queries[peer_query].median if peer_query in p.queries else math.nan
                if q.startswith("W"):
                    ratios[(v.name, p.name)].append(o / x if x else math.nan)
                cells.append(ratio(o, x))
        lines.append("| " + " | ".join(cells) + " |")
    means = {key: geomean(values) for key, values in ratios.items()}
    lines.append(
        f"| **geometric mean (W1–W7)** | | {' | '.join([''] * (2 * len(names)))} | "
        + " | ".join(f"**{ratio(m, 1)}**" for m in means.values())
        + " |"
    )
    lines += [
        "",
        "The REST row is `GET " + REST_PATH + "` on ours; its peer columns' ratios are against "
        f"the peers' `{STANCE_QUERY}` (the same stances by SPARQL, without the evidence and "
        "links the REST answer also carries). Its row count is the items of the page.",
        "",
    ]
    if mismatches:
        lines += ["**Row counts differ** (same data, same query):", ""]
        lines += [f"- {m}" for m in mismatches]
        lines.append("")
    else:
        lines += ["Every system returned the same number of rows for every query it finished.", ""]
    lines += [
        f"## Throughput ({args.clients} concurrent clients, {args.duration:g} s each)",
        "",
        "| system | REST stance lookup | SPARQL `" + STANCE_QUERY + "` |",
        "|---|--:|--:|",
    ]
    for r in results:
        rest_tp = r.throughput.get("REST")
        sparql_tp = r.throughput.get("SPARQL")
        lines.append(
            f"| {r.name} | {f'{rest_tp:,.0f} req/s' if rest_tp else ''} | "
            f"{f'{sparql_tp:,.0f} req/s' if sparql_tp else '—'} |"
        )
    lines += [
        "",
        "## Load, start-up, memory",
        "",
        "| system | load | start-up (until it answers) | queries in memory after | RSS idle "
        "| RSS after the workload |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        load = "in start-up" if math.isnan(r.load_s) else f"{r.load_s:.1f} s"
        lines.append(
            f"| {r.name} | {load} | {r.start_s:.1f} s | "
            f"{'' if math.isnan(r.engine_s) else f'{r.engine_s:.1f} s'} | "
            f"{r.rss_idle_mb:,.0f} MB | "
            f"{r.rss_mb:,.0f} MB |"
        )
    lines += [
        "",
        "RSS: psutil, the server process plus all its children (ours runs queries in worker "
        "processes), in MB (10^6 bytes). Ours loads with `OxigraphStore.load` (one transaction, "
        "as `peacekg build`), the Oxigraph server with `oxigraph load` (its bulk loader).",
        "",
        "Ours runs its query workers at niceness 5 (`peacekg.query.worker.NICENESS`): on a "
        "machine that other jobs keep busy, they get less CPU than the peers' servers, which "
        "run at niceness 0.",
        "",
    ]

    # Targets
    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "**missed**")

    lines += ["## Against the Targets of issue 6", "", "| target | measured | verdict |",
              "|---|---|---|"]  # fmt: skip
    for v in variants:
        if oxi:
            per = [
                (q, v.queries[q].median / oxi.queries[q].median)
                for q in queries
                if q.startswith("W") and oxi.queries[q].median
            ]
            worst = max(per, key=lambda p: p[1] if not math.isnan(p[1]) else -1)
            lines.append(
                f"| {v.name}: every query ≤ 0.5 × Oxigraph server (median) | "
                + ", ".join(f"{q.split('-')[0]} {ratio(r, 1)}" for q, r in per)
                + f" (worst {worst[0].split('-')[0]}) | {verdict(all(r <= 0.5 for _, r in per))} |"
            )
            r_tp, o_tp = v.throughput.get("REST"), oxi.throughput.get("SPARQL")
            if r_tp and o_tp:
                lines.append(
                    f"| {v.name}: REST stance lookup ≥ 2 × Oxigraph server's SPARQL throughput | "
                    f"{r_tp:,.1f} / {o_tp:,.0f} req/s = {ratio(r_tp, o_tp)} | "
                    f"{verdict(r_tp / o_tp >= 2)} |"
                )
        if rdfe:
            g = means[(v.name, rdfe.name)]
            lines.append(
                f"| {v.name}: ≥ 20 × faster than rdflib-endpoint (geometric mean, > "
                f"{args.timeout:g} s counts as {args.timeout:g} s) | {v.name} / rdflib-endpoint "
                f"= {g:.3f}× ({1 / g:.1f} × faster) | {verdict(1 / g >= 20)} |"
            )
        lines.append(
            f"| {v.name}: memory stated, ≤ 2 GiB (1M) | {v.rss_mb:,.0f} MB after the workload | "
            f"{verdict(v.rss_mb < 2 * 2**30 / 1e6)} |"
        )
        lines.append(
            f"| {v.name}: start-up stated | load {v.load_s:.1f} s; answers after "
            f"{v.start_s:.1f} s, from memory after {v.engine_s:.1f} s | stated |"
        )
    lines += [
        "| ingest into 1M ≤ 1.5 × into 10k | not measured here: `bench/ingest_scaling.py` "
        "(`bench/results/ingest-scaling.md`) | — |",
        "",
    ]
    for r in results:
        if r.restarts:
            lines.append(
                f"- {r.name} was restarted {r.restarts} time(s) after a query that did not "
                f"finish in {args.timeout:g} s (it cannot stop a running query)."
            )
        for q, t in r.queries.items():
            if t.error:
                lines.append(f"- {r.name}, {q}: failed: `{t.error}`")
    lines.append("")
    return "\n".join(lines)


def corpus_for(args: argparse.Namespace) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"synth-{args.size}-seed{args.seed}.nq"
    if not path.exists():
        partial = path.with_suffix(".partial.nq")
        subprocess.run(
            [str(BIN / "peacekg"), "synth", "--triples", str(SIZES[args.size]),
             "--seed", str(args.seed), "--output", str(partial)],
            check=True,
        )  # fmt: skip
        partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="100k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument(
        "--systems",
        default="ours,cold,oxigraph,rdflib",
        help="comma-separated: ours,cold (ours with the cache off),oxigraph,rdflib",
    )
    parser.add_argument("--keep-stores", action="store_true")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    began = datetime.now(UTC)
    load_before = os.getloadavg()

    corpus = corpus_for(args)
    with corpus.open("rb") as f:
        triples = sum(1 for _ in f)
    queries = {BASELINE: "ASK {}"}
    queries |= {p.stem: p.read_text(encoding="utf-8") for p in sorted(WORKLOAD.glob("W*.rq"))}
    wanted = {"ours": OURS, "cold": COLD, "oxigraph": "Oxigraph server"}
    wanted["rdflib"] = "rdflib-endpoint"
    chosen = [wanted[s.strip()] for s in args.systems.split(",")]
    results = []
    for system in SYSTEMS:
        if system.name in chosen:
            results.append(run_system(system, corpus, queries, args))
    text = report(results, list(queries), args, corpus, triples, load_before, began)
    output = args.output or ROOT / "bench" / "results" / f"bench-{args.size}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()
