/* The status heatmap: fetches the packed JSON (see indicators/dashboards/heatmap.py), unpacks
   "indicator_id:status_index;…" per district, draws one plotly heatmap, and on click shows the
   numbers behind one district's cells. Texts come from the page (data-msg-*), already translated. */
(function () {
  "use strict";
  var box = document.getElementById("heatmap");
  var detail = document.getElementById("heatmap-detail");
  if (!box || !window.Plotly) { return; }
  var messages = box.dataset;

  function colourscale(statuses) {
    var n = statuses.length, scale = [];
    statuses.forEach(function (status, k) {
      scale.push([k / n, status.colour]);
      scale.push([(k + 1) / n, status.colour]);
    });
    return scale;
  }

  function unpack(data) {
    var column = {}, used = {};
    data.indicators.forEach(function (indicator, j) { column[indicator.id] = j; });
    var cells = data.rows.map(function (packed) {
      var row = {};
      packed.split(";").forEach(function (cell) {
        var parts = cell.split(":"), j = column[parts[0]];
        if (j !== undefined) { row[j] = +parts[1]; used[j] = true; }
      });
      return row;
    });
    var columns = data.indicators.map(function (_indicator, j) { return j; }).filter(function (j) { return used[j]; });
    var z = [], text = [];
    cells.forEach(function (row) {
      var zRow = [], textRow = [];
      columns.forEach(function (j) {
        var n = row[j];
        zRow.push(n === undefined ? null : n);
        textRow.push(n === undefined ? messages.msgNone : data.statuses[n].label);
      });
      z.push(zRow);
      text.push(textRow);
    });
    var x = columns.map(function (j) {
      var indicator = data.indicators[j];
      return indicator.unit ? indicator.name + "（" + indicator.unit + "）" : indicator.name;
    });
    return { z: z, text: text, x: x };
  }

  function draw(data) {
    box.textContent = "";
    if (!data.rows.length) { box.textContent = messages.msgEmpty; return; }
    var grid = unpack(data), n = data.statuses.length, rows = data.regions.length;
    var trace = {
      type: "heatmap", z: grid.z, x: grid.x, y: data.regions, text: grid.text,
      zmin: -0.5, zmax: n - 0.5, colorscale: colourscale(data.statuses), xgap: 1, ygap: rows > 300 ? 0 : 1,
      hovertemplate: "%{y}<br>%{x}<br>%{text}<extra></extra>",
      colorbar: { tickvals: data.statuses.map(function (_s, k) { return k; }), ticktext: data.statuses.map(function (s) { return s.label; }), thickness: 14 }
    };
    var layout = {
      height: Math.max(420, Math.min(rows * 16 + 240, 1800)),
      margin: { l: rows <= 150 ? 200 : 40, r: 20, t: 200, b: 20 },
      xaxis: { side: "top", tickangle: -45, type: "category" },
      yaxis: { autorange: "reversed", type: "category", showticklabels: rows <= 150 }
    };
    // On a narrow screen the grid keeps readable cells and scrolls inside its box (responsive.css).
    var needed = grid.x.length * 22 + layout.margin.l + layout.margin.r + 80;
    var narrow = box.clientWidth < needed;
    if (narrow) { layout.width = needed; }
    window.Plotly.newPlot(box, [trace], layout, { displaylogo: false, responsive: !narrow, locale: "zh-CN" });
    box.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point) { showDetail(data.region_ids[point.pointIndex[0]], data.horizon); }
    });
  }

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text === null || text === undefined ? "—" : String(text);
    if (className) { element.className = className; }
    return element;
  }

  function showDetail(regionId, horizon) {
    var url = messages.detail.replace(/0\.json$/, regionId + ".json") + "?horizon=" + horizon;
    fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); }).then(function (data) {
      detail.textContent = "";
      detail.appendChild(cell("h2", data.region));
      var table = document.createElement("table");
      table.className = "data-table";
      data.cells.forEach(function (c) {
        var tr = document.createElement("tr");
        tr.appendChild(cell("td", c.name + (c.unit ? "（" + c.unit + "）" : "")));
        tr.appendChild(cell("td", c.status_label, "status status-" + c.status));
        tr.appendChild(cell("td", c.latest === null ? null : c.latest + "（" + c.latest_year + "）"));
        tr.appendChild(cell("td", c.target));
        var link = document.createElement("a");
        link.href = messages.plan.replace(/\/0\/$/, "/" + c.plan_id + "/");
        link.textContent = messages.msgPlan;
        var td = document.createElement("td");
        td.appendChild(link);
        tr.appendChild(td);
        table.appendChild(tr);
      });
      detail.appendChild(table);
      detail.hidden = false;
    });
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(draw)
    .catch(function (error) { box.textContent = messages.msgFailed + " " + error.message; });
})();
