/* warledger: the timeline, events per day stacked by event type, drawn on a canvas.
   Dragging across it chooses a date range (the "brush"); onBrush(from, to) gets ISO dates. */
"use strict";
function WLTimeline(canvas, onBrush) {
  var data = null, first = 0, last = 0, range = null, drag = null;
  var PAD_L = 36, PAD_R = 8, PAD_T = 6, PAD_B = 18;

  function size() {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 600, h = canvas.clientHeight || 120;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return {ctx: ctx, w: w, h: h};
  }

  function xOfDay(day, w) {
    var n = Math.max(1, last - first + 1);
    return PAD_L + (day - first) * (w - PAD_L - PAD_R) / n;
  }

  function dayOfX(x, w) {
    var n = Math.max(1, last - first + 1);
    var d = first + Math.floor((x - PAD_L) * n / (w - PAD_L - PAD_R));
    return Math.min(last, Math.max(first, d));
  }

  function draw() {
    var s = size(), ctx = s.ctx, w = s.w, h = s.h;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    if (!data || !data.days.length) {
      ctx.fillStyle = "#666";
      ctx.font = "12px sans-serif";
      ctx.fillText("No dated events for these filters.", PAD_L, h / 2);
      return;
    }
    var max = 1;
    data.days.forEach(function (d) { if (d.total > max) max = d.total; });
    var n = Math.max(1, last - first + 1);
    var bw = Math.max(1, (w - PAD_L - PAD_R) / n - (n < 120 ? 1 : 0));
    var plotH = h - PAD_T - PAD_B;
    data.days.forEach(function (d) {
      var day = WL.dayNumber(d.date), x = xOfDay(day, w), y = h - PAD_B;
      data.types.forEach(function (t) {
        var c = d.counts[t] || 0;
        if (!c) return;
        var bh = c * plotH / max;
        ctx.fillStyle = WL.typeColor(t);
        ctx.fillRect(x, y - bh, bw, bh);
        y -= bh;
      });
    });
    // axes and labels
    ctx.strokeStyle = "#999";
    ctx.beginPath();
    ctx.moveTo(PAD_L, h - PAD_B + 0.5);
    ctx.lineTo(w - PAD_R, h - PAD_B + 0.5);
    ctx.stroke();
    ctx.fillStyle = "#333";
    ctx.font = "11px sans-serif";
    ctx.fillText(String(max), 4, PAD_T + 10);
    ctx.fillText("0", 4, h - PAD_B);
    ctx.fillText(WL.isoOfDay(first), PAD_L, h - 4);
    var lastLabel = WL.isoOfDay(last);
    ctx.fillText(lastLabel, w - PAD_R - ctx.measureText(lastLabel).width, h - 4);
    // the chosen range
    var r = drag ? [Math.min(drag.a, drag.b), Math.max(drag.a, drag.b)] : range;
    if (r) {
      var x0 = xOfDay(r[0], w), x1 = xOfDay(r[1] + 1, w);
      ctx.fillStyle = "rgba(30, 80, 160, 0.18)";
      ctx.fillRect(x0, PAD_T, x1 - x0, plotH);
      ctx.strokeStyle = "rgba(30, 80, 160, 0.8)";
      ctx.strokeRect(x0 + 0.5, PAD_T + 0.5, x1 - x0 - 1, plotH - 1);
    }
  }

  function localX(ev) { return ev.clientX - canvas.getBoundingClientRect().left; }

  canvas.addEventListener("mousedown", function (ev) {
    if (!data || !data.days.length) return;
    var d = dayOfX(localX(ev), canvas.clientWidth);
    drag = {a: d, b: d};
    draw();
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    drag.b = dayOfX(localX(ev), canvas.clientWidth);
    draw();
  });
  window.addEventListener("mouseup", function () {
    if (!drag) return;
    range = [Math.min(drag.a, drag.b), Math.max(drag.a, drag.b)];
    drag = null;
    draw();
    onBrush(WL.isoOfDay(range[0]), WL.isoOfDay(range[1]));
  });
  window.addEventListener("resize", draw);

  return {
    setData: function (d) {
      data = d;
      if (d && d.days.length) {
        first = WL.dayNumber(d.first);
        last = WL.dayNumber(d.last);
        if (first === last) { first -= 1; last += 1; }
      }
      draw();
    },
    setRange: function (from, to) {
      range = (from || to) && data && data.days.length
        ? [from ? WL.dayNumber(from) : first, to ? WL.dayNumber(to) : last] : null;
      draw();
    }
  };
}
