"""A pool of query worker processes, with a time limit that really stops a query.

Each worker (:mod:`peacekg.store.worker`) opens the store on disk read-only and answers one
query at a time. The pool hands a query to an idle worker, and waits for its answer without
blocking the event loop. When the time limit passes, it kills that worker (its own process, by
its handle), raises :class:`~peacekg.store.errors.QueryTimeout`, and starts a fresh worker in
its place: the killed query no longer holds a CPU, and the other workers answer meanwhile. A
query that finds no idle worker within ``queue_timeout`` gets
:class:`~peacekg.store.errors.TooManyQueries`.

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
from collections.abc import AsyncIterator
from pathlib import Path

from peacekg.store.base import QueryForm
from peacekg.store.errors import (
    QueryTimeout,
    QueryWorkerFailed,
    StoreError,
    StoreUnavailable,
)
from peacekg.store.runner import QueryRunner, RunnerLimits, RunningQuery
from peacekg.store.worker import (
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

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 60.0
RESTART_DELAY = 1.0


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process, generation: int) -> None:
        self.process = process
        self.pid = process.pid
        self.generation = generation  # which opening of the store it sees

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
    """``limits.slots`` worker processes over the store at ``store_path``."""

    def __init__(
        self, store_path: Path, limits: RunnerLimits, *, base_iri: str | None = None
    ) -> None:
        super().__init__(limits)
        self.store_path = store_path
        self.base_iri = base_iri
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._generation = 0

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

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        for worker in list(self._workers):
            await worker.process.wait()
        self._workers.clear()

    async def reopen(self) -> None:
        """Make every worker open the store afresh, to see what was written to it since (a
        worker opens a snapshot of the store). Idle workers are replaced now, busy ones when
        their query ends; returns when the idle ones have been replaced."""
        self._generation += 1
        stale: list[_Worker] = []
        while not self._idle.empty():
            stale.append(self._idle.get_nowait())
        for worker in stale:
            worker.kill()
        await asyncio.gather(*(self._replace(worker) for worker in stale))

    async def run(self, query: str, media_type: str) -> RunningQuery:
        if self._closed:
            raise StoreUnavailable("The query workers have been stopped.")
        try:
            async with asyncio.timeout(self.limits.queue_timeout):
                worker = await self._idle.get()
                # Dead while idle (killed from outside, OOM), or opened before reopen():
                while not worker.alive or worker.generation != self._generation:
                    self._discard(worker)
                    worker = await self._idle.get()
        except TimeoutError:
            raise self.limits.too_many() from None
        deadline = asyncio.get_running_loop().time() + self.limits.timeout
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
            async with asyncio.timeout_at(deadline):
                return await worker.receive()
        except TimeoutError:
            log.warning(
                "A query ran longer than %g s: stopped its worker (process %d).",
                self.limits.timeout,
                worker.pid,
            )
            raise QueryTimeout(self.limits.timeout) from None

    def _release(self, worker: _Worker) -> None:
        """Put a worker that answered back in the pool (or a fresh one, if the store was
        reopened while it worked)."""
        if self._closed:
            worker.kill()
        elif worker.generation != self._generation:
            self._discard(worker)
        else:
            self._idle.put_nowait(worker)

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker whose query did not end well, and start another in its place."""
        worker.kill()
        self._track(self._replace(worker))

    def _track(self, coroutine: object) -> None:
        task = asyncio.ensure_future(coroutine)  # type: ignore[call-overload]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, dead: _Worker) -> None:
        await dead.process.wait()
        self._workers.discard(dead)
        while not self._closed:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except StoreError as error:
                log.error("A query worker could not start: %s Retrying.", error)
                await asyncio.sleep(RESTART_DELAY)

    async def _spawn(self) -> _Worker:
        """A new worker that has opened the store."""
        arguments = ["--store", str(self.store_path), "--parent-pid", str(os.getpid())]
        if self.base_iri:
            arguments += ["--base-iri", self.base_iri]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "peacekg.store.worker",
            *arguments,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = _Worker(process, self._generation)
        self._workers.add(worker)
        try:
            async with asyncio.timeout(STARTUP_TIMEOUT):
                kind, payload = await worker.receive()
        except BaseException as error:
            worker.kill()
            await process.wait()
            self._workers.discard(worker)
            if isinstance(error, TimeoutError | QueryWorkerFailed):
                raise StoreUnavailable(
                    f"A query worker over {self.store_path} did not start."
                ) from error
            raise
        if kind != READY:
            worker.kill()
            await process.wait()
            self._workers.discard(worker)
            raise (
                decode_error(json.loads(payload))
                if kind == ERROR
                else QueryWorkerFailed(
                    f"A query worker sent {kind!r} instead of saying it is ready."
                )
            )
        return worker


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
