"""The concept schemes the workbench's pickers offer, read from the graph: the issue tree, the
ordered stance scale (with rank and polarity), roles, event types, statuses, provision fates."""

from __future__ import annotations

from typing import Any

from peacekg.store import Store
from peacekg.workbench.adapter import BASE, select

SCHEMES = ("issue", "stance-value", "role", "event-type", "event-status", "provision-fate")

_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pk: <https://w3id.org/peacekg/ontology#>
SELECT ?concept ?scheme (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?definition)
       (SAMPLE(?b) AS ?broader) (SAMPLE(?r) AS ?rank) (SAMPLE(?p) AS ?polarity)
       (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?aliases)
WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?l .
  OPTIONAL { ?concept skos:definition ?d }
  OPTIONAL { ?concept skos:broader ?b }
  OPTIONAL { ?concept pk:rank ?r }
  OPTIONAL { ?concept pk:polarity ?p }
  OPTIONAL { ?concept skos:altLabel ?alt }
} GROUP BY ?concept ?scheme"""


def schemes(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Each scheme's concepts: ``{id, label, definition, broader, rank, polarity, aliases}``;
    the stance values by rank, the others by label (the issue tree keeps ``broader``)."""
    prefix = BASE + "vocab/"
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMES}
    for row in select(store, _QUERY):
        scheme = row["scheme"].removeprefix(prefix)
        if scheme not in out:
            continue
        concept_prefix = f"{prefix}{scheme}/"
        out[scheme].append(
            {
                "id": row["concept"].removeprefix(concept_prefix),
                "label": row.get("label", ""),
                "definition": row.get("definition", ""),
                "broader": row["broader"].removeprefix(concept_prefix)
                if row.get("broader")
                else None,
                "rank": int(row["rank"]) if row.get("rank") else None,
                "polarity": row.get("polarity"),
                "aliases": [a for a in row.get("aliases", "").split("|") if a],
            }
        )
    for name, concepts in out.items():
        if name == "stance-value":
            concepts.sort(key=lambda c: (c["rank"] is None, c["rank"] or 0, c["label"]))
        else:
            concepts.sort(key=lambda c: c["label"].lower())
    return out
