/* warledger: the claims page charts, drawn from /claims.json: one line per claimant over time. */
"use strict";
(function () {
  WL.submitClean(document.getElementById("claim-filters"), "/claims");

  function lineChart(canvas, series, yLabel) {
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
    if (!pts.length) {
      ctx.fillStyle = "#666";
      ctx.fillText("Nothing to chart for these filters.", 40, h / 2);
      return;
    }
    var L = 48, R = 150, T = 10, B = 20;
    var d0 = Math.min.apply(null, pts.map(function (p) { return p.day; }));
    var d1 = Math.max.apply(null, pts.map(function (p) { return p.day; }));
    var vmax = Math.max.apply(null, pts.map(function (p) { return p.value; }));
    if (d1 === d0) { d0 -= 1; d1 += 1; }
    if (vmax <= 0) vmax = 1;
    function X(d) { return L + (d - d0) * (w - L - R) / (d1 - d0); }
    function Y(v) { return h - B - v * (h - T - B) / vmax; }
    ctx.strokeStyle = "#999";
    ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, h - B); ctx.lineTo(w - R, h - B); ctx.stroke();
    ctx.fillStyle = "#333";
    ctx.fillText(String(vmax), 4, T + 8);
    ctx.fillText(yLabel, 4, T + 22);
    ctx.fillText(WL.isoOfDay(d0), L, h - 5);
    var endLabel = WL.isoOfDay(d1);
    ctx.fillText(endLabel, w - R - ctx.measureText(endLabel).width, h - 5);
    series.forEach(function (s, i) {
      var color = WL.PALETTE[i % WL.PALETTE.length];
      ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
      ctx.beginPath();
      s.points.forEach(function (p, j) {
        if (j === 0) ctx.moveTo(X(p.day), Y(p.value)); else ctx.lineTo(X(p.day), Y(p.value));
      });
      ctx.stroke();
      s.points.forEach(function (p) { ctx.beginPath(); ctx.arc(X(p.day), Y(p.value), 3, 0, 6.3); ctx.fill(); });
      var label = s.name.length > 22 ? s.name.slice(0, 21) + "\u2026" : s.name;
      ctx.fillRect(w - R + 10, T + i * 16, 10, 10);
      ctx.fillStyle = "#222";
      ctx.fillText(label, w - R + 24, T + 9 + i * 16);
    });
    ctx.lineWidth = 1;
  }

  function seriesOf(rows, valueOf) {
    var by = {};
    rows.forEach(function (r) {
      if (!r.date) return;
      var v = valueOf(r.quantities);
      if (v === null) return;
      var name = r.claimant || "unattributed";
      (by[name] = by[name] || []).push({day: WL.dayNumber(r.date), value: v});
    });
    return Object.keys(by).sort().map(function (k) {
      return {name: k, points: by[k].sort(function (a, b) { return a.day - b.day; })};
    });
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
    lineChart(document.getElementById("loss-chart"), seriesOf(body.tallies.losses, personnelOrSum),
              "personnel");
    lineChart(document.getElementById("intercept-chart"),
              seriesOf(body.tallies.interceptions, destroyed), "destroyed");
  });
})();
