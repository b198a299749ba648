"""Schemathesis against the OpenAPI document of /api/v1: no generated request (a bounded
number per operation) makes the server fail. The app runs in-process over ASGI, its lifespan
started once, over a store holding data/ and the synthetic articles."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from rest_harness import build
from rest_harness import settings as app_settings
from schemathesis.checks import not_a_server_error

from peacekg.api import create_app

MAX_EXAMPLES = 20

app = create_app(app_settings(), store=build(synthetic=True))
schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex="^/api/v1/")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
