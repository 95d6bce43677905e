/* warledger: the claims page charts, drawn from /claims.json.

   A claimed figure is either for one day ("660 soldiers in the past day") or a running total
   ("43,900 since the invasion began"): drawn on one axis they make a nonsense line, so each
   period kind gets its own chart, and each claimant one labelled series in it. */
"use strict";
(function () {
  WL.submitClean(document.getElementById("claim-filters"), "/claims");

  var KINDS = [
    {key: "day", title: "Daily figures", label: "daily"},
    {key: "cumulative", title: "Cumulative totals", label: "cumulative"},
    {key: "other", title: "Figures over other periods", label: "other period"},
    {key: "unstated", title: "Figures with no period stated", label: "period not stated"}
  ];

  function periodKind(period) {
    if (period === "day" || period === "cumulative") return period;
    return period ? "other" : "unstated";
  }

  /* A running total is drawn from just under its smallest value (its growth is the point); any
     other figure from zero. */
  function lineChart(canvas, series, yLabel, fromZero) {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 600, h = canvas.clientHeight || 180;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    ctx.font = "11px sans-serif";
    var pts = [];
    series.forEach(function (s) { s.points.forEach(function (p) { pts.push(p); }); });
    var L = 64, R = 16, T = 10, B = 20;
    var d0 = Math.min.apply(null, pts.map(function (p) { return p.day; }));
    var d1 = Math.max.apply(null, pts.map(function (p) { return p.day; }));
    var vmax = Math.max.apply(null, pts.map(function (p) { return p.value; }));
    var vmin = fromZero ? 0 : Math.min.apply(null, pts.map(function (p) { return p.value; }));
    if (d1 === d0) { d0 -= 1; d1 += 1; }
    if (vmax <= 0) vmax = 1;
    if (vmin > 0) vmin = Math.max(0, Math.floor(vmin - 0.1 * (vmax - vmin + 1)));
    canvas.setAttribute("data-ymax", String(vmax));
    canvas.setAttribute("data-ymin", String(vmin));
    function X(d) { return L + (d - d0) * (w - L - R) / (d1 - d0); }
    function Y(v) { return h - B - (v - vmin) * (h - T - B) / (vmax - vmin); }
    ctx.strokeStyle = "#999";
    ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, h - B); ctx.lineTo(w - R, h - B); ctx.stroke();
    ctx.fillStyle = "#333";
    ctx.fillText(vmax.toLocaleString("en"), 4, T + 8);
    ctx.fillText(yLabel, 4, T + 22);
    ctx.fillText(vmin.toLocaleString("en"), 4, h - B);
    ctx.fillText(WL.isoOfDay(d0), L, h - 5);
    var endLabel = WL.isoOfDay(d1);
    ctx.fillText(endLabel, w - R - ctx.measureText(endLabel).width, h - 5);
    series.forEach(function (s) {
      ctx.strokeStyle = s.color; ctx.fillStyle = s.color; ctx.lineWidth = 2;
      ctx.beginPath();
      s.points.forEach(function (p, j) {
        if (j === 0) ctx.moveTo(X(p.day), Y(p.value)); else ctx.lineTo(X(p.day), Y(p.value));
      });
      ctx.stroke();
      s.points.forEach(function (p) { ctx.beginPath(); ctx.arc(X(p.day), Y(p.value), 3, 0, 6.3); ctx.fill(); });
    });
    ctx.lineWidth = 1;
  }

  /* rows -> {day: [series], cumulative: [series], other: [series]}, a series per claimant */
  function seriesByKind(rows, valueOf) {
    var by = {};
    rows.forEach(function (r) {
      if (!r.date) return;
      var v = valueOf(r.quantities);
      if (v === null) return;
      var kind = periodKind(r.period), name = r.claimant || "unattributed";
      var group = by[kind] = by[kind] || {};
      (group[name] = group[name] || []).push({day: WL.dayNumber(r.date), value: v});
    });
    var out = {};
    Object.keys(by).forEach(function (kind) {
      out[kind] = Object.keys(by[kind]).sort().map(function (name) {
        return {name: name, kind: kind, points: by[kind][name].sort(function (a, b) { return a.day - b.day; })};
      });
    });
    return out;
  }

  function legend(series, label) {
    var list = WL.el("ul", {"class": "legend series-legend"});
    series.forEach(function (s) {
      var swatch = WL.el("span", {"class": "swatch"});
      swatch.style.backgroundColor = s.color;
      var last = s.points[s.points.length - 1];
      list.appendChild(WL.el("li", {"data-claimant": s.name, "data-period": s.kind,
                                    "data-points": s.points.length, "data-last": last.value},
                             swatch, s.name + " \u2014 " + label));
    });
    return list;
  }

  /* One chart (canvas + legend) per period kind that has figures, in box. */
  function drawCharts(box, rows, valueOf, yLabel, what, empty) {
    WL.clear(box);
    var byKind = seriesByKind(rows, valueOf), drawn = 0, colorOf = {}, n = 0;
    KINDS.forEach(function (k) {
      var series = byKind[k.key];
      if (!series || !series.length) return;
      series.forEach(function (s) {  // a claimant keeps its colour across the charts
        if (!(s.name in colorOf)) colorOf[s.name] = WL.PALETTE[n++ % WL.PALETTE.length];
        s.color = colorOf[s.name];
      });
      var canvas = WL.el("canvas", {"class": "chart", "height": "180", "data-period": k.key,
                                    "aria-label": what + ", " + k.title.toLowerCase() + ", per claimant"});
      var fig = WL.el("figure", {"class": "chart-box", "data-period": k.key},
                      WL.el("figcaption", null, k.title), canvas, legend(series, k.label));
      box.appendChild(fig);
      lineChart(canvas, series, yLabel, k.key !== "cumulative");
      drawn++;
    });
    if (!drawn) box.appendChild(WL.el("p", {"class": "null"}, empty));
  }

  function personnelOrSum(q) {
    if (typeof q.personnel === "number") return q.personnel;
    var sum = 0, any = false;
    Object.keys(q).forEach(function (k) { if (typeof q[k] === "number") { sum += q[k]; any = true; } });
    return any ? sum : null;
  }

  function destroyed(q) {
    if (typeof q.destroyed === "number") return q.destroyed;
    if (typeof q.intercepted === "number") return q.intercepted;
    return null;
  }

  var params = WL.currentParams();
  document.getElementById("twin-link").setAttribute("href", WL.withParams("/claims.json", params));
  WL.getJSON(WL.withParams("/claims.json", params)).then(function (body) {
    drawCharts(document.getElementById("loss-charts"), body.tallies.losses, personnelOrSum,
               "personnel", "Claimed losses", "No dated loss figures to chart for these filters.");
    drawCharts(document.getElementById("intercept-charts"), body.tallies.interceptions, destroyed,
               "destroyed", "Claimed interceptions", "No dated interception figures to chart for these filters.");
  });
})();
