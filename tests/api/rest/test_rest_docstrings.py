"""The docstring examples of the REST modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "peacekg.api.rest",
        "peacekg.api.rest.jsonld",
        "peacekg.api.rest.problems",
        "peacekg.sparql",
        "peacekg.sparql.catalogue",
        "peacekg.api.rest.stored_queries",
        "peacekg.api.rest.terms",
    ],
)
def test_docstring_examples(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0
