"""``python -m peacekg`` runs the ``peacekg`` command."""

from peacekg.cli import app

app(prog_name="peacekg")
