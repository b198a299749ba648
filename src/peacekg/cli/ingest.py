"""The ``peacekg ingest``, ``peacekg retract`` and ``peacekg conflicts`` commands.

They parse arguments, call :mod:`peacekg.ingest` and print; an error is one sentence on stderr
and exit status 1, and leaves the store as it was. :func:`register` adds them to the CLI.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from peacekg.compiler.errors import FactsError
from peacekg.config import Settings, get_settings
from peacekg.ingest.conflicts import Conflict, list_conflicts
from peacekg.ingest.pipeline import IngestError, ingest_article, retract_article
from peacekg.namespaces import PREFIXES
from peacekg.store import OxigraphStore, StoreError, StoreNotFound

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Store directory [default: var/store].")
]
OntologyOption = Annotated[
    Path | None, typer.Option("--ontology", help="Ontology directory [default: ontology].")
]


class ConflictFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(1)


def _store_failure(error: StoreError, settings: Settings) -> NoReturn:
    if isinstance(error, StoreNotFound):
        _fail(f"{error} Run `peacekg build --store {settings.store_path}` first.")
    _fail(str(error))


def ingest(
    article: Annotated[Path, typer.Argument(help="The article text (date header, then text).")],
    facts: Annotated[Path, typer.Argument(help="Its facts file (data/README.md).")],
    store: StoreOption = None,
    ontology: OntologyOption = None,
) -> None:
    """Add (or replace) one article in the store, in one step; refuse it if its facts are
    broken. New claims that contradict stored ones are kept and flagged."""
    settings = get_settings(
        **{k: v for k, v in (("store_path", store), ("ontology_dir", ontology)) if v}
    )
    try:
        result = ingest_article(article, facts, settings)
    except FactsError as error:
        _fail(f"{error}\nThe store was not changed.")
    except IngestError as error:
        if error.report is not None:
            err.print(escape(error.report.text))
        _fail(str(error))
    except StoreError as error:
        _store_failure(error, settings)
    verb = "Replaced" if result.replaced else "Added"
    steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in result.timings.items())
    out.print(
        f"{verb} article {result.article_id}: {result.triples} triples in <{result.graph}> "
        f"({steps})."
    )
    if result.conflicts:
        out.print(
            f"{result.conflicts} contradiction(s) with stored claims flagged; "
            "see `peacekg conflicts`."
        )


def retract(
    article_id: Annotated[str, typer.Argument(help="The id of the article to remove.")],
    store: StoreOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Retract even if other articles use what it declares.")
    ] = False,
) -> None:
    """Remove one article's graph from the store and record the retraction."""
    settings = get_settings(**({"store_path": store} if store else {}))
    try:
        record = retract_article(article_id, settings, force=force)
    except IngestError as error:
        _fail(str(error))
    except StoreError as error:
        _store_failure(error, settings)
    out.print(f"Retracted article {article_id}; recorded as <{record}>.")


def conflicts(
    output: Annotated[
        ConflictFormat, typer.Option("--format", "-f", help="How to print them.")
    ] = ConflictFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """List the contradicting claims in the store, each side with its value, quote, source
    and article."""
    settings = get_settings(**({"store_path": store} if store else {}))
    try:
        with OxigraphStore(
            settings.store_path, read_only=True, prefixes=PREFIXES, base_iri=settings.base_iri
        ) as opened:
            found = list_conflicts(opened)
    except StoreError as error:
        _store_failure(error, settings)
    if output is ConflictFormat.JSON:
        out.print_json(json.dumps([asdict(c) for c in found], default=str))
        return
    out.print(escape(_text(found)))


def _text(found: list[Conflict]) -> str:
    """Each conflict as a block: who on what, then each side on its own lines."""
    blocks = []
    for n, c in enumerate(found, start=1):
        lines = [f"{n}. {c.holder} on {c.issue} ({c.kind})"]
        for side in (c.a, c.b):
            lines.append(f"   - {side.value} (from {side.valid_from}), article {side.article}")
            lines.append(f"     “{side.quote}”")
            lines.append(f"     according to {side.attribution}")
        blocks.append("\n".join(lines))
    blocks.append(f"{len(found)} conflict{'' if len(found) == 1 else 's'}.")
    return "\n\n".join(blocks)


def register(app: typer.Typer) -> None:
    """Add the ingest commands to ``app``."""
    app.command()(ingest)
    app.command()(retract)
    app.command()(conflicts)
