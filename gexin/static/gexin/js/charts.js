// Line charts drawn with the bundled Apache ECharts (echarts.min.js, loaded before this file).
//
// A chart is an element <div data-chart="ID"> where ID names a <script type="application/json">
// (Django's json_script) holding:
//   {locale: "EN" | "ZH", kind: "quantity" | "ratio", start, end, as_of, as_of_name,
//    decimals, unit,
//    series: [{name, style: "actual" | "plan", points: [["YYYY-MM-DD", number], ...]}]}
// Charts are drawn when the page loads and whenever HTMX swaps new content in, and are
// resized with the window and their container.
(function () {
  "use strict";
  if (window.gexinCharts) {
    window.gexinCharts.initIn(document);
    return;
  }

  var COLOURS = { actual: "#b71c1c", plan: "#5f6368" };
  var instances = [];

  function formatter(decimals) {
    var lang = document.documentElement.lang || undefined;
    var format;
    try {
      format = new Intl.NumberFormat(lang, {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
    } catch (error) {
      format = new Intl.NumberFormat(undefined, {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
    }
    return function (value) {
      return value === null || value === undefined || isNaN(value) ? "—" : format.format(value);
    };
  }

  function option(data) {
    var number = formatter(data.decimals);
    var axisNumber = formatter(data.kind === "ratio" ? Math.min(data.decimals, 1) : 0);
    var series = data.series.map(function (line) {
      var isPlan = line.style === "plan";
      return {
        name: line.name,
        type: "line",
        data: line.points,
        showSymbol: !isPlan && line.points.length <= 31,
        symbolSize: 5,
        color: line.color || COLOURS[line.style] || COLOURS.actual,
        lineStyle: { width: isPlan ? 2 : 3, type: isPlan ? "dashed" : "solid" },
        emphasis: { disabled: true },
        z: isPlan ? 1 : 2,
      };
    });
    if (data.as_of && series.length) {
      series[0].markLine = {
        silent: true,
        symbol: "none",
        label: { formatter: data.as_of_name, position: "end", color: "#666" },
        lineStyle: { color: "#999", type: "dotted" },
        data: [{ xAxis: data.as_of }],
      };
    }
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 52, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 18 },
      tooltip: {
        trigger: "axis",
        confine: true,
        // Drawn on the canvas rather than as HTML: no inline styles for the Content
        // Security Policy to refuse, and names from the data are never read as markup.
        renderMode: "richText",
        valueFormatter: function (value) {
          return number(value) + " " + (data.unit || "");
        },
      },
      xAxis: {
        type: "time",
        min: data.start,
        max: data.end,
        axisLabel: { hideOverlap: true },
      },
      // The unit of measure is in the chart's heading and its tooltip.
      // A rate is read against its target, not against zero.
      yAxis: { type: "value", scale: data.kind === "ratio", axisLabel: { formatter: axisNumber } },
      series: series,
    };
  }

  function prune() {
    instances = instances.filter(function (chart) {
      if (chart.isDisposed()) {
        return false;
      }
      if (!document.body.contains(chart.getDom())) {
        chart.dispose();
        return false;
      }
      return true;
    });
  }

  function init(element) {
    if (!window.echarts || window.echarts.getInstanceByDom(element)) {
      return;
    }
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    var chart = window.echarts.init(element, null, {
      locale: data.locale === "ZH" ? "ZH" : "EN",
      renderer: "canvas",
    });
    chart.setOption(option(data));
    instances.push(chart);
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (!chart.isDisposed()) {
          chart.resize();
        }
      }).observe(element);
    }
  }

  function initIn(root) {
    prune();
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-chart]")) {
      init(scope);
    }
    scope.querySelectorAll("[data-chart]").forEach(init);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      prune();
      instances.forEach(function (chart) {
        chart.resize();
      });
    }, 150);
  });

  window.gexinCharts = { initIn: initIn };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initIn(document);
    });
  } else {
    initIn(document);
  }
  // Content swapped in by HTMX (a unit page's panels) may hold charts.
  document.addEventListener("htmx:load", function (event) {
    initIn(event.target);
  });
})();
