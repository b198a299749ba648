// An article's page: every fact taken from it highlighted at its quote in the text, each mark
// a link to the fact (the claims come from /api/v1/claims?article=), and a list of them below.
"use strict";
(async function () {
  const script = document.currentScript;
  const iri = script.dataset.article;
  const id = iri.split("/id/article/")[1];
  if (!id) return;
  const base = iri.slice(0, iri.indexOf("id/article/"));
  const href = (x) => (x.startsWith(base) ? "/" + x.slice(base.length) : x);
  const claims = [];
  let next = `/api/v1/claims?article=${encodeURIComponent(id)}&limit=500`;
  while (next) {
    const response = await fetch(next, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const page = await response.json();
    claims.push(...page.items);
    next = page.next || null;
  }
  const box = [...document.querySelectorAll("div.text")].sort((a, b) => b.textContent.length - a.textContent.length)[0];
  if (!box || !claims.length) return;
  const text = box.textContent;
  // Where each quote is: at its offsets when they hold it, else where it is first found.
  const ranges = [];
  for (const claim of claims) {
    if (!claim.quote) continue;
    let start = claim.start;
    if (start === null || text.slice(start, start + claim.quote.length) !== claim.quote) start = text.indexOf(claim.quote);
    if (start < 0) continue;
    ranges.push({ start, end: start + claim.quote.length, claim });
  }
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(from, to);
    const covering = ranges.filter((r) => r.start <= from && to <= r.end);
    if (!covering.length) {
      fragment.append(piece);
      continue;
    }
    const facts = [...new Map(covering.filter((r) => r.claim.fact).map((r) => [r.claim.fact.iri, r.claim.fact])).values()];
    const mark = document.createElement("mark");
    mark.className = "fact";
    mark.dataset.facts = String(facts.length);
    mark.title = facts.map((fact) => fact.label).join("\n");
    const link = document.createElement("a");
    link.href = facts.length ? href(facts[0].iri) : href(covering[0].claim.claim);
    link.textContent = piece;
    mark.append(link);
    fragment.append(mark);
  }
  box.replaceChildren(fragment);
  box.classList.add("highlighted");
  // The facts, in the order of their quotes.
  const list = document.createElement("ol");
  list.className = "facts-from-article";
  for (const r of ranges.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const item = document.createElement("li");
    const fact = document.createElement("a");
    fact.href = href(r.claim.fact ? r.claim.fact.iri : r.claim.claim);
    fact.textContent = r.claim.fact ? r.claim.fact.label : r.claim.claim;
    const quote = document.createElement("q");
    quote.textContent = r.claim.quote;
    item.append(fact, ` (${r.claim.fact_type || "fact"}, ${r.claim.source_kind} source): `, quote);
    list.append(item);
  }
  const heading = document.createElement("h2");
  heading.id = "facts";
  heading.textContent = `Facts taken from this article (${ranges.length})`;
  box.closest("table") ? box.closest("table").after(heading, list) : box.after(heading, list);
})();
