"""The whole dataset at stable URLs, and its VoID description.

``/dumps/peacekg.nq``, ``.trig`` (one graph per article), ``.ttl`` (the union of the graphs)
and ``.jsonld`` hold what ``peacekg export`` writes in the same format (they are written by
:func:`peacekg.export.export_store`). ``/.well-known/void`` describes the dataset in VoID,
negotiated like any resource (Turtle by default); ``/dataset`` is the dataset's own IRI.
"""

from __future__ import annotations

import io

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from peacekg.api import void
from peacekg.api.deps import StoreDep
from peacekg.api.linked_data import LinkedDataDep
from peacekg.api.representations import RDF_OFFERS, add_head_routes, negotiate, rdf_response
from peacekg.export import export_store
from peacekg.store import RdfFormat, Store

router = APIRouter(tags=["exports"])

# The dumps: file name -> format. The order is the order of void:dataDump.
DUMPS = {
    "peacekg.nq": RdfFormat.NQUADS,
    "peacekg.trig": RdfFormat.TRIG,
    "peacekg.ttl": RdfFormat.TURTLE,
    "peacekg.jsonld": RdfFormat.JSONLD,
}


def _export(store: Store, fmt: RdfFormat) -> bytes:
    out = io.BytesIO()
    export_store(store, fmt, out)
    return out.getvalue()


def _dump_route(name: str, fmt: RdfFormat) -> None:
    async def dump(store: StoreDep) -> Response:
        body = await run_in_threadpool(_export, store, fmt)
        return Response(
            body,
            media_type=fmt.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    dump.__name__ = f"dump_{fmt.value}"
    dump.__doc__ = (
        f"The whole dataset as {fmt.name}: what ``peacekg export -f {fmt.value}`` writes."
    )
    router.add_api_route(f"/dumps/{name}", dump, methods=["GET"], summary=f"Dump ({fmt.name})")


for _name, _fmt in DUMPS.items():
    _dump_route(_name, _fmt)


@router.get("/.well-known/void", summary="The VoID description of the dataset")
@router.get("/dataset", summary="The dataset (its VoID description)")
async def void_description(request: Request, store: StoreDep, options: LinkedDataDep) -> Response:
    """Counts, named graphs, licence, modification date, dumps and SPARQL endpoint; a page for
    browsers (:mod:`peacekg.api.front.void_page`)."""
    from peacekg.api.front.void_page import void_page  # only pages need templates
    from peacekg.api.representations import HTML_OFFER

    media_type = negotiate(request, (*RDF_OFFERS, HTML_OFFER))
    stats = await run_in_threadpool(void.statistics, store, options.base)
    server = str(request.base_url)
    dumps = [(server + f"dumps/{name}", fmt.media_type) for name, fmt in DUMPS.items()]
    if media_type == HTML_OFFER.media_type:
        return void_page(request, stats, options, dumps, server + "sparql")
    graph = void.describe_dataset(
        stats,
        dataset=options.paths.iri("/dataset"),
        uri_space=options.base,
        modified=options.modified,
        dumps=dumps,
        sparql_endpoint=server + "sparql",
    )
    return rdf_response(graph, media_type)


add_head_routes(router)
