"""The ``peacekg draft`` command (registered on the main CLI by :func:`register`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from peacekg.compiler.errors import FactsError
from peacekg.config import get_settings


def register(app: typer.Typer) -> None:
    """Add ``draft`` to ``app``."""

    @app.command("draft")
    def draft(
        article: Annotated[Path, typer.Argument(help="The article text (with its date header).")],
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write here instead of to stdout.")
        ] = None,
        data: Annotated[
            Path | None, typer.Option("--data", help="Facts directory (default: data).")
        ] = None,
    ) -> None:
        """Draft a facts file for an article, for an analyst to review: each proposed fact
        with the sentence it came from and the cue that proposed it."""
        from peacekg.draft.pipeline import draft_article
        from peacekg.draft.writer import write_draft

        settings = get_settings(data_dir=data)
        try:
            text = write_draft(draft_article(article, settings.data_dir), output)
        except FactsError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            typer.echo(f"Cannot write {output}: {error.strerror or error}.", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Wrote the draft of {article.name} to {output}.", err=True)
