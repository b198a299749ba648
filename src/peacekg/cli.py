"""The ``peacekg`` command: build, validate, query, export and serve the knowledge graph.

Each command parses its arguments, calls library functions and prints; errors are one sentence
on stderr and a non-zero exit status (2 for a query that does not parse).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from peacekg.build import BuildError, build_store
from peacekg.compiler import FactsError, compile_path
from peacekg.config import Settings, get_settings
from peacekg.draft.commands import register as register_draft_command
from peacekg.export import export_store, export_to_file
from peacekg.ingest.commands import register as register_ingest_commands
from peacekg.namespaces import show_term
from peacekg.sparql.catalogue import UnknownQuery, find_named_query
from peacekg.store import (
    CSV,
    SPARQL_JSON,
    QueryForm,
    QuerySyntaxError,
    RdfFormat,
    SelectResult,
    Store,
    StoreError,
    StoreNotFound,
    open_store,
    query_form,
)
from peacekg.store.errors import LoadError
from peacekg.store.rdf_files import read_dataset
from peacekg.store.sparql_text import is_update
from peacekg.validation import validate

app = typer.Typer(
    name="peacekg",
    help="A knowledge graph of peace negotiations: build it, check facts, query it, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
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


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(code)


def _settings(**overrides: Path | str | float | None) -> Settings:
    return get_settings(**overrides)


def _open(settings: Settings) -> Store:
    try:
        return open_store(settings)
    except StoreNotFound as error:
        _fail(f"{error} Run `peacekg build` first.")
    except StoreError as error:
        _fail(str(error))


# -- build ------------------------------------------------------------------------------------


@app.command()
def build(
    store: StoreOption = None, data: DataOption = None, ontology: OntologyOption = None
) -> None:
    """Compile the facts, validate them and (if valid) replace the store with them."""
    settings = _settings(store_path=store, data_dir=data, ontology_dir=ontology)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    try:
        with Progress(
            *columns, console=err, transient=True, disable=not err.is_terminal
        ) as progress:
            result = build_store(settings, progress)
    except FactsError as error:
        _fail(str(error))
    except BuildError as error:
        if error.report is not None:
            err.print(escape(error.report.text))
        _fail(str(error))
    except StoreError as error:
        _fail(str(error))
    except OSError as error:  # a file the build needs cannot be read
        _fail(f"The build failed: {error}.")
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
    out.print(
        f"Built {result.store_path}: {result.quads} quads, {result.triples} distinct triples, "
        f"{result.graphs} named graphs ({steps})."
    )


# -- validate ---------------------------------------------------------------------------------


@app.command("validate")
def validate_command(
    path: Annotated[
        Path, typer.Argument(help="A data directory, a facts file or directory, or an RDF file.")
    ],
    data: DataOption = None,
    ontology: OntologyOption = None,
) -> None:
    """Check facts or RDF against the ontology's shapes; exit 1 on a violation."""
    settings = _settings(data_dir=data, ontology_dir=ontology)
    if not path.exists():
        _fail(f"There is no file or directory at {path}.")
    if not settings.ontology_dir.is_dir():
        _fail(f"The ontology directory {settings.ontology_dir} does not exist.")
    try:
        if path.is_file() and RdfFormat.from_path(path) is not None:
            report = validate(read_dataset(path), settings.ontology_dir)
        else:
            compiled = compile_path(path, settings.data_dir)
            report = validate(compiled.dataset, settings.ontology_dir, origin=compiled.origin)
    except (FactsError, LoadError) as error:
        _fail(str(error))
    except OSError as error:  # the shapes or a file they need cannot be read
        _fail(f"The validation failed: {error}.")
    if report.text:
        (out if report.conforms else err).print(escape(report.text))
    if not report.conforms:
        _fail(f"{path} does not conform to the ontology's shapes.")
    out.print(f"{path} conforms to the ontology's shapes.")


# -- query ------------------------------------------------------------------------------------


@app.command()
def query(
    query: Annotated[
        str | None, typer.Argument(help="SPARQL text, or the path of a .rq file.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="A named query, e.g. CQ1 or CQ01.")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="How to print the results.")
    ] = OutputFormat.TABLE,
    store: StoreOption = None,
    queries: QueriesOption = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.001,
            help=f"Stop the query after this many seconds (exit status {TIMEOUT_EXIT}).",
        ),
    ] = None,
) -> None:
    """Run a SPARQL query over every graph of the store (peacekg's prefixes are known).

    A query with FROM / FROM NAMED runs over the graphs it names instead.
    """
    settings = _settings(store_path=store, queries_dir=queries)
    text = _query_text(query, name, settings.queries_dir)
    form = query_form(text)
    if form is None and is_update(text):
        _fail("peacekg query runs SELECT, ASK, CONSTRUCT and DESCRIBE; this is an update.", 2)
    form = form or QueryForm.SELECT  # if it is no query at all, the engine will say why
    if form.returns_graph and output is OutputFormat.CSV:
        _fail("CSV output needs a SELECT or ASK query; use --format table or json.", code=2)
    with _open(settings) as opened, _time_limit(timeout):
        try:
            _print_results(opened, text, form, output)
        except QuerySyntaxError as error:
            _fail_syntax(error)
        except StoreError as error:
            _fail(str(error))


TIMEOUT_EXIT = 124  # as timeout(1) exits


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Stop the command when ``seconds`` pass: the engine cannot be interrupted, the process can
    (the engine runs without Python's lock, so this timer's thread gets its turn)."""
    if seconds is None:
        yield
        return

    def stop() -> None:
        err.print(f"[bold red]Error:[/] The query ran longer than {seconds:g} s and was stopped.")
        sys.stdout.flush()
        os._exit(TIMEOUT_EXIT)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _query_text(query: str | None, name: str | None, queries_dir: Path) -> str:
    if query is None and name is None:
        _fail("Give a query (SPARQL text or the path of a .rq file) or --name.", code=2)
    if query is not None and name is not None:
        _fail("Give a query or --name, not both.", code=2)
    if name is not None:
        try:
            return find_named_query(queries_dir, name).text
        except UnknownQuery as error:
            _fail(str(error))
    assert query is not None
    path = Path(query)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if "{" not in query and not any(char.isspace() for char in query):
        _fail(f"There is no query file at {path}.", code=2)
    return query


def _print_results(store: Store, text: str, form: QueryForm, output: OutputFormat) -> None:
    if output is OutputFormat.TABLE:
        if form is QueryForm.SELECT:
            out.print(_table(store.select(text)))
        elif form is QueryForm.ASK:
            out.print("yes" if store.ask(text) else "no")
        else:
            out.print(escape(store.query_serialized(text, "text/turtle").decode()), end="")
        return
    if form.returns_graph:
        media_type = RdfFormat.JSONLD.media_type
    else:
        media_type = SPARQL_JSON if output is OutputFormat.JSON else CSV
    data = store.query_serialized(text, media_type)
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
    sys.stdout.buffer.flush()


def _table(result: SelectResult) -> Table:
    count = len(result)
    table = Table(*result.variables, caption=f"{count} row{'' if count == 1 else 's'}")
    for row in result.rows:
        table.add_row(*(escape(show_term(term)) for term in row))
    return table


def _fail_syntax(error: QuerySyntaxError) -> NoReturn:
    if error.line is not None:
        lines = error.query.splitlines()
        if 0 < error.line <= len(lines):
            err.print(f"  {error.line} | {escape(lines[error.line - 1])}")
            if error.column:
                gutter = " " * (len(str(error.line)) + 3)
                err.print(f"  {gutter}{' ' * (error.column - 1)}^")
    _fail(str(error), code=2)


# -- export -----------------------------------------------------------------------------------


@app.command()
def export(
    fmt: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="The RDF serialization.")
    ] = RdfFormat.TRIG,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of to stdout.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole store as RDF (turtle, ntriples and rdfxml merge the graphs)."""
    settings = _settings(store_path=store)
    with _open(settings) as opened:
        try:
            if output is None:
                export_store(opened, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                export_to_file(opened, fmt, output)
                err.print(f"Wrote {escape(str(output))} ({fmt.value}).")
        except OSError as error:
            _fail(f"Cannot write {output}: {error.strerror or error}.")
        except StoreError as error:
            _fail(f"The export failed: {error}")


# -- synth ------------------------------------------------------------------------------------


class SynthFormat(StrEnum):
    NQUADS = "nquads"
    TRIG = "trig"


@app.command()
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

    settings = _settings(data_dir=data, ontology_dir=ontology)
    try:
        with output.open("w", encoding="utf-8") as handle:
            kind: Format = "trig" if fmt is SynthFormat.TRIG else "nquads"
            stats = generate(handle, triples, seed, kind, settings.data_dir, settings.ontology_dir)
    except OSError as error:
        _fail(f"Cannot write {output}: {error.strerror or error}.")
    except FactsError as error:
        _fail(str(error))
    err.print(
        f"Wrote {escape(str(output))}: {stats.triples:,} triples, {stats.articles:,} reports "
        f"of {stats.processes:,} peace processes in {stats.seconds:.1f} s."
    )


# -- serve ------------------------------------------------------------------------------------


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default: 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default: 8000).")] = None,
    query_timeout: Annotated[
        float | None,
        typer.Option(
            "--query-timeout", min=0.001, help="Seconds a SPARQL query may run (default: 30)."
        ),
    ] = None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql (Ctrl-C stops).

    The limits on queries (time, rows, queries at once) are settings: PEACEKG_QUERY_TIMEOUT,
    PEACEKG_MAX_RESULT_ROWS, PEACEKG_MAX_CONCURRENT_QUERIES ... (see peacekg.config).
    """
    settings = _settings(store_path=store, host=host, port=port, query_timeout=query_timeout)
    opened = _open(settings)  # no store, or a damaged one: say so before starting the server
    try:
        if settings.store_url:  # a remote server that is down or misplaced: the same
            opened.ask("ASK {}")
    except StoreError as error:
        _fail(str(error))
    finally:
        opened.close()

    import uvicorn  # the web stack is loaded only by this command

    from peacekg.api import create_app

    err.print(
        f"Serving {escape(settings.store_url or str(settings.store_path))} at "
        f"http://{settings.host}:{settings.port}/sparql (Ctrl-C stops)."
    )
    # One line per request (peacekg.api.requests) and the service's warnings, on stderr.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


# -- ingest, retract, conflicts (peacekg.ingest.commands) -------------------------------------

register_ingest_commands(app)


# -- draft (peacekg.draft.commands) ----------------------------------------------------------

register_draft_command(app)
