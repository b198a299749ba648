"""Linked-data publishing: which IRIs the server stands for, and how to wire it into the app.

The server does not run at the public base (``https://w3id.org/peacekg/``), so each request
path stands for the IRI of the same path under the base, and back::

    >>> paths = IriPaths("https://w3id.org/peacekg/")
    >>> paths.iri("/id/russia")
    'https://w3id.org/peacekg/id/russia'
    >>> paths.path("https://w3id.org/peacekg/ontology#Stance")
    '/ontology#Stance'
    >>> paths.path("http://www.wikidata.org/entity/Q159") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from peacekg.api.errors import ApiError

# Characters an IRI cannot hold (RFC 3987) and that would break out of ``<...>`` in SPARQL.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


class ResourceNotFound(ApiError):
    """An IRI under the base that the store knows nothing about."""

    status = 404
    code = "resource_not_found"


@dataclass(frozen=True)
class IriPaths:
    """Maps request paths to the IRIs under ``base`` they stand for, and IRIs to paths."""

    base: str

    def iri(self, path: str) -> str:
        """The IRI a request path stands for (``path`` starts with ``/``)."""
        return self.base + path.removeprefix("/")

    def path(self, iri: str) -> str | None:
        """The server path of an IRI under the base (fragment kept), or None for others."""
        if not iri.startswith(self.base):
            return None
        return "/" + iri.removeprefix(self.base)


@dataclass(frozen=True)
class LinkedDataOptions:
    """How the linked-data routes behave: the public base, and the dataset's modification time."""

    paths: IriPaths
    modified: datetime

    @property
    def base(self) -> str:
        return self.paths.base


def safe_iri(iri: str) -> str:
    """``iri`` if it can be written as ``<iri>`` in a query; ResourceNotFound otherwise.

    >>> safe_iri("https://w3id.org/peacekg/id/x> } ; DROP ALL")
    Traceback (most recent call last):
    ...
    peacekg.api.linked_data.ResourceNotFound: No resource has this IRI.
    """
    if _NOT_IN_IRI.search(iri):
        raise ResourceNotFound("No resource has this IRI.", iri=iri)
    return iri


def get_linked_data(request: Request) -> LinkedDataOptions:
    options: LinkedDataOptions = request.app.state.linked_data
    return options


LinkedDataDep = Annotated[LinkedDataOptions, Depends(get_linked_data)]


def install_linked_data(
    app: FastAPI, *, public_base: str, modified: datetime | None = None
) -> None:
    """Add the resource, dump and VoID routes to ``app``; IRIs under ``public_base`` are served.

    ``modified`` is the dataset's ``dcterms:modified`` in VoID; by default, when the app is built.
    """
    from peacekg.api.routes import dumps, resources  # the routes import this module

    app.state.linked_data = LinkedDataOptions(
        IriPaths(public_base), modified or datetime.now(UTC).replace(microsecond=0)
    )
    app.include_router(dumps.router)
    app.include_router(resources.router)
