"""Triple stores behind one small interface; see :mod:`peacekg.store.base`.

>>> from peacekg.config import Settings
>>> open_store(Settings(store_path="/nonexistent/store", _env_file=None))
Traceback (most recent call last):
...
peacekg.store.errors.StoreNotFound: There is no store at /nonexistent/store.
"""

from __future__ import annotations

from peacekg.config import Settings
from peacekg.namespaces import PREFIXES
from peacekg.store.base import (
    CSV,
    GRAPH_MEDIA_TYPES,
    RESULTS_MEDIA_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    PreparedResults,
    QueryForm,
    RdfFormat,
    SelectResult,
    Store,
    Term,
    TripleTerms,
    Writable,
    media_types_for,
)
from peacekg.store.directory import recover_unless_building
from peacekg.store.errors import (
    LoadError,
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    QueryTimeout,
    QueryWorkerFailed,
    StoreError,
    StoreNotFound,
    StoreReadOnly,
    StoreTooLarge,
    StoreUnavailable,
    TooManyQueries,
    UnsupportedMediaType,
)
from peacekg.store.oxigraph import OxigraphStore
from peacekg.store.remote import RemoteStore
from peacekg.store.sparql_text import has_dataset_clause, query_form

__all__ = [
    "CSV",
    "GRAPH_MEDIA_TYPES",
    "RESULTS_MEDIA_TYPES",
    "SPARQL_JSON",
    "SPARQL_XML",
    "TSV",
    "LoadError",
    "OxigraphStore",
    "PreparedResults",
    "QueryEvaluationError",
    "QueryForm",
    "QueryFormError",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryWorkerFailed",
    "RdfFormat",
    "RemoteStore",
    "SelectResult",
    "Store",
    "StoreError",
    "StoreNotFound",
    "StoreReadOnly",
    "StoreTooLarge",
    "StoreUnavailable",
    "Term",
    "TooManyQueries",
    "TripleTerms",
    "UnsupportedMediaType",
    "Writable",
    "has_dataset_clause",
    "media_types_for",
    "open_store",
    "query_form",
]


def open_store(settings: Settings, *, read_only: bool = True) -> Store:
    """The built store at ``settings.store_path``, with peacekg's prefixes known to queries;
    or, when ``settings.store_url`` is set, the SPARQL server there (a :class:`RemoteStore`
    whose requests wait at most ``settings.query_timeout`` seconds for a query).

    Read-only by default, so that any number of readers can share the store. Raises
    StoreNotFound when nothing has been built there yet.
    """
    if settings.store_url:
        return RemoteStore(
            settings.store_url,
            update_url=settings.store_update_url,
            gsp_url=settings.store_gsp_url,
            read_only=read_only,
            prefixes=PREFIXES,
            base_iri=settings.base_iri,
            timeout=settings.query_timeout,
            union_parameter=settings.store_union_parameter,
        )
    recover_unless_building(settings.store_path)
    return OxigraphStore(
        settings.store_path,
        read_only=read_only,
        prefixes=PREFIXES,
        base_iri=settings.base_iri,
    )
