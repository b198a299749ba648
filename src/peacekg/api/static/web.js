// Helpers shared by the pages: the page's settings, JSON from this server, links to IRIs.
"use strict";
const PAGE = JSON.parse(document.getElementById("page-config").textContent);

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// Every page of a paged list (the REST API gives `next` while there is more).
async function getAll(url) {
  const items = [];
  let next = url;
  while (next) {
    const page = await getJSON(next);
    items.push(...page.items);
    next = page.next || null;
  }
  return items;
}

async function sparqlSelect(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json",
    },
    body: query,
  });
  if (!response.ok) throw new Error(`SPARQL: ${response.status}`);
  return (await response.json()).results.bindings;
}

// The path on this server of an IRI under the public base; other IRIs stay as they are.
function hrefOf(iri) {
  return iri.startsWith(PAGE.base) ? "/" + iri.slice(PAGE.base.length) : iri;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A reference of the REST API ({id, iri, label}) as a link to its page.
function refLink(ref) {
  if (!ref) return null;
  return el("a", { href: hrefOf(ref.iri), title: ref.iri, text: ref.label || ref.id });
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The ordered scale of stance values: [{iri, rank, label, definition}] by rank (pk:rank).
const SCALE_QUERY = `PREFIX pk: <https://w3id.org/peacekg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?value ?rank (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?definition) WHERE {
  ?value pk:rank ?rank .
  OPTIONAL { ?value skos:prefLabel ?l FILTER(LANG(?l) = "" || LANGMATCHES(LANG(?l), "en")) }
  OPTIONAL { ?value skos:definition ?d }
} GROUP BY ?value ?rank ORDER BY ?rank`;

async function stanceScale() {
  return (await sparqlSelect(SCALE_QUERY)).map((row) => ({
    iri: row.value.value,
    rank: Number(row.rank.value),
    label: row.label ? row.label.value : row.value.value.split("/").pop(),
    definition: row.definition ? row.definition.value : "",
  }));
}
