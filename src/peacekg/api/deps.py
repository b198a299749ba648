"""What routes may depend on: the store (through its interface), the query runner of the SPARQL
endpoint, and the service's options.

Routes declare ``store: StoreDep`` and never see which backend answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from peacekg.query.runner import QueryRunner
from peacekg.store import Store, StoreUnavailable


@dataclass(frozen=True)
class ServiceOptions:
    """How the service behaves, fixed when the app is built.

    ``max_query_length`` caps the characters of a query.
    """

    max_query_length: int


def get_store(request: Request) -> Store:
    """The store the lifespan opened; StoreUnavailable (503) if there is none."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("The service has no store open.")
    return store


def get_query_runner(request: Request) -> QueryRunner:
    """The runner the lifespan started for SPARQL queries; StoreUnavailable (503) if none."""
    runner: QueryRunner | None = getattr(request.app.state, "query_runner", None)
    if runner is None:
        raise StoreUnavailable("The service runs no queries now.")
    return runner


def get_options(request: Request) -> ServiceOptions:
    options: ServiceOptions = request.app.state.options
    return options


StoreDep = Annotated[Store, Depends(get_store)]
QueryRunnerDep = Annotated[QueryRunner, Depends(get_query_runner)]
OptionsDep = Annotated[ServiceOptions, Depends(get_options)]
