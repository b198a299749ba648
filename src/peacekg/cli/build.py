"""``peacekg build`` and ``peacekg validate``: the store built from the facts, facts or RDF
checked against the shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from peacekg.build import BuildError, build_store
from peacekg.cli.common import DataOption, OntologyOption, StoreOption, err, fail, out, settings_for
from peacekg.compiler import FactsError, compile_path
from peacekg.store import RdfFormat, StoreError
from peacekg.store.errors import LoadError
from peacekg.store.rdf_files import read_dataset
from peacekg.validation import validate


def build(
    store: StoreOption = None, data: DataOption = None, ontology: OntologyOption = None
) -> None:
    """Compile the facts, validate them and (if valid) replace the store with them."""
    settings = settings_for(store_path=store, data_dir=data, ontology_dir=ontology)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    try:
        with Progress(
            *columns, console=err, transient=True, disable=not err.is_terminal
        ) as progress:
            result = build_store(settings, progress)
    except FactsError as error:
        fail(str(error))
    except BuildError as error:
        if error.report is not None:
            err.print(escape(error.report.text))
        fail(str(error))
    except StoreError as error:
        fail(str(error))
    except OSError as error:  # a file the build needs cannot be read
        fail(f"The build failed: {error}.")
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
    out.print(
        f"Built {result.store_path}: {result.quads} quads, {result.triples} distinct triples, "
        f"{result.graphs} named graphs ({steps})."
    )


def validate_command(
    path: Annotated[
        Path, typer.Argument(help="A data directory, a facts file or directory, or an RDF file.")
    ],
    data: DataOption = None,
    ontology: OntologyOption = None,
) -> None:
    """Check facts or RDF against the ontology's shapes; exit 1 on a violation."""
    settings = settings_for(data_dir=data, ontology_dir=ontology)
    if not path.exists():
        fail(f"There is no file or directory at {path}.")
    if not settings.ontology_dir.is_dir():
        fail(f"The ontology directory {settings.ontology_dir} does not exist.")
    try:
        if path.is_file() and RdfFormat.from_path(path) is not None:
            report = validate(read_dataset(path), settings.ontology_dir)
        else:
            compiled = compile_path(path, settings.data_dir)
            report = validate(compiled.dataset, settings.ontology_dir, origin=compiled.origin)
    except (FactsError, LoadError) as error:
        fail(str(error))
    except OSError as error:  # the shapes or a file they need cannot be read
        fail(f"The validation failed: {error}.")
    if report.text:
        (out if report.conforms else err).print(escape(report.text))
    if not report.conforms:
        fail(f"{path} does not conform to the ontology's shapes.")
    out.print(f"{path} conforms to the ontology's shapes.")


def register(app: typer.Typer) -> None:
    """Add ``build`` and ``validate`` to ``app``."""
    app.command()(build)
    app.command("validate")(validate_command)
