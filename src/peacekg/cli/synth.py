"""``peacekg synth``: a synthetic corpus in peacekg's model."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from peacekg.cli.common import DataOption, OntologyOption, err, fail, settings_for
from peacekg.compiler import FactsError


class SynthFormat(StrEnum):
    NQUADS = "nquads"
    TRIG = "trig"


def synth(
    triples: Annotated[int, typer.Option("--triples", "-n", help="About how many triples.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same corpus.")] = 0,
    fmt: Annotated[
        SynthFormat, typer.Option("--format", "-f", help="N-Quads or TriG.")
    ] = SynthFormat.NQUADS,
    data: DataOption = None,
    ontology: OntologyOption = None,
) -> None:
    """Generate a synthetic corpus in peacekg's model (seeded, deterministic, streamed)."""
    from peacekg.synth import Format, generate

    settings = settings_for(data_dir=data, ontology_dir=ontology)
    try:
        with output.open("w", encoding="utf-8") as handle:
            kind: Format = "trig" if fmt is SynthFormat.TRIG else "nquads"
            stats = generate(handle, triples, seed, kind, settings.data_dir, settings.ontology_dir)
    except OSError as error:
        fail(f"Cannot write {output}: {error.strerror or error}.")
    except FactsError as error:
        fail(str(error))
    err.print(
        f"Wrote {escape(str(output))}: {stats.triples:,} triples, {stats.articles:,} reports "
        f"of {stats.processes:,} peace processes in {stats.seconds:.1f} s."
    )


def register(app: typer.Typer) -> None:
    """Add ``synth`` to ``app``."""
    app.command()(synth)
