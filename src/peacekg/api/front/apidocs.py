"""``/docs``: the OpenAPI document (``/openapi.json``) in Swagger UI, served from the package.

Swagger UI is vendored like YASGUI: its build is in ``static/vendor/swagger-ui/`` (Apache-2.0,
with its NOTICE and the licences of what it bundles), refreshed by
``scripts/update-swagger-ui.sh``; nothing comes from a CDN, so the page works offline. The app
is built without FastAPI's own ``/docs`` and ``/redoc`` (which load their scripts from a CDN).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from peacekg.api.front.view import FrontPage, render

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor/swagger-ui"


@router.get("/docs")
async def api_docs(request: Request) -> Response:
    """Swagger UI over this server's OpenAPI document."""
    openapi_url = request.app.openapi_url or "/openapi.json"
    return render(
        request,
        "apidocs.html",
        FrontPage("REST API", layout="wide"),
        vendor=VENDOR,
        openapi_url=openapi_url,
    )
