/* warledger: the map page. Markers coloured by event type and sized by casualties, clustered
   when dense, over an offline country basemap; the list and the export links follow the
   filters in the URL; brushing the timeline sets date_from/date_to. */
"use strict";
(function () {
  var form = document.getElementById("filters");
  var mapLimit = form.getAttribute("data-map-limit") || "5000";
  var statusEl = document.getElementById("status");
  var tbody = document.querySelector("#event-list tbody");
  var LIST_MAX = 1000;

  var map = L.map("map", {worldCopyJump: true, minZoom: 2, maxZoom: 18}).setView([48.5, 31.5], 5);
  map.attributionControl.setPrefix(false);
  map.createPane("borders");
  map.getPane("borders").style.zIndex = 250;

  var offline = L.layerGroup().addTo(map);
  var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "\u00a9 OpenStreetMap contributors"
  });
  L.control.layers({"Offline borders": offline, "OpenStreetMap (online)": osm}, null,
                   {collapsed: true}).addTo(map);
  map.on("baselayerchange", function (e) {
    document.getElementById("map").classList.toggle("tiles", e.layer === osm);
  });

  fetch("/basemap/countries.geojson", {credentials: "same-origin"})
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (geo) {
      if (!geo) return;
      L.geoJSON(geo, {pane: "borders", interactive: false, renderer: L.canvas({pane: "borders"}), style: function () {
        return {color: "#8a8a8a", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1};
      }}).addTo(offline);
    })
    .catch(function () { /* no basemap: markers still show */ });

  var clusters = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 40,
                                       showCoverageOnHover: false});
  // a village placed at its hromada's centre (geo_precision 2): how far it may lie from it
  var uncertainty = L.layerGroup().addTo(map);
  map.addLayer(clusters);

  function radius(e) {
    var c = (e.fatalities || 0) + (e.injuries || 0);
    return Math.min(28, 6 + 3 * Math.sqrt(c));
  }

  function popup(e) {
    var box = WL.el("div", {"class": "popup"},
      WL.el("div", {"class": "popup-type"}, e.sub_event_type),
      WL.el("div", {"class": "popup-when"}, (e.event_date || "undated") + (e.location ? " \u00b7 " + e.location : "")),
      e.geo_precision === 2 && e.uncertainty_km ? WL.el("div", {"class": "popup-where"},
        "Placed at its hromada's centre: within about " + e.uncertainty_km + " km") : null,
      WL.el("p", {"class": "popup-notes"}, e.notes || ""),
      WL.el("div", null, "Deaths: " + (e.fatalities === null ? "\u2014" : e.fatalities) +
                         ", injured: " + (e.injuries === null ? "\u2014" : e.injuries)),
      e.claimants && e.claimants.length ? WL.el("div", null, "Claimed by: " + e.claimants.join("; ")) : null,
      WL.el("a", {"class": "popup-open", href: "/events/" + encodeURIComponent(e.id)}, "Open event \u2192"));
    return box;
  }

  function drawMarkers(events) {
    clusters.clearLayers();
    uncertainty.clearLayers();
    var layers = [], bounds = [];
    events.forEach(function (e) {
      if (e.latitude === null || e.longitude === null) return;
      if (e.geo_precision === 2 && e.uncertainty_km > 0) {
        var c = L.circle([e.latitude, e.longitude], {
          radius: e.uncertainty_km * 1000, color: WL.typeColor(e.event_type), weight: 1,
          dashArray: "4 4", fillOpacity: 0.06, interactive: false, className: "ev-uncertainty"
        });
        c.on("add", function () {
          var node = c.getElement();
          if (node) {
            node.setAttribute("data-event-id", e.id);
            node.setAttribute("data-km", String(e.uncertainty_km));
          }
        });
        uncertainty.addLayer(c);
      }
      var m = L.circleMarker([e.latitude, e.longitude], {
        radius: radius(e), color: "#222", weight: 1, fillColor: WL.typeColor(e.event_type),
        fillOpacity: 0.85, className: "ev-marker"
      });
      m.on("add", function () {
        var node = m.getElement();
        if (node) {
          node.setAttribute("data-event-id", e.id);
          node.setAttribute("data-location", e.location || "");
          node.setAttribute("data-event-type", e.event_type);
        }
      });
      m.bindPopup(function () { return popup(e); });
      layers.push(m);
      bounds.push([e.latitude, e.longitude]);
    });
    clusters.addLayers(layers);
    if (bounds.length && !drawMarkers.fitted) {
      map.fitBounds(bounds, {padding: [30, 30], maxZoom: 8});
      drawMarkers.fitted = true;
    }
  }

  function drawList(events) {
    WL.clear(tbody);
    events.slice(0, LIST_MAX).forEach(function (e) {
      var link = WL.el("a", {href: "/events/" + encodeURIComponent(e.id)}, e.location || "(no place)");
      var dot = WL.el("span", {"class": "dot", "data-type": e.event_type});
      dot.style.backgroundColor = WL.typeColor(e.event_type);
      tbody.appendChild(WL.el("tr", {"class": "event-row", "data-event-id": e.id},
        WL.el("td", {"class": "date"}, e.event_date || ""),
        WL.el("td", null, dot, e.sub_event_type),
        WL.el("td", null, link),
        WL.el("td", {"class": "n"}, e.fatalities === null ? "" : e.fatalities),
        WL.el("td", {"class": "notes"}, e.notes || "")));
    });
  }

  function drawLegend() {
    var box = document.getElementById("legend");
    WL.clear(box);
    Object.keys(WL.TYPE_COLORS).forEach(function (t) {
      var dot = WL.el("span", {"class": "dot"});
      dot.style.backgroundColor = WL.typeColor(t);
      box.appendChild(WL.el("span", {"class": "legend-item"}, dot, t));
    });
  }

  function updateLinks(params) {
    document.getElementById("export-csv").setAttribute("href", WL.withParams("/export.csv", params));
    document.getElementById("export-geojson").setAttribute("href", WL.withParams("/export.geojson", params));
    document.getElementById("twin-link").setAttribute("href", WL.withParams("/events.json", params));
  }

  var loadSeq = 0;
  function loadEvents() {
    var params = WL.currentParams(), seq = ++loadSeq;
    updateLinks(params);
    statusEl.textContent = "Loading\u2026";
    document.body.setAttribute("data-loading", "1");
    return WL.getJSON(WL.withParams("/events.json", params, {fields: "summary", total: "1", order: "desc",
                                                          limit: params.get("limit") || mapLimit}))
      .then(function (body) {
        if (seq !== loadSeq) return;
        drawMarkers(body.events);
        drawList(body.events);
        var shown = body.count < body.total ? body.count + " shown of " + body.total : String(body.count);
        statusEl.textContent = shown + " event" + (body.total === 1 ? "" : "s");
        document.body.setAttribute("data-loading", "0");
      })
      .catch(function (err) {
        statusEl.textContent = "Error: " + err.message;
        document.body.setAttribute("data-loading", "0");
      });
  }

  var timeline = WLTimeline(document.getElementById("timeline"), function (from, to) {
    var params = WL.currentParams();
    params.set("date_from", from);
    params.set("date_to", to);
    window.history.pushState(null, "", WL.withParams("/", params));
    form.elements.date_from.value = from;
    form.elements.date_to.value = to;
    showRange();
    loadEvents();
  });

  function showRange() {
    var p = WL.currentParams(), label = document.getElementById("brush-label");
    var from = p.get("date_from"), to = p.get("date_to");
    label.textContent = from || to ? "(" + (from || "\u2026") + " to " + (to || "\u2026") + ")" : "";
    document.getElementById("brush-clear").hidden = !(from || to);
    timeline.setRange(from, to);
  }

  document.getElementById("brush-clear").addEventListener("click", function () {
    var params = WL.currentParams();
    params.delete("date_from");
    params.delete("date_to");
    window.history.pushState(null, "", WL.withParams("/", params));
    form.elements.date_from.value = "";
    form.elements.date_to.value = "";
    showRange();
    loadEvents();
  });

  window.addEventListener("popstate", function () { showRange(); loadEvents(); });

  WL.submitClean(form, "/");
  drawLegend();
  loadEvents();
  WL.getJSON(WL.withParams("/timeline.json", WL.currentParams()))
    .then(function (d) { timeline.setData(d); showRange(); })
    .catch(function () { timeline.setData(null); });
})();
