// The timeline: events in time order (undated last), filtered by party and type, each a link
// to its page; with a party and an issue chosen, that party's stances on it drawn as steps of
// the ordered scale (rank 1 = refuses any concession, at the bottom).
"use strict";

function dayOf(value) {
  return value ? value.slice(0, 10) : null;
}

function compareEvents(a, b) {
  const x = a.begin || "\uffff", y = b.begin || "\uffff";
  return x < y ? -1 : x > y ? 1 : a.label.localeCompare(b.label);
}

let scale = null; // the ordered stance values, for the axis of the steps
let allEvents = []; // each event of the REST API with its sides (from its own answer)

// Who took part: the sides and every participant, by id.
function takesPart(event, party) {
  return (event.sides || []).some((side) =>
    (side.side && side.side.id === party) || side.participants.some((p) => p.agent && p.agent.id === party));
}

async function drawEvents() {
  const party = document.getElementById("party").value;
  const type = document.getElementById("type").value;
  const events = allEvents
    .filter((event) => !party || takesPart(event, party))
    .filter((event) => !type || (event.type && event.type.id === type));
  const list = document.getElementById("events");
  list.replaceChildren(...events.map((event) =>
    el("li", { class: `event status-${event.status ? event.status.id : "unknown"}`, "data-event": event.id },
      el("time", { datetime: event.begin || null, text: dayOf(event.begin) || "undated" }),
      el("div", { class: "what" },
        refLink(event),
        el("span", { class: "meta" },
          event.type ? event.type.label : "event",
          (event.sides || []).length ? ` · ${event.sides.map((s) => s.side ? s.side.label : "?").join(", ")}` : "",
          event.status ? ` · ${event.status.label}` : "",
          event.end ? ` · until ${dayOf(event.end)}` : "",
          event.place ? [" · ", refLink(event.place)] : null),
      ),
    ),
  ));
  if (!events.length) list.append(el("li", { class: "empty", text: "No event matches." }));
  setStatus(`${events.length} event${events.length === 1 ? "" : "s"}`);
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function drawSteps() {
  const party = document.getElementById("party").value;
  const issue = document.getElementById("issue").value;
  const figure = document.getElementById("steps");
  if (!party || !issue) {
    figure.hidden = true;
    return;
  }
  const stances = (await getAll(
    `/api/v1/parties/${encodeURIComponent(party)}/stances?issue=${encodeURIComponent(issue)}&history=true&limit=500`,
  )).filter((s) => s.valid_from && s.rank);
  figure.hidden = false;
  const partyName = document.getElementById("party").selectedOptions[0].textContent;
  const issueName = document.getElementById("issue").selectedOptions[0].textContent;
  if (!stances.length) {
    figure.replaceChildren(el("figcaption", { text: `No dated stance of ${partyName} on ${issueName}.` }));
    return;
  }
  const width = 720, height = 260, left = 170, right = 20, top = 16, bottom = 36;
  const times = stances.map((s) => Date.parse(s.valid_from));
  const lo = Math.min(...times) - 86400000 * 7, hi = Math.max(Date.now(), ...times);
  const x = (t) => left + ((t - lo) / (hi - lo)) * (width - left - right);
  const y = (rank) => top + ((8 - rank) / 7) * (height - top - bottom);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "step-chart" });
  const labels = new Map((scale || []).map((v) => [v.rank, v.label]));
  for (const s of stances) labels.set(s.rank, s.value.label);
  for (let rank = 1; rank <= 8; rank++) {
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(rank), y2: y(rank), class: "grid" }));
    chart.append(svg("text", { x: left - 6, y: y(rank) + 4, class: "axis", "text-anchor": "end" },
      labels.get(rank) || String(rank)));
  }
  chart.append(svg("text", { x: left, y: height - 8, class: "axis" }, new Date(lo).toISOString().slice(0, 10)));
  chart.append(svg("text", { x: width - right, y: height - 8, class: "axis", "text-anchor": "end" }, new Date(hi).toISOString().slice(0, 10)));
  const series = new Map();
  for (const s of stances) {
    if (!series.has(s.issue.id)) series.set(s.issue.id, []);
    series.get(s.issue.id).push(s);
  }
  let index = 0;
  for (const [, items] of series) {
    items.sort((a, b) => a.valid_from.localeCompare(b.valid_from));
    let d = "";
    items.forEach((s, i) => {
      const t = x(Date.parse(s.valid_from)), v = y(s.rank);
      d += i === 0 ? `M${t},${v}` : `H${t}V${v}`;
      const end = s.valid_until ? x(Date.parse(s.valid_until)) : i + 1 < items.length ? null : width - right;
      if (end !== null) d += `H${end}`;
    });
    chart.append(svg("path", { d, class: `series series-${index % 4}` }));
    for (const s of items) {
      const link = svg("a", { href: hrefOf(s.iri) });
      link.append(svg("circle", { cx: x(Date.parse(s.valid_from)), cy: y(s.rank), r: 5, class: `series-${index % 4}` }));
      link.append(svg("title", {}, `${s.label}, from ${s.valid_from}`));
      chart.append(link);
    }
    index++;
  }
  const keys = [...series.values()].map((items, i) =>
    [i ? ", " : "", el("span", { class: `key series-${i % 4}`, text: items[0].issue.label })]);
  figure.replaceChildren(chart, el("figcaption", {},
    `Stances of ${partyName} on ${issueName}`,
    series.size > 1 ? [" and its sub-issues (", keys, ")"] : "",
    " over time; each step is a new stance."));
}

function options(select, items) {
  select.append(...items.map((item) => el("option", { value: item.id, text: item.label })));
}

(async function () {
  try {
    setStatus("Loading…");
    let events, parties, issues;
    [parties, events, issues, scale] = await Promise.all([
      getAll("/api/v1/actors?type=party&limit=500"),
      getAll("/api/v1/events?limit=500"),
      getAll("/api/v1/issues?limit=500"),
      stanceScale(),
    ]);
    // The list gives no participants: each event's own answer has its sides.
    allEvents = (await Promise.all(events.map((event) =>
      getJSON(`/api/v1/events/${encodeURIComponent(event.id)}`).catch(() => event)))).sort(compareEvents);
    options(document.getElementById("party"), parties);
    const types = new Map();
    for (const event of events) if (event.type) types.set(event.type.id, event.type);
    options(document.getElementById("type"), [...types.values()].sort((a, b) => a.label.localeCompare(b.label)));
    options(document.getElementById("issue"), issues.sort((a, b) => a.label.localeCompare(b.label)));
    await drawEvents();
  } catch (error) {
    setStatus(`Could not load: ${error.message}`);
  }
  const redraw = () => Promise.all([drawEvents(), drawSteps()]).catch((error) => setStatus(`Could not load: ${error.message}`));
  for (const id of ["party", "type"]) document.getElementById(id).addEventListener("change", redraw);
  document.getElementById("issue").addEventListener("change", () => drawSteps().catch((error) => setStatus(error.message)));
  document.getElementById("timeline-form").addEventListener("submit", (event) => event.preventDefault());
})();
