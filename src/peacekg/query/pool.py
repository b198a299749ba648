"""A pool of query worker processes, with a time limit that really stops a query.

Each worker (:mod:`peacekg.query.worker`) opens the store on disk read-only and answers one
query at a time. The pool hands a query to an idle worker, and waits for its answer without
blocking the event loop. When the time limit passes, it kills that worker (its own process, by
its handle), raises :class:`~peacekg.store.errors.QueryTimeout`, and starts a fresh worker in
its place: the killed query no longer holds a CPU, and the other workers answer meanwhile. A
query that finds no idle worker within ``queue_timeout`` gets
:class:`~peacekg.store.errors.TooManyQueries`.

Engines: every worker reads the store on disk (``engine="disk"``), or, with
``engine="memory"``, copies it into memory, where queries run 5–10 times faster. Copying takes
seconds per million quads, so the pool starts with workers on disk and answers at once; a
second set of workers copies the store meanwhile and takes over when every copy is ready. After
:meth:`WorkerPool.reopen` (an ingest) the same happens again: workers on disk see the new data
at once, copies in memory follow. A store with more than ``max_memory_quads`` quads stays on
disk.

The results come from the worker in chunks as the engine writes them, and go on to the client
as they come (:meth:`RunningQuery.chunks`): a large answer does not sit in this process. The
pipe from the worker holds a few of them; the worker waits while the client reads slowly.

    async with WorkerPool(Path("var/store"), RunnerLimits(timeout=30, slots=4)) as pool:
        running = await pool.run("SELECT * WHERE { ?s ?p ?o }", "text/csv")
        async for chunk in running.chunks():
            ...
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Literal

from peacekg.query.runner import QueryRunner, RunnerLimits, RunningQuery
from peacekg.query.worker import (
    DATA,
    END,
    ERROR,
    FRAME_HEADER,
    HEAD,
    QUERY,
    READY,
    decode_error,
    json_frame,
)
from peacekg.store.base import QueryForm
from peacekg.store.errors import (
    QueryTimeout,
    QueryWorkerFailed,
    StoreError,
    StoreUnavailable,
)

log = logging.getLogger(__name__)

Engine = Literal["disk", "memory"]

STARTUP_TIMEOUT = 60.0
MEMORY_STARTUP_TIMEOUT = 900.0  # copying the store: ~10 s per million quads on one core
RESTART_DELAY = 1.0


class _Worker:
    """One worker process and its pipes."""

    def __init__(
        self, process: asyncio.subprocess.Process, generation: int, engine: Engine
    ) -> None:
        self.process = process
        self.pid = process.pid
        self.generation = generation  # which opening of the store it sees
        self.engine = engine

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def send(self, request: dict[str, object]) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(json_frame(QUERY, request))
            await stdin.drain()
        except ConnectionError as error:
            raise QueryWorkerFailed(
                f"The query worker (process {self.pid}) stopped before it got the query."
            ) from error

    async def receive(self) -> tuple[bytes, bytes]:
        """The next frame; QueryWorkerFailed if the worker died."""
        stdout = self.process.stdout
        assert stdout is not None
        try:
            kind, length = FRAME_HEADER.unpack(await stdout.readexactly(FRAME_HEADER.size))
            return kind, await stdout.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise QueryWorkerFailed(
                f"The query worker (process {self.pid}) stopped before it answered."
            ) from error

    def kill(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()


class WorkerPool(QueryRunner):
    """``limits.slots`` worker processes over the store at ``store_path``; ``engine`` and
    ``max_memory_quads`` as in the module's docstring."""

    def __init__(
        self,
        store_path: Path,
        limits: RunnerLimits,
        *,
        base_iri: str | None = None,
        engine: Engine = "disk",
        max_memory_quads: int | None = None,
    ) -> None:
        super().__init__(limits)
        self.store_path = store_path
        self.base_iri = base_iri
        self.target_engine: Engine = engine
        self.max_memory_quads = max_memory_quads
        self._engine: Engine = "disk"  # what the workers of this generation run on
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._upgrade_task: asyncio.Task[None] | None = None
        self._closed = False
        self._generation = 0

    @property
    def engine(self) -> Engine:
        """Where the queries are answered now: ``disk``, or ``memory`` once every copy is
        ready."""
        return self._engine

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return sorted(worker.pid for worker in self._workers)

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        results = await asyncio.gather(
            *(self._spawn() for _ in range(self.limits.slots)), return_exceptions=True
        )
        errors = [result for result in results if isinstance(result, BaseException)]
        if errors:
            await self.close()
            raise errors[0]
        for worker in results:
            assert isinstance(worker, _Worker)
            self._idle.put_nowait(worker)
        self._start_upgrade()

    async def wait_for_engine(self) -> Engine:
        """Wait until the copies in memory have taken over (or failed); the engine then."""
        while (task := self._upgrade_task) is not None and not task.done():
            await asyncio.wait({task})
        return self._engine

    def _start_upgrade(self) -> None:
        """Copy the store into memory in a new set of workers, if the pool should."""
        if self.target_engine == "memory" and not self._closed:
            self._upgrade_task = asyncio.ensure_future(self._upgrade(self._generation))

    async def _upgrade(self, generation: int) -> None:
        """Start ``slots`` workers in memory; when all are ready, they replace those on disk."""
        spawned = [asyncio.ensure_future(self._spawn("memory")) for _ in range(self.limits.slots)]
        try:
            await asyncio.gather(*spawned)
        except (asyncio.CancelledError, StoreError) as error:  # cancelled by reopen() or close()
            for task in spawned:
                task.cancel()
            await asyncio.gather(*spawned, return_exceptions=True)
            self._retire_started(spawned)
            if isinstance(error, StoreError):
                log.warning("Queries stay on disk: %s", error)
                return
            raise
        if generation != self._generation or self._closed:
            self._retire_started(spawned)
            return
        self._engine = "memory"
        stale: list[_Worker] = []
        while not self._idle.empty():
            stale.append(self._idle.get_nowait())
        for task in spawned:
            self._idle.put_nowait(task.result())
        for worker in stale:  # busy ones are retired when they answer (_release)
            self._retire(worker)
        log.info("Queries now run on copies of the store in memory (%d workers).", len(spawned))

    def _retire_started(self, spawned: Sequence[asyncio.Future[_Worker]]) -> None:
        """Stop the workers of ``spawned`` that started (the others cleaned up after
        themselves)."""
        for task in spawned:
            if task.done() and not task.cancelled() and task.exception() is None:
                self._retire(task.result())

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker that is no longer needed (no replacement)."""
        worker.kill()
        self._track(self._reap(worker))

    async def _reap(self, worker: _Worker) -> None:
        await worker.process.wait()
        self._workers.discard(worker)

    async def close(self) -> None:
        self._closed = True
        if self._upgrade_task is not None:
            self._upgrade_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, StoreError):
                await self._upgrade_task
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        for worker in list(self._workers):
            await worker.process.wait()
        self._workers.clear()

    async def reopen(self) -> None:
        """Make the workers see what was written to the store since they opened it (a worker
        holds a snapshot). Returns when a fresh set of workers on disk is ready; idle workers
        are stopped now, busy ones when their query ends; copies in memory follow, as at
        start()."""
        self._generation += 1
        self._engine = "disk"  # fresh workers on disk see the new data at once
        if self._upgrade_task is not None:
            self._upgrade_task.cancel()
        while not self._idle.empty():
            self._retire(self._idle.get_nowait())
        # Busy workers see the old data: they are retired when they answer (_release).
        fresh = await asyncio.gather(*(self._spawn_until_ready() for _ in range(self.limits.slots)))
        for worker in fresh:
            if worker is not None:
                self._idle.put_nowait(worker)
        self._start_upgrade()

    async def run(self, query: str, media_type: str) -> RunningQuery:
        if self._closed:
            raise StoreUnavailable("The query workers have been stopped.")
        try:
            async with asyncio.timeout(self.limits.queue_timeout):
                worker = await self._idle.get()
                # Dead while idle (killed from outside, OOM), or opened before reopen():
                while not self._current(worker):
                    self._discard(worker)
                    worker = await self._idle.get()
        except TimeoutError:
            raise self.limits.too_many() from None
        deadline = self.limits.deadline()
        request: dict[str, object] = {
            "query": query,
            "media_type": media_type,
            "max_results": self.limits.max_results,
        }
        try:
            await worker.send(request)
            kind, payload = await self._receive(worker, deadline)
        except BaseException:
            self._discard(worker)
            raise
        if kind == ERROR:
            self._idle.put_nowait(worker)
            raise decode_error(json.loads(payload))
        if kind != HEAD:
            self._discard(worker)
            raise QueryWorkerFailed(f"The query worker sent {kind!r} instead of results.")
        head = json.loads(payload)
        return _PooledQuery(self, worker, deadline, head, media_type)

    async def _receive(self, worker: _Worker, deadline: float) -> tuple[bytes, bytes]:
        """The worker's next frame; QueryTimeout if it does not come before ``deadline``."""
        try:
            async with self.limits.time_limit(deadline):
                return await worker.receive()
        except QueryTimeout:
            log.warning(
                "A query ran longer than %g s: stopped its worker (process %d).",
                self.limits.timeout,
                worker.pid,
            )
            raise

    def _release(self, worker: _Worker) -> None:
        """Put a worker that answered back in the pool (or a fresh one, if the store was
        reopened while it worked)."""
        if self._closed:
            worker.kill()
        elif not self._current(worker):
            self._discard(worker)
        else:
            self._idle.put_nowait(worker)

    def _of_now(self, worker: _Worker) -> bool:
        """Whether the worker sees the store as it is now, on the pool's engine of now."""
        return worker.generation == self._generation and worker.engine == self._engine

    def _current(self, worker: _Worker) -> bool:
        return worker.alive and self._of_now(worker)

    def _discard(self, worker: _Worker) -> None:
        """Stop a worker whose query did not end well, or which is not current. One of now
        gets a replacement; the others were replaced already (reopen(), the copy in memory)."""
        if not self._of_now(worker):
            self._retire(worker)
            return
        worker.kill()
        self._track(self._replace(worker))

    def _track(self, coroutine: object) -> None:
        task = asyncio.ensure_future(coroutine)  # type: ignore[call-overload]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, dead: _Worker) -> None:
        await dead.process.wait()
        self._workers.discard(dead)
        worker = await self._spawn_until_ready()
        if worker is not None:
            self._idle.put_nowait(worker)

    async def _spawn_until_ready(self) -> _Worker | None:
        """A worker of the pool's current engine, retried until one starts (None if the pool
        closes meanwhile)."""
        while not self._closed:
            try:
                return await self._spawn(self._engine)
            except StoreError as error:
                log.error("A query worker could not start: %s Retrying.", error)
                await asyncio.sleep(RESTART_DELAY)
        return None

    async def _spawn(self, engine: Engine = "disk") -> _Worker:
        """A new worker that has opened the store (on disk, or copied into memory)."""
        arguments = ["--store", str(self.store_path), "--parent-pid", str(os.getpid())]
        arguments += ["--engine", engine]
        if engine == "memory" and self.max_memory_quads is not None:
            arguments += ["--max-quads", str(self.max_memory_quads)]
        if self.base_iri:
            arguments += ["--base-iri", self.base_iri]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-P",  # not the working directory first on sys.path: a copy.py there would shadow
            "-m",
            "peacekg.query.worker",
            *arguments,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = _Worker(process, self._generation, engine)
        self._workers.add(worker)
        ready = False
        try:
            try:
                async with asyncio.timeout(
                    MEMORY_STARTUP_TIMEOUT if engine == "memory" else STARTUP_TIMEOUT
                ):
                    kind, payload = await worker.receive()
            except (TimeoutError, QueryWorkerFailed) as error:
                raise StoreUnavailable(
                    f"A query worker over {self.store_path} did not start."
                ) from error
            if kind == ERROR:
                raise decode_error(json.loads(payload))
            if kind != READY:
                raise QueryWorkerFailed(
                    f"A query worker sent {kind!r} instead of saying it is ready."
                )
            ready = True
            return worker
        finally:
            if not ready:  # failed, timed out or cancelled: no await here, it must all happen
                worker.kill()
                self._workers.discard(worker)
                self._track(worker.process.wait())


class _PooledQuery(RunningQuery):
    """A query's results, streamed from the worker that runs it."""

    def __init__(
        self,
        pool: WorkerPool,
        worker: _Worker,
        deadline: float,
        head: dict[str, object],
        media_type: str,
    ) -> None:
        self.form = QueryForm(str(head["form"]))
        self.media_type = media_type
        self.truncated = bool(head["truncated"])
        self.max_results = pool.limits.max_results
        self._pool = pool
        self._worker = worker
        self._deadline = deadline
        self._finished = False

    async def chunks(self) -> AsyncIterator[bytes]:
        while not self._finished:
            try:
                kind, payload = await self._pool._receive(self._worker, self._deadline)
            except BaseException:
                await self.aclose()
                raise
            if kind == DATA:
                yield payload
                continue
            self._finished = True
            if kind == END:
                self._pool._release(self._worker)
                return
            if kind == ERROR:
                self._pool._release(self._worker)
                raise decode_error(json.loads(payload))
            self._pool._discard(self._worker)
            raise QueryWorkerFailed(f"The query worker sent {kind!r} among the results.")

    async def aclose(self) -> None:
        if not self._finished:
            self._finished = True
            self._pool._discard(self._worker)
