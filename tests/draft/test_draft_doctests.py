"""The examples in the draft modules' docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import peacekg.draft

MODULES = sorted(m.name for m in pkgutil.iter_modules(peacekg.draft.__path__, "peacekg.draft."))


def test_every_module_is_listed() -> None:
    # 13 since the draft command moved to peacekg.cli.draft (it had no examples)
    assert "peacekg.draft.stances" in MODULES and len(MODULES) >= 13


@pytest.mark.parametrize("name", ["peacekg.draft", *MODULES])
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from draft_harness import REPO

    monkeypatch.chdir(REPO)  # examples read data/ from the repository root
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
