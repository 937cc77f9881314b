/* Phone-width cards (static/css/responsive.css): copies each column head into its cells' data-label,
   so a table shown as one card per row still says what each number is. No data changes. */
(function () {
  "use strict";
  function label(table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads) { return; }
    var names = Array.prototype.map.call(heads.cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[col]) { cell.setAttribute("data-label", names[col]); }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  function run() { document.querySelectorAll("table.entry-table, table.cards").forEach(label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
