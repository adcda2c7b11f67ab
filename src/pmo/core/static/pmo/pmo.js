/* pmo: the little behaviour the pages need. No inline handlers (the CSP forbids them). */
(function () {
  "use strict";

  var plotlyLoading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (plotlyLoading) return plotlyLoading;
    plotlyLoading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = document.body.dataset.plotlySrc;
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return plotlyLoading;
  }

  /* Draw every chart whose figure sits in a <script type="application/json"> (json_script). */
  function drawCharts(root) {
    var charts = root.querySelectorAll("[data-chart]:not([data-drawn])");
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (el) {
        var source = document.getElementById(el.dataset.chart);
        if (!source) return;
        var figure = JSON.parse(source.textContent);
        el.dataset.drawn = "1";
        Plotly.newPlot(el, figure.data, figure.layout, { displayModeBar: false, responsive: true });
      });
    });
  }

  /* Mark the current page in the navigation tree. */
  function markCurrent(root) {
    var here = window.location.pathname;
    root.querySelectorAll(".nav-tree a").forEach(function (link) {
      if (link.getAttribute("href") === here) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  /* Close the user menu with Escape or a click elsewhere. */
  function wireUserMenu() {
    var menu = document.querySelector(".user-menu");
    if (!menu) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    wireUserMenu();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    drawCharts(document);
    markCurrent(document);
  });
})();
