// A plan's page (a pk:Document): its versions in order, each with its provisions, the issue
// and places of each, and its fate (revised, deferred, dropped ...), from /api/v1/documents/{id}.
"use strict";
(async function () {
  const iri = document.currentScript.dataset.document;
  const base = iri.slice(0, iri.indexOf("/id/") + 1);
  const id = iri.slice(base.length + "id/".length);
  const href = (x) => (x.startsWith(base) ? "/" + x.slice(base.length) : x);
  const response = await fetch(`/api/v1/documents/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const plan = await response.json();
  const make = (tag, text, attributes = {}) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };
  const link = (ref) => (ref ? make("a", ref.label || ref.id, { href: href(ref.iri), title: ref.iri }) : "");
  const section = make("section", null, { class: "event-summary plan-summary" });
  section.append(make("h2", "Versions and the fate of each provision"));
  if (plan.proposed_by) {
    const by = make("p");
    by.append("Proposed by ", link(plan.proposed_by), ".");
    section.append(by);
  }
  for (const version of plan.versions) {
    const box = make("div", null, { class: "version", "data-version": version.id });
    const title = make("h3");
    title.append(link(version), version.points ? ` — ${version.points} points` : "");
    box.append(title);
    const about = make("p", null, { class: "note" });
    if (version.revision_of) about.append("Revises ", link(version.revision_of));
    if (version.revised_after) about.append(version.revision_of ? ", after " : "After ", link(version.revised_after));
    if (version.issued) about.append(` · issued ${version.issued}`);
    if (about.childNodes.length) box.append(about);
    const list = make("ul", null, { class: "provisions" });
    for (const provision of version.provisions) {
      const li = make("li");
      const summary = make("a", provision.summary || provision.id, { href: href(provision.iri) });
      li.append(summary);
      if (provision.issue) li.append(" — ", link(provision.issue));
      if (provision.places.length) li.append(` (${provision.places.map((p) => p.label).join(", ")})`);
      const fate = make("span", provision.fate ? provision.fate.label : "fate not reported", { class: "fate" });
      li.append(" · ", fate);
      for (const later of provision.revised_by) li.append(" → revised by ", link(later));
      for (const later of provision.deferred_to || []) li.append(" → deferred to ", link(later));
      list.append(li);
    }
    box.append(version.provisions.length ? list : make("p", "No provision recorded."));
    section.append(box);
  }
  const first = document.querySelector("main table");
  (first || document.querySelector("main h1")).before(section);
})();
