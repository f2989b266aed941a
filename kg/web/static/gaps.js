// The gaps dashboard: a click anywhere on a row opens the document at the obliging sentence.
"use strict";
(function () {
  const table = document.getElementById("kg-gaps");
  if (table) {
    table.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) return;  // a link in the row goes where it says
      const row = ev.target.closest("tr.kg-row");
      if (row && row.dataset.href) window.location.assign(row.dataset.href);
    });
  }
  window.kgGaps = { ready: true };
})();
