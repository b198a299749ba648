"""Running queries for a service: a time limit, a cap on results, a limit on queries at once.

A :class:`QueryRunner` takes a query and a media type, and gives back a :class:`RunningQuery`
whose serialized results come in chunks. Two runners:

- :class:`peacekg.query.pool.WorkerPool` runs each query in a worker process over the store
  on disk, and kills the worker when the time limit passes: the work really stops. The service
  uses it.
- :class:`ThreadRunner` runs queries in threads over a store object (an in-memory store, in
  tests). Past the time limit the client gets its error, but the thread runs on to the end of
  the query, holding its slot; use it only over stores whose queries are known to be short.

Both raise :class:`~peacekg.store.errors.QueryTimeout` past the time limit and
:class:`~peacekg.store.errors.TooManyQueries` when every slot stays busy while a query waits;
the store's own errors (syntax, media type ...) come through as they are.
"""

from __future__ import annotations

import asyncio
import io
import math
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from peacekg.store.base import QueryForm, Store
from peacekg.store.errors import QueryTimeout, TooManyQueries


@dataclass(frozen=True)
class RunnerLimits:
    """``timeout``: seconds a query may run. ``slots``: queries that may run at once.
    ``queue_timeout``: seconds a query waits for a free slot before TooManyQueries.
    ``max_results``: solutions (SELECT) or triples (CONSTRUCT) kept; None for all."""

    timeout: float = 30.0
    slots: int = 4
    queue_timeout: float = 1.0
    max_results: int | None = 10_000

    @property
    def retry_after(self) -> int:
        """Seconds a refused client should wait: a slot frees within ``timeout`` at worst."""
        return max(1, math.ceil(min(self.timeout, 5.0)))

    def too_many(self) -> TooManyQueries:
        return TooManyQueries(self.slots, self.retry_after)

    def deadline(self) -> float:
        """When a query that starts now must have ended (the running event loop's clock)."""
        return asyncio.get_running_loop().time() + self.timeout

    @asynccontextmanager
    async def time_limit(self, deadline: float | None = None) -> AsyncIterator[None]:
        """The time limit on queries, the one place it is enforced: QueryTimeout if the block
        is still running ``timeout`` seconds from now (or at ``deadline``, for a query whose
        results come in several waits)."""
        try:
            async with asyncio.timeout_at(self.deadline() if deadline is None else deadline):
                yield
        except TimeoutError:
            raise QueryTimeout(self.timeout) from None


class RunningQuery(ABC):
    """A query whose results are ready to be sent: its form, whether they were cut short at
    ``max_results``, and their bytes in :meth:`chunks`.

    Iterate :meth:`chunks` to the end, or call :meth:`aclose` (always safe to call): a query
    left half read is stopped.
    """

    form: QueryForm
    media_type: str
    truncated: bool
    max_results: int | None

    @abstractmethod
    def chunks(self) -> AsyncIterator[bytes]:
        """The serialized results, a piece at a time. Raises QueryTimeout if the time limit
        passes while they are produced (the response is then cut off)."""

    @abstractmethod
    async def aclose(self) -> None:
        """Stop the query if its results were not read to the end."""


class QueryRunner(ABC):
    """Runs queries with :class:`RunnerLimits`; use ``async with`` or start() and close()."""

    def __init__(self, limits: RunnerLimits) -> None:
        self.limits = limits

    @abstractmethod
    async def start(self) -> None:
        """Get ready to run queries (start worker processes ...)."""

    @abstractmethod
    async def close(self) -> None:
        """Stop every running query and release what start() took."""

    @abstractmethod
    async def run(self, query: str, media_type: str) -> RunningQuery:
        """Start the query; return once its results are ready to be sent."""

    @property
    def engine(self) -> str:
        """Where queries are answered now (``threads`` in this process, by default)."""
        return "threads"

    async def reopen(self) -> None:  # noqa: B027 (most runners have nothing to reopen)
        """See what was written to the store since it was opened (after an ingest)."""

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


class _BufferedQuery(RunningQuery):
    def __init__(
        self,
        form: QueryForm,
        media_type: str,
        truncated: bool,
        max_results: int | None,
        body: bytes,
    ) -> None:
        self.form = form
        self.media_type = media_type
        self.truncated = truncated
        self.max_results = max_results
        self._body = body

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self._body

    async def aclose(self) -> None:
        self._body = b""


class ThreadRunner(QueryRunner):
    """Runs queries over ``store`` in threads of this process; see the module's caveat."""

    def __init__(self, store: Store, limits: RunnerLimits) -> None:
        super().__init__(limits)
        self.store = store
        self._slots = asyncio.Semaphore(limits.slots)
        self._threads = ThreadPoolExecutor(limits.slots, thread_name_prefix="peacekg-query")

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def run(self, query: str, media_type: str) -> RunningQuery:
        try:
            async with asyncio.timeout(self.limits.queue_timeout):
                await self._slots.acquire()
        except TimeoutError:
            raise self.limits.too_many() from None
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._threads, self._evaluate, query, media_type)
        except BaseException:
            self._slots.release()
            raise
        # The slot is freed when the thread ends, which may be long after a timeout.
        future.add_done_callback(lambda _: self._slots.release())
        async with self.limits.time_limit():
            return await asyncio.shield(future)

    def _evaluate(self, query: str, media_type: str) -> RunningQuery:
        # Prepared and written in one thread: the engine's results must not change threads.
        results = self.store.prepare_results(query, media_type, max_results=self.limits.max_results)
        buffer = io.BytesIO()
        results.write(buffer)
        return _BufferedQuery(
            results.form, media_type, results.truncated, results.max_results, buffer.getvalue()
        )
