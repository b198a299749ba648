// The query editor: YASGUI on this endpoint, one tab per competency query of queries/.
// - Tabs are kept in the browser (localStorage) and come back after a reload.
// - A share link (the share button of a tab: /sparql#query=...) opens its query in a tab.
// - The prefixes the server knows (pk:, id:, issue: ...) raise no error mark without a PREFIX.
// - IRIs under the public base open their page on this server, not the public address.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("page-config").textContent);
  const OFFERED = "peacekg-editor-examples"; // the examples this browser has been given

  // YASQE's tokenizer marks a prefixed name whose prefix the query does not declare ("Prefix
  // 'pk' is not defined"). The server declares its own: each query starts knowing them.
  const sparqlMode = Yasqe.modes && Yasqe.modes.sparql11;
  if (sparqlMode) {
    Yasqe.defineMode("sparql11", function (editorConfig, modeConfig) {
      const mode = sparqlMode(editorConfig, modeConfig);
      const startState = mode.startState;
      mode.startState = function () {
        const state = startState.apply(this, arguments);
        state.prefixes = Object.assign({}, config.prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
  }

  // Completion of classes and properties asks LOV on the web: only local completers here.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.value = config.default_query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: config.storage_key, // tabs survive a reload
    populateFromUrl: true, // a share link's query opens in a tab (and leaves the URL)
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    yasr: { prefixes: config.prefixes },
  });

  // Every tab asks this server, whatever endpoint a share link or an older visit recorded.
  for (const id of Object.keys(yasgui._tabs || {})) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint && tab.getEndpoint() !== config.endpoint) {
      tab.setEndpoint(config.endpoint);
    }
  }

  // The examples: every competency query this browser has not been offered yet gets a tab (all
  // of them on a first visit; later, those added to queries/ since).
  let offered = [];
  try {
    offered = JSON.parse(localStorage.getItem(OFFERED) || "[]");
  } catch (error) {
    offered = [];
  }
  const fresh = config.examples.filter((example) => !offered.includes(example.name));
  const firstVisit = offered.length === 0;
  const active = yasgui.getTab();
  const untouched =
    firstVisit && active && Object.keys(yasgui._tabs || {}).length === 1 &&
    active.getQuery().trim() === config.default_query.trim();
  fresh.forEach((example, index) => {
    yasgui.addTab(untouched && index === 0, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint, method: "POST" },
    });
  });
  if (untouched && fresh.length) active.close(); // the empty tab YASGUI opens itself
  try {
    localStorage.setItem(OFFERED, JSON.stringify(config.examples.map((e) => e.name)));
  } catch (error) {
    // Storage refused (private mode): the examples come again next time.
  }

  // The menu of examples: any competency query again in a tab of its own.
  const menu = document.getElementById("examples");
  if (menu) {
    for (const example of config.examples) {
      const option = document.createElement("option");
      option.value = example.name;
      option.textContent = example.title;
      menu.append(option);
    }
    menu.addEventListener("change", () => {
      const example = config.examples.find((e) => e.name === menu.value);
      menu.value = "";
      if (!example) return;
      yasgui.addTab(true, {
        name: example.name,
        yasqe: { value: example.query },
        requestConfig: { endpoint: config.endpoint, method: "POST" },
      });
    });
  }

  // IRIs under the public base link to their page here (results, response view, anywhere).
  const base = config.base;
  function localise(root) {
    const links = root.querySelectorAll ? root.querySelectorAll(`a[href^="${base}"]`) : [];
    for (const link of links) {
      link.setAttribute("href", "/" + link.getAttribute("href").slice(base.length));
      link.dataset.iri = base + link.getAttribute("href").slice(1);
    }
  }
  const yasguiRoot = document.getElementById("yasgui");
  localise(yasguiRoot);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches && node.matches(`a[href^="${base}"]`)) localise(node.parentNode);
        else localise(node);
      }
      if (change.type === "attributes" && change.target.matches(`a[href^="${base}"]`)) {
        localise(change.target.parentNode);
      }
    }
  }).observe(yasguiRoot, { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });

  window.peacekgEditor = yasgui;
})();
