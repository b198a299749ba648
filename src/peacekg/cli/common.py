"""What every command shares: the consoles, the common options, failing with one sentence on
stderr, the settings, the store opened or a sentence saying why not."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from peacekg.config import Settings, get_settings
from peacekg.store import Store, StoreError, StoreNotFound, open_store

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Store directory (default: var/store).")
]
DataOption = Annotated[Path | None, typer.Option("--data", help="Facts directory (default: data).")]
OntologyOption = Annotated[
    Path | None, typer.Option("--ontology", help="Ontology directory (default: ontology).")
]
QueriesOption = Annotated[
    Path | None, typer.Option("--queries", help="Named queries directory (default: queries).")
]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(code)


def settings_for(**overrides: Path | str | float | None) -> Settings:
    return get_settings(**overrides)


def open_or_fail(settings: Settings) -> Store:
    try:
        return open_store(settings)
    except StoreNotFound as error:
        fail(f"{error} Run `peacekg build` first.")
    except StoreError as error:
        fail(str(error))
