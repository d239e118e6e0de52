/* The NOVEX atlas: MapLibre GL JS with raster tiles and outlines from this server only. */
(function () {
  "use strict";
  const mapEl = document.getElementById("map");
  if (!mapEl || !window.maplibregl) { return; }
  const lang = mapEl.dataset.lang === "en" ? "en" : "nl";
  const T = {
    nl: { province: "Provincie", interests: "Belangen", none: "geen", overlap: "Aantal belangen",
          allocated: "Toegewezen", price: "schaduwprijs", outside: "Buiten de kaart",
          claims: "Claims van dit type", cell: "Cel", solving: "Bezig met rekenen…",
          draft: "Concept, niet opgeslagen", gap: "optimaliteitsmarge", fn: "Functie",
          demand: "Vraag (ha)", alloc: "Toegewezen (ha)", short: "Tekort (ha)", price: "Schaduwprijs",
          pubPrice: "Gepubliceerde prijs", changed: "Ander gebruik dan gepubliceerd", shortfall: "Tekort",
          draftMap: "Conceptkaart op de kaart; magenta: cellen met een ander gebruik dan gepubliceerd",
          draftClaims: "Claims van het concept" },
    en: { province: "Province", interests: "Interests", none: "none", overlap: "Number of interests",
          allocated: "Allocated", price: "shadow price", outside: "Outside the map",
          claims: "Claims of this type", cell: "Cell", solving: "Solving…",
          draft: "Draft, not saved", gap: "optimality gap", fn: "Function",
          demand: "Demand (ha)", alloc: "Allocated (ha)", short: "Shortfall (ha)", price: "Price",
          pubPrice: "Published price", changed: "Use changed from the published map", shortfall: "Shortfall",
          draftMap: "Draft map shown on the map; magenta: cells whose use differs from the published map",
          draftClaims: "Claims of the draft" },
  }[lang];
  const abs = (p) => new URL(p, window.location.href).href;
  maplibregl.setWorkerUrl(abs(mapEl.dataset.worker));

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) { e.setAttribute(k, v); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function fmt(v, d) {
    if (v === null || v === undefined) { return "–"; }
    return Number(v).toLocaleString(lang === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: d });
  }

  fetch(abs("/api/map?lang=" + lang)).then((r) => r.json()).then((info) => {
    const map = new maplibregl.Map({
      container: mapEl,
      style: { version: 8, sources: {}, layers: [
        { id: "background", type: "background", paint: { "background-color": "#eef2f3" } }] },
      bounds: info.bounds,
      fitBoundsOptions: { padding: 10 },
      attributionControl: false,
      maxZoom: 16,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    window.novexMap = map;
    const list = document.getElementById("layer-list");

    map.on("load", () => {
      const defaults = new Set(["overlap"]);
      // the first layer of the list is drawn on top: add them bottom first
      info.layers.slice().reverse().forEach((layer) => {
        map.addSource(layer.key, { type: "raster", tiles: [window.location.origin + layer.tiles], tileSize: 256,
                                   bounds: info.bounds, maxzoom: 16 });
        map.addLayer({ id: layer.key, type: "raster", source: layer.key,
                       paint: { "raster-resampling": "nearest", "raster-fade-duration": 0 },
                       layout: { visibility: defaults.has(layer.key) ? "visible" : "none" } });
      });
      info.layers.forEach((layer) => {
        const row = el("div", { class: "layer" });
        const id = "layer-" + layer.key;
        const box = el("input", { type: "checkbox", id: id, "data-layer": layer.key });
        box.checked = defaults.has(layer.key);
        box.addEventListener("change", () => {
          map.setLayoutProperty(layer.key, "visibility", box.checked ? "visible" : "none");
        });
        row.append(box, el("label", { for: id }, layer.title));
        list.append(row);
        const legend = el("ul", { class: "legend", "aria-label": layer.title });
        layer.legend.forEach((item) => {
          const li = el("li");
          const sw = el("span", { class: "swatch", "aria-hidden": "true" });
          sw.style.background = item.colour;
          li.append(sw, document.createTextNode(item.label));
          legend.append(li);
        });
        list.append(legend);
      });
      fetch(abs("/api/map/outlines/provinces")).then((r) => r.json()).then((gj) => {
        map.addSource("provinces", { type: "geojson", data: gj });
        map.addLayer({ id: "provinces", type: "line", source: "provinces",
                       paint: { "line-color": "#333", "line-width": 1.2 } });
        window.novexOutlines = gj;
        gj.features.forEach((f) => {
          if (!f.properties.label) { return; }
          const m = el("div", { class: "maplabel", "aria-hidden": "true" },
                       lang === "en" ? f.properties.name_en : f.properties.name_nl);
          new maplibregl.Marker({ element: m }).setLngLat(f.properties.label).addTo(map);
        });
      });
      mapEl.dataset.ready = "1";
    });

    map.on("click", (ev) => {
      const out = document.getElementById("cell");
      const q = "/api/map/cell?lang=" + lang + "&lon=" + ev.lngLat.lng + "&lat=" + ev.lngLat.lat;
      fetch(abs(q)).then((r) => r.json().then((b) => [r.ok, b])).then(([ok, c]) => {
        out.replaceChildren();
        if (!ok) { out.append(el("p", {}, T.outside)); return; }
        const dl = el("dl", { class: "cellinfo" });
        const add = (k, v) => { dl.append(el("dt", {}, k), el("dd", {}, v)); };
        add(T.province, c.province ? c.province.name : T.none);
        add(T.interests, c.interests.length ? c.interests.map((i) => i.number + ". " + i.name).join("; ") : T.none);
        if (c.overlap !== null) { add(T.overlap, String(c.overlap)); }
        if (c.allocation) {
          add(T.allocated, c.allocation.name);
          c.allocation.claims.forEach((cl) => {
            add(cl.function, T.price + " " + fmt(cl.price, 3) + " · " + fmt(cl.allocated, 1) + " / " + fmt(cl.demand_min, 1) + " ha");
          });
        }
        out.append(dl);
      });
    });

    const wf = document.getElementById("whatif");
    if (wf) {
      const post = (path, body) => fetch(abs(path), { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": wf.dataset.csrf },
        body: JSON.stringify(body) });
      // assemble the province while the planner fills in the form (a busy pool: no matter)
      const prepare = () => { post("/api/whatif/prepare", { province: wf.elements.province.value }).catch(() => {}); };
      wf.elements.province.addEventListener("change", prepare);
      const showDraft = (d) => {
        ["draft-changes", "draft-allocation"].forEach((id) => {
          if (map.getLayer(id)) { map.removeLayer(id); }
          if (map.getSource(id)) { map.removeSource(id); }
        });
        const before = map.getLayer("provinces") ? "provinces" : undefined;
        ["allocation", "changes"].forEach((k) => {
          const id = "draft-" + k;
          map.addSource(id, { type: "raster", tiles: [window.location.origin + d.tiles[k]], tileSize: 256,
                              bounds: d.bounds, maxzoom: 16 });
          map.addLayer({ id: id, type: "raster", source: id,
                         paint: { "raster-resampling": "nearest", "raster-fade-duration": 0 } }, before);
        });
        map.fitBounds(d.bounds, { padding: 20 });
        window.novexDraft = d.id;
      };
      // "Opslaan in dossier": the draft becomes a run in the dossier (its texts: the form's data-*)
      const saveButton = (id) => {
        const box = el("div", { class: "whatif-save" });
        const btn = el("button", { type: "button", id: "whatif-save" }, wf.dataset.save);
        const msg = el("p", { id: "whatif-saved", "aria-live": "polite" });
        btn.addEventListener("click", () => {
          btn.disabled = true; msg.className = "help"; msg.textContent = wf.dataset.saving;
          post("/api/whatif/" + encodeURIComponent(id) + "/save", {})
            .then((r) => r.json().then((b) => [r.ok, b]))
            .then(([ok, b]) => {
              if (!ok) {
                btn.disabled = false; msg.className = "error"; msg.setAttribute("role", "alert");
                msg.textContent = Array.isArray(b.detail) ? b.detail.map((x) => x.msg).join("; ") : String(b.detail);
                return;
              }
              msg.className = "";
              msg.textContent = (b.created ? wf.dataset.saved : wf.dataset.savedBefore) + " " + b.id +
                " (" + b.name + "). " + wf.dataset.folder + ": " + b.folder;
            })
            .catch((e) => { btn.disabled = false; msg.className = "error"; msg.textContent = String(e); });
        });
        box.append(btn, msg);
        return box;
      };
      wf.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const out = document.getElementById("whatif-result");
        out.replaceChildren(el("p", { class: "help" }, T.solving));
        const principles = {};
        wf.querySelectorAll("select[data-principle]").forEach((s) => {
          if (s.value) { principles[s.dataset.principle] = s.value === "on"; }
        });
        const body = { province: wf.elements.province.value, function: wf.elements.function.value,
                       add_ha: Number(wf.elements.add_ha.value), principles: principles, lang: lang };
        post("/api/whatif", body)
          .then((r) => r.json().then((b) => [r.ok, b]))
          .then(([ok, d]) => {
            out.replaceChildren();
            if (!ok) {
              const msg = Array.isArray(d.detail) ? d.detail.map((x) => x.msg).join("; ") : String(d.detail);
              out.append(el("p", { class: "error", role: "alert" }, msg)); return;
            }
            out.append(el("p", {}, T.draft + " · " + d.status_label + " · " + T.gap + " " + fmt(d.gap, 6)));
            if (d.changed_ha !== null) { out.append(el("p", {}, T.changed + ": " + fmt(d.changed_ha, 0) + " ha")); }
            const shortText = Object.entries(d.short).map(([f, v]) => f + " " + fmt(v, 1) + " ha").join(", ");
            out.append(el("p", {}, T.shortfall + ": " + (shortText || T.none)));
            d.notes.forEach((n) => out.append(el("p", { class: "help" }, n)));
            const table = el("table", { id: "whatif-table" });
            const head = el("tr");
            [T.fn, T.demand, T.alloc, T.short, T.price, T.pubPrice].forEach((h) => head.append(el("th", { scope: "col" }, h)));
            table.append(el("thead")); table.tHead.append(head);
            const tb = el("tbody");
            d.claims.forEach((c) => {
              const tr = el("tr");
              tr.append(el("th", { scope: "row" }, c.function), el("td", { class: "num" }, fmt(c.demand_min, 1)),
                        el("td", { class: "num" }, fmt(c.allocated, 1)), el("td", { class: "num" }, fmt(c.shortfall, 1)),
                        el("td", { class: "num" }, fmt(c.price, 3)), el("td", { class: "num" }, fmt(c.published_price, 3)));
              tb.append(tr);
            });
            table.append(tb);
            const wrap = el("div", { class: "tablewrap", tabindex: "0", role: "region", "aria-label": T.draftClaims });
            wrap.append(table);
            out.append(wrap);
            const legend = el("ul", { class: "legend", "aria-label": T.draftMap });
            const sw = el("span", { class: "swatch swatch-changes", "aria-hidden": "true" });
            const li = el("li"); li.append(sw, document.createTextNode(T.draftMap)); legend.append(li);
            out.append(legend);
            out.append(saveButton(d.id));
            showDraft(d);
          });
      });
    }

    const select = document.getElementById("province");
    if (select) {
      select.addEventListener("change", () => {
        const code = select.value;
        document.querySelectorAll("#claims-table tbody tr").forEach((tr) => {
          tr.classList.toggle("hidden", code !== "" && tr.dataset.province !== code);
        });
        if (!code) { map.fitBounds(info.bounds, { padding: 10 }); return; }
        const box = document.querySelector('input[data-layer="allocation"]');
        if (box && !box.checked) { box.checked = true; box.dispatchEvent(new Event("change")); }
        const f = (window.novexOutlines || { features: [] }).features.find((x) => x.properties.code === code);
        if (f && f.properties.bbox) { map.fitBounds(f.properties.bbox, { padding: 20 }); }
      });
    }
  });
})();
