"""Entity search for the pickers: by label and alias across the whole graph, with each
entity's type and affiliation (the parties it is a member of, or a person's organisation), and
the entities the article in progress declares itself."""

from __future__ import annotations

import json
from typing import Any

from peacekg.store import Store
from peacekg.workbench.adapter import BASE, select

PARTIES = ("State", "InternationalOrganisation", "Coalition", "ArmedGroup")
PLACES = ("City", "Region", "Country", "Venue", "Place")
KINDS: dict[str, tuple[str, ...]] = {
    "actor": (*PARTIES, "Person", "MediaOutlet"),
    "party": PARTIES,
    "person": ("Person",),
    "party-or-outlet": (*PARTIES, "MediaOutlet"),
    "place": PLACES,
    "outlet": ("MediaOutlet",),
    "event": ("Event",),
    "any": (*PARTIES, "Person", "MediaOutlet", *PLACES),
}

_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pk: <https://w3id.org/peacekg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?entity ?type (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?aliases)
       (GROUP_CONCAT(DISTINCT ?affiliation; separator="|") AS ?affiliations)
WHERE {
  VALUES ?type { %(types)s }
  ?entity a ?type ; rdfs:label ?l .
  OPTIONAL { ?entity skos:altLabel ?alt }
  OPTIONAL {
    { ?entity pk:memberOf ?a } UNION { ?m org:member ?entity ; org:organization ?a }
    ?a rdfs:label ?affiliation
  }
  FILTER(%(match)s)
} GROUP BY ?entity ?type ORDER BY LCASE(SAMPLE(?l)) LIMIT %(limit)d"""


def _types(kind: str) -> tuple[str, ...]:
    return KINDS.get(kind, KINDS["any"])


def search_entities(
    store: Store, q: str, kind: str = "", own: list[dict[str, Any]] | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Entities whose label or an alias contains ``q`` (ignoring case), of ``kind``'s types:
    ``{id, label, type, aliases, affiliation, origin}`` (origin ``graph`` or ``article``)."""
    types = _types(kind)
    needle = q.strip().lower()
    found: list[dict[str, Any]] = []
    for entity in own or []:
        names = [str(entity.get("label", "")), *map(str, entity.get("aliases") or [])]
        if entity.get("type") in types and (
            not needle
            or any(needle in n.lower() for n in names)
            or needle in str(entity.get("id", ""))
        ):
            member_of = entity.get("member_of") or []
            found.append(
                {
                    "id": entity.get("id"),
                    "label": entity.get("label"),
                    "type": entity.get("type"),
                    "aliases": list(entity.get("aliases") or []),
                    "affiliation": ", ".join(
                        member_of if isinstance(member_of, list) else [member_of]
                    ),
                    "origin": "article",
                }
            )
    literal = json.dumps(needle)  # a SPARQL string literal with escapes
    match = (
        "true"
        if not needle
        else f"CONTAINS(LCASE(STR(?l)), {literal}) || CONTAINS(LCASE(STR(?alt)), {literal}) "
        f"|| CONTAINS(STR(?entity), {json.dumps('/id/' + needle)})"
    )
    query = _QUERY % {
        "types": " ".join(f"pk:{t}" for t in types),
        "match": match,
        "limit": limit,
    }
    seen = {f["id"] for f in found}
    for row in select(store, query):
        ident = row["entity"].removeprefix(BASE + "id/")
        if ident in seen or "/" in ident:
            continue
        seen.add(ident)
        found.append(
            {
                "id": ident,
                "label": row.get("label", ident),
                "type": row["type"].rsplit("#", 1)[-1],
                "aliases": [a for a in row.get("aliases", "").split("|") if a],
                "affiliation": ", ".join(a for a in row.get("affiliations", "").split("|") if a),
                "origin": "graph",
            }
        )
    exact = [f for f in found if needle and needle in (str(f["label"]).lower(), f["id"])]
    return exact + [f for f in found if f not in exact][: limit - len(exact)]
