"""The Oxigraph server (``oxigraph serve``, PyPI package ``oxigraph``) that plays the remote
SPARQL backend in the tests: in memory, on a free loopback port, started once when a test first
asks for it and stopped by the session fixture ``oxigraph_server`` (see ``conftest.py``).

It runs without ``--union-default-graph``: each query asks for the union itself (the
``union-default-graph`` parameter), so a query with FROM sees its own dataset.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from peacekg.namespaces import PREFIXES
from peacekg.store import RemoteStore


def _executable() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("The `oxigraph` command is missing: pip install -e '.[dev]'.")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """One ``oxigraph serve`` process; :meth:`empty_store` gives a store over it, emptied."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        self.url = ""

    @property
    def query_url(self) -> str:
        return self.start() + "/query"

    def start(self) -> str:
        if self._process is not None:
            return self.url
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._process = subprocess.Popen(
            [_executable(), "serve", "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._log.seek(0)
                pytest.fail(f"oxigraph serve stopped: {self._log.read().decode(errors='replace')}")
            try:
                httpx.get(self.url + "/query", params={"query": "ASK {}"}, timeout=1)
                return self.url
            except httpx.TransportError:
                time.sleep(0.05)
        pytest.fail(f"oxigraph serve did not answer at {self.url} within 15 s.")

    def store(self, *, read_only: bool = False) -> RemoteStore:
        """A store over the server, with peacekg's prefixes, as ``open_store`` would make it."""
        root = self.start()
        return RemoteStore(
            root + "/query",
            update_url=root + "/update",
            gsp_url=root + "/store",
            read_only=read_only,
            prefixes=PREFIXES,
            union_parameter="union-default-graph",
        )

    def empty_store(self) -> RemoteStore:
        response = httpx.post(self.start() + "/update", data={"update": "DROP ALL"}, timeout=30)
        response.raise_for_status()
        return self.store()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self._log.close()


# The one server of the test session.
OXIGRAPH_SERVER = OxigraphServer()
