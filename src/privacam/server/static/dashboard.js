/* The dashboard's charts: reads the page's <script type="application/json" id="chart-data">
   block (the CSP allows no inline script) and draws one uPlot chart into each
   <div class="chart" data-chart="N">. Times are epoch seconds, shown in the deployment's
   time zone; a null value is a bucket with no data, drawn as a gap (never as 0).
   Without JavaScript the tables beside the charts carry the same numbers. */
(function () {
  "use strict";
  // Okabe–Ito: told apart with the common colour-vision deficiencies.
  var PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  var HEIGHT = 240;

  // Axis labels in the deployment's time zone, 24-hour: "9:00" (with the date at midnight)
  // for hour buckets, "4/1" for day buckets.
  function timeLabels(data) {
    var hour = uPlot.fmtDate("{H}:{mm}"), day = uPlot.fmtDate("{M}/{D}");
    return function (u, splits) {
      return splits.map(function (ts) {
        var local = uPlot.tzDate(new Date(ts * 1e3), data.timezone);
        if (data.unit === "day") { return day(local); }
        return local.getHours() === 0 && local.getMinutes() === 0 ? hour(local) + "\n" + day(local) : hour(local);
      });
    };
  }

  function options(data, chart, width) {
    var tz = data.timezone;
    var series = [{
      label: data.timeLabel || "",
      value: data.unit === "day" ? "{YYYY}-{MM}-{DD}" : "{YYYY}-{MM}-{DD} {H}:{mm}"
    }];
    chart.series.forEach(function (s, i) {
      series.push({
        label: s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        points: { show: data.unit === "day" },
        spanGaps: false
      });
    });
    return {
      width: width,
      height: HEIGHT,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), tz); },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      series: series,
      axes: [{
        values: timeLabels(data),
        space: 48,
        incrs: data.unit === "day" ? [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400] : undefined
      }, { size: 48 }]
    };
  }

  function draw(data, index, element) {
    var chart = data.charts[index];
    if (!chart) { return; }
    var columns = [data.x].concat(chart.series.map(function (s) { return s.values; }));
    var plot = new uPlot(options(data, chart, element.clientWidth || 320), columns, element);
    element.classList.add("drawn");
    var table = element.parentElement.querySelector("details.as-table");
    if (table) { table.removeAttribute("open"); }  // the chart shows it; the table stays a click away
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        plot.setSize({ width: element.clientWidth, height: HEIGHT });
      }).observe(element);
    }
  }

  function start() {
    var block = document.getElementById("chart-data");
    if (!block || typeof uPlot === "undefined") { return; }
    var data = JSON.parse(block.textContent);
    document.querySelectorAll(".chart[data-chart]").forEach(function (element) {
      draw(data, Number(element.getAttribute("data-chart")), element);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
