"""The endpoint's limits, against ``peacekg serve`` run as its own process on a loopback port:
a time limit that really stops the query, a limit on queries at once, a cap on results.

The store holds 2,000 triples in 10 graphs, so a cross product of three triple patterns
(8·10⁹ solutions to count) runs for minutes. The server runs with a 2 s time limit, two query
workers, a 0.5 s wait for a free worker and 50 result rows. Timings are checked with generous
bounds; the figures themselves belong in benchmarks.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest
from api_harness import graph, media_type, rows
from rdflib import Dataset, Literal, URIRef

from peacekg.store import OxigraphStore

EX = "https://example.org/"
TIMEOUT = 2.0
WORKERS = 2
QUEUE_TIMEOUT = 0.5
ROW_LIMIT = 50
TRIPLES, GRAPHS = 2000, 10

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = f"SELECT (COUNT(*) AS ?n) FROM <{EX}graph/3> WHERE {{ ?s ?p ?o }}"
EVERY_ROW = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"


def build_store(path: Path) -> None:
    data = Dataset()
    for i in range(TRIPLES):
        data.graph(URIRef(f"{EX}graph/{i % GRAPHS}")).add(
            (URIRef(f"{EX}s{i:04d}"), URIRef(EX + "value"), Literal(i))
        )
    with OxigraphStore(path) as store:
        store.load(data)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    ps: psutil.Process = field(init=False)

    def __post_init__(self) -> None:
        self.ps = psutil.Process(self.process.pid)

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def workers(self) -> list[psutil.Process]:
        return [child for child in self.ps.children() if child.is_running()]

    def cpu_seconds(self) -> float:
        """CPU time of the server, of its live workers, and of the workers it has reaped."""
        total = sum(self.ps.cpu_times()[:4])  # user, system, children_user, children_system
        for worker in self.workers():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += sum(worker.cpu_times()[:2])
        return total

    def wait_for_idle_workers(self, deadline: float = 15.0) -> list[int]:
        """Wait until the server has its workers, each started and waiting (no CPU used)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            workers = self.workers()
            if len(workers) == WORKERS:
                try:
                    before = [sum(w.cpu_times()[:2]) for w in workers]
                    time.sleep(0.2)
                    after = [sum(w.cpu_times()[:2]) for w in workers]
                except psutil.NoSuchProcess:
                    continue
                if before == after:
                    return sorted(w.pid for w in workers)
            time.sleep(0.05)
        raise AssertionError(f"The server did not get {WORKERS} idle workers in {deadline} s.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("limits")
    build_store(tmp / "store")
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("PEACEKG_")}
    env |= {
        "PEACEKG_QUERY_TIMEOUT": str(TIMEOUT),
        "PEACEKG_MAX_CONCURRENT_QUERIES": str(WORKERS),
        "PEACEKG_QUERY_QUEUE_TIMEOUT": str(QUEUE_TIMEOUT),
        "PEACEKG_MAX_RESULT_ROWS": str(ROW_LIMIT),
    }
    command = [sys.executable, "-m", "peacekg", "serve", "--store", str(tmp / "store")]
    process = subprocess.Popen([*command, "--port", str(port)], cwd=tmp, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("peacekg serve did not start.")
            time.sleep(0.1)
        running = Server(url, process)
        running.wait_for_idle_workers()
        yield running
        workers = running.workers()
    finally:
        process.terminate()
        process.wait(timeout=20)
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, "the server left query workers behind"


def get(server: Server, query: str, **params: str) -> tuple[httpx.Response, float]:
    """The response to a GET of ``query``, and the seconds it took."""
    start = time.monotonic()
    response = httpx.get(server.sparql, params={"query": query, **params}, timeout=30)
    return response, time.monotonic() - start


def error_code(response: httpx.Response) -> str:
    assert media_type(response) == "application/json", response.text
    code: str = response.json()["code"]
    return code


# -- the time limit --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimedOut:
    """What happened when a query ran past the limit while a light one was sent."""

    response: httpx.Response
    elapsed: float
    light: httpx.Response
    light_elapsed: float
    workers_before: list[int]
    workers_after: list[int]
    cpu_idle: float  # CPU seconds used by the server and its workers over IDLE_WINDOW


IDLE_WINDOW = 1.0


@pytest.fixture(scope="module")
def timed_out(server: Server) -> TimedOut:
    before = server.wait_for_idle_workers()
    with ThreadPoolExecutor(1) as pool:
        long = pool.submit(get, server, LONG)
        time.sleep(0.3)
        light, light_elapsed = get(server, LIGHT)
        response, elapsed = long.result()
    after = server.wait_for_idle_workers()
    cpu = server.cpu_seconds()
    time.sleep(IDLE_WINDOW)
    return TimedOut(
        response,
        elapsed,
        light,
        light_elapsed,
        before,
        after,
        server.cpu_seconds() - cpu,
    )


class TestTimeLimit:
    def test_the_client_gets_the_timeout_error_within_a_second_of_the_limit(
        self, timed_out: TimedOut
    ) -> None:
        assert timed_out.response.status_code == 503, timed_out.response.text
        assert error_code(timed_out.response) == "query_timeout"
        body = timed_out.response.json()
        assert body["timeout_seconds"] == TIMEOUT
        assert f"{TIMEOUT:g} s" in body["message"]
        assert TIMEOUT - 0.1 <= timed_out.elapsed <= TIMEOUT + 1.5

    def test_a_light_query_sent_meanwhile_is_answered(self, timed_out: TimedOut) -> None:
        assert timed_out.light.status_code == 200, timed_out.light.text
        assert rows(timed_out.light) == {(str(TRIPLES // GRAPHS),)}
        assert timed_out.light_elapsed < TIMEOUT / 2

    def test_the_worker_that_ran_it_was_replaced(self, timed_out: TimedOut) -> None:
        stopped = set(timed_out.workers_before) - set(timed_out.workers_after)
        assert len(stopped) == 1
        assert not any(psutil.pid_exists(pid) for pid in stopped)
        assert len(timed_out.workers_after) == WORKERS

    def test_the_server_is_back_to_idle_cpu(self, timed_out: TimedOut) -> None:
        # A query still running would use about IDLE_WINDOW seconds of CPU in the window.
        assert timed_out.cpu_idle < 0.2 * IDLE_WINDOW


# -- the limit on queries at once ------------------------------------------------------------


def test_beyond_the_running_queries_503_with_retry_after(server: Server) -> None:
    server.wait_for_idle_workers()
    with ThreadPoolExecutor(WORKERS) as pool:
        longs = [pool.submit(get, server, LONG) for _ in range(WORKERS)]
        time.sleep(0.4)
        # A text not asked before: an answer kept by the response cache needs no query slot.
        refused, elapsed = get(server, LIGHT + " # not asked before")
        answers = [future.result()[0] for future in longs]
    assert refused.status_code == 503, refused.text
    assert error_code(refused) == "too_many_queries"
    assert refused.headers["Retry-After"] == str(int(TIMEOUT))
    assert refused.json()["retry_after_seconds"] == int(TIMEOUT)
    assert QUEUE_TIMEOUT - 0.1 <= elapsed <= QUEUE_TIMEOUT + 1.0
    assert [error_code(answer) for answer in answers] == ["query_timeout"] * WORKERS


# -- the cap on results ----------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_select_beyond_the_row_limit_is_cut_and_says_so(server: Server, accept: str) -> None:
    server.wait_for_idle_workers()
    response = httpx.get(
        server.sparql, params={"query": EVERY_ROW}, headers={"Accept": accept}, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.headers["X-Peacekg-Truncated"] == "true"
    assert response.headers["X-Peacekg-Row-Limit"] == str(ROW_LIMIT)
    assert int(response.headers["content-length"]) == len(response.content)  # small: whole
    kept = rows(response)
    assert len(kept) == ROW_LIMIT
    assert {s for s, _ in kept} == {f"{EX}s{i:04d}" for i in range(ROW_LIMIT)}  # ORDER BY kept


def test_large_results_are_streamed_as_they_come(server: Server) -> None:
    """Results over the 64 KiB a worker sends at a time go out chunked, not buffered whole."""
    server.wait_for_idle_workers()
    big = "x" * 2_000
    query = f'SELECT ?s ?big WHERE {{ ?s ?p ?o BIND("{big}" AS ?big) }} ORDER BY ?s'
    response, _ = get(server, query)
    assert response.status_code == 200, response.text
    assert response.headers.get("transfer-encoding") == "chunked"
    assert len(response.content) > 64 * 1024
    assert len(rows(response)) == ROW_LIMIT


def test_results_within_the_limit_are_not_marked(server: Server) -> None:
    response, _ = get(server, EVERY_ROW + f" LIMIT {ROW_LIMIT}")
    assert len(rows(response)) == ROW_LIMIT
    assert "X-Peacekg-Truncated" not in response.headers
    assert "X-Peacekg-Row-Limit" not in response.headers


def test_construct_beyond_the_limit_is_cut(server: Server) -> None:
    response, _ = get(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert response.headers["X-Peacekg-Truncated"] == "true"
    assert len(graph(response)) == ROW_LIMIT


def test_the_openapi_description_documents_the_limits(server: Server) -> None:
    operation = httpx.get(server.url + "/openapi.json").json()["paths"]["/sparql"]["get"]
    assert {"X-Peacekg-Truncated", "X-Peacekg-Row-Limit"} <= set(
        operation["responses"]["200"]["headers"]
    )
    assert "Retry-After" in operation["responses"]["503"]["headers"]


def test_default_graph_uri_over_the_workers(server: Server) -> None:
    response, _ = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows(response) == {(str(TRIPLES),)}
    response, _ = get(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        **{"default-graph-uri": EX + "graph/3"},
    )
    assert rows(response) == {(str(TRIPLES // GRAPHS),)}


# -- the engine ------------------------------------------------------------------------------


def test_the_workers_copy_the_store_into_memory_and_say_so(server: Server) -> None:
    """The store is small: the copies in memory take over within seconds of the start."""
    deadline = time.monotonic() + 60
    while (state := httpx.get(server.url + "/health/queries").json())["engine"] != "memory":
        assert state["engine"] == "disk", state
        assert time.monotonic() < deadline, "the copies in memory never took over"
        time.sleep(0.2)
    assert state == {"engine": "memory", "slots": WORKERS}
    response, _ = get(server, EVERY_ROW + f" LIMIT {ROW_LIMIT}")
    assert len(rows(response)) == ROW_LIMIT
