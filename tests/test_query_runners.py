"""The query runners on their own (no HTTP): the worker pool's protocol, errors and recovery,
and the thread runner's limits."""

from __future__ import annotations

import asyncio
import doctest
import importlib
import os
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import psutil
import pytest
from rdflib import Dataset, Literal, URIRef

from peacekg.namespaces import PREFIXES
from peacekg.query.pool import Engine, WorkerPool
from peacekg.query.runner import QueryRunner, RunnerLimits, ThreadRunner
from peacekg.store import (
    CSV,
    OxigraphStore,
    QueryForm,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    TooManyQueries,
    UnsupportedMediaType,
)

EX = "https://example.org/"
LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def dataset(triples: int) -> Dataset:
    data = Dataset()
    for i in range(triples):
        data.graph(URIRef(f"{EX}graph/{i % 10}")).add(
            (URIRef(f"{EX}s{i}"), URIRef(EX + "value"), Literal(i))
        )
    return data


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runners") / "store"
    with OxigraphStore(path) as store:
        store.load(dataset(1000))
    return path


async def body(runner: QueryRunner, query: str, media_type: str = CSV) -> bytes:
    running = await runner.run(query, media_type)
    return b"".join([chunk async for chunk in running.chunks()])


def with_pool(
    store_path: Path,
    test: Callable[[WorkerPool], Awaitable[None]],
    engine: Engine = "disk",
    max_memory_quads: int | None = None,
    **limits: float,
) -> None:
    async def main() -> None:
        async with WorkerPool(
            store_path,
            RunnerLimits(**limits),  # type: ignore[arg-type]
            base_iri=EX,
            engine=engine,
            max_memory_quads=max_memory_quads,
        ) as pool:
            await test(pool)

    asyncio.run(main())


class TestWorkerPool:
    def test_results_errors_and_prefixes_come_through(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"
            running = await pool.run("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
            assert running.form is QueryForm.CONSTRUCT and running.truncated
            assert len((b"".join([c async for c in running.chunks()])).splitlines()) == 10
            # peacekg's prefixes and the base IRI are known in the workers, as in the CLI
            assert await body(pool, "ASK { ?s rdfs:label ?o }") == b"false"
            assert await body(pool, "SELECT ?s WHERE { <s7> ?p ?s }") == b"s\r\n7\r\n"
            with pytest.raises(QuerySyntaxError) as syntax:
                await pool.run("SELECT ?s WHERE { ?s ?p ?o ", CSV)
            assert (syntax.value.line, syntax.value.column) == (1, 28)
            with pytest.raises(UnsupportedMediaType):
                await pool.run(COUNT, "text/turtle")
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"  # the workers are still fine

        with_pool(store_path, test, slots=2, max_results=10)

    def test_a_worker_killed_from_outside_is_replaced(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            first = pool.pids
            os.kill(first[0], signal.SIGKILL)
            await asyncio.sleep(0.2)
            for _ in range(3):
                assert await body(pool, COUNT) == b"n\r\n1000\r\n"
            deadline = time.monotonic() + 10
            while len(pool.pids) < 2 or first[0] in pool.pids:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)

        with_pool(store_path, test, slots=2)

    def test_timeout_kills_the_worker_and_frees_its_slot(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            (worker,) = pool.pids
            start = time.monotonic()
            with pytest.raises(QueryTimeout):
                await pool.run(LONG, CSV)
            assert time.monotonic() - start < 0.5 + 1.0
            # the one slot is free again once the replacement has started
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"
            assert worker not in pool.pids

        with_pool(store_path, test, slots=1, timeout=0.5, queue_timeout=10)

    def test_no_free_worker_is_too_many_queries(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            long = asyncio.create_task(pool.run(LONG, CSV))
            await asyncio.sleep(0.1)
            with pytest.raises(TooManyQueries) as refused:
                await pool.run(COUNT, CSV)
            assert refused.value.retry_after == 2
            with pytest.raises(QueryTimeout):
                await long

        with_pool(store_path, test, slots=1, timeout=1.5, queue_timeout=0.2)


def test_a_module_in_the_working_directory_does_not_break_the_workers(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: workers ran ``python -m`` with the working directory first on sys.path, so
    a ``copy.py`` there (a user's file) shadowed the standard library and no worker started."""
    (tmp_path / "copy.py").write_text("raise SystemExit('shadowed the standard library')\n")
    monkeypatch.chdir(tmp_path)

    async def test(pool: WorkerPool) -> None:
        assert await body(pool, COUNT) == b"n\r\n1000\r\n"

    with_pool(store_path, test, slots=1)


def test_reopen_shows_what_was_written_since(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with OxigraphStore(path) as store:
        store.load(dataset(10))

    async def test(pool: WorkerPool) -> None:
        assert await body(pool, COUNT) == b"n\r\n10\r\n"
        with OxigraphStore(path) as writer:  # the workers read without locking the store
            writer.load(dataset(30))
        assert await body(pool, COUNT) == b"n\r\n10\r\n"  # each worker reads its snapshot
        before = pool.pids
        await pool.reopen()
        assert not set(before) & set(pool.pids)
        assert await body(pool, COUNT) == b"n\r\n30\r\n"

    with_pool(path, test, slots=2)


def _running(pid: int) -> bool:
    """Whether the process is alive (a zombie waiting to be reaped is not)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class TestMemoryEngine:
    """Workers that copy the store into memory take over from those on disk once ready."""

    def test_copies_in_memory_take_over_and_answer_the_same(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"  # at once, on disk
            on_disk = pool.pids
            assert await pool.wait_for_engine() == "memory"
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"
            assert await body(pool, "SELECT ?s WHERE { <s7> ?p ?s }") == b"s\r\n7\r\n"
            deadline = time.monotonic() + 10
            while set(on_disk) & set(pool.pids) or len(pool.pids) != 2:  # retired, not kept
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            assert not any(psutil.pid_exists(pid) for pid in on_disk)

        with_pool(store_path, test, engine="memory", slots=2)

    def test_a_store_over_the_quad_limit_stays_on_disk(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            workers = pool.pids
            assert await pool.wait_for_engine() == "disk"
            assert pool.pids == workers  # the workers on disk go on answering
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"

        with_pool(store_path, test, engine="memory", max_memory_quads=999, slots=2)

    def test_a_start_that_fails_or_is_cancelled_leaves_no_worker_behind(
        self, store_path: Path
    ) -> None:
        """Regression: a start cancelled while it cleaned up after an error left its worker
        listed in the pool (one worker too many, and a dead one)."""

        async def test(pool: WorkerPool) -> None:
            workers = pool.pids
            with pytest.raises(StoreError, match="more than 999 quads"):
                await pool._spawn("memory")  # the start itself is under test
            assert pool.pids == workers
            starting = asyncio.ensure_future(pool._spawn("memory"))
            while len(pool.pids) == len(workers):
                await asyncio.sleep(0.001)
            (started,) = set(pool.pids) - set(workers)
            starting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await starting
            assert pool.pids == workers
            deadline = time.monotonic() + 10
            while _running(started):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)

        with_pool(store_path, test, max_memory_quads=999, slots=1)

    def test_a_timeout_in_memory_is_replaced_by_a_copy(self, store_path: Path) -> None:
        async def test(pool: WorkerPool) -> None:
            assert await pool.wait_for_engine() == "memory"
            with pytest.raises(QueryTimeout):
                await pool.run(LONG, CSV)
            assert await body(pool, COUNT) == b"n\r\n1000\r\n"
            assert pool.engine == "memory"

        with_pool(store_path, test, engine="memory", slots=1, timeout=0.5, queue_timeout=30)

    def test_reopen_answers_the_new_data_at_once_then_from_memory(self, tmp_path: Path) -> None:
        path = tmp_path / "store"
        with OxigraphStore(path) as store:
            store.load(dataset(10))

        async def test(pool: WorkerPool) -> None:
            assert await pool.wait_for_engine() == "memory"
            with OxigraphStore(path) as writer:
                writer.load(dataset(30))
            assert await body(pool, COUNT) == b"n\r\n10\r\n"  # the copies are snapshots
            await pool.reopen()
            assert pool.engine == "disk"
            assert await body(pool, COUNT) == b"n\r\n30\r\n"
            assert await pool.wait_for_engine() == "memory"
            assert await body(pool, COUNT) == b"n\r\n30\r\n"

        with_pool(path, test, engine="memory", slots=2)


class TestThreadRunner:
    def test_limits_over_a_store_in_memory(self) -> None:
        store = OxigraphStore(prefixes=PREFIXES)
        store.load(dataset(200))  # LONG: 8·10⁶ solutions, about a second

        async def main() -> None:
            limits = RunnerLimits(timeout=0.2, slots=1, queue_timeout=0.1, max_results=5)
            async with ThreadRunner(store, limits) as runner:
                running = await runner.run("SELECT ?s WHERE { ?s ?p ?o }", CSV)
                assert running.truncated
                assert len((b"".join([c async for c in running.chunks()])).splitlines()) == 6
                with pytest.raises(QueryTimeout):
                    await runner.run(LONG, CSV)
                # the thread runs on to the end of its query, holding the one slot meanwhile
                with pytest.raises(TooManyQueries):
                    await runner.run(COUNT, CSV)

        asyncio.run(main())


@pytest.mark.parametrize("module", ["peacekg.query.service", "peacekg.query.worker"])
def test_docstring_examples(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0
