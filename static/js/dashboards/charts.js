/* Draws the figures a dashboard page embeds (json_script "dashboard-charts": {element id: figure}).
   Charts are drawn when they scroll into view, so a plan with thirty indicators opens quickly. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || !window.Plotly) { return; }
  var figures = JSON.parse(source.textContent);
  var filename = (document.title.split(" · ")[0] || "chart").replace(/[\\/:*?"<>|]/g, "_");
  // PNG from plotly's camera button, SVG from an extra button: both keep the title, legend and unit.
  var svgButton = {
    name: "downloadSvg",
    title: source.dataset.msgSvg || "SVG",
    icon: window.Plotly.Icons.disk,
    click: function (gd) { window.Plotly.downloadImage(gd, { format: "svg", filename: filename }); }
  };
  var config = {
    displaylogo: false, responsive: true, locale: "zh-CN",
    modeBarButtonsToRemove: ["lasso2d", "select2d"], modeBarButtonsToAdd: [svgButton],
    toImageButtonOptions: { format: "png", scale: 2, filename: filename }
  };

  function draw(element) {
    var figure = figures[element.dataset.figure];
    if (!figure || element.dataset.drawn) { return; }
    element.dataset.drawn = "1";
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  }

  var elements = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
  if (!("IntersectionObserver" in window)) { elements.forEach(draw); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
    });
  }, { rootMargin: "400px 0px" });
  elements.forEach(function (element) { observer.observe(element); });
})();
