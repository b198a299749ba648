"""Settings: the one place where peacekg reads its environment.

Every setting can be given as an environment variable with the prefix ``PEACEKG_`` (or in a
``.env`` file in the working directory), or passed as a keyword::

    >>> from peacekg.config import Settings
    >>> Settings(store_path="var/test-store", _env_file=None).store_path.name
    'test-store'

Relative paths are resolved against the current working directory when the settings are made.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from peacekg.namespaces import BASE


def _default_concurrent_queries() -> int:
    """A query per CPU core, at least 2 (each worker may hold a copy of the store in memory)."""
    return max(2, os.cpu_count() or 2)


class Settings(BaseSettings):
    """Where the facts, the ontology, the queries and the store live; where the service listens;
    the limits the SPARQL endpoint puts on queries (``peacekg query`` has none).

    ``query_timeout``: seconds a query may run before it is stopped (503 ``query_timeout``).
    ``max_concurrent_queries``: queries run at once, each in its own worker process; a query
    that finds them all busy for ``query_queue_timeout`` seconds gets 503 ``too_many_queries``.
    ``max_result_rows``: solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) sent; beyond it
    the results are cut, and the response says so (``X-Peacekg-Truncated: true``).
    ``max_query_length``: characters of a query text (413 ``query_too_long`` beyond).
    ``query_engine``: how the query workers hold the store. ``memory``: each worker copies the
    store on disk into memory when it starts (queries run 5–10 times faster; about 0.5 GB per
    worker per million quads); until the copies are ready, and for a moment after each ingest,
    workers read the store on disk. ``disk``: workers read the store on disk only. ``auto``
    (default): ``memory`` for stores of at most ``memory_engine_max_quads`` quads, else ``disk``.
    ``response_cache_mb``: megabytes of responses kept to answer the same read request again
    (SPARQL queries, REST lookups, pages) until the next ingest through the service; 0 turns
    the cache off. Unset: 64 over the store on disk, 0 over a remote server (``store_url``),
    which other programs may write to.
    ``ingest_token``: the bearer token of ``POST /ingest``; without one the endpoint is off.
    ``store_url``: a SPARQL server's query endpoint; when set, the store is that server
    (:class:`~peacekg.store.remote.RemoteStore`), not the one at ``store_path``.
    ``store_update_url`` and ``store_gsp_url``: its SPARQL Update and Graph Store Protocol
    endpoints; for a ``store_url`` ending in ``/query`` (Oxigraph's layout) they default to
    ``/update`` and ``/store`` beside it. ``store_union_parameter``: a query-string parameter
    that asks the server for the union of graphs as the default graph, per query (Oxigraph:
    ``union-default-graph``); unset when the server gives the union to every query. See
    ``docs/remote-store.md``.
    """

    model_config = SettingsConfigDict(
        env_prefix="PEACEKG_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Path("data")
    ontology_dir: Path = Path("ontology")
    store_path: Path = Path("var/store")
    queries_dir: Path = Path("queries")
    base_iri: str = BASE
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = Field(default=30.0, gt=0)
    max_concurrent_queries: int = Field(default_factory=_default_concurrent_queries, ge=1)
    query_queue_timeout: float = Field(default=1.0, ge=0)
    max_result_rows: int = Field(default=10_000, ge=1)
    max_query_length: int = Field(default=100_000, ge=1)
    query_engine: Literal["auto", "memory", "disk"] = "auto"
    memory_engine_max_quads: int = Field(default=2_000_000, ge=0)
    response_cache_mb: int | None = Field(default=None, ge=0)
    ingest_token: SecretStr | None = None
    store_url: str | None = None
    store_update_url: str | None = None
    store_gsp_url: str | None = None
    store_union_parameter: str | None = None

    @property
    def response_cache_bytes(self) -> int:
        """The response cache's size in bytes (0: off); see ``response_cache_mb``."""
        if self.response_cache_mb is None:
            return 0 if self.store_url else 64_000_000
        return self.response_cache_mb * 1_000_000

    @field_validator("data_dir", "ontology_dir", "store_path", "queries_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @model_validator(mode="after")
    def _oxigraph_layout(self) -> Settings:
        """``/update`` and ``/store`` beside a ``store_url`` ending in ``/query``, unless set."""
        if self.store_url and self.store_url.endswith("/query"):
            root = self.store_url.removesuffix("query")
            self.store_update_url = self.store_update_url or root + "update"
            self.store_gsp_url = self.store_gsp_url or root + "store"
        return self


def get_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with the given keywords (those not ``None``) on top."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
