"""Peak memory of the service while it sends a large CONSTRUCT answer: streamed, the answer
does not sit in the server process.

Generates a store of ``--triples`` triples (default 500,000, in 100 graphs), starts
``peacekg serve`` on it (its own process, on a free loopback port, the row cap raised above
the answer's size), asks ``CONSTRUCT WHERE { ?s ?p ?o }`` as N-Triples and reads the body a
chunk at a time without keeping it, while sampling every 20 ms the resident memory (RSS) of
the server process and of its query workers. Writes the figures as Markdown to
``bench/results/streaming-rss.md``.

Usage::

    .venv/bin/python bench/streaming_rss.py [--triples 500000]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "streaming-rss.md"
EX = "https://example.org/"
MB = 1024 * 1024


def generate(path: Path, triples: int) -> None:
    store = ox.Store(str(path))
    store.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"),
            ox.NamedNode(f"{EX}p{i % 7}"),
            ox.Literal(f"value {i} of a long enough literal to weigh something"),
            ox.NamedNode(f"{EX}graph/{i % 100}"),
        )
        for i in range(triples)
    )
    store.flush()


class Sampler(threading.Thread):
    """Samples the RSS of a process and of its children until stopped; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.server_peak = 0
        self.worker_peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.server_peak = max(self.server_peak, self.process.memory_info().rss)
            for child in self.process.children():
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.worker_peak = max(self.worker_peak, child.memory_info().rss)
            time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--triples", type=int, default=500_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        generate(store, args.triples)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PEACEKG_")}
        env |= {"PEACEKG_MAX_RESULT_ROWS": str(args.triples * 2), "PEACEKG_QUERY_TIMEOUT": "600"}
        env |= {"PEACEKG_MAX_CONCURRENT_QUERIES": "2"}
        command = [sys.executable, "-m", "peacekg", "serve", "--store", str(store)]
        server = subprocess.Popen([*command, "--port", str(port)], cwd=tmp, env=env)
        try:
            url = f"http://127.0.0.1:{port}"
            while True:
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            time.sleep(1.0)  # the workers open the store
            idle_server = psutil.Process(server.pid).memory_info().rss
            idle_worker = max(c.memory_info().rss for c in psutil.Process(server.pid).children())
            sampler = Sampler(server.pid)
            sampler.start()
            size, chunks, start = 0, 0, time.monotonic()
            with httpx.stream(
                "GET",
                url + "/sparql",
                params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                headers={"Accept": "application/n-triples"},
                timeout=600,
            ) as response:
                response.raise_for_status()
                for chunk in response.iter_raw():
                    size += len(chunk)
                    chunks += 1
            elapsed = time.monotonic() - start
            sampler.stopped.set()
            sampler.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = [
        "# Peak memory while the endpoint sends a large CONSTRUCT answer",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/streaming_rss.py`; "
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, "
        f"{os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        f"`CONSTRUCT WHERE {{ ?s ?p ?o }}` as N-Triples over a generated store of "
        f"{args.triples:,} triples; the body read in chunks and dropped by the client.",
        "",
        "| | MB |",
        "|---|--:|",
        f"| answer size | {size / MB:.1f} |",
        f"| server process RSS, idle | {idle_server / MB:.1f} |",
        f"| server process RSS, peak while sending | {sampler.server_peak / MB:.1f} |",
        f"| one query worker RSS, idle | {idle_worker / MB:.1f} |",
        f"| query worker RSS, peak (the row cap raised above the answer: the worker holds "
        f"the triples until it knows there are no more) | {sampler.worker_peak / MB:.1f} |",
        "",
        f"{chunks:,} chunks received in {elapsed:.1f} s.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
