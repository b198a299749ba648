"""The ``peacekg`` command: build, validate, query, export and serve the knowledge graph.

Each command parses its arguments, calls library functions and prints; errors are one sentence
on stderr and a non-zero exit status (2 for a query that does not parse). One module per family
of commands, each adding its commands to :data:`app` with ``register``, in the order of
``peacekg --help``.
"""

from __future__ import annotations

import typer

from peacekg.cli import build, draft, ingest, query, serve, synth

app = typer.Typer(
    name="peacekg",
    help="A knowledge graph of peace negotiations: build it, check facts, query it, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

build.register(app)  # build, validate
query.register(app)  # query, export
synth.register(app)
serve.register(app)
ingest.register(app)  # ingest, retract, conflicts
draft.register(app)
