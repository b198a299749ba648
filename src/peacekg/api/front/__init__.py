"""The front door: the home page (and the service's index for programs) at ``/``, the search,
the browsable lists, the guide, the API's documentation served offline, and the HTML page of an
unknown path for browsers.

>>> from peacekg.config import Settings
>>> from peacekg.store import OxigraphStore
>>> from peacekg.api import create_app
>>> app = create_app(Settings(_env_file=None), store=OxigraphStore())
>>> paths = {route.path for route in app.routes}
>>> {"/", "/search", "/articles", "/actors", "/events", "/documents", "/issues"} <= paths
True
>>> {"/docs", "/guide"} <= paths, "/redoc" in paths
(True, False)
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
