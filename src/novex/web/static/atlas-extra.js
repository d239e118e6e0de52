/* The atlas's outline layers, scenario layers and download panel (beside atlas.js).
   Everything comes from this server: /api/map/outlines, /api/scenarios, /api/downloads. */
(function () {
  "use strict";
  const mapEl = document.getElementById("map");
  if (!mapEl || !window.maplibregl) { return; }
  const lang = mapEl.dataset.lang === "en" ? "en" : "nl";
  const STYLE = {
    "provinces": { colour: "#333333", width: 1.2, dash: null },
    "novex-gebieden": { colour: "#7b3294", width: 2.2, dash: null },
    "woningbouwgebieden": { colour: "#c2410c", width: 1.8, dash: [2, 1.5] },
  };
  const abs = (p) => new URL(p, window.location.href).href;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) { e.setAttribute(k, v); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function whenReady(cb) {
    if (window.novexMap && mapEl.dataset.ready === "1") { cb(window.novexMap); return; }
    setTimeout(() => whenReady(cb), 50);
  }
  function whenLayer(map, id, cb) {
    if (map.getLayer(id)) { cb(); return; }
    setTimeout(() => whenLayer(map, id, cb), 50);
  }
  function legendList(title, items) {
    const legend = el("ul", { class: "legend", "aria-label": title });
    items.forEach((item) => {
      const li = el("li");
      const sw = el("span", { class: "swatch", "aria-hidden": "true" });
      sw.style.background = item.colour;
      li.append(sw, document.createTextNode(item.label));
      legend.append(li);
    });
    return legend;
  }

  // -- outlines ------------------------------------------------------------------------
  function addOutlines(map) {
    const list = document.getElementById("outline-list");
    if (!list) { return; }
    fetch(abs("/api/map/outlines?lang=" + lang)).then((r) => r.json()).then((kinds) => {
      kinds.forEach((k) => {
        const st = STYLE[k.kind] || STYLE["novex-gebieden"];
        const id = "outline-" + k.kind;
        const isProv = k.kind === "provinces";
        const row = el("div", { class: "layer" });
        const box = el("input", { type: "checkbox", id: id, "data-outline": k.kind });
        box.checked = isProv;
        row.append(box, el("label", { for: id }, k.title));
        list.append(row);
        const sw = el("span", { class: "swatch outline-swatch", "aria-hidden": "true" });
        sw.style.borderColor = st.colour;
        const legend = el("ul", { class: "legend", "aria-label": k.title });
        const li = el("li");
        li.append(sw, document.createTextNode(lang === "en" ? "outline and name" : "grens en naam"));
        legend.append(li);
        list.append(legend);
        let markers = [];
        let data = null;
        let loaded = isProv;
        function labels(show) {
          if (isProv) {
            document.querySelectorAll(".maplabel:not([data-kind])").forEach((m) => {
              m.style.display = show ? "" : "none";
            });
            return;
          }
          markers.forEach((m) => m.remove());
          markers = [];
          if (!show) { return; }
          ((data && data.features) || []).forEach((f) => {
            const name = (lang === "en" ? f.properties.name_en : f.properties.name_nl) || f.properties.code;
            const m = el("div", { class: "maplabel maplabel-" + k.kind, "data-kind": k.kind, "aria-hidden": "true" },
                         f.properties.code + " " + name);
            markers.push(new maplibregl.Marker({ element: m }).setLngLat(f.properties.label).addTo(map));
          });
        }
        function show(on) {
          const layerId = isProv ? "provinces" : id;
          if (map.getLayer(layerId)) { map.setLayoutProperty(layerId, "visibility", on ? "visible" : "none"); }
          labels(on);
        }
        box.addEventListener("change", () => {
          if (loaded) { show(box.checked); return; }
          fetch(abs(k.url)).then((r) => r.json()).then((gj) => {
            map.addSource(id, { type: "geojson", data: gj });
            const paint = { "line-color": st.colour, "line-width": st.width };
            if (st.dash) { paint["line-dasharray"] = st.dash; }
            map.addLayer({ id: id, type: "line", source: id, paint: paint });
            data = gj;
            loaded = true;
            show(box.checked);
          });
        });
        if (isProv) { whenLayer(map, "provinces", () => { box.dataset.ready = "1"; }); }
      });
      list.dataset.ready = "1";
    });
  }

  // -- scenarios -----------------------------------------------------------------------
  function addScenarios(map) {
    fetch(abs("/api/scenarios?lang=" + lang)).then((r) => r.json()).then((info) => {
      const layers = info.scenarios.concat(info.differences);
      if (!layers.length) { return; }
      document.getElementById("scenario-section").hidden = false;
      const list = document.getElementById("scenario-list");
      const before = map.getLayer("provinces") ? "provinces" : undefined;
      layers.forEach((layer) => {
        const id = "scenario-" + layer.key;
        map.addSource(id, { type: "raster", tiles: [window.location.origin + layer.tiles], tileSize: 256, maxzoom: 16 });
        map.addLayer({ id: id, type: "raster", source: id, layout: { visibility: "none" },
                       paint: { "raster-resampling": "nearest", "raster-fade-duration": 0 } }, before);
        const row = el("div", { class: "layer" });
        const box = el("input", { type: "checkbox", id: "layer-" + id, "data-scenario": layer.key });
        const legend = legendList(layer.title, layer.legend);
        legend.hidden = true;  // a scenario's legend shows while its layer is on
        box.addEventListener("change", () => {
          map.setLayoutProperty(id, "visibility", box.checked ? "visible" : "none");
          legend.hidden = !box.checked;
        });
        row.append(box, el("label", { for: "layer-" + id }, layer.title));
        list.append(row, legend);
      });
      list.dataset.ready = "1";
    });
  }

  // -- downloads -----------------------------------------------------------------------
  const KEY_FILES = ["puzzel/allocation.tif", "puzzel/claims.csv", "stapelkaart/overlap_count.tif",
                     "stapelkaart/interest_mask.tif", "gebieden/provincies.gpkg",
                     "gebieden/novex_gebieden.gpkg", "gebieden/woningbouwgebieden.gpkg",
                     "rapporten/nationaal.pdf", "licentie/LICENTIE.txt"];
  function addDownloads() {
    const list = document.getElementById("download-list");
    if (!list) { return; }
    fetch(abs("/api/downloads?lang=" + lang)).then((r) => r.json()).then((info) => {
      document.getElementById("download-note").textContent = info.note;
      const byName = new Map(info.files.map((f) => [f.name, f]));
      KEY_FILES.filter((n) => byName.has(n)).forEach((n) => {
        const f = byName.get(n);
        const attrs = { href: f.url };
        if (f.media_type === "application/pdf") { attrs.type = "application/pdf"; } else { attrs.download = ""; }
        const li = el("li");
        const kb = (f.size / 1000).toLocaleString(lang === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: 0 });
        li.append(el("a", attrs, f.name), document.createTextNode(" (" + kb + " kB, " + f.provenance.status + ")"));
        list.append(li);
      });
      const reports = info.files.filter((f) => f.name.startsWith("rapporten/arrangement_"));
      if (reports.length) {
        const li = el("li", {}, (lang === "en" ? "Reports per province: " : "Rapporten per provincie: "));
        reports.forEach((f, i) => {
          const code = f.name.replace("rapporten/arrangement_", "").replace(".pdf", "");
          li.append(el("a", { href: f.url, type: "application/pdf", "aria-label": f.title + " " + code + " (PDF)" }, code));
          if (i < reports.length - 1) { li.append(document.createTextNode(" · ")); }
        });
        list.append(li);
      }
      list.dataset.ready = "1";
    });
  }

  addDownloads();
  whenReady((map) => { addOutlines(map); addScenarios(map); });
})();
