"""Reading a query before it runs: refuse updates and SERVICE, apply the protocol's dataset.

The query is parsed with rdflib's SPARQL parser and its parse tree walked, so a keyword inside a
string, an IRI or a comment is no clue; a token scan (strings, IRIs and comments blanked out)
backs the parser up, and decides alone when rdflib cannot parse the query::

    >>> guard('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }').form
    <QueryForm.SELECT: 'SELECT'>
    >>> guard("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    peacekg.api.errors.ServiceForbidden: This endpoint does not run queries with SERVICE: ...
    >>> guard("LOAD <http://127.0.0.1:1/data.ttl>")
    Traceback (most recent call last):
    ...
    peacekg.api.errors.UpdateForbidden: This endpoint is read-only: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from peacekg.api.errors import (
    BadDatasetIri,
    ProtocolError,
    QueryTooLong,
    ServiceForbidden,
    UpdateForbidden,
)
from peacekg.store import QueryForm, query_form

DEFAULT_MAX_QUERY_LENGTH = 100_000
# rdflib's parser is superlinear on long texts; the dataset rewrite parses, so it has a bound.
MAX_PARSED_LENGTH = 20_000

_FORMS = {
    "SelectQuery": QueryForm.SELECT,
    "AskQuery": QueryForm.ASK,
    "ConstructQuery": QueryForm.CONSTRUCT,
    "DescribeQuery": QueryForm.DESCRIBE,
}
_SERVICE_MESSAGE = (
    "This endpoint does not run queries with SERVICE: it never fetches data from elsewhere."
)
_UPDATE_MESSAGE = (
    "This endpoint is read-only: SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR ...) is refused."
)
_UPDATE_WORDS = {
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
}  # fmt: skip
# One SPARQL token: an IRI, a string, a comment, a bracket, or a run of other characters.
_TOKEN = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r'''|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<comment>\#[^\n]*)"""
    r"""|(?P<bracket>[{}()])"""
    r"""|(?P<word>[^\s{}()<>"'\#]+|[<>"'])""",
    re.DOTALL,
)
_IRI = re.compile(r"""[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*""")


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, comment, bracket or word
    text: str
    start: int
    end: int


def tokens(query: str) -> Iterator[Token]:
    """The tokens of a SPARQL text, comments included."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        assert kind is not None
        yield Token(kind, match.group(), match.start(), match.end())


def _words(query: str) -> list[str]:
    """The bare words of a query, upper-cased: no IRI, string or comment among them."""
    return [token.text.upper() for token in tokens(query) if token.kind == "word"]


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its text, its form (None if only the store can tell),
    and its parse tree (None when rdflib could not parse it)."""

    text: str
    form: QueryForm | None
    tree: CompValue | None

    @property
    def has_dataset_clause(self) -> bool:
        """True if the query names its own dataset (FROM or FROM NAMED)."""
        if self.tree is not None:
            return bool(_dataset_clauses(self.tree))
        return "FROM" in _words(self.text)


def guard(
    query: str, *, max_length: int = DEFAULT_MAX_QUERY_LENGTH, parse: bool = False
) -> CheckedQuery:
    """Check a query before it runs. Raises QueryTooLong, UpdateForbidden, ServiceForbidden.

    The check is a token scan, linear in the length of the query (codepoint escapes such as
    ``\u0053ERVICE`` resolved first, as SPARQL reads them): a query is refused when any bare
    word is SERVICE or when its first word after the prologue is an update operation. Only
    with ``parse`` (needed to apply the protocol's dataset) is the query also parsed with
    rdflib and its parse tree walked; rdflib's parser is slow on long queries, and the time a
    query spends here is not under the query time limit, so the common path does not parse.
    A text the store cannot parse gets the store's own syntax error.
    """
    if len(query) > max_length:
        raise QueryTooLong(
            f"The query is {len(query)} characters long; this endpoint accepts at most "
            f"{max_length}.",
            max_length=max_length,
        )
    words = _words(_unescape_codepoints(query))
    if "SERVICE" in words:
        raise ServiceForbidden(_SERVICE_MESSAGE)
    if _starts_like_update(words):
        raise UpdateForbidden(_UPDATE_MESSAGE)
    if parse and len(query) > MAX_PARSED_LENGTH:
        raise ProtocolError(
            "default-graph-uri and named-graph-uri are applied only to queries of at most "
            f"{MAX_PARSED_LENGTH} characters; write FROM and FROM NAMED in the query instead."
        )
    if not parse:
        if query_form(query) is None and _parses_as_update(query):
            raise UpdateForbidden(_UPDATE_MESSAGE)
        return CheckedQuery(query, query_form(query), None)
    tree = _parse(query)
    if tree is not None and _has_service(tree):
        raise ServiceForbidden(_SERVICE_MESSAGE)
    if tree is None:
        if _parses_as_update(query):
            raise UpdateForbidden(_UPDATE_MESSAGE)
        return CheckedQuery(query, query_form(query), None)
    return CheckedQuery(query, _FORMS.get(tree.name), tree)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape_codepoints(query: str) -> str:
    """The text with ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by their characters."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def refuse_update() -> UpdateForbidden:
    """The error for a request that sends an update (``update=``)."""
    return UpdateForbidden(_UPDATE_MESSAGE)


def _parse(query: str) -> CompValue | None:
    try:
        result = parseQuery(query)
    except Exception:  # pyparsing's errors, and RecursionError on deeply nested text
        return None
    tree = result[1]
    return tree if isinstance(tree, CompValue) else None


def _parses_as_update(query: str) -> bool:
    """True if the text is an update with at least one operation (an empty text parses as an
    update with none: that is no update, but a query that is missing)."""
    try:
        update = parseUpdate(query)
    except Exception:
        return False
    return "request" in update and bool(update["request"])


def _starts_like_update(words: list[str]) -> bool:
    """True if the first word after the prologue is an update operation."""
    index = 0  # IRIs are not words: skip "PREFIX p:" and "BASE"
    while index < len(words) and words[index] in ("PREFIX", "BASE"):
        index += 2 if words[index] == "PREFIX" else 1
    return index < len(words) and words[index] in _UPDATE_WORDS


def _has_service(node: Any) -> bool:
    """True if a parse tree holds a SERVICE pattern anywhere (in subqueries, EXISTS ...)."""
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(value) for value in node.values())
    if isinstance(node, ParseResults | list | tuple):
        return any(_has_service(item) for item in node)
    return False


# -- the protocol's dataset ------------------------------------------------------------------


def check_graph_iris(iris: Sequence[str], parameter: str) -> None:
    """Raise BadDatasetIri unless every value is an absolute IRI."""
    for iri in iris:
        if not _IRI.fullmatch(iri):
            raise BadDatasetIri(f"{parameter} must be an absolute IRI; {iri!r} is not.")


def with_dataset(
    checked: CheckedQuery, default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> CheckedQuery:
    """The query with its FROM / FROM NAMED clauses replaced by the protocol's dataset.

    The protocol's ``default-graph-uri`` and ``named-graph-uri`` override the query's own
    dataset. The rewrite is checked by parsing its result: the new parse tree must be the old
    one with exactly the asked-for dataset clauses.

    >>> checked = guard("SELECT * FROM <http://a/> WHERE { ?s ?p ?o }", parse=True)
    >>> " ".join(with_dataset(checked, ["http://b/"], ["http://c/"]).text.split())
    'SELECT * FROM <http://b/> FROM NAMED <http://c/> WHERE { ?s ?p ?o }'
    """
    check_graph_iris(default_graphs, "default-graph-uri")
    check_graph_iris(named_graphs, "named-graph-uri")
    if checked.tree is None or checked.form is None:
        raise ProtocolError(
            "default-graph-uri and named-graph-uri can only be applied to a query that parses."
        )
    clauses = [f"FROM <{iri}>" for iri in default_graphs]
    clauses += [f"FROM NAMED <{iri}>" for iri in named_graphs]
    text = _replace_dataset_clauses(checked.text, checked.form, " ".join(clauses))
    tree = _parse(text)
    expected = [("default", URIRef(iri)) for iri in default_graphs]
    expected += [("named", URIRef(iri)) for iri in named_graphs]
    same = tree is not None and _normalized(tree, "datasetClause") == _normalized(
        checked.tree, "datasetClause"
    )
    if tree is None or not same or _dataset_of(tree) != expected:
        raise ProtocolError(
            "default-graph-uri and named-graph-uri could not be applied to this query; "
            "write FROM and FROM NAMED clauses in the query instead."
        )
    return CheckedQuery(text, checked.form, tree)


def _dataset_of(tree: CompValue) -> list[tuple[str, Any]]:
    return [
        ("default", clause["default"]) if "default" in clause else ("named", clause["named"])
        for clause in _dataset_clauses(tree)
    ]


def _dataset_clauses(tree: CompValue) -> list[CompValue]:
    # CompValue.get() answers a missing key with the key's own name: test membership first.
    return list(tree["datasetClause"]) if "datasetClause" in tree else []


def _normalized(node: Any, skip: str = "", bnodes: dict[BNode, int] | None = None) -> Any:
    """A parse tree as plain tuples, to compare two trees; the key ``skip`` left out.

    The parser makes new blank nodes for ``[]`` at each parse; they are numbered in order.
    """
    bnodes = {} if bnodes is None else bnodes
    if isinstance(node, CompValue):
        items = sorted((k, _normalized(v, "", bnodes)) for k, v in node.items() if k != skip)
        return (node.name, tuple(items))
    if isinstance(node, ParseResults | list | tuple):
        return tuple(_normalized(item, "", bnodes) for item in node)
    if isinstance(node, BNode):
        return ("_:", bnodes.setdefault(node, len(bnodes)))
    return node


_MODIFIERS = {"GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


def _replace_dataset_clauses(query: str, form: QueryForm, clauses: str) -> str:
    """The text with its dataset clauses removed and ``clauses`` put where they belong."""
    toks = [t for t in tokens(query) if t.kind != "comment"]
    removed: list[tuple[int, int]] = []
    index = 0
    while index < len(toks):
        if toks[index].kind == "word" and toks[index].text.upper() == "FROM":
            end = index + 1
            if end < len(toks) and toks[end].text.upper() == "NAMED":
                end += 1
            removed.append((toks[index].start, toks[min(end, len(toks) - 1)].end))
            index = end + 1
        else:
            index += 1
    insert_at = removed[0][0] if removed else _where_clause_start(toks, form, len(query))
    pieces, cursor = [], 0
    for start, end in removed:
        pieces.append(query[cursor:start])
        cursor = end
    pieces.append(query[cursor:])
    # Offsets before the first removed span are unchanged, so insert_at still holds.
    text = "".join(pieces)
    return f"{text[:insert_at]} {clauses} {text[insert_at:]}" if clauses else text


def _where_clause_start(toks: list[Token], form: QueryForm, length: int) -> int:
    """Where the dataset clause goes in a query that has none: before the WHERE clause."""
    index = next(i for i, t in enumerate(toks) if t.text.upper() == form.value)
    index += 1
    if form is QueryForm.CONSTRUCT and index < len(toks) and toks[index].text == "{":
        index = _after_group(toks, index)
    depth = 0
    for token in toks[index:]:
        word = token.text.upper()
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.text == "{" or word == "WHERE" or _ends_describe(form, word)):
            return token.start
    return length


def _ends_describe(form: QueryForm, word: str) -> bool:
    """True if ``word`` starts the solution modifiers of a DESCRIBE without WHERE clause."""
    return form is QueryForm.DESCRIBE and word in _MODIFIERS


def _after_group(toks: list[Token], index: int) -> int:
    """The index after the ``}`` that closes the ``{`` at ``index``."""
    depth = 0
    for position in range(index, len(toks)):
        if toks[position].text == "{":
            depth += 1
        elif toks[position].text == "}":
            depth -= 1
            if depth == 0:
                return position + 1
    return len(toks)
