"""The catalogue of named queries: the ``*.rq`` files of ``queries/`` (``settings.queries_dir``),
each named by its file name without ``.rq``, its question on its first comment line.

``peacekg query --name``, the stored queries of the REST API (``/api/v1/queries``) and the
examples of the query editor all read them here.

>>> queries = named_queries(Path(__file__).parents[3] / "queries")
>>> [query.name for query in queries][:2]
['CQ01-talks-participants', 'CQ02-red-lines']
>>> find_named_query(Path(__file__).parents[3] / "queries", "cq2").title
'CQ2: On which issues does Russia refuse concessions (red lines), and who says so?'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_QUERY_ID = re.compile(r"([A-Za-z]+)0*(\d+)")


class UnknownQuery(LookupError):
    """No query, or more than one, answers to a name; the message lists the queries."""


@dataclass(frozen=True)
class NamedQuery:
    """A query of the catalogue: ``name`` is its file's name without ``.rq``."""

    name: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def title(self) -> str | None:
        """The question the query answers: its first line if that is a comment."""
        return title(self.text)


def title(text: str) -> str | None:
    """The first line of a query text if it is a comment, without its ``#``; else None.

    >>> title("\\n# CQ1: Who?\\nSELECT * {}"), title("SELECT * {}  # no")
    ('CQ1: Who?', None)
    """
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip() or None
        if line.strip():
            return None
    return None


def named_queries(directory: Path) -> list[NamedQuery]:
    """Every query of ``directory`` in name order; none if there is no such directory."""
    if not directory.is_dir():
        return []
    return [NamedQuery(path.stem, path) for path in sorted(directory.glob("*.rq"))]


def named_query(directory: Path, name: str) -> NamedQuery | None:
    """The query named exactly ``name``, or None."""
    return next((query for query in named_queries(directory) if query.name == name), None)


def find_named_query(directory: Path, name: str) -> NamedQuery:
    """The query ``directory/<name>*.rq``; ``CQ1`` also finds ``CQ01-talks.rq``. UnknownQuery
    if none or several match."""
    queries = named_queries(directory)
    if not queries:
        raise UnknownQuery(f"There are no .rq files in {directory}.")

    def key(text: str) -> str:
        match = _QUERY_ID.fullmatch(text)
        return f"{match.group(1).upper()}{int(match.group(2))}" if match else text.upper()

    wanted = key(name)
    found = [q for q in queries if key(re.split(r"[-_.]", q.name, maxsplit=1)[0]) == wanted]
    found = found or [q for q in queries if q.name.upper().startswith(name.upper())]
    if len(found) != 1:
        names = ", ".join(q.name for q in queries)
        what = "No query" if not found else f"{len(found)} queries"
        raise UnknownQuery(f"{what} in {directory} match '{name}'; the queries are: {names}.")
    return found[0]
