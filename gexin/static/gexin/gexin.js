// Small behaviours that need no framework: submit the language form on change.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit], input[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// Charts need a large library: its scripts (named by the chart's data-chart-scripts) are
// loaded only when a chart appears, e.g. in a panel that HTMX loads into a unit's page.
(function () {
  var loading = false;
  function loadChartScripts(root) {
    if (window.gexinCharts || loading || !root || !root.querySelector) {
      return;
    }
    var chart = root.matches && root.matches("[data-chart-scripts]")
      ? root
      : root.querySelector("[data-chart-scripts]");
    if (!chart) {
      return;
    }
    loading = true;
    var sources = chart.getAttribute("data-chart-scripts").split(" ").filter(Boolean);
    (function next() {
      var source = sources.shift();
      if (!source) {
        return;
      }
      if (document.querySelector('script[src="' + source + '"]')) {
        next();
        return;
      }
      var script = document.createElement("script");
      script.src = source;
      script.onload = next;
      document.head.appendChild(script);
    })();
  }
  document.addEventListener("htmx:load", function (event) {
    loadChartScripts(event.target);
  });
})();
