// An event's page: who took part, by side and role, its status over time and its outcome
// (from /api/v1/events/{id}), shown above the event's properties.
"use strict";
(async function () {
  const iri = document.currentScript.dataset.event;
  const marker = "/id/";
  const base = iri.slice(0, iri.indexOf(marker) + 1);
  const id = iri.slice(base.length + marker.length - 1);
  const href = (x) => (x.startsWith(base) ? "/" + x.slice(base.length) : x);
  const response = await fetch(`/api/v1/events/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const event = await response.json();
  const make = (tag, text, attributes = {}) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };
  const link = (ref) => (ref ? make("a", ref.label || ref.id, { href: href(ref.iri), title: ref.iri }) : make("span", "?"));
  const section = make("section", null, { class: "event-summary", id: "participants" });
  section.append(make("h2", "Who took part"));
  const table = make("table", null, { class: "sides" });
  const head = make("tr");
  head.append(make("th", "Side"), make("th", "Participants (role)"));
  table.append(head);
  for (const side of event.sides) {
    const row = make("tr", null, { "data-side": side.side ? side.side.id : "" });
    const who = make("td");
    side.participants.forEach((p, i) => {
      if (i) who.append(", ");
      who.append(link(p.agent));
      if (p.role) who.append(` (${p.role.label})`);
    });
    const sideCell = make("th");
    sideCell.append(link(side.side));
    row.append(sideCell, who);
    table.append(row);
  }
  if (event.sides.length) section.append(table);
  else section.append(make("p", "No participant is recorded."));
  if (event.outcome) {
    const outcome = make("p");
    outcome.append(make("strong", "Outcome: "), event.outcome);
    section.append(outcome);
  }
  if (event.status_history.length) {
    const list = make("ul", null, { class: "status-history" });
    for (const item of event.status_history) {
      const li = make("li");
      li.append(make("strong", item.status.label), ` — reported ${item.reported || "?"} in `, link(item.article));
      if (item.reason) li.append(`: ${item.reason}`);
      list.append(li);
    }
    section.append(make("h3", "Status, as reported"), list);
  }
  const first = document.querySelector("main table");
  (first || document.querySelector("main h1")).before(section);
})();
