"""What routes may depend on: the store (through its interface) and the service's options.

Routes declare ``store: StoreDep`` and never see which backend answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from peacekg.store import Store, StoreUnavailable


@dataclass(frozen=True)
class ServiceOptions:
    """How the service behaves, fixed when the app is built.

    ``max_query_length`` caps the characters of a query. ``store_honours_from`` says whether
    the store restricts a query to the graphs its FROM / FROM NAMED clauses name; it is
    probed when the store opens (see :func:`peacekg.api.app.store_honours_from`).
    """

    max_query_length: int
    store_honours_from: bool = True


def get_store(request: Request) -> Store:
    """The store the lifespan opened; StoreUnavailable (503) if there is none."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("The service has no store open.")
    return store


def get_options(request: Request) -> ServiceOptions:
    options: ServiceOptions = request.app.state.options
    return options


StoreDep = Annotated[Store, Depends(get_store)]
OptionsDep = Annotated[ServiceOptions, Depends(get_options)]
