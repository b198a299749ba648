"""The OpenAPI document describes every /api/v1 operation with examples, and every example
is a valid answer of its model."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from rest_harness import settings

from peacekg.api import create_app
from peacekg.api.rest import models
from peacekg.store import OxigraphStore

MODELS = [
    value
    for value in vars(models).values()
    if isinstance(value, type)
    and issubclass(value, BaseModel)
    and value.__module__ == models.__name__
    and value is not models.Page
]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    store = OxigraphStore()
    try:
        return create_app(settings(), store=store).openapi()
    finally:
        store.close()


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def has_examples(document: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> bool:
    """True if the schema, or the schema of the items of a page, carries examples."""
    schema = resolve(document, schema)
    if "examples" in schema or "example" in schema:
        return True
    items = schema.get("properties", {}).get("items")
    return depth < 2 and items is not None and has_examples(document, items["items"], depth + 1)


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]


def test_every_operation_has_a_summary_and_examples(document: dict[str, Any]) -> None:
    found = operations(document)
    assert len(found) == 19  # with /api/v1/articles and /api/v1/search
    for name, operation in found:
        assert operation.get("summary") and operation.get("description"), name
        for parameter in operation.get("parameters", []):
            assert (
                "example" in parameter
                or "examples" in parameter
                or "examples" in parameter["schema"]
                or "examples" in resolve(document, parameter["schema"])
            ), (name, parameter["name"])
        content = operation["responses"]["200"]["content"]
        assert "application/ld+json" in content, name
        if not name.endswith("context.jsonld"):
            assert has_examples(document, content["application/json"]["schema"]), name
        if operation.get("parameters"):
            problem = operation["responses"]["422"]["content"]
            assert "application/problem+json" in problem, name


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_example_is_valid(model: type[BaseModel]) -> None:
    examples = model.model_json_schema().get("examples", [])
    for example in examples:
        model.model_validate(example)
