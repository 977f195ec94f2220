/* The leader dashboard's charts (ECharts, canvas). Every bar, point and slice links to the list
   behind it: a click opens its drill-down URL. Data come from the page's json_script block. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var L = data.labels;
  var palette = ["#2f6fde", "#2e9d57", "#f0a020", "#d9534f", "#7a5cc9", "#17a2b8", "#8c8c8c"];
  var charts = [];

  function chart(id, option, urls) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el, null, { renderer: "canvas" });
    option.color = option.color || palette;
    option.textStyle = { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" };
    c.setOption(option);
    if (urls) {
      c.on("click", function (p) {
        var url = urls[p.dataIndex];
        if (url) window.location.href = url;
      });
    }
    charts.push(c);
  }

  function pick(list, key) { return list.map(function (x) { return x[key]; }); }

  chart("chart-coverage", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 45, right: 20, top: 35, bottom: 30 },
    xAxis: { type: "category", data: pick(data.coverage, "label") },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: L.share, type: "bar", data: pick(data.coverage, "share"), barMaxWidth: 36 },
      { name: L.money_share, type: "bar", data: pick(data.coverage, "money_share"), barMaxWidth: 36 },
      { name: L.required, type: "line", data: pick(data.coverage, "required"), symbol: "diamond",
        symbolSize: 12, lineStyle: { type: "dashed" }, color: "#d9534f" }
    ]
  }, pick(data.coverage, "url"));

  chart("chart-radar", {
    tooltip: {},
    radar: { indicator: data.radar.map(function (r) { return { name: r.label, max: 100 }; }), radius: "55%", center: ["50%", "54%"],
      axisName: { color: "#333", fontSize: 12,
        formatter: function (name) { return name.length > 4 ? name.slice(0, 4) + "\n" + name.slice(4) : name; } } },
    series: [{ type: "radar", name: L.coverage, areaStyle: { opacity: 0.25 },
      data: [{ value: pick(data.radar, "share"), name: L.coverage }] }]
  });

  chart("chart-execution", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 45, right: 20, top: 35, bottom: 30 },
    xAxis: { type: "category", data: L.months },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: L.rate, type: "line", data: pick(data.months, "rate"), smooth: true, areaStyle: { opacity: 0.12 } },
      { name: L.time_progress, type: "line", data: pick(data.months, "time_progress"), lineStyle: { type: "dashed" },
        color: "#8c8c8c", symbol: "none" }
    ]
  });

  chart("chart-departments", {
    tooltip: { trigger: "axis" },
    grid: { left: 140, right: 40, top: 28, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" },
      max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
    yAxis: { type: "category", data: pick(data.departments, "label"), inverse: true,
      axisLabel: { width: 130, overflow: "truncate" } },
    series: [{ name: L.rate, type: "bar", barMaxWidth: 18,
      data: data.departments.map(function (d) {
        return { value: d.rate, itemStyle: { color: d.rate !== null && d.rate < data.time_progress - 10 ? "#d9534f" : "#2f6fde" } };
      }),
      markLine: { symbol: "none", label: { position: "start", formatter: L.time_progress + " {c}%" }, lineStyle: { color: "#8c8c8c", type: "dashed" },
        data: [{ xAxis: data.time_progress }] } }]
  }, pick(data.departments, "url"));

  chart("chart-grades", {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    color: ["#2e9d57", "#2f6fde", "#f0a020", "#d9534f", "#7a5cc9", "#c0c4cc"],
    series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b} {c}" },
      data: data.grades.map(function (g) { return { name: g.label, value: g.count }; }) }]
  }, pick(data.grades, "url"));

  var levelColour = { red: "#d9534f", orange: "#f08a24", yellow: "#f5c518" };
  chart("chart-warnings", {
    tooltip: {},
    grid: { left: 45, right: 20, top: 10, bottom: 25 },
    xAxis: { type: "category", data: pick(data.warnings, "label") },
    yAxis: { type: "value", minInterval: 1, name: L.projects },
    series: [{ type: "bar", barMaxWidth: 40, name: L.projects,
      data: data.warnings.map(function (w) { return { value: w.projects, itemStyle: { color: levelColour[w.level] } }; }) }]
  }, pick(data.warnings, "url"));

  chart("chart-moved", {
    tooltip: {},
    grid: { left: 60, right: 20, top: 10, bottom: 25 },
    xAxis: { type: "category", data: pick(data.moved, "label") },
    yAxis: { type: "value", name: L.wan },
    series: [{ type: "bar", barMaxWidth: 36, name: L.wan, data: pick(data.moved, "amount"), color: "#7a5cc9" }]
  }, pick(data.moved, "url"));

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
