"""The SPARQL texts peacekg runs itself (the REST lookups, the conflicts rule of the ingest),
one ``.rq`` file per query, loaded by name.

A text may hold three kinds of marks, each on a line of its own:

- ``#VALUES``: where the bound parameters go, as one ``VALUES`` block per variable;
- ``#IF name`` ... ``#ENDIF``: lines kept only when the flag ``name`` is set;
- nothing else: the text is SPARQL 1.1 as it is, without PREFIX lines (those of
  :func:`peacekg.namespaces.sparql_prefixes` are put in front).

Terms are written with rdflib's ``n3()``, which escapes literals, so no parameter can change the
shape of a query:

>>> text = render("stance_page", {"holder": [URIRef("https://w3id.org/peacekg/id/russia")]},
...               flags={"holder"}, limit=2)
>>> "VALUES ?holder { <https://w3id.org/peacekg/id/russia> }" in text
True
>>> values_block("q", [Literal('x" } DROP ALL {')])
'VALUES ?q { "x\\\\" } DROP ALL {" }'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.resources import files

from rdflib import Literal, URIRef

from peacekg.namespaces import sparql_prefixes

Bindings = Mapping[str, Sequence[URIRef | Literal]]


@cache
def load(name: str) -> str:
    """The text of ``sparql/NAME.rq``."""
    return files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


def values_block(variable: str, terms: Iterable[URIRef | Literal]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(term.n3() for term in terms)} }}"


def render(
    name: str,
    values: Bindings | None = None,
    *,
    flags: Iterable[str] = (),
    limit: int | None = None,
    offset: int = 0,
) -> str:
    """The query ``name`` with its parameters bound, its flagged blocks chosen, and a page."""
    wanted = set(flags)
    lines: list[str] = []
    keep: list[bool] = []
    for line in load(name).splitlines():
        mark = line.strip()
        if mark.startswith("#IF "):
            keep.append(mark.removeprefix("#IF ").strip() in wanted)
        elif mark == "#ENDIF":
            keep.pop()
        elif not all(keep):
            continue
        elif mark == "#VALUES":
            lines += [values_block(var, terms) for var, terms in (values or {}).items()]
        else:
            lines.append(line)
    text = sparql_prefixes() + "\n".join(lines)
    if limit is not None:
        text += f"\nLIMIT {int(limit)} OFFSET {int(offset)}"
    return text
