"""The HTTP service: a read-only SPARQL 1.1 endpoint over the store.

Build it with :func:`peacekg.api.app.create_app` and run it under any ASGI server.
"""

from peacekg.api.app import create_app

__all__ = ["create_app"]
