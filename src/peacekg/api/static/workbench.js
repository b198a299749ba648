// The coding workbench: the article's text beside the cards of its facts (the draft's
// proposals and the facts file's items), an editor with the right picker for every field,
// validation of the card being edited, save, undo and ingest. Everything is kept on the
// server (every change names the version it was made on); text is only ever set as text.
"use strict";

const API = PAGE.api;
const wb = {
  article: null, // the server's view of the article in progress
  vocab: null,
  selected: null, // key of the selected card
  editing: null, // {key, section, data, dirty}
  messages: {}, // card key -> [{message, field, source}]
  checkTimer: null,
  checkSeq: 0,
  selection: null, // {quote, occurrence}
};

const SECTION_NAMES = {
  article: "article", entities: "entity", sources: "source", events: "event",
  offices: "office", mandates: "mandate", stances: "stance", documents: "document",
};
const ENTITY_TYPES = ["State", "InternationalOrganisation", "Coalition", "ArmedGroup", "Person",
  "MediaOutlet", "City", "Region", "Country", "Venue", "Place"];
const STEP_ROLES = ["", "outlet", "journalist", "intermediary", "primary-source"];

// -- the server -------------------------------------------------------------------------------

async function call(method, path, body, { version = false, raw = null, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (version && wb.article) init.headers["If-Match"] = `"${wb.article.version}"`;
  if (raw !== null) {
    init.body = raw;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  let answer = null;
  try { answer = await response.json(); } catch (_) { answer = null; }
  if (!response.ok) {
    const error = new Error((answer && answer.message) || `${method} ${path}: ${response.status}`);
    error.status = response.status;
    error.answer = answer || {};
    throw error;
  }
  return answer;
}

function banner(text, kind = "error", action = null) {
  const node = document.getElementById("wb-banner");
  node.replaceChildren(el("span", { text }));
  node.className = `wb-banner wb-${kind}`;
  if (action) node.append(" ", el("button", { type: "button", text: action.label }));
  if (action) node.querySelector("button").addEventListener("click", action.run);
  node.hidden = false;
}

function clearBanner() { document.getElementById("wb-banner").hidden = true; }

function failed(error) {
  if (error.status === 412) {
    banner(error.message, "error", { label: "Reload the article", run: () => load(wb.article.id) });
  } else if (error.status === 401) {
    banner("The session has ended: log in again.", "error", { label: "Log in", run: () => location.reload() });
  } else {
    banner(error.message);
  }
}

function show(article, keepEditor = false) {
  wb.article = article;
  document.getElementById("wb-start").hidden = true;
  document.getElementById("wb-main").hidden = false;
  for (const id of ["wb-undo", "wb-check", "wb-save", "wb-ingest"]) {
    document.getElementById(id).disabled = false;
  }
  document.getElementById("wb-undo").disabled = !article.undo;
  const facts = document.getElementById("wb-facts");
  facts.href = `${API}/articles/${encodeURIComponent(article.id)}/facts`;
  facts.hidden = false;
  document.getElementById("wb-title").textContent = article.id;
  const ingested = article.ingested
    ? (article.changed_since_ingest ? ` · changed since ingested (v${article.ingested.version})` : " · ingested")
    : "";
  setStatus(`version ${article.version} · saved ${article.updated}${ingested}`);
  const header = article.cards[0].data;
  document.getElementById("wb-meta").textContent =
    [article.published, header.publisher, header.title].filter(Boolean).join(" · ");
  if (history.replaceState) history.replaceState(null, "", `#${article.id}`);
  if (!keepEditor) wb.editing = null;
  if (!card(wb.selected)) wb.selected = null;
  renderCards();
  renderText();
  renderEditor();
}

async function load(id) {
  clearBanner();
  try {
    show(await call("GET", `/articles/${encodeURIComponent(id)}`));
    check();
  } catch (error) { failed(error); }
}

async function refreshList() {
  const list = await call("GET", "/articles");
  const select = document.getElementById("wb-open");
  const options = [el("option", { value: "", text: "Open an article…" })];
  if (list.in_progress.length) {
    options.push(el("optgroup", { label: "In progress" },
      list.in_progress.map((a) => el("option", { value: `wb:${a.id}`, text: `${a.id} (v${a.version}${a.ingested ? ", ingested" : ""})` }))));
  }
  const open = new Set(list.in_progress.map((a) => a.id));
  const corpus = list.corpus.filter((id) => !open.has(id));
  if (corpus.length) {
    options.push(el("optgroup", { label: "Corpus (amend)" },
      corpus.map((id) => el("option", { value: `corpus:${id}`, text: id }))));
  }
  select.replaceChildren(...options);
}

// -- cards ------------------------------------------------------------------------------------

function cards() { return wb.article ? wb.article.cards : []; }
function card(key) { return cards().find((c) => c.key === key) || null; }

function visibleCards() {
  const hide = document.getElementById("wb-hide-rejected").checked;
  return cards().filter((c) => !(hide && c.status === "rejected"));
}

function renderCards() {
  const list = document.getElementById("wb-cards");
  const items = visibleCards().map((c) => {
    const problems = wb.messages[c.key] || [];
    const errors = problems.filter((m) => m.severity !== "warning" && m.severity !== "info");
    const item = el("li", {
      class: `wb-card wb-${c.status}${c.key === wb.selected ? " wb-selected" : ""}${errors.length ? " wb-has-errors" : ""}`,
      "data-key": c.key, "data-section": c.section, "data-status": c.status, tabindex: "-1",
    },
      el("span", { class: "wb-kind", text: SECTION_NAMES[c.section] || c.section }),
      el("span", { class: "wb-label", text: c.label }),
      c.data && c.data.value ? valueBadge(c.data.value) : null,
      el("span", { class: "wb-badge", text: c.status }),
      errors.length ? el("span", { class: "wb-errors", title: errors.map((m) => m.message).join("\n"), text: `${errors.length} ⚠` }) : null,
      c.cue ? el("div", { class: "wb-cue" },
        c.confidence !== null && c.confidence !== undefined
          ? el("span", { class: `wb-confidence${c.confidence < 0.6 ? " wb-low" : ""}`, text: `${Math.round(c.confidence * 100)}%` }) : null,
        ` ${c.cue}`) : null,
    );
    item.addEventListener("click", () => select(c.key));
    return item;
  });
  list.replaceChildren(...items);
  const counts = { proposed: 0, accepted: 0, rejected: 0 };
  for (const c of cards()) counts[c.status] = (counts[c.status] || 0) + 1;
  document.getElementById("wb-counts").textContent =
    `${counts.accepted - 1} in the file · ${counts.proposed} proposed · ${counts.rejected} rejected`;
}

function valueBadge(value) {
  const scale = (wb.vocab && wb.vocab["stance-value"]) || [];
  const concept = scale.find((v) => v.id === value);
  if (!concept) return null;
  return el("span", { class: `rank rank-${concept.rank}`, title: concept.definition, text: concept.label });
}

function select(key, scroll = true) {
  if (wb.editing && wb.editing.dirty && wb.editing.key !== key) {
    if (!confirm("Drop the unsaved changes of the card being edited?")) return;
  }
  if (!wb.editing || wb.editing.key !== key) wb.editing = null;
  wb.selected = key;
  renderCards();
  renderText();
  renderEditor();
  const node = document.querySelector(`.wb-card[data-key="${CSS.escape(key)}"]`);
  if (node && scroll) node.scrollIntoView({ block: "nearest" });
  const mark = document.querySelector(".wb-text mark.wb-current");
  if (mark && scroll) mark.scrollIntoView({ block: "center" });
}

function move(step) {
  const list = visibleCards();
  if (!list.length) return;
  const at = list.findIndex((c) => c.key === wb.selected);
  const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
  select(list[next].key);
}

// -- the text, with the quotes of the cards highlighted ---------------------------------------

function renderText() {
  const box = document.getElementById("wb-text");
  if (!wb.article) return;
  const text = wb.article.text;
  const current = wb.editing ? spansOf(wb.editing.data) : ((card(wb.selected) || {}).spans || []);
  const marks = [];
  for (const c of cards()) {
    if (c.status === "rejected") continue;
    for (const s of c.spans) if (s.start >= 0) marks.push({ ...s, key: c.key, current: false });
  }
  for (const s of current) if (s.start >= 0) marks.push({ ...s, key: wb.selected, current: true });
  // Boundaries: each character range is covered by the marks that contain it.
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) { nodes.push(document.createTextNode(piece)); continue; }
    const isCurrent = over.some((m) => m.current);
    const mark = el("mark", { class: isCurrent ? "wb-current" : "wb-quoted", "data-key": over[0].key }, piece);
    mark.addEventListener("click", (event) => {
      if (String(window.getSelection())) return;
      event.stopPropagation();
      select(over.find((m) => m.current) ? wb.selected : over[0].key, false);
    });
    nodes.push(mark);
  }
  box.replaceChildren(...nodes);
}

function spansOf(data) {
  const text = wb.article.text;
  const spans = [];
  const claims = (d) => {
    if (!d || typeof d !== "object") return;
    for (const kind of ["evidence", "denials"]) {
      for (const c of d[kind] || []) {
        if (!c || !c.quote) continue;
        let start = -1;
        for (let n = 0; n < (c.occurrence || 1); n++) { start = text.indexOf(c.quote, start + 1); if (start < 0) break; }
        spans.push({ kind, quote: c.quote, start, end: start < 0 ? -1 : start + c.quote.length });
      }
    }
    for (const v of d.versions || []) claims(v);
    for (const p of d.provisions || []) claims(p);
  };
  claims(data);
  return spans;
}

// Selecting a passage offers a new fact quoting it.
const NEW_FROM_QUOTE = [
  ["stance", "stances"], ["event", "events"], ["participation", "participation"],
  ["office", "offices"], ["mandate", "mandates"], ["plan version", "version"],
  ["provision", "provision"], ["claim", "claim"], ["denial", "denial"],
];

function selectionInText() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !wb.article) return null;
  const box = document.getElementById("wb-text");
  const range = selection.getRangeAt(0);
  if (!box.contains(range.commonAncestorContainer)) return null;
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  let quote = range.toString();
  const trimmed = quote.trim();
  start += quote.indexOf(trimmed);
  quote = trimmed;
  if (quote.length < 8) return null;
  const text = wb.article.text;
  let occurrence = 0;
  let at = -1;
  do { at = text.indexOf(quote, at + 1); occurrence++; } while (at >= 0 && at < start);
  const many = text.indexOf(quote, text.indexOf(quote) + 1) >= 0;
  return { quote, occurrence: many ? occurrence : null, rect: range.getBoundingClientRect() };
}

function offerSelection() {
  const found = selectionInText();
  const bar = document.getElementById("wb-selection");
  if (!found) { bar.hidden = true; wb.selection = null; return; }
  wb.selection = found;
  const kinds = document.getElementById("wb-selection-kinds");
  kinds.replaceChildren(...NEW_FROM_QUOTE.map(([label, what]) => {
    const button = el("button", { type: "button", "data-new": what, text: label });
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => newFromQuote(what));
    return button;
  }));
  bar.hidden = false;
  bar.style.top = `${window.scrollY + found.rect.bottom + 6}px`;
  bar.style.left = `${Math.max(8, window.scrollX + found.rect.left)}px`;
}

function claimOf(selection) {
  const claim = { quote: selection.quote, according_to: "article" };
  if (selection.occurrence) claim.occurrence = selection.occurrence;
  return claim;
}

function newFromQuote(what) {
  const selection = wb.selection;
  document.getElementById("wb-selection").hidden = true;
  if (!selection) return;
  const claim = claimOf(selection);
  if (what === "claim" || what === "denial") {
    if (!wb.editing) {
      const c = card(wb.selected);
      if (!c || c.section === "article" || c.section === "entities" || c.section === "sources") {
        banner("Select the fact this quote supports (or denies) first, then select the quote.");
        return;
      }
      startEditing(c);
    }
    const list = what === "claim" ? "evidence" : "denials";
    wb.editing.data[list] = [...(wb.editing.data[list] || []), claim];
    wb.editing.dirty = true;
    renderEditor();
    scheduleCheck();
    return;
  }
  const published = wb.article.published;
  const fresh = {
    stances: ["stances", { id: "", holder: "", issue: "", value: "", evidence: [claim] }],
    events: ["events", { id: `${published}-`, label: "", type: "", status: "", evidence: [claim] }],
    participation: ["events", { ref: "", participants: [{ agent: "", side: "" }], evidence: [claim] }],
    offices: ["offices", { id: "", person: "", organization: "", role: "", evidence: [claim] }],
    mandates: ["mandates", { id: "", person: "", party: "", role: "", evidence: [claim] }],
    version: ["documents", { ref: "", versions: [{ id: "", label: "", points: null, evidence: [claim] }] }],
    provision: ["documents", { ref: "", versions: [{ ref: "", provisions: [{ id: "", issue: "", summary: "", evidence: [claim] }] }] }],
  }[what];
  const [section, data] = fresh;
  wb.selected = `new:${section}`;
  wb.editing = { key: `new:${section}`, section, data, dirty: true, isNew: true };
  renderCards();
  renderText();
  renderEditor();
  scheduleCheck();
}

// -- the editor -------------------------------------------------------------------------------

function startEditing(c) {
  wb.editing = { key: c.key, section: c.section, data: structuredClone(c.data), dirty: false, status: c.status };
}

function field(name, label, control, hint = null) {
  const problems = (wb.messages[wb.editing.key] || []).filter((m) => m.field === name);
  return el("div", { class: `wb-field${problems.length ? " wb-field-error" : ""}`, "data-field": name },
    el("label", { text: label }),
    control,
    hint ? el("div", { class: "wb-hint", text: hint }) : null,
    problems.map((m) => el("div", { class: "wb-message", role: "alert", text: m.message })));
}

function setValue(path, value) {
  let target = wb.editing.data;
  for (const step of path.slice(0, -1)) target = target[step];
  const last = path[path.length - 1];
  if (value === "" || value === null || value === undefined || (Array.isArray(value) && !value.length)) {
    if (Array.isArray(target)) target[last] = value; else delete target[last];
  } else {
    target[last] = value;
  }
  wb.editing.dirty = true;
  scheduleCheck();
}

function getValue(path) {
  let target = wb.editing.data;
  for (const step of path) { if (target === undefined || target === null) return undefined; target = target[step]; }
  return target;
}

function textInput(path, attrs = {}) {
  const value = getValue(path);
  const input = el(attrs.multiline ? "textarea" : "input", {
    ...attrs, multiline: null, value: attrs.multiline ? null : (value ?? ""),
    name: path.join("."), rows: attrs.multiline ? 3 : null,
  });
  if (attrs.multiline) input.value = value ?? "";
  input.addEventListener("input", () => {
    let v = input.value;
    if (attrs.type === "number") v = v === "" ? "" : Number(v);
    setValue(path, v);
  });
  return input;
}

function listInput(path, placeholder) {
  const value = getValue(path) || [];
  const input = el("input", { name: path.join("."), value: value.join(", "), placeholder });
  input.addEventListener("input", () => setValue(path, input.value.split(",").map((s) => s.trim()).filter(Boolean)));
  return input;
}

function conceptPicker(path, scheme) {
  const concepts = (wb.vocab && wb.vocab[scheme]) || [];
  const current = getValue(path) || "";
  if (scheme === "stance-value") return scalePicker(path, concepts, current);
  const selectBox = el("select", { name: path.join(".") }, el("option", { value: "", text: "—" }));
  const byParent = {};
  for (const c of concepts) (byParent[c.broader || ""] ||= []).push(c);
  const add = (parent, depth) => {
    for (const c of byParent[parent] || []) {
      selectBox.append(el("option", { value: c.id, title: c.definition, text: `${"  ".repeat(depth)}${depth ? "└ " : ""}${c.label}` }));
      add(c.id, depth + 1);
    }
  };
  add("", 0);
  const known = concepts.some((c) => c.id === current);
  if (current && !known) selectBox.append(el("option", { value: current, text: `${current} (as written)` }));
  selectBox.value = current;
  selectBox.addEventListener("change", () => setValue(path, selectBox.value));
  return selectBox;
}

function scalePicker(path, scale, current) {
  const box = el("div", { class: "wb-scale", role: "radiogroup", "data-name": path.join(".") });
  for (const v of scale) {
    const button = el("button", {
      type: "button", class: `rank rank-${v.rank}${v.id === current ? " wb-on" : ""}`, role: "radio",
      "aria-checked": v.id === current ? "true" : "false", "data-value": v.id, title: v.definition, text: v.label,
    });
    button.addEventListener("click", () => { setValue(path, v.id); renderEditor(); });
    box.append(button);
  }
  return box;
}

// An entity picker: search the whole graph by label and alias; create a new entity inline.
function entityPicker(path, kind, { multiple = false } = {}) {
  const wrap = el("div", { class: "wb-picker", "data-kind": kind });
  const values = multiple ? (getValue(path) || []) : [getValue(path)].filter(Boolean);
  const chips = el("span", { class: "wb-chips" }, values.map((v, i) => {
    const chip = el("span", { class: "wb-chip", "data-id": v }, v, " ");
    const remove = el("button", { type: "button", "aria-label": `remove ${v}`, text: "×" });
    remove.addEventListener("click", () => {
      if (multiple) { const copy = [...values]; copy.splice(i, 1); setValue(path, copy); } else setValue(path, "");
      renderEditor();
    });
    chip.append(remove);
    return chip;
  }));
  const input = el("input", { name: path.join("."), placeholder: multiple || !values.length ? `search ${kind}…` : "change…", autocomplete: "off" });
  const menu = el("ul", { class: "wb-menu", role: "listbox", hidden: true });
  let timer = null;
  const choose = (id) => {
    if (multiple) setValue(path, [...values.filter((v) => v !== id), id]); else setValue(path, id);
    renderEditor();
  };
  const search = async () => {
    const q = input.value.trim();
    const answer = await call("GET", `/search?q=${encodeURIComponent(q)}&kind=${kind}&article=${encodeURIComponent(wb.article.id)}`);
    const items = answer.items.map((e) => {
      const li = el("li", { role: "option", "data-id": e.id, tabindex: "-1" },
        el("strong", { text: e.label }), " ", el("span", { class: "wb-type", text: e.type }),
        e.affiliation ? el("span", { class: "wb-aff", text: ` · ${e.affiliation}` }) : null,
        e.origin === "article" ? el("span", { class: "wb-aff", text: " · this article" }) : null,
        el("span", { class: "wb-id", text: ` ${e.id}` }));
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(e.id); });
      return li;
    });
    if (q) {
      const create = el("li", { role: "option", class: "wb-create", tabindex: "-1", text: `+ new ${kind === "place" ? "place" : "entity"} “${q}”…` });
      create.addEventListener("mousedown", (event) => { event.preventDefault(); createEntity(q, kind, choose); });
      items.push(create);
    }
    menu.replaceChildren(...items);
    menu.hidden = !items.length;
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 150); });
  input.addEventListener("focus", () => { clearTimeout(timer); timer = setTimeout(search, 50); });
  input.addEventListener("blur", () => setTimeout(() => { menu.hidden = true; }, 150));
  input.addEventListener("keydown", (event) => {
    const options = [...menu.querySelectorAll("li")];
    if (event.key === "ArrowDown" && options.length) { event.preventDefault(); options[0].focus(); }
    if (event.key === "Enter" && options.length) {
      event.preventDefault();
      options[0].dispatchEvent(new MouseEvent("mousedown"));
    }
  });
  menu.addEventListener("keydown", (event) => {
    const options = [...menu.querySelectorAll("li")];
    const at = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown") { event.preventDefault(); (options[at + 1] || options[at]).focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? options[at - 1] : input).focus(); }
    if (event.key === "Enter" && at >= 0) { event.preventDefault(); options[at].dispatchEvent(new MouseEvent("mousedown")); }
  });
  wrap.append(chips, input, menu);
  return wrap;
}

const KIND_TYPES = {
  actor: ["Person", "State", "InternationalOrganisation", "Coalition", "ArmedGroup", "MediaOutlet"],
  party: ["State", "InternationalOrganisation", "Coalition", "ArmedGroup"],
  person: ["Person"], place: ["City", "Region", "Country", "Venue", "Place"],
  "party-or-outlet": ["MediaOutlet", "State", "InternationalOrganisation", "Coalition", "ArmedGroup"],
  outlet: ["MediaOutlet"],
};

function slugOf(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

// A small form, inline, for a new entity: type, label, aliases, affiliation.
function createEntity(label, kind, done) {
  const types = KIND_TYPES[kind] || ENTITY_TYPES;
  const form = el("form", { class: "wb-create-form", "aria-label": "New entity" });
  const typeBox = el("select", { name: "type" }, types.map((t) => el("option", { value: t, text: t })));
  const labelBox = el("input", { name: "label", value: label, required: true });
  const idBox = el("input", { name: "id", value: slugOf(label) });
  const aliases = el("input", { name: "aliases", placeholder: "other names, comma-separated" });
  const member = el("input", { name: "member_of", placeholder: "party id (a person's party goes in an office)" });
  labelBox.addEventListener("input", () => { idBox.value = slugOf(labelBox.value); });
  form.append(
    el("strong", { text: "New entity" }),
    el("label", {}, "Type ", typeBox), el("label", {}, "Label ", labelBox), el("label", {}, "Id ", idBox),
    el("label", {}, "Aliases ", aliases), el("label", {}, "Member of ", member),
    el("button", { type: "submit", class: "wb-primary", text: "Create" }),
    el("button", { type: "button", class: "wb-cancel", text: "Cancel" }));
  form.querySelector(".wb-cancel").addEventListener("click", () => form.remove());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const entity = { id: idBox.value.trim(), type: typeBox.value, label: labelBox.value.trim() };
    const names = aliases.value.split(",").map((s) => s.trim()).filter(Boolean);
    if (names.length) entity.aliases = names;
    if (member.value.trim()) entity.member_of = [member.value.trim()];
    try {
      show(await call("POST", `/articles/${encodeURIComponent(wb.article.id)}/cards`, { section: "entities", data: entity }, { version: true }), true);
      form.remove();
      done(entity.id);
    } catch (error) { failed(error); }
  });
  document.getElementById("wb-editor").prepend(form);
  typeBox.focus();
}

function createSource(done) {
  const form = el("form", { class: "wb-create-form", "aria-label": "New anonymous source" });
  const label = el("input", { name: "label", placeholder: "the article's words: “a Kessaly official”", required: true });
  const idBox = el("input", { name: "id" });
  const count = el("input", { name: "count", type: "number", min: "1", placeholder: "1" });
  const affiliation = el("div");
  let chosen = "";
  const affInput = el("input", { name: "affiliation", placeholder: "party id (if the article says)" });
  affInput.addEventListener("input", () => { chosen = affInput.value.trim(); });
  affiliation.append(affInput);
  label.addEventListener("input", () => { idBox.value = slugOf(label.value).slice(0, 60); });
  form.append(el("strong", { text: "New anonymous source" }),
    el("label", {}, "Words ", label), el("label", {}, "Id ", idBox),
    el("label", {}, "Affiliation ", affiliation), el("label", {}, "Count ", count),
    el("button", { type: "submit", class: "wb-primary", text: "Create" }),
    el("button", { type: "button", class: "wb-cancel", text: "Cancel" }));
  form.querySelector(".wb-cancel").addEventListener("click", () => form.remove());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const source = { id: idBox.value.trim() || slugOf(label.value), label: label.value.trim() };
    if (chosen) source.affiliation = chosen;
    if (count.value) source.count = Number(count.value);
    try {
      show(await call("POST", `/articles/${encodeURIComponent(wb.article.id)}/cards`, { section: "sources", data: source }, { version: true }), true);
      form.remove();
      done(source.id);
    } catch (error) { failed(error); }
  });
  document.getElementById("wb-editor").prepend(form);
  label.focus();
}

function sourcesOfArticle() {
  return cards().filter((c) => c.section === "sources" && c.status === "accepted").map((c) => c.data);
}

// Claims: the quote, and who says so: the article, or a chain built step by step.
function claimsEditor(list) {
  const claims = getValue([list]) || [];
  const box = el("div", { class: "wb-claims", "data-list": list });
  claims.forEach((claim, i) => {
    const path = [list, i];
    const chain = claim.according_to;
    const isArticle = chain === "article" || !Array.isArray(chain);
    const steps = isArticle ? [] : chain;
    const stepsBox = el("ol", { class: "wb-chain" });
    steps.forEach((step, j) => {
      const stepPath = [...path, "according_to", j];
      const kind = step.source !== undefined ? "source" : "agent";
      const kindBox = el("select", { name: `${stepPath.join(".")}.kind`, "aria-label": "step kind" },
        el("option", { value: "agent", text: "named" }), el("option", { value: "source", text: "anonymous source" }));
      kindBox.value = kind;
      kindBox.addEventListener("change", () => {
        const next = kindBox.value === "source" ? { source: "" } : { agent: "" };
        if (step.role) next.role = step.role;
        setValue(stepPath, next); renderEditor();
      });
      let who;
      if (kind === "agent") {
        who = entityPicker([...stepPath, "agent"], "actor");
      } else {
        const sourceBox = el("select", { name: `${stepPath.join(".")}.source` }, el("option", { value: "", text: "—" }),
          sourcesOfArticle().map((s) => el("option", { value: s.id, text: `${s.label}${s.affiliation ? ` (${s.affiliation})` : ""}` })),
          el("option", { value: "__new", text: "+ new anonymous source…" }));
        sourceBox.value = step.source || "";
        sourceBox.addEventListener("change", () => {
          if (sourceBox.value === "__new") {
            sourceBox.value = step.source || "";
            createSource((id) => { setValue([...stepPath, "source"], id); renderEditor(); });
          } else setValue([...stepPath, "source"], sourceBox.value);
        });
        who = sourceBox;
      }
      const roleBox = el("select", { name: `${stepPath.join(".")}.role`, "aria-label": "role" },
        STEP_ROLES.map((r) => el("option", { value: r, text: r || (j === steps.length - 1 ? "primary source" : "role…") })));
      roleBox.value = step.role || "";
      roleBox.addEventListener("change", () => setValue([...stepPath, "role"], roleBox.value));
      const onRecord = el("input", { type: "checkbox", name: `${stepPath.join(".")}.on_record`, checked: !!step.on_record, disabled: kind === "source" });
      onRecord.addEventListener("change", () => setValue([...stepPath, "on_record"], onRecord.checked || ""));
      const remove = el("button", { type: "button", class: "wb-small", text: "remove step" });
      remove.addEventListener("click", () => {
        const copy = steps.filter((_, k) => k !== j);
        setValue([...path, "according_to"], copy.length ? copy : "article"); renderEditor();
      });
      stepsBox.append(el("li", { class: "wb-step" }, kindBox, who, roleBox, el("label", { class: "wb-inline" }, onRecord, " on record"), remove));
    });
    const addStep = el("button", { type: "button", class: "wb-small wb-add-step", text: isArticle ? "+ attribute: add a first step" : "+ add a step" });
    addStep.addEventListener("click", () => {
      const copy = steps.map((s) => ({ ...s }));
      if (copy.length && !copy[copy.length - 1].role) copy[copy.length - 1].role = copy[copy.length - 1].source === undefined ? "outlet" : "intermediary";
      copy.push({ agent: "" });
      setValue([...path, "according_to"], copy); renderEditor();
    });
    const useArticle = el("button", { type: "button", class: "wb-small", text: "the article's own voice", disabled: isArticle });
    useArticle.addEventListener("click", () => { setValue([...path, "according_to"], "article"); renderEditor(); });
    const removeClaim = el("button", { type: "button", class: "wb-small", text: `remove this ${list === "evidence" ? "claim" : "denial"}` });
    removeClaim.addEventListener("click", () => { const copy = claims.filter((_, k) => k !== i); setValue([list], copy); renderEditor(); });
    const quote = textInput([...path, "quote"], { multiline: true, class: "wb-quote" });
    const occurrence = textInput([...path, "occurrence"], { type: "number", min: "1", class: "wb-narrow", placeholder: "1" });
    box.append(el("div", { class: "wb-claim", "data-claim": i },
      el("div", { class: "wb-claim-head", text: `${list === "evidence" ? "Claim" : "Denial"} ${i + 1}` }),
      quote, el("label", { class: "wb-inline" }, "occurrence ", occurrence),
      el("div", { class: "wb-who" }, el("span", { text: "According to: " }),
        isArticle ? el("em", { text: "the article" }) : null, stepsBox, addStep, useArticle), removeClaim));
  });
  const add = el("button", { type: "button", class: "wb-small", text: `+ ${list === "evidence" ? "claim" : "denial"} (select its quote in the text)` });
  add.addEventListener("click", () => {
    const found = wb.selection || selectionInText();
    setValue([list], [...claims, found ? claimOf(found) : { quote: "", according_to: "article" }]);
    renderEditor();
  });
  box.append(add);
  return box;
}

function quantityInput(path) {
  const q = getValue(path) || {};
  const value = el("input", { type: "number", step: "any", name: `${path.join(".")}.value`, value: q.value ?? "", class: "wb-narrow" });
  const unit = el("input", { name: `${path.join(".")}.unit`, value: q.unit ?? "", placeholder: "unit (border guards)" });
  const update = () => setValue(path, value.value === "" && !unit.value ? "" : { value: value.value === "" ? null : Number(value.value), unit: unit.value });
  value.addEventListener("input", update);
  unit.addEventListener("input", update);
  return el("span", { class: "wb-row" }, value, unit);
}

// A date, or a date and time with its UTC offset; the zone and the hedge go beside it.
function timeInput(path) {
  const current = getValue(path) || "";
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?([+-]\d{2}:\d{2}|Z))?$/.exec(current);
  const day = el("input", { type: "date", name: `${path.join(".")}.date`, value: match ? match[1] : "" });
  const time = el("input", { type: "time", name: `${path.join(".")}.time`, value: match && match[2] ? match[2] : "" });
  const offset = el("input", { name: `${path.join(".")}.offset`, value: match && match[3] ? match[3] : "", placeholder: "+02:00", class: "wb-narrow" });
  const update = () => {
    if (!day.value) { setValue(path, ""); return; }
    setValue(path, time.value ? `${day.value}T${time.value}:00${offset.value || ""}` : day.value);
  };
  for (const box of [day, time, offset]) box.addEventListener("input", update);
  const free = current && !match ? el("div", { class: "wb-hint", text: `as written: ${current}` }) : null;
  return el("span", { class: "wb-row" }, day, time, offset, free);
}

function participantsEditor(path) {
  const list = getValue(path) || [];
  const box = el("div", { class: "wb-participants" });
  list.forEach((p, i) => {
    const remove = el("button", { type: "button", class: "wb-small", text: "×" });
    remove.addEventListener("click", () => { setValue(path, list.filter((_, k) => k !== i)); renderEditor(); });
    box.append(el("div", { class: "wb-row wb-participant" },
      entityPicker([...path, i, "agent"], "actor"), el("span", { text: "for" }),
      entityPicker([...path, i, "side"], "party"), conceptPicker([...path, i, "role"], "role"), remove));
  });
  const add = el("button", { type: "button", class: "wb-small", text: "+ participant" });
  add.addEventListener("click", () => { setValue(path, [...list, { agent: "", side: "" }]); renderEditor(); });
  box.append(add);
  return box;
}

function jsonEditor(path) {
  const area = el("textarea", { class: "wb-json", rows: 14, name: "json" });
  area.value = JSON.stringify(getValue(path) ?? wb.editing.data, null, 2);
  area.addEventListener("input", () => {
    try { wb.editing.data = JSON.parse(area.value); wb.editing.dirty = true; area.classList.remove("wb-bad"); scheduleCheck(); } catch (_) { area.classList.add("wb-bad"); }
  });
  return area;
}

const FORMS = {
  article: (d) => [
    field("title", "Title", textInput(["title"])),
    field("publisher", "Publisher", entityPicker(["publisher"], "party-or-outlet")),
    field("url", "URL", textInput(["url"], { type: "url" })),
    field("language", "Language", textInput(["language"], { class: "wb-narrow" })),
    field("date_note", "How the date was established", textInput(["date_note"])),
  ],
  entities: () => [
    field("id", "Id", textInput(["id"])),
    field("type", "Type", (() => { const s = el("select", { name: "type" }, ENTITY_TYPES.map((t) => el("option", { value: t, text: t }))); s.value = getValue(["type"]) || ""; s.addEventListener("change", () => setValue(["type"], s.value)); return s; })()),
    field("label", "Label", textInput(["label"])),
    field("aliases", "Aliases", listInput(["aliases"], "comma-separated")),
    field("description", "Description", textInput(["description"])),
    field("member_of", "Member of", entityPicker(["member_of"], "party", { multiple: true })),
    field("located_in", "Located in", entityPicker(["located_in"], "place")),
    field("territory_of", "Territory of", entityPicker(["territory_of"], "party")),
    field("same_as", "Wikidata id (only when certain)", textInput(["same_as"], { class: "wb-narrow" })),
  ],
  sources: () => [
    field("id", "Id", textInput(["id"])),
    field("label", "The article's words", textInput(["label"])),
    field("affiliation", "Affiliation", entityPicker(["affiliation"], "party")),
    field("count", "How many persons", textInput(["count"], { type: "number", min: "1", class: "wb-narrow" })),
  ],
  events: (d) => [
    d.ref !== undefined ? field("ref", "Account of the event", entityPicker(["ref"], "event")) : field("id", "Id", textInput(["id"])),
    d.ref !== undefined ? null : field("label", "Label", textInput(["label"])),
    field("type", "Type", conceptPicker(["type"], "event-type")),
    field("status", "Status", conceptPicker(["status"], "event-status")),
    field("begin", "Begins", timeInput(["begin"])),
    field("end", "Ends", timeInput(["end"])),
    field("time_zone", "Time zone the report uses", textInput(["time_zone"], { placeholder: "Europe/Kyiv" })),
    field("begin_approximation", "Hedge on the time", textInput(["begin_approximation"], { placeholder: "around" })),
    field("duration", "Duration", textInput(["duration"], { placeholder: "PT5H" })),
    field("duration_approximation", "Hedge on the duration", textInput(["duration_approximation"], { placeholder: "almost" })),
    field("place", "Place", entityPicker(["place"], "place")),
    field("part_of", "Part of", entityPicker(["part_of"], "event")),
    field("ordinal", "Number in the series", textInput(["ordinal"], { type: "number", min: "1", class: "wb-narrow" })),
    field("outcome", "Outcome", textInput(["outcome"])),
    field("quantity", "Quantity", quantityInput(["quantity"])),
    field("status_changed_by", "Status changed by", entityPicker(["status_changed_by"], "actor", { multiple: true })),
    field("status_reason", "Why", textInput(["status_reason"])),
    field("participants", "Participants", participantsEditor(["participants"])),
  ],
  offices: (d) => membershipForm(d, "organization", "party-or-outlet", "Organisation"),
  mandates: (d) => membershipForm(d, "party", "party", "Acting for"),
  stances: (d) => [
    d.ref !== undefined ? field("ref", "Account of the stance (ARTICLE/STANCE)", textInput(["ref"])) : field("id", "Id", textInput(["id"], { placeholder: "holder-issue" })),
    d.ref !== undefined ? null : field("holder", "Holder", entityPicker(["holder"], "actor")),
    d.ref !== undefined ? null : field("issue", "Issue", conceptPicker(["issue"], "issue")),
    d.ref !== undefined ? null : field("value", "Stance", conceptPicker(["value"], "stance-value")),
    field("places", "About the places", entityPicker(["places"], "place", { multiple: true })),
    field("summary", "Summary", textInput(["summary"])),
    field("condition", "Condition (the report's words)", textInput(["condition"], { placeholder: "if sanctions are eased" })),
    field("condition_issue", "Condition's issue", conceptPicker(["condition_issue"], "issue")),
    field("quantity", "Quantity", quantityInput(["quantity"])),
    field("valid_from", "Holds from", textInput(["valid_from"], { type: "date" })),
    field("valid_until", "Holds until", textInput(["valid_until"], { type: "date" })),
    d.ref !== undefined ? null : field("supersedes", "Supersedes", listInput(["supersedes"], "ARTICLE-ID/STANCE-ID, …")),
    field("expressed_at", "Expressed at", entityPicker(["expressed_at"], "event")),
  ],
  documents: () => [field("json", "The document, its versions and provisions (JSON)", jsonEditor([]),
    "ref: the document; versions: [{id | ref, label, points, provisions: [{id, issue, summary, fate}]}]")],
};

function membershipForm(d, orgKey, kind, label) {
  if (d.ref !== undefined) {
    return [field("ref", "Account of (ARTICLE/FACT)", textInput(["ref"])), field("title", "Title", textInput(["title"])),
      field("valid_from", "From", textInput(["valid_from"], { type: "date" })), field("valid_until", "Until", textInput(["valid_until"], { type: "date" }))];
  }
  return [
    field("id", "Id", textInput(["id"])),
    field("person", "Person", entityPicker(["person"], "person")),
    field(orgKey, label, entityPicker([orgKey], kind)),
    field("role", "Role", conceptPicker(["role"], "role")),
    field("title", "Title (the article's words)", textInput(["title"])),
    field("valid_from", "From", textInput(["valid_from"], { type: "date" })),
    field("valid_until", "Until", textInput(["valid_until"], { type: "date" })),
  ];
}

function renderEditor() {
  const box = document.getElementById("wb-editor");
  const forms = [...box.querySelectorAll(".wb-create-form")];
  const c = wb.editing ? null : card(wb.selected);
  if (!wb.editing && !c) {
    box.replaceChildren(el("p", { class: "wb-hint", text: "Select a card (j / k), or select a passage of the text to make a new fact from it." }));
    return;
  }
  if (!wb.editing) {
    box.replaceChildren(...readOnlyView(c));
    return;
  }
  const e = wb.editing;
  const form = FORMS[e.section] || FORMS.documents;
  const general = (wb.messages[e.key] || []).filter((m) => !m.field || !document.querySelector(`[data-field="${m.field}"]`));
  const head = el("div", { class: "wb-editor-head" },
    el("strong", { text: `${e.isNew ? "New " : "Editing "}${SECTION_NAMES[e.section] || e.section}` }),
    el("span", { class: "wb-hint", id: "wb-check-status", text: wb.checkStatus || "" }));
  const fields = form(e.data).filter(Boolean);
  const claims = ["article", "entities", "sources", "documents"].includes(e.section) ? [] : [
    el("h3", { text: "Evidence" }), claimsEditor("evidence"),
    el("h3", { text: "Denials" }), claimsEditor("denials"),
  ];
  const actions = el("div", { class: "wb-actions" },
    el("button", { type: "button", class: "wb-primary", id: "wb-editor-save", text: e.status === "proposed" ? "Accept as edited (a)" : "Save (Ctrl+S)" }),
    el("button", { type: "button", id: "wb-editor-cancel", text: "Cancel (Esc)" }));
  actions.querySelector("#wb-editor-save").addEventListener("click", () => (e.status === "proposed" ? accept() : save()));
  actions.querySelector("#wb-editor-cancel").addEventListener("click", cancelEditing);
  const messages = el("div", { class: "wb-card-messages" });
  box.replaceChildren(...forms, head, messages, ...fields, ...claims, actions);
  const unplaced = (wb.messages[e.key] || []).filter((m) => !m.field || !box.querySelector(`[data-field="${m.field}"]`));
  messages.replaceChildren(...unplaced.map((m) => el("div", { class: `wb-message wb-${m.severity || "error"}`, role: "alert", text: m.message })));
  void general;
}

function messageBox(m, withField = false) {
  return el("div", { class: `wb-message wb-${m.severity || "error"}`, role: "alert", text: `${withField && m.field ? m.field + ": " : ""}${m.message}` });
}

function refreshEditorMessages() {
  const box = document.getElementById("wb-editor");
  const status = document.getElementById("wb-check-status");
  if (status) status.textContent = wb.checkStatus || "";
  const problems = wb.messages[wb.editing.key] || [];
  const placed = new Set();
  for (const f of box.querySelectorAll("[data-field]")) {
    const mine = problems.filter((m) => m.field === f.dataset.field);
    mine.forEach((m) => placed.add(m));
    f.classList.toggle("wb-field-error", mine.length > 0);
    for (const old of f.querySelectorAll(":scope > .wb-message")) old.remove();
    for (const m of mine) f.appendChild(el("div", { class: "wb-message", role: "alert", text: m.message }));
  }
  box.querySelector(".wb-card-messages").replaceChildren(...problems.filter((m) => !placed.has(m)).map((m) => messageBox(m)));
}

function readOnlyView(c) {
  const out = [el("div", { class: "wb-editor-head" },
    el("strong", { text: `${SECTION_NAMES[c.section] || c.section}: ${c.label}` }), el("span", { class: "wb-badge", text: c.status }))];
  if (c.cue) {
    out.push(el("p", { class: "wb-cue" }, "Proposed by the draft: ", c.cue,
      c.confidence !== null && c.confidence !== undefined ? ` (confidence ${c.confidence})` : ""));
  }
  for (const m of wb.messages[c.key] || []) out.push(el("div", { class: `wb-message wb-${m.severity || "error"}`, role: "alert", text: `${m.field ? m.field + ": " : ""}${m.message}` }));
  for (const s of c.spans) {
    out.push(el("blockquote", { class: s.start < 0 ? "wb-missing" : "" }, s.quote, s.start < 0 ? el("em", { text: " (not found in the text)" }) : null));
  }
  out.push(el("pre", { class: "wb-data", text: JSON.stringify(c.data, null, 2) }));
  const buttons = el("div", { class: "wb-actions" });
  const add = (label, run, primary = false) => {
    const button = el("button", { type: "button", class: primary ? "wb-primary" : null, text: label });
    button.addEventListener("click", run);
    buttons.append(button);
  };
  if (c.status === "proposed") { add("Accept (a)", accept, true); add("Edit (e)", edit); add("Reject (r)", reject); }
  else if (c.status === "rejected") add("Restore", () => decide(c, "restore"));
  else { add("Edit (e)", edit, true); if (c.section !== "article") add("Take out of the file (r)", reject); }
  out.push(buttons);
  return out;
}

// -- actions ----------------------------------------------------------------------------------

function clean(value) {
  if (Array.isArray(value)) return value.map(clean).filter((v) => v !== undefined);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c === undefined || c === "" || c === null || (Array.isArray(c) && !c.length) || (typeof c === "object" && !Array.isArray(c) && !Object.keys(c).length)) continue;
      out[k] = c;
    }
    return out;
  }
  return value;
}

function edit() {
  const c = card(wb.selected);
  if (!c) return;
  startEditing(c);
  renderEditor();
  renderText();
  const first = document.querySelector("#wb-editor input, #wb-editor select, #wb-editor textarea");
  if (first) first.focus();
  scheduleCheck();
}

function cancelEditing() {
  wb.editing = null;
  renderEditor();
  renderText();
  document.getElementById("wb-cards").focus();
}

async function change(run, message) {
  clearBanner();
  try {
    const article = await run();
    show(article);
    if (message) setStatus(`${message} · version ${article.version}`);
    check();
    return article;
  } catch (error) { failed(error); return null; }
}

async function decide(c, action, data) {
  const pid = c.key.slice(2);
  const next = nextKeyAfter(c.key);
  const done = await change(() => call("POST", `/articles/${encodeURIComponent(wb.article.id)}/proposals/${pid}/${action}`, data ? { data } : undefined, { version: true }),
    { accept: "Accepted", reject: "Rejected", restore: "Restored" }[action]);
  if (done && next) select(next);
}

function nextKeyAfter(key) {
  const list = visibleCards();
  const at = list.findIndex((c) => c.key === key);
  const after = list.slice(at + 1).find((c) => c.status === "proposed") || list.find((c) => c.status === "proposed");
  return after ? after.key : null;
}

async function accept() {
  const c = card(wb.selected);
  if (!c || c.status !== "proposed") return;
  const data = wb.editing && wb.editing.key === c.key ? clean(wb.editing.data) : null;
  await decide(c, "accept", data);
}

async function reject() {
  const c = card(wb.selected);
  if (!c) return;
  if (c.status === "proposed") { await decide(c, "reject"); return; }
  if (c.status === "accepted" && c.section !== "article") {
    await change(() => call("DELETE", `/articles/${encodeURIComponent(wb.article.id)}/cards/${encodeURIComponent(c.key)}`, undefined, { version: true }), "Taken out of the file");
  }
}

async function save() {
  const e = wb.editing;
  if (!e) return;
  const data = clean(e.data);
  const id = encodeURIComponent(wb.article.id);
  let run;
  if (e.isNew) run = () => call("POST", `/articles/${id}/cards`, { section: e.section, data }, { version: true });
  else if (e.status === "proposed") run = () => call("POST", `/articles/${id}/proposals/${e.key.slice(2)}/accept`, { data }, { version: true });
  else run = () => call("PUT", `/articles/${id}/cards/${encodeURIComponent(e.key)}`, { data }, { version: true });
  const done = await change(run, "Saved");
  if (done && e.isNew) {
    const added = done.cards.filter((c) => c.section === e.section && c.status === "accepted").pop();
    if (added) select(added.key);
  } else if (done && !e.isNew && e.status !== "proposed") {
    select(e.key);
  }
}

async function undo() {
  await change(() => call("POST", `/articles/${encodeURIComponent(wb.article.id)}/undo`, undefined, { version: true }), "Undone");
}

function scheduleCheck() {
  clearTimeout(wb.checkTimer);
  wb.checkTimer = setTimeout(check, 350);
  renderText();
}

async function check() {
  if (!wb.article) return;
  const seq = ++wb.checkSeq;
  const body = {};
  if (wb.editing) body.candidate = { key: wb.editing.key, data: clean(wb.editing.data) };
  if (wb.editing && wb.editing.isNew) body.candidate.key = wb.editing.key;
  try {
    const started = performance.now();
    const answer = await call("POST", `/articles/${encodeURIComponent(wb.article.id)}/check`, body);
    if (seq !== wb.checkSeq) return; // a newer check is on its way
    wb.messages = answer.messages;
    const ms = Math.round(performance.now() - started);
    const count = Object.values(answer.messages).reduce((n, m) => n + m.length, 0);
    wb.checkStatus = answer.conforms ? `valid · checked in ${ms} ms` : `${count} problem(s) · checked in ${ms} ms`;
    document.getElementById("wb").dataset.checked = String(seq);
    renderCards();
    // The card being edited keeps its fields (and what is being typed in a picker, which is
    // not yet in its data): only its messages and the check's status are put in place.
    if (wb.editing && document.querySelector("#wb-editor .wb-card-messages")) refreshEditorMessages();
    else renderEditor();
  } catch (error) {
    if (error.status !== 412) failed(error);
  }
}

async function ingest() {
  if (!wb.article) return;
  if (wb.editing && wb.editing.dirty) { banner("Save or cancel the card being edited first."); return; }
  clearBanner();
  setStatus("Ingesting…");
  try {
    const done = await call("POST", `/articles/${encodeURIComponent(wb.article.id)}/ingest`, undefined, { version: true });
    show(done);
    const link = `/matrix?as_of=${done.published}`;
    banner(`Ingested ${done.ingest.article_id}: ${done.ingest.triples} triples${done.ingest.replaced ? ", replacing the earlier version" : ""}.`, "ok",
      { label: "See the stance matrix", run: () => { location.href = link; } });
    refreshList();
  } catch (error) {
    if (error.status === 422 && error.answer.messages) {
      wb.messages = error.answer.messages;
      renderCards();
      const first = Object.keys(error.answer.messages)[0];
      banner(error.message);
      if (first) select(first);
    } else failed(error);
    setStatus(`version ${wb.article.version} · not ingested`);
  }
}

// -- a new article ----------------------------------------------------------------------------

function showStart() {
  document.getElementById("wb-start").hidden = false;
  document.getElementById("wb-main").hidden = true;
  const form = document.getElementById("wb-new-form");
  if (!form.published.value) form.published.value = today();
  form.text.focus();
}

async function upload(file) {
  const status = document.getElementById("wb-upload-status");
  status.textContent = `Reading ${file.name}…`;
  try {
    const answer = await call("POST", "/upload", undefined, {
      raw: await file.arrayBuffer(),
      headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name).slice(0, 200) },
    });
    document.getElementById("wb-new-form").text.value = answer.text;
    status.textContent = `${file.name}: ${answer.text.length.toLocaleString()} characters`;
    status.className = "wb-hint";
  } catch (error) {
    status.textContent = error.message;
    status.className = "wb-hint wb-error";
  }
}

async function createArticle(event) {
  event.preventDefault();
  const form = event.target;
  const body = {};
  for (const name of ["text", "published", "title", "url", "publisher", "language", "id"]) body[name] = form[name].value;
  clearBanner();
  setStatus("Drafting…");
  try {
    const article = await call("POST", "/articles", body);
    show(article);
    refreshList();
    check();
    move(1);
  } catch (error) { failed(error); setStatus(""); }
}

// -- keyboard ---------------------------------------------------------------------------------

function inField(target) {
  return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
}

document.addEventListener("keydown", (event) => {
  if (document.getElementById("wb-main").hidden) return;
  const key = event.key;
  if ((event.ctrlKey || event.metaKey) && key === "s") { event.preventDefault(); save(); return; }
  if ((event.ctrlKey || event.metaKey) && key === "Enter") { event.preventDefault(); ingest(); return; }
  if (key === "Escape") { if (wb.editing) { event.preventDefault(); cancelEditing(); } document.getElementById("wb-selection").hidden = true; return; }
  if (inField(event.target) || event.altKey) return;
  if ((event.ctrlKey || event.metaKey) && key === "z") { event.preventDefault(); undo(); return; }
  if (event.ctrlKey || event.metaKey) return;
  const actions = {
    j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
    a: accept, r: reject, e: edit, Enter: edit, u: undo, c: check,
    "?": () => document.getElementById("wb-help").showModal(),
  };
  if (actions[key] && !(key === "Enter" && wb.editing)) { event.preventDefault(); actions[key](); }
});

// -- start ------------------------------------------------------------------------------------

async function start() {
  document.getElementById("wb-new").addEventListener("click", showStart);
  document.getElementById("wb-new-form").addEventListener("submit", createArticle);
  document.getElementById("wb-file").addEventListener("change", (event) => { if (event.target.files[0]) upload(event.target.files[0]); });
  document.getElementById("wb-undo").addEventListener("click", undo);
  document.getElementById("wb-check").addEventListener("click", check);
  document.getElementById("wb-save").addEventListener("click", save);
  document.getElementById("wb-ingest").addEventListener("click", ingest);
  document.getElementById("wb-help-button").addEventListener("click", () => document.getElementById("wb-help").showModal());
  document.getElementById("wb-hide-rejected").addEventListener("change", renderCards);
  document.getElementById("wb-text").addEventListener("mouseup", () => setTimeout(offerSelection, 0));
  document.getElementById("wb-open").addEventListener("change", async (event) => {
    const [kind, id] = event.target.value.split(/:(.*)/s);
    event.target.value = "";
    if (kind === "wb") load(id);
    if (kind === "corpus") {
      try { show(await call("POST", `/corpus/${encodeURIComponent(id)}`)); refreshList(); check(); } catch (error) { failed(error); }
    }
  });
  try {
    wb.vocab = await call("GET", "/vocab");
    const outlets = await call("GET", "/search?q=&kind=outlet");
    document.getElementById("wb-outlets").replaceChildren(...outlets.items.map((o) => el("option", { value: o.id, text: o.label })));
    await refreshList();
  } catch (error) { failed(error); }
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted) load(wanted); else showStart();
  document.getElementById("wb").dataset.ready = "true";
}

start();
