"""The front door: the home page (and the service's index for programs) at ``/``, the search,
the browsable lists, the guide, the API's documentation served offline, and the HTML page of an
unknown path for browsers.

>>> routers = (home.router, browse.router, guide.router, apidocs.router)
>>> paths = sorted(route.path for router in routers for route in router.routes)
>>> paths  # doctest: +NORMALIZE_WHITESPACE
['/', '/actors', '/articles', '/docs', '/documents', '/events', '/guide', '/guide.md',
 '/guide/{name}', '/guide/{name}.md', '/issues', '/search']
"""

from __future__ import annotations

from fastapi import FastAPI

from peacekg.api.front import apidocs, browse, guide, home
from peacekg.api.front.not_found import install_not_found


def install_front(app: FastAPI) -> None:
    """Add the front door's routes to ``app`` (after its error handlers are installed)."""
    app.include_router(home.router)
    app.include_router(browse.router)
    app.include_router(guide.router)
    app.include_router(apidocs.router)
    install_not_found(app)


__all__ = ["install_front"]
