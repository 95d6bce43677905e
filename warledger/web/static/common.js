/* warledger: helpers shared by the pages. Data is always put in the page as text
   (textContent / setAttribute), never as HTML. */
"use strict";
var WL = (function () {
  /* The event-type colours are defined once, in warledger/taxonomy.py; every page carries
     them (base.html, <body data-type-colors>) for the map, its legend and the timeline. */
  var TYPE_COLORS = (function () {
    try { return JSON.parse(document.body.getAttribute("data-type-colors") || "{}"); } catch (e) { return {}; }
  })();
  var PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

  function typeColor(t) { return TYPE_COLORS[t] || "#555555"; }

  /* el("a", {href: "/x", class: "y"}, "text", child...) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* The current filters: the page URL's query without empty values. */
  function currentParams() {
    var p = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    p.forEach(function (v, k) { if (v !== "" && k !== "token") out.set(k, v); });
    return out;
  }

  function withParams(path, params, extra) {
    var p = new URLSearchParams(params.toString());
    if (extra) Object.keys(extra).forEach(function (k) {
      if (extra[k] === null) p.delete(k); else p.set(k, extra[k]);
    });
    var s = p.toString();
    return s ? path + "?" + s : path;
  }

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body && body.error ? body.error : ("HTTP " + r.status));
          return body;
        });
      });
  }

  /* Form fields -> clean query (empty fields left out) and navigate there. */
  function submitClean(form, path) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var p = new URLSearchParams();
      new FormData(form).forEach(function (v, k) { if (String(v).trim() !== "") p.set(k, String(v).trim()); });
      var s = p.toString();
      window.location.assign(s ? path + "?" + s : path);
    });
  }

  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOfDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  return {typeColor: typeColor, TYPE_COLORS: TYPE_COLORS, PALETTE: PALETTE, el: el, clear: clear,
          currentParams: currentParams, withParams: withParams, getJSON: getJSON,
          submitClean: submitClean, dayNumber: dayNumber, isoOfDay: isoOfDay};
})();
