// The chart of a trial's variable, drawn with the bundled Apache ECharts (echarts.min.js,
// loaded before this file): each side's observations as points over its box (quartiles,
// whiskers to the extremes), its mean as a diamond, and the variable's limit as a line.
//
// A chart is an element <div data-trial-chart="ID"> where ID names a
// <script type="application/json"> (Django's json_script) holding:
//   {locale: "EN" | "ZH", unit, decimals, limit: number | null,
//    names: {mean, limit, observations},
//    sides: [{name, points: [number, ...], box: [min, q1, median, q3, max] | null,
//             mean: number | null}, ...]}
(function () {
  "use strict";

  function formatter(decimals) {
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals,
    });
    return function (value) {
      return value === null || value === undefined || isNaN(value) ? "—" : format.format(value);
    };
  }

  // Points of one side are spread sideways a little, the same way every time, so that
  // equal values do not hide one another.
  function spread(index, count) {
    if (count <= 1) {
      return 0;
    }
    return ((index % 7) - 3) * 0.04;
  }

  function option(data) {
    var number = formatter(data.decimals);
    var names = data.sides.map(function (side) {
      return side.name;
    });
    var points = [];
    data.sides.forEach(function (side, sideIndex) {
      side.points.forEach(function (value, index) {
        points.push([sideIndex + spread(index, side.points.length), value]);
      });
    });
    var series = [
      {
        name: data.names.observations,
        type: "boxplot",
        data: data.sides.map(function (side) {
          return side.box || ["-", "-", "-", "-", "-"];
        }),
        itemStyle: { color: "#fde0e0", borderColor: "#8e1414" },
        tooltip: { show: false },
        silent: true,
      },
      {
        name: data.names.observations,
        type: "scatter",
        xAxisIndex: 1,
        data: points,
        symbolSize: 7,
        itemStyle: { color: "#5f6368", opacity: 0.75 },
      },
      {
        name: data.names.mean,
        type: "scatter",
        xAxisIndex: 1,
        data: data.sides
          .map(function (side, index) {
            return side.mean === null ? null : [index, side.mean];
          })
          .filter(Boolean),
        symbol: "diamond",
        symbolSize: 14,
        itemStyle: { color: "#b71c1c" },
        z: 5,
      },
    ];
    if (data.limit !== null && data.limit !== undefined) {
      series[1].markLine = {
        silent: true,
        symbol: "none",
        label: { formatter: data.names.limit + " " + number(data.limit), position: "insideEndTop" },
        lineStyle: { color: "#a00", type: "dashed" },
        data: [{ yAxis: data.limit }],
      };
    }
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, data: [data.names.observations, data.names.mean] },
      tooltip: {
        trigger: "item",
        confine: true,
        // Drawn on the canvas rather than as HTML: no inline styles for the Content
        // Security Policy to refuse, and names from the data are never read as markup.
        renderMode: "richText",
        formatter: function (item) {
          var value = Array.isArray(item.value) ? item.value[1] : item.value;
          var side = names[Math.round(Array.isArray(item.value) ? item.value[0] : 0)] || "";
          return side + " · " + item.seriesName + ": " + number(value) + " " + (data.unit || "");
        },
      },
      xAxis: [
        { type: "category", data: names },
        { type: "value", min: -0.5, max: names.length - 0.5, show: false },
      ],
      yAxis: { type: "value", scale: true, axisLabel: { formatter: number } },
      series: series,
    };
  }

  function init(element) {
    if (!window.echarts || window.echarts.getInstanceByDom(element)) {
      return;
    }
    var source = document.getElementById(element.getAttribute("data-trial-chart"));
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
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (!chart.isDisposed()) {
          chart.resize();
        }
      }).observe(element);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-trial-chart]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
