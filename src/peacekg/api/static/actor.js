// A person's or a party's page: offices and mandates over time, the events attended (with
// side and involvement), and, for a party, its stances now (from /api/v1/actors/{id} and
// /api/v1/parties/{id}/stances), shown above the properties.
"use strict";
(async function () {
  const iri = document.currentScript.dataset.actor;
  const base = iri.slice(0, iri.indexOf("/id/") + 1);
  const id = iri.slice(base.length + "id/".length);
  const href = (x) => (x.startsWith(base) ? "/" + x.slice(base.length) : x);
  const json = async (url) => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    return response.ok ? response.json() : null;
  };
  const actor = await json(`/api/v1/actors/${encodeURIComponent(id)}`);
  if (!actor) return;
  const make = (tag, text, attributes = {}) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };
  const link = (ref) => (ref ? make("a", ref.label || ref.id, { href: href(ref.iri), title: ref.iri }) : "");
  const section = make("section", null, { class: "event-summary actor-summary" });
  const span = (from, until) => `${from || "?"} – ${until || "now"}`;

  const roles = [...(actor.offices || []), ...(actor.mandates || [])];
  if (roles.length) {
    section.append(make("h2", actor.type === "Person" ? "Offices and mandates" : "Representatives"));
    const list = make("ul", null, { class: "offices" });
    for (const role of roles.sort((a, b) => (a.valid_from || "").localeCompare(b.valid_from || ""))) {
      const li = make("li");
      li.append(actor.type === "Person" ? link(role.organization) : link(role.person), ": ",
        role.title || (role.role ? role.role.label : role.kind), ` (${role.kind}, ${span(role.valid_from, role.valid_until)}) `);
      li.append(make("a", "source", { href: href(role.iri), class: "claim-link" }));
      list.append(li);
    }
    section.append(list);
  }
  if ((actor.events || []).length) {
    section.append(make("h2", "Events"));
    const list = make("ul", null, { class: "attended" });
    for (const item of actor.events) {
      const li = make("li");
      li.append(...[make("time", (item.begin || "undated").slice(0, 10)), " ", link(item.event),
        item.involvement === "side" ? " — as a side" : ` — ${item.involvement || "took part"}`,
        ...(item.side && item.side.iri !== iri ? [", for ", link(item.side)] : [])]);
      list.append(li);
    }
    section.append(list);
  }
  if (actor.type !== "Person") {
    const stances = await json(`/api/v1/parties/${encodeURIComponent(id)}/stances?limit=500`);
    if (stances && stances.items.length) {
      section.append(make("h2", "Stances now"));
      const list = make("ul", null, { class: "stances" });
      for (const stance of stances.items) {
        const li = make("li");
        const value = make("span", stance.value.label, { class: `rank rank-${stance.rank || 0}` });
        li.append(link(stance.issue), ": ", value, stance.places.length ? ` (${stance.places.map((p) => p.label).join(", ")})` : "",
          ` since ${stance.valid_from || "?"} `, make("a", "evidence", { href: href(stance.iri), class: "claim-link" }));
        list.append(li);
      }
      section.append(list, make("p", null, { class: "note" }));
      section.lastChild.append("Over time: ", make("a", "the timeline", { href: "/timeline" }), " · ",
        make("a", "the stance matrix", { href: "/matrix" }));
    }
  }
  if (!section.childNodes.length) return;
  const first = document.querySelector("main table");
  (first || document.querySelector("main h1")).before(section);
})();
