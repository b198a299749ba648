"""Reading a SPARQL query's text without running it.

>>> query_form("PREFIX pk: <https://w3id.org/peacekg/ontology#>  # pk\\nask { ?s pk:p ?o }")
<QueryForm.ASK: 'ASK'>
>>> query_form("INSERT DATA { <a:b> <a:c> <a:d> }") is None
True
>>> has_dataset_clause("SELECT*FROM<urn:g>WHERE{?s ?p ?o}")
True
>>> has_dataset_clause('SELECT ?from WHERE { ?s ex:from "FROM" } # FROM <urn:g>')
False
>>> sorted(declared_prefixes("prefix : <urn:a#> PREFIX pk:<urn:b#> # PREFIX no: <urn:c>"))
['', 'pk']
>>> is_update("PREFIX pk: <urn:pk#> # a comment\\nDELETE WHERE { ?s pk:p ?o }")
True
"""

from __future__ import annotations

import re

from peacekg.store.base import QueryForm

# IRIs, strings and comments: blanked out first, so that a '#' or a keyword inside them is no clue.
_OPAQUE = re.compile(
    r"""<[^<>"{}|^`\\\s]*>"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
    r"""|\#[^\n]*""",
    re.DOTALL,
)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PROLOGUE_WORDS = {"PREFIX", "BASE"}
# A prefix declaration: the keyword PREFIX, then the name declared (maybe empty) and its colon.
_PREFIX_DECLARATION = re.compile(r"(?<![\w:?$.@\-])PREFIX\s+([^\s:]*):", re.IGNORECASE)
# The keyword FROM, not a part of a variable (?from), a prefixed name (ex:from, from:x), a
# language tag (@from) or a longer word; IRIs, strings and comments are blanked out first.
_FROM = re.compile(r"(?<![\w:?$.@\-])FROM(?![\w:\-])", re.IGNORECASE)


def query_form(query: str) -> QueryForm | None:
    """The form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE), or None if it names none.

    Only the words after the prologue (``PREFIX`` and ``BASE`` declarations) are read, so this
    is cheap; a query it recognizes may still fail to parse.
    """
    for token in _OPAQUE.sub(" ", query).split():
        if token.upper() in _PROLOGUE_WORDS or token.endswith(":"):
            continue
        match = _FORM.match(token)
        return QueryForm(match.group(1).upper()) if match else None
    return None


def has_dataset_clause(query: str) -> bool:
    """True if the query names its own dataset (``FROM`` or ``FROM NAMED``).

    In a SPARQL query the keyword FROM only ever starts a dataset clause (a subquery has none),
    so finding the keyword outside IRIs, strings and comments is enough.
    """
    return _FROM.search(_OPAQUE.sub(" ", query)) is not None


def declared_prefixes(query: str) -> set[str]:
    """The prefix names the query declares itself (``PREFIX pk: <...>`` gives ``"pk"``)."""
    return set(_PREFIX_DECLARATION.findall(_OPAQUE.sub(" ", query)))


_UPDATE = re.compile(
    r"(?:\s*(?:#[^\n]*|PREFIX\s+\S*:\s*<[^>]*>|BASE\s*<[^>]*>))*\s*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def is_update(text: str) -> bool:
    """True if the text, after its prologue and comments, starts as a SPARQL Update does."""
    return _UPDATE.match(text) is not None
