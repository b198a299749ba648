"""Stored queries: every query of ``queries/`` (``settings.queries_dir``) runnable by name.

A query's parameters are the variables of its ``VALUES`` blocks; each is typed by the terms the
block lists (dates, or IRIs of one namespace). A parameter given in the request replaces the
block's choice: it is joined to the query as a trailing ``VALUES`` clause, its terms written
by rdflib (``Literal(...).n3()``, ``URIRef(...).n3()``), so no value can change the query.

>>> text = 'SELECT ?d WHERE { VALUES ?d { "2025-11-20"^^xsd:date } }'
>>> [(p.name, p.type) for p in parameters(text)]
[('d', 'date')]
>>> [(p.name, p.namespace) for p in parameters("PREFIX id: <https://x.org/id/> "
...                                           "SELECT * { VALUES ?who { id:a id:b } }")]
[('who', 'https://x.org/id/')]
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from peacekg.api.deps import StoreDep
from peacekg.api.query_guard import tokens
from peacekg.api.rest import terms
from peacekg.api.rest.common import Paging
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Page, QueryParameter, QueryResult, RdfTerm, StoredQuery
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.sparql.catalogue import NamedQuery, named_queries, named_query, title
from peacekg.store import Term

router = APIRouter(
    tags=["stored queries"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)

_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{([^{}]*)\}", re.IGNORECASE)
_DATE = re.compile(
    r'"(\d{4}-\d{2}-\d{2})"\^\^(?:xsd:date|<http://www\.w3\.org/2001/XMLSchema#date>)'
)
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]+)")
_IRI = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
RESERVED = {"limit", "offset"}


def _without_comments(text: str) -> str:
    """The text with its comments blanked out (a ``#`` inside an IRI or a string stays)."""
    for token in tokens(text):
        if token.kind == "comment":
            text = text[: token.start] + " " * (token.end - token.start) + text[token.end :]
    return text


def parameters(text: str) -> list[QueryParameter]:
    """The typed parameters of a query: the variables of its VALUES blocks."""
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}
    found: dict[str, QueryParameter] = {}
    for match in _VALUES.finditer(_without_comments(text)):
        name, body = match.group(1), match.group(2).split()
        if not body or name in found or name.lower() in RESERVED:
            continue
        dates = [_DATE.fullmatch(t) for t in body]
        if all(dates):
            found[name] = QueryParameter(
                name=name, type="date", examples=[d.group(1) for d in dates if d]
            )
            continue
        iris = []
        for term in body:
            pname, iri = _PNAME.fullmatch(term), _IRI.fullmatch(term)
            if iri:
                iris.append(iri.group(1))
            elif pname and (pname.group(1) or "") in prefixes:
                iris.append(prefixes[pname.group(1) or ""] + pname.group(2))
            else:
                break
        else:
            namespace = iris[0].rsplit("/", 1)[0] + "/" if "/" in iris[0] else ""
            if namespace and all(i.startswith(namespace) for i in iris):
                found[name] = QueryParameter(
                    name=name,
                    type="iri",
                    namespace=namespace,
                    examples=[i.removeprefix(namespace) for i in iris],
                )
    return list(found.values())


def _queries_dir(request: Request) -> Path:
    directory: Path = request.app.state.settings.queries_dir
    return directory


def _describe(query: NamedQuery) -> StoredQuery:
    text = query.text
    return StoredQuery(name=query.name, question=title(text), parameters=parameters(text))


def _term(parameter: QueryParameter, value: str) -> URIRef | Literal:
    """The term a parameter's value stands for; 422 if it is not of the parameter's type."""
    if parameter.type == "date":
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise Problem.invalid(
                parameter.name, f"{value!r} is not a date (YYYY-MM-DD)."
            ) from None
    namespace = parameter.namespace or ""
    if terms.is_slug(value):
        return URIRef(namespace + value)
    if value.startswith(namespace) and not _NOT_IN_IRI.search(value):
        return URIRef(value)
    raise Problem.invalid(parameter.name, f"{value!r} is neither an id nor an IRI in {namespace}.")


def _json_term(term: Term | None) -> RdfTerm | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return RdfTerm(
            type="literal",
            value=str(term),
            datatype=str(term.datatype) if term.datatype else None,
            language=term.language,
        )
    if isinstance(term, BNode):
        return RdfTerm(type="bnode", value=str(term))
    return RdfTerm(type="iri", value=str(term))


@router.get("/queries", response_model=Page[StoredQuery], summary="The stored queries")
def list_queries(request: Request) -> JSONResponse:
    """Every query of ``queries/``, by name, with its question and typed parameters."""
    found = [_describe(query) for query in named_queries(_queries_dir(request))]
    paged = Paging(limit=max(len(found), 1), offset=0)
    return respond(request, Page[StoredQuery](items=found, limit=paged.limit, offset=0))


@router.get(
    "/queries/{name}",
    response_model=QueryResult,
    summary="Run a stored query",
    openapi_extra={
        "parameters": [
            {
                "name": "asOf",
                "in": "query",
                "required": False,
                "description": "A parameter of the query (see /api/v1/queries): a date, or the "
                "id or IRI of a resource; repeat it for several values.",
                "schema": {"type": "string"},
                "example": "2025-11-20",
            }
        ]
    },
)
async def run_query(
    request: Request,
    store: StoreDep,
    name: Annotated[str, PathParam(examples=["CQ07-stance-as-of"], max_length=200)],
) -> JSONResponse:
    """Run the query ``name``; each query parameter named after one of its parameters binds
    it (several values: repeat the parameter). Rows come in the query's own order."""
    query = named_query(_queries_dir(request), name)
    if query is None:
        raise Problem.not_found("stored query", name)
    text = query.text
    known = {p.name: p for p in parameters(text)}
    bound: dict[str, list[URIRef | Literal]] = {}
    for key in request.query_params:
        if key not in known:
            raise Problem.invalid(key, f"the query {name} takes no parameter {key!r}.")
        bound[key] = [_term(known[key], v) for v in request.query_params.getlist(key)]
    if bound:
        names = list(bound)
        rows = " ".join(
            "(" + " ".join(t.n3() for t in combination) + ")"
            for combination in itertools.product(*(bound[n] for n in names))
        )
        text += f"\nVALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}\n"
    result = await run_in_threadpool(store.select, text)
    return respond(
        request,
        QueryResult(
            name=name,
            variables=list(result.variables),
            rows=[
                {var: _json_term(term) for var, term in zip(result.variables, row, strict=True)}
                for row in result.rows
            ],
        ),
    )
