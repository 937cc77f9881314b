/* Roll-up maps: fetch the areas (divisions/maps.py) and draw them as filled polygons with the
   dashboards' plotly bundle: one scatter trace per colour class (polygons joined by null breaks),
   plus one marker per area for its hover text. Longitude/latitude on plain axes: no geo module,
   no tiles, nothing fetched from outside the portal. Areas without data have their own class. */
(function () {
  "use strict";
  var configNode = document.getElementById("division-map-config");
  if (!configNode || !window.Plotly) { return; }
  var config = JSON.parse(configNode.textContent);

  function outline(area, xs, ys) {
    (area.g || []).forEach(function (polygon) {
      polygon.forEach(function (ring) {
        ring.forEach(function (point) { xs.push(point[0]); ys.push(point[1]); });
        xs.push(null); ys.push(null);
      });
    });
  }

  function centre(area) {
    var best = null, size = -1;
    (area.g || []).forEach(function (polygon) {
      if (polygon[0] && polygon[0].length > size) { size = polygon[0].length; best = polygon[0]; }
    });
    if (!best) { return null; }
    var x = 0, y = 0;
    best.forEach(function (p) { x += p[0]; y += p[1]; });
    return [x / best.length, y / best.length];
  }

  function draw(box, data) {
    var classes = data.legend.slice();
    var traces = [];
    var groups = [{ label: data.no_data.label, colour: data.no_data.colour, k: -1 }].concat(
      classes.map(function (c, k) { return { label: c.label, colour: c.colour, k: k }; })
    );
    var minLat = 90, maxLat = -90;
    groups.forEach(function (group) {
      var xs = [], ys = [];
      data.areas.forEach(function (area) { if (area.k === group.k) { outline(area, xs, ys); } });
      ys.forEach(function (y) { if (y !== null) { minLat = Math.min(minLat, y); maxLat = Math.max(maxLat, y); } });
      if (!xs.length) { return; }
      traces.push({
        type: "scatter", mode: "lines", x: xs, y: ys, fill: "toself", fillcolor: group.colour,
        line: { color: "#667085", width: data.areas.length > 400 ? 0.15 : 0.5 }, name: group.label, hoverinfo: "skip"
      });
    });
    var hx = [], hy = [], ht = [];
    data.areas.forEach(function (area) {
      var c = centre(area);
      if (c) { hx.push(c[0]); hy.push(c[1]); ht.push(area.t); }
    });
    traces.push({
      type: "scatter", mode: "markers", x: hx, y: hy, text: ht, hoverinfo: "text",
      marker: { size: 4, color: "rgba(16,24,40,0.25)" }, showlegend: false
    });
    var lat = (minLat + maxLat) / 2 * Math.PI / 180;
    return Plotly.newPlot(box, traces, {
      margin: { l: 0, r: 0, t: 0, b: 0 },
      xaxis: { visible: false, fixedrange: false },
      yaxis: { visible: false, scaleanchor: "x", scaleratio: 1 / Math.max(Math.cos(lat), 0.2) },
      legend: { orientation: "h", y: 0 },
      hovermode: "closest", plot_bgcolor: "#ffffff", paper_bgcolor: "#ffffff"
    }, { displaylogo: false, responsive: true, locale: "zh-CN" });
  }

  document.querySelectorAll(".division-map").forEach(function (box) {
    var url = config[box.dataset.level];
    if (!url) { return; }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { return draw(box, data); })
      .then(function () { box.dataset.drawn = "true"; })
      .catch(function (error) { box.textContent = String(error); });
  });
})();
