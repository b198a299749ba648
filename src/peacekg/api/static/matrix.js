// The stance matrix: parties × issues as of a date, issues grouped under the roots of the
// taxonomy, each stance coloured by the rank of its value (pk:rank, 1 = refuses any
// concession ... 8 = agrees); a click on a stance shows its evidence.
"use strict";

let ranks = null; // value IRI -> {rank, label, definition}
let maxRank = 8;
let issues = null; // issue id -> issue (with broader)

function rankClass(rank) {
  return rank ? `rank rank-${Math.round(((rank - 1) * 7) / Math.max(maxRank - 1, 1)) + 1}` : "rank";
}

async function loadScale() {
  ranks = new Map((await stanceScale()).map((value) => [value.iri, value]));
  maxRank = Math.max(1, ...[...ranks.values()].map((v) => v.rank));
  const legend = document.getElementById("legend");
  legend.replaceChildren(
    el("span", { class: "legend-title", text: "Refusal" }),
    ...[...ranks.entries()].map(([iri, v]) =>
      el("a", { class: rankClass(v.rank), href: hrefOf(iri), title: v.definition }, `${v.rank} ${v.label}`),
    ),
    el("span", { class: "legend-title", text: "agreement" }),
  );
}

// The root of an issue in the taxonomy (the first broader chain), for the column groups.
function rootOf(issueId) {
  let current = issues.get(issueId);
  const seen = new Set();
  while (current && current.broader.length && !seen.has(current.id)) {
    seen.add(current.id);
    const parent = issues.get(current.broader[0].id);
    if (!parent) break;
    current = parent;
  }
  return current || { id: issueId, label: issueId, iri: "" };
}

async function showEvidence(stanceId, button) {
  document.querySelectorAll(".matrix .selected").forEach((b) => b.classList.remove("selected"));
  button.classList.add("selected");
  const panel = document.getElementById("evidence");
  panel.hidden = false;
  panel.replaceChildren(el("p", { text: "Loading the evidence…" }));
  const stance = await getJSON(`/api/v1/stances/${stanceId.split("/").map(encodeURIComponent).join("/")}`);
  const heading = el("h2", {}, refLink(stance.holder), " on ", refLink(stance.issue), ": ",
    el("span", { class: rankClass(stance.rank) }, stance.value.label));
  const facts = el("dl", { class: "facts" },
    el("dt", { text: "Stance" }), el("dd", {}, refLink(stance)),
    stance.summary ? [el("dt", { text: "In short" }), el("dd", { text: stance.summary })] : null,
    el("dt", { text: "Valid" }), el("dd", { text: `from ${stance.valid_from || "?"}${stance.valid_until ? " until " + stance.valid_until : ""}` }),
    stance.places.length ? [el("dt", { text: "Places" }), el("dd", {}, stance.places.map(refLink))] : null,
  );
  const evidence = stance.evidence.map((item) =>
    el("section", { class: "claim" },
      el("blockquote", { class: "quote" }, item.quote || "(no quote)"),
      el("p", { class: "source" }, "In ", refLink(item.article),
        item.reported ? `, reported ${item.reported}` : "", ` (${item.source_kind} source)`),
      el("ol", { class: "chain", "aria-label": "Attribution chain" },
        item.attribution.map((step) =>
          el("li", {}, refLink(step.agent), ` — ${step.role}, ${step.sourcing}`,
            step.affiliation ? [", affiliated with ", refLink(step.affiliation)] : null,
            step.count ? `, ${step.count} sources` : ""),
        ),
      ),
    ),
  );
  panel.replaceChildren(
    el("button", { type: "button", class: "close", "aria-label": "Close" }, "×"),
    heading, facts, ...(evidence.length ? evidence : [el("p", { text: "No claim supports this stance." })]),
  );
  panel.querySelector(".close").addEventListener("click", () => { panel.hidden = true; });
}

async function draw(asOf) {
  setStatus("Loading…");
  const items = await getAll(`/api/v1/stance-matrix?as_of=${asOf}&limit=500`);
  const table = document.getElementById("matrix");
  document.getElementById("empty").hidden = items.length > 0;
  document.getElementById("evidence").hidden = true;
  const parties = new Map();
  const columns = new Map();
  const cells = new Map();
  for (const item of items) {
    parties.set(item.party.id, item.party);
    columns.set(item.issue.id, item.issue);
    const key = `${item.party.id} ${item.issue.id}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(item);
  }
  // Columns grouped by their root issue, groups and issues by label.
  const byLabel = (a, b) => a.label.localeCompare(b.label);
  const groups = new Map();
  for (const issue of columns.values()) {
    const root = rootOf(issue.id);
    if (!groups.has(root.id)) groups.set(root.id, { root, issues: [] });
    groups.get(root.id).issues.push(issue);
  }
  const ordered = [...groups.values()].sort((a, b) => byLabel(a.root, b.root));
  ordered.forEach((g) => g.issues.sort(byLabel));
  const issueOrder = ordered.flatMap((g) => g.issues);
  const rows = [...parties.values()].sort(byLabel);

  const head = el("thead", {},
    el("tr", { class: "groups" }, el("th", { rowspan: 2, scope: "col", text: "Party" }),
      ordered.map((g) => el("th", { colspan: g.issues.length, scope: "colgroup" }, refLink(g.root)))),
    el("tr", { class: "issues" }, issueOrder.map((issue) => el("th", { scope: "col" }, refLink(issue)))),
  );
  const body = el("tbody", {}, rows.map((party) =>
    el("tr", { "data-party": party.id }, el("th", { scope: "row" }, refLink(party)),
      issueOrder.map((issue) => {
        const stances = cells.get(`${party.id} ${issue.id}`) || [];
        return el("td", { "data-issue": issue.id }, stances.map((s) => {
          const rank = ranks.get(s.value.iri);
          const places = s.places.length ? ` (${s.places.map((p) => p.label).join(", ")})` : "";
          const button = el("button", {
            type: "button", class: rankClass(rank && rank.rank), "data-stance": s.stance.id,
            "data-value": s.value.id, title: `${s.stance.label}, since ${s.valid_from || "?"}`,
          }, s.value.label + places);
          button.addEventListener("click", () => showEvidence(s.stance.id, button).catch(fail));
          return button;
        }));
      }),
    ),
  ));
  table.replaceChildren(el("caption", { text: `Stances as of ${asOf}: ${items.length} in ${rows.length} parties × ${issueOrder.length} issues` }), head, body);
  table.hidden = items.length === 0;
  setStatus("");
}

function fail(error) {
  setStatus(`Could not load: ${error.message}`);
}

(async function () {
  const input = document.getElementById("as-of");
  const fromUrl = new URLSearchParams(location.search).get("as_of");
  input.value = /^\d{4}-\d{2}-\d{2}$/.test(fromUrl || "") ? fromUrl : today();
  try {
    const [, issueList] = await Promise.all([loadScale(), getAll("/api/v1/issues?limit=500")]);
    issues = new Map(issueList.map((issue) => [issue.id, issue]));
    await draw(input.value);
  } catch (error) {
    fail(error);
  }
  input.addEventListener("change", () => {
    if (!input.value) return;
    const url = new URL(location.href);
    url.searchParams.set("as_of", input.value);
    history.replaceState(null, "", url);
    draw(input.value).catch(fail);
  });
  document.getElementById("matrix-form").addEventListener("submit", (event) => event.preventDefault());
})();
