// A production line's stations as bars, drawn with the bundled Apache ECharts
// (echarts.min.js, loaded before this file).
//
// A chart is an element <div data-bar-chart="ID"> where ID names a
// <script type="application/json"> (Django's json_script) holding:
//   {locale: "EN" | "ZH", unit, output, output_name, unknown_name,
//    stations: [{name, value (number or null), role: "limit" | "next" | "other" | "unknown",
//                role_name}]}
// The limiting stations are red, the next limit amber, the others grey; the line's
// output is a dotted line across. The same facts are written out in words beside it.
(function () {
  "use strict";

  var COLOURS = { limit: "#b71c1c", next: "#e0a100", other: "#9e9e9e", unknown: "#e0e0e0" };

  function formatter() {
    var lang = document.documentElement.lang || undefined;
    var format;
    try {
      format = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
    } catch (error) {
      format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
    }
    return function (value) {
      return value === null || value === undefined || isNaN(value) ? "—" : format.format(value);
    };
  }

  function option(data) {
    var number = formatter();
    var names = data.stations.map(function (station) {
      return station.name;
    });
    var bars = data.stations.map(function (station) {
      return {
        value: station.value,
        role_name: station.role_name,
        itemStyle: { color: COLOURS[station.role] || COLOURS.other },
      };
    });
    var series = {
      type: "bar",
      data: bars,
      barMaxWidth: 28,
      emphasis: { disabled: true },
      label: {
        show: true,
        position: "right",
        formatter: function (params) {
          var value = params.data.value;
          return value === null || value === undefined ? data.unknown_name : number(value);
        },
      },
    };
    if (data.output !== null && data.output !== undefined) {
      series.markLine = {
        silent: true,
        symbol: "none",
        label: { formatter: data.output_name, position: "start", color: "#666" },
        lineStyle: { color: "#666", type: "dotted" },
        data: [{ xAxis: data.output }],
      };
    }
    return {
      animation: false,
      grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
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
          var shown = value === null || value === undefined ? data.unknown_name : number(value);
          return item.name + "\n" + shown + " " + (data.unit || "") + "\n" + item.data.role_name;
        },
      },
      // Stations read from the top, in the order the work passes them.
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      xAxis: { type: "value", min: 0, axisLabel: { formatter: number, hideOverlap: true } },
      series: [series],
    };
  }

  function init(element) {
    if (!window.echarts || window.echarts.getInstanceByDom(element)) {
      return;
    }
    var source = document.getElementById(element.getAttribute("data-bar-chart"));
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
    document.querySelectorAll("[data-bar-chart]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
