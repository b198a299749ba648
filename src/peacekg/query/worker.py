"""A query worker: a process that opens the store read-only and answers queries one at a time.

With ``--engine memory`` it first copies the store into memory, where the engine answers 5–10
times faster (the copy is a snapshot: the pool replaces its workers after each write).

pyoxigraph cannot stop a running query, and a Python thread cannot be killed; a process can.
So the service runs each query in a worker (see :mod:`peacekg.query.pool`), and kills the
worker when the query runs too long. ``python -m peacekg.query.worker --store var/store``
starts one; it speaks in frames on its standard input and output::

    parent -> worker   Q {"query": ..., "media_type": ..., "max_results": 10000}
    worker -> parent   R {"pid": ..., "engine": "disk"}   once, when the store is open
                       H {"form": "SELECT", "truncated": false}
                       D <bytes>  D <bytes> ...           the results, as the engine writes them
                       E                                  the end of the results
                       X {"kind": ..., ...}               an error (instead of H, or after D)

A frame is its kind (one byte), its payload's length (four bytes, big-endian) and the payload.
The worker exits when its standard input closes, or when its parent dies.

>>> decode_error(encode_error(QuerySyntaxError("error at 1:3: expected X", "SEL")))
QuerySyntaxError('The SPARQL query is not valid: error at 1:3: expected X.')
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import signal
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO

from peacekg.namespaces import PREFIXES
from peacekg.store.errors import (
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    QueryWorkerFailed,
    StoreError,
    StoreUnavailable,
    UnsupportedMediaType,
)
from peacekg.store.oxigraph import OxigraphStore

QUERY, READY, HEAD, DATA, END, ERROR = b"Q", b"R", b"H", b"D", b"E", b"X"
FRAME_HEADER = struct.Struct(">cI")
CHUNK_SIZE = 64 * 1024
# Workers yield the CPU to the service's own process: when every core is busy with queries, the
# event loop still answers at once (a light query, a timeout, a refusal).
NICENESS = 5


def frame(kind: bytes, payload: bytes = b"") -> bytes:
    return FRAME_HEADER.pack(kind, len(payload)) + payload


def json_frame(kind: bytes, value: dict[str, Any]) -> bytes:
    return frame(kind, json.dumps(value).encode())


def encode_error(error: BaseException) -> dict[str, Any]:
    """An error, as the worker sends it to its parent."""
    if isinstance(error, QuerySyntaxError):
        return {"kind": "syntax", "parser_message": error.parser_message, "query": error.query}
    if isinstance(error, UnsupportedMediaType):
        return {
            "kind": "media_type",
            "media_type": error.media_type,
            "query_form": error.query_form,
            "supported": list(error.supported),
        }
    kinds = {QueryFormError: "form", QueryEvaluationError: "evaluation"}
    kinds |= {StoreUnavailable: "unavailable"}
    for cls, kind in kinds.items():
        if isinstance(error, cls):
            return {"kind": kind, "message": str(error)}
    return {
        "kind": "failed",
        "message": f"The query worker failed: {type(error).__name__}: {error}.",
    }


def decode_error(value: dict[str, Any]) -> StoreError:
    """The error a worker sent, as the store would have raised it in this process."""
    kind = value.get("kind")
    if kind == "syntax":
        return QuerySyntaxError(value["parser_message"], value["query"])
    if kind == "media_type":
        return UnsupportedMediaType(
            value["media_type"], value["query_form"], tuple(value["supported"])
        )
    classes: dict[str, type[StoreError]] = {
        "form": QueryFormError,
        "evaluation": QueryEvaluationError,
        "unavailable": StoreUnavailable,
    }
    return classes.get(str(kind), QueryWorkerFailed)(str(value.get("message")))


class _Chunks:
    """A writer that sends what the engine writes as DATA frames of up to CHUNK_SIZE bytes."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_SIZE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._out.write(frame(DATA, bytes(self._buffer)))
            self._out.flush()
            self._buffer.clear()


def _send(out: BinaryIO, data: bytes) -> None:
    out.write(data)
    out.flush()


def read_frame(stream: BinaryIO) -> tuple[bytes, bytes] | None:
    """The next frame of a blocking stream; None at its end."""
    header = stream.read(FRAME_HEADER.size)
    if len(header) < FRAME_HEADER.size:
        return None
    kind, length = FRAME_HEADER.unpack(header)
    payload = stream.read(length)
    if len(payload) < length:
        return None
    return kind, payload


def answer(store: OxigraphStore, request: dict[str, Any], out: BinaryIO) -> None:
    """Run one query and send its results (or its error) to ``out``."""
    try:
        results = store.prepare_results(
            request["query"], request["media_type"], max_results=request.get("max_results")
        )
    except Exception as error:
        _send(out, json_frame(ERROR, encode_error(error)))
        return
    head = {"form": results.form.value, "truncated": results.truncated}
    _send(out, json_frame(HEAD, head))
    chunks = _Chunks(out)
    try:
        results.write(chunks)
        chunks.flush()
    except Exception as error:
        _send(out, json_frame(ERROR, encode_error(error)))
        return
    finally:
        del results  # free the engine's iterators before the next query
    _send(out, frame(END))


def serve(store: OxigraphStore, requests: BinaryIO, out: BinaryIO) -> None:
    """Answer the queries read from ``requests`` until it closes."""
    while (received := read_frame(requests)) is not None:
        kind, payload = received
        if kind != QUERY:
            raise SystemExit(f"peacekg query worker: unexpected frame {kind!r}")
        answer(store, json.loads(payload), out)


def open_engine(
    path: Path, engine: str, max_quads: int | None, base_iri: str | None
) -> OxigraphStore:
    """The store at ``path``: read on disk, or copied into memory (``engine`` ``memory``)."""
    if engine == "memory":
        store = OxigraphStore.memory_copy(
            path, max_quads=max_quads, prefixes=PREFIXES, base_iri=base_iri
        )
        _release_free_memory()
        return store
    return OxigraphStore(path, read_only=True, prefixes=PREFIXES, base_iri=base_iri)


def _release_free_memory() -> None:
    """Give the allocator's free pages back to the system (glibc keeps them after a copy)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def _die_with_parent(parent_pid: int | None) -> None:
    """Ask Linux to kill this process when its parent dies (the parent may die mid-query)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before prctl took effect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--base-iri")
    parser.add_argument("--parent-pid", type=int)
    parser.add_argument(
        "--engine",
        choices=("disk", "memory"),
        default="disk",
        help="read the store on disk, or copy it into memory first (faster queries)",
    )
    parser.add_argument(
        "--max-quads", type=int, help="memory engine: refuse stores with more quads than this"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent; it stops us
    _die_with_parent(args.parent_pid)
    os.nice(NICENESS)
    # The frames go out on the original standard output; anything else printed goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = os.fdopen(os.dup(0), "rb")
    try:
        store = open_engine(args.store, args.engine, args.max_quads, args.base_iri)
    except StoreError as error:
        _send(out, json_frame(ERROR, encode_error(error)))
        return 1
    _send(out, json_frame(READY, {"pid": os.getpid(), "engine": args.engine}))
    with store:
        serve(store, requests, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
