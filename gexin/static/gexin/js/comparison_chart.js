// The same-type comparison as bars, drawn with the bundled Apache ECharts
// (echarts.min.js, loaded before this file).
//
// A chart is an element <div data-comparison-chart="ID"> where ID names a
// <script type="application/json"> (Django's json_script) holding:
//   {locale: "EN" | "ZH", unit, decimals, no_records, best_name,
//    rows: [{name, value (number or null), best (boolean)}]}
// Rows come best first; the best are red, the others grey, units without records
// are named with no bar. The same figures are in the table beside it.
(function () {
  "use strict";

  var COLOURS = { best: "#b71c1c", other: "#9e9e9e" };

  function formatter(decimals) {
    var lang = document.documentElement.lang || undefined;
    var options = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    var format;
    try {
      format = new Intl.NumberFormat(lang, options);
    } catch (error) {
      format = new Intl.NumberFormat(undefined, options);
    }
    return function (value) {
      return value === null || value === undefined || isNaN(value) ? "—" : format.format(value);
    };
  }

  function option(data) {
    var number = formatter(data.decimals || 0);
    var names = data.rows.map(function (row) {
      return row.name;
    });
    var bars = data.rows.map(function (row) {
      return {
        value: row.value,
        best: row.best,
        itemStyle: { color: row.best ? COLOURS.best : COLOURS.other },
      };
    });
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        confine: true,
        // Drawn on the canvas rather than as HTML: no inline styles for the Content
        // Security Policy to refuse, and names from the data are never read as markup.
        renderMode: "richText",
        formatter: function (items) {
          var item = items[0];
          var value = item.data.value;
          var shown =
            value === null || value === undefined
              ? data.no_records
              : number(value) + " " + (data.unit || "");
          return item.name + "\n" + shown + (item.data.best ? "\n" + data.best_name : "");
        },
      },
      // Best at the top, as in the table.
      yAxis: {
        type: "category",
        data: names,
        inverse: true,
        axisLabel: { width: 120, overflow: "truncate" },
      },
      xAxis: { type: "value", min: 0, axisLabel: { formatter: number, hideOverlap: true } },
      series: [
        {
          type: "bar",
          data: bars,
          barMaxWidth: 24,
          emphasis: { disabled: true },
          label: {
            show: true,
            position: "right",
            formatter: function (params) {
              var value = params.data.value;
              return value === null || value === undefined ? data.no_records : number(value);
            },
          },
        },
      ],
    };
  }

  function init(element) {
    if (!window.echarts || window.echarts.getInstanceByDom(element)) {
      return;
    }
    var source = document.getElementById(element.getAttribute("data-comparison-chart"));
    if (!source) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    // The height its rows need comes as data-height: the page may not carry a style="".
    var height = parseInt(element.getAttribute("data-height"), 10);
    if (height > 0) {
      element.style.height = height + "px";
    }
    var chart = window.echarts.init(element, null, {
      locale: data.locale === "ZH" ? "ZH" : "EN",
      renderer: "canvas",
    });
    chart.setOption(option(data));
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (!chart.isDisposed()) {
          chart.resize();
        }
      }).observe(element);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-comparison-chart]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
