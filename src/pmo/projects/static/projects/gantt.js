/* Gantt glue: draw the figure with Plotly's mode bar (PNG export), and the "Download PNG" button.
   Zoom and the critical-only toggle are buttons of the figure itself; no business logic here. */
(function () {
  "use strict";

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = document.body.dataset.plotlySrc;
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function draw(root) {
    var charts = root.querySelectorAll("[data-gantt]:not([data-drawn])");
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (el) {
        var source = document.getElementById(el.dataset.gantt);
        if (!source) return;
        var figure = JSON.parse(source.textContent);
        el.dataset.drawn = "1";
        Plotly.newPlot(el, figure.data, figure.layout, {
          responsive: true,
          displaylogo: false,
          scrollZoom: false,
          modeBarButtonsToRemove: ["select2d", "lasso2d"],
          toImageButtonOptions: { format: "png", filename: el.id, scale: 2 }
        });
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-gantt-png]");
    if (!button) return;
    var el = document.getElementById(button.dataset.ganttPng);
    if (!el || !window.Plotly) return;
    window.Plotly.downloadImage(el, {
      format: "png", filename: button.dataset.filename || "gantt", width: el.clientWidth, height: el.clientHeight
    });
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function () { draw(document); });
})();
