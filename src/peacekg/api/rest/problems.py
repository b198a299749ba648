"""RFC 9457 problem details for the REST API: one exception, one route class that maps it.

Every error of ``/api/v1`` is sent as ``application/problem+json``::

    {"type": "https://w3id.org/peacekg/problems/not-found", "title": "Not found",
     "status": 404, "detail": "No actor has the id 'atlantis'.", "code": "not_found"}

``code`` is stable: clients may branch on it. A request whose parameters are not valid gives
422 with ``code`` ``invalid_parameter`` and one entry per parameter in ``errors``.

>>> Problem.not_found("actor", "atlantis").detail
"No actor has the id 'atlantis'."
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict

from peacekg.store import QueryTimeout, StoreError, StoreUnavailable

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://w3id.org/peacekg/problems/"


class InvalidParameter(BaseModel):
    """One parameter that is not valid: where it is, its name, and why."""

    location: str
    parameter: str
    message: str


class ProblemDetail(BaseModel):
    """An error, as RFC 9457 problem details with a stable ``code``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": PROBLEM_BASE + "not-found",
                    "title": "Not found",
                    "status": 404,
                    "detail": "No actor has the id 'atlantis'.",
                    "code": "not_found",
                }
            ]
        }
    )

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[InvalidParameter] | None = None


class Problem(Exception):
    """An error of the REST API, sent as problem details."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        errors: list[InvalidParameter] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors

    @classmethod
    def not_found(cls, kind: str, ident: str) -> Problem:
        return cls(404, "not_found", "Not found", f"No {kind} has the id {ident!r}.")

    @classmethod
    def invalid(cls, parameter: str, message: str, location: str = "query") -> Problem:
        return cls(
            422,
            "invalid_parameter",
            "Invalid parameter",
            f"The parameter {parameter!r} is not valid: {message}",
            [InvalidParameter(location=location, parameter=parameter, message=message)],
        )

    def response(self, request: Request) -> JSONResponse:
        body = ProblemDetail(
            type=PROBLEM_BASE + self.code.replace("_", "-"),
            title=self.title,
            status=self.status,
            detail=self.detail,
            code=self.code,
            instance=request.url.path,
            errors=self.errors,
        )
        return JSONResponse(
            body.model_dump(mode="json", exclude_none=True),
            status_code=self.status,
            media_type=PROBLEM_JSON,
        )


def validation_problem(error: RequestValidationError) -> Problem:
    """The 422 problem for FastAPI's validation errors, naming each parameter."""
    errors = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        where = location[0] if location else "query"
        name = ".".join(location[1:]) or where
        errors.append(
            InvalidParameter(location=where, parameter=name, message=str(item.get("msg", "")))
        )
    names = ", ".join(sorted({e.parameter for e in errors}))
    return Problem(
        422,
        "invalid_parameter",
        "Invalid parameter",
        f"These parameters are not valid: {names}.",
        errors,
    )


def store_problem(error: StoreError) -> Problem:
    """The problem for an error of the store: 503 if it is unavailable, 504 if the query ran out
    of time, else 500 (a lookup of this API that the store cannot run is a bug)."""
    if isinstance(error, StoreUnavailable):
        return Problem(503, "store_unavailable", "Store unavailable", str(error))
    if isinstance(error, QueryTimeout):
        return Problem(504, "query_timeout", "Query timeout", str(error))
    return Problem(500, "store_error", "Store error", str(error))


class ProblemRoute(APIRoute):
    """A route whose errors (Problem, FastAPI's validation errors) go out as problem details."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Problem as problem:
                return problem.response(request)
            except RequestValidationError as error:
                return validation_problem(error).response(request)
            except StoreError as error:
                return store_problem(error).response(request)

        return route_handler


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ProblemDetail, "description": "Unknown id", "content": {PROBLEM_JSON: {}}},
    422: {
        "model": ProblemDetail,
        "description": "A parameter is not valid (named in `errors`)",
        "content": {PROBLEM_JSON: {}},
    },
}
