"""``peacekg query`` and ``peacekg export``: the store read, a query's results or the whole
store printed."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from peacekg.cli.common import (
    QueriesOption,
    StoreOption,
    err,
    fail,
    open_or_fail,
    out,
    settings_for,
)
from peacekg.export import export_store, export_to_file
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
    query_form,
)
from peacekg.store.sparql_text import is_update

TIMEOUT_EXIT = 124  # as timeout(1) exits


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


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
    settings = settings_for(store_path=store, queries_dir=queries)
    text = _query_text(query, name, settings.queries_dir)
    form = query_form(text)
    if form is None and is_update(text):
        fail("peacekg query runs SELECT, ASK, CONSTRUCT and DESCRIBE; this is an update.", 2)
    form = form or QueryForm.SELECT  # if it is no query at all, the engine will say why
    if form.returns_graph and output is OutputFormat.CSV:
        fail("CSV output needs a SELECT or ASK query; use --format table or json.", code=2)
    with open_or_fail(settings) as opened, _time_limit(timeout):
        try:
            _print_results(opened, text, form, output)
        except QuerySyntaxError as error:
            _fail_syntax(error)
        except StoreError as error:
            fail(str(error))


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
        fail("Give a query (SPARQL text or the path of a .rq file) or --name.", code=2)
    if query is not None and name is not None:
        fail("Give a query or --name, not both.", code=2)
    if name is not None:
        try:
            return find_named_query(queries_dir, name).text
        except UnknownQuery as error:
            fail(str(error))
    assert query is not None
    path = Path(query)
    if _is_file(path):
        return path.read_text(encoding="utf-8")
    if "{" not in query and not any(char.isspace() for char in query):
        fail(f"There is no query file at {path}.", code=2)
    return query


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; a query text too long to be a file name is not one."""
    try:
        return path.is_file()
    except OSError:  # ENAMETOOLONG: the text of a long query, not a path
        return False


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
    fail(str(error), code=2)


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
    settings = settings_for(store_path=store)
    with open_or_fail(settings) as opened:
        try:
            if output is None:
                export_store(opened, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                export_to_file(opened, fmt, output)
                err.print(f"Wrote {escape(str(output))} ({fmt.value}).")
        except OSError as error:
            fail(f"Cannot write {output}: {error.strerror or error}.")
        except StoreError as error:
            fail(f"The export failed: {error}")


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``export`` to ``app``."""
    app.command()(query)
    app.command()(export)
