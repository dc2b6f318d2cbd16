// Small behaviours that need no framework. Pages carry no inline code (the Content
// Security Policy forbids it): they mark elements with data-* attributes instead.

// data-autosubmit: submit the field's form when it changes (the language menu).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit], input[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// data-confirm="question": ask before a button does something that cannot be undone.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// data-send-as="name": a field that asks the server as you type sends its text under the
// name the server reads (a lookup's "q"), whatever the field's own name.
document.addEventListener("htmx:configRequest", function (event) {
  var field = event.detail.elt;
  var name = field && field.getAttribute ? field.getAttribute("data-send-as") : null;
  if (name) {
    event.detail.parameters[name] = field.value;
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
