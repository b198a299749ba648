// The query editor: YASGUI on this endpoint, one tab per competency query of queries/.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("page-config").textContent);
  // Completion of classes and properties asks LOV on the web: only local completers here.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.value = config.default_query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null, // the tabs are the examples each time, not the last visit's
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    yasr: { prefixes: config.prefixes },
  });
  const first = yasgui.getTab();
  config.examples.forEach((example, index) => {
    const tab = yasgui.addTab(index === 0, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint, method: "POST" },
    });
  });
  if (first && config.examples.length) first.close(); // the empty tab YASGUI opens itself
  window.peacekgEditor = yasgui;
})();
