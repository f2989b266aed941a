// The query page: YASGUI (vendored, static/vendor/yasgui/) against this server's /sparql, with one
// tab per named query of queries/; and the Cypher form when Neo4j is configured. Every text from
// the store reaches the page through textContent or YASGUI's own escaping, never as markup.
"use strict";
(function () {
  const named = JSON.parse(document.getElementById("kg-named-queries").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("kg-yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,  // nothing kept in the browser: each visit starts from the store's queries
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["variables"] },  // the others ask services on the internet
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" },
  });
  const tabs = {};
  function open(name) {
    const q = named.find(function (x) { return x.name === name; });
    if (!q) return null;
    if (tabs[name] && yasgui.getTab(tabs[name])) {
      yasgui.selectTabId(tabs[name]);
    } else {
      const tab = yasgui.addTab(true, Object.assign(Yasgui.Tab.getDefaults(), {
        name: name, yasqe: { value: q.query }, requestConfig: { endpoint: endpoint, method: "POST" },
      }));
      tabs[name] = tab.getId();
    }
    return yasgui.getTab(tabs[name]);
  }
  named.forEach(function (q, i) { if (i < 1) open(q.name); });
  document.getElementById("kg-named").addEventListener("click", function (ev) {
    const button = ev.target.closest("button.kg-named-query");
    if (button) open(button.dataset.name);
  });
  window.kgQuery = { ready: true, yasgui: yasgui, open: open,
                     run: function (name) { const tab = open(name); tab.query(); return tab; } };

  const form = document.getElementById("kg-cypher-form");
  if (!form) return;
  const cypher = JSON.parse(document.getElementById("kg-cypher-queries").textContent);
  const text = document.getElementById("kg-cypher-text");
  const status = document.getElementById("kg-cypher-status");
  const result = document.getElementById("kg-cypher-result");
  document.getElementById("kg-cypher-named").addEventListener("change", function (ev) {
    const q = cypher.find(function (x) { return x.name === ev.target.value; });
    if (q) text.value = q.query;
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    status.textContent = "…";
    result.replaceChildren();
    fetch("/cypher", { method: "POST", body: new URLSearchParams({ query: text.value }),
                       headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return [r.status, body]; }); })
      .then(function ([code, body]) {
        if (code !== 200) { status.textContent = body.error || ("HTTP " + code); return; }
        status.textContent = body.rows.length + " dòng · rows";
        const table = document.createElement("table");
        table.className = "kg-table";
        const head = table.createTHead().insertRow();
        body.columns.forEach(function (c) { const th = document.createElement("th"); th.textContent = c; head.appendChild(th); });
        const tbody = table.createTBody();
        body.rows.forEach(function (row) {
          const tr = tbody.insertRow();
          body.columns.forEach(function (c) {
            const v = row[c];
            tr.insertCell().textContent = v === null || v === undefined ? "" :
              (typeof v === "object" ? JSON.stringify(v) : String(v));
          });
        });
        result.appendChild(table);
      })
      .catch(function (err) { status.textContent = String(err); });
  });
})();
