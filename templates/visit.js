// touchaudit visit form: fills cards, keeps progress in this browser, exports offline.toml and photos as a zip.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("visit-data").textContent);
  // One audit's state: its key names the business, its site and its folder, so two clients of one name
  // never share entries.
  const key = "touchaudit-visit:" + data.key;
  const MAX_SIDE = data.max_photo_side;
  let state = { cards: {}, photos: {} };
  try { state = JSON.parse(localStorage.getItem(key)) || state; } catch (e) { /* private mode: no storage */ }
  state.cards = state.cards || {}; state.photos = state.photos || {};
  const cards = [...document.querySelectorAll("[data-touchpoint]")];
  // Entries that could not be stored are still in this page: the warning asks for an export before a reload.
  function warn() { document.getElementById("storage-warning").hidden = false; }
  // The cards' state is small and goes to localStorage; each photo goes to IndexedDB, which holds far more
  // than the few megabytes a phone gives localStorage (photos there once pushed the notes typed after them out).
  function save() { try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { warn(); } }
  const photoData = new Map();
  const photoKey = (id, name) => key + "\u0000" + id + "\u0000" + name;
  const dbReady = new Promise(resolve => {
    try {
      const open = indexedDB.open("touchaudit-visit", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("photos");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(null);
    } catch (e) { resolve(null); }
  });
  function stored(mode, action) {
    return dbReady.then(db => new Promise((resolve, reject) => {
      if (!db) { reject(new Error("no IndexedDB")); return; }
      const tx = db.transaction("photos", mode), request = action(tx.objectStore("photos"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error || new Error("not stored"));
    }));
  }
  function keepPhoto(id, name, dataUrl) {
    photoData.set(photoKey(id, name), dataUrl);
    return stored("readwrite", store => store.put(dataUrl, photoKey(id, name))).catch(warn);
  }
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  function read(card) {
    const id = card.dataset.touchpoint, c = {};
    const score = card.querySelector("[data-field=score]");
    if (score && score.value !== "") c.score = Number(score.value);
    const items = card.querySelectorAll("[data-item]");
    if (items.length) { c.items = {}; items.forEach(i => { if (i.dataset.touched === "1") c.items[i.dataset.item] = i.checked; }); }
    const note = card.querySelector("[data-field=note]"); if (note && note.value.trim()) c.note = note.value.trim();
    const na = card.querySelector("[data-field=na]"); if (na && na.checked) c.na = true;
    const date = card.querySelector("[data-field=date]"); if (date && date.value) c.date = date.value;
    state.cards[id] = c;
  }
  function scored(id) {
    const c = state.cards[id] || {};
    return c.na || c.score !== undefined || (c.items && Object.keys(c.items).length > 0);
  }
  function progress() {
    const done = cards.filter(c => scored(c.dataset.touchpoint)).length;
    document.getElementById("progress").textContent = data.progress.replace("{done}", done).replace("{total}", cards.length);
    cards.forEach(c => c.classList.toggle("done", scored(c.dataset.touchpoint)));
  }
  function restore(card) {
    const c = state.cards[card.dataset.touchpoint]; if (!c) return;
    const score = card.querySelector("[data-field=score]"); if (score && c.score !== undefined) { score.value = c.score; show(score); }
    card.querySelectorAll("[data-item]").forEach(i => { if (c.items && i.dataset.item in c.items) { i.checked = c.items[i.dataset.item]; i.dataset.touched = "1"; } });
    const note = card.querySelector("[data-field=note]"); if (note && c.note) note.value = c.note;
    const na = card.querySelector("[data-field=na]"); if (na) na.checked = !!c.na;
    const date = card.querySelector("[data-field=date]"); if (date && c.date) date.value = c.date;
    thumbs(card);
  }
  function show(score) { const out = score.parentElement.querySelector("output"); if (out) out.textContent = score.value; }
  function thumbs(card) {
    const box = card.querySelector(".thumbs"); if (!box) return;
    const id = card.dataset.touchpoint;
    box.replaceChildren(...(state.photos[id] || []).filter(p => photoData.has(photoKey(id, p.name))).map(p => {
      const i = new Image(); i.src = photoData.get(photoKey(id, p.name)); i.alt = p.name; return i;
    }));
  }
  function downscale(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onerror = reject;
      reader.onload = () => {
        const img = new Image();
        img.onerror = reject;
        img.onload = () => {
          const k = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
          const canvas = document.createElement("canvas");
          canvas.width = Math.round(img.width * k); canvas.height = Math.round(img.height * k);
          canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
          // Drawing into a canvas keeps the pixels only: EXIF (the place it was taken) is not carried over.
          resolve(canvas.toDataURL("image/jpeg", 0.85));
        };
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }
  cards.forEach(card => {
    // Values from the audit's offline.toml count until the auditor changes them.
    if (!state.cards[card.dataset.touchpoint]) read(card);
    restore(card);
    card.addEventListener("input", e => {
      if (e.target.dataset.item !== undefined) e.target.dataset.touched = "1";
      if (e.target.dataset.field === "score") show(e.target);
      read(card); save(); progress();
    });
    const photo = card.querySelector("[data-field=photo]");
    if (photo) photo.addEventListener("change", async () => {
      const id = card.dataset.touchpoint, list = state.photos[id] || [];
      for (const file of photo.files) {
        const dataUrl = await downscale(file);
        const name = id.replace(/[^a-z0-9]+/gi, "-") + "-" + (list.length + 1) + ".jpg";
        list.push({ name });
        await keepPhoto(id, name, dataUrl);
      }
      state.photos[id] = list; save(); thumbs(card);
    });
  });
  progress();
  // The photos of earlier sessions, from IndexedDB; a state saved by an older form kept them inline: moved.
  (async () => {
    let moved = false;
    for (const [id, list] of Object.entries(state.photos)) {
      for (const p of list) {
        if (p.data) { await keepPhoto(id, p.name, p.data); delete p.data; moved = true; continue; }
        const dataUrl = await stored("readonly", store => store.get(photoKey(id, p.name))).catch(() => undefined);
        if (dataUrl) photoData.set(photoKey(id, p.name), dataUrl);
      }
    }
    if (moved) save();
    cards.forEach(thumbs);
    document.body.dataset.photos = "loaded";
  })();

  function tomlString(s) {
    return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")
      .replace(/[\u0000-\u001f\u007f]/g, c => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
  }
  function offlineToml() {
    let out = "# Written by the touchaudit visit form (" + data.audit.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ") + ").\n";
    const figures = [];
    cards.forEach(card => {
      const id = card.dataset.touchpoint, c = state.cards[id] || {};
      if (!scored(id) && !c.note) return;
      if (card.dataset.kind === "figure") { if (c.score !== undefined) figures.push([card.dataset.key, c.score]); return; }
      out += "\n[scores." + tomlString(id) + "]\n";
      if (c.na) out += "not_applicable = true\n";
      else if (card.dataset.kind === "items") out += "items = { " + Object.entries(c.items || {}).map(([k, v]) => tomlString(k) + " = " + v).join(", ") + " }\n";
      else if (c.score !== undefined) out += "score = " + c.score + "\n";
      if (c.note) out += "note = " + tomlString(c.note) + "\n";
      const photos = (state.photos[id] || []).filter(p => photoData.has(photoKey(id, p.name)));
      if (photos.length) out += "evidence = [" + photos.map(p => tomlString("photos/" + p.name)).join(", ") + "]\n";
      if (c.date) out += "assessed = " + c.date + "\n";
    });
    if (figures.length) out += "\n[figures]\n" + figures.map(([k, v]) => tomlString(k) + " = " + v).join("\n") + "\n";
    return out;
  }
  const CRC = new Uint32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  function crc32(bytes) { let c = 0xffffffff; for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; }
  // A zip of stored (uncompressed) entries: what every unzip and touchaudit reads.
  function zip(files) {
    const enc = new TextEncoder(), parts = [], central = [];
    let offset = 0;
    for (const [name, bytes] of files) {
      const n = enc.encode(name), crc = crc32(bytes), local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(6, 0x0800, true);
      local.setUint32(14, crc, true); local.setUint32(18, bytes.length, true); local.setUint32(22, bytes.length, true);
      local.setUint16(26, n.length, true);
      parts.push(new Uint8Array(local.buffer), n, bytes);
      const c = new DataView(new ArrayBuffer(46));
      c.setUint32(0, 0x02014b50, true); c.setUint16(4, 20, true); c.setUint16(6, 20, true); c.setUint16(8, 0x0800, true);
      c.setUint32(16, crc, true); c.setUint32(20, bytes.length, true); c.setUint32(24, bytes.length, true);
      c.setUint16(28, n.length, true); c.setUint32(42, offset, true);
      central.push(new Uint8Array(c.buffer), n);
      offset += 30 + n.length + bytes.length;
    }
    const size = central.reduce((s, p) => s + p.length, 0), end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, size, true); end.setUint32(16, offset, true);
    return new Blob([...parts, ...central, new Uint8Array(end.buffer)], { type: "application/zip" });
  }
  function photoFiles() {
    return Object.entries(state.photos).flatMap(([id, list]) => list.map(p => [p.name, photoData.get(photoKey(id, p.name))]))
      .filter(([, dataUrl]) => dataUrl).map(([name, dataUrl]) => {
        const bin = atob(dataUrl.split(",")[1]); const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return ["photos/" + name, bytes];
      });
  }
  /** For automation: the export's offline.toml and the zip (a Blob), as the Export button downloads them. */
  window.touchauditExport = function () {
    const files = [["offline.toml", new TextEncoder().encode(offlineToml())], ...photoFiles()];
    // A chain's form asks which location the visit was to: the import puts it into that location's file.
    const place = document.getElementById("location");
    if (place && place.value) files.push(["location.txt", new TextEncoder().encode(place.value)]);
    return { toml: offlineToml(), zip: zip(files) };
  };
  const place = document.getElementById("location");
  if (place) {
    const kept = localStorage.getItem("touchaudit-visit-location-" + data.key);
    if (kept) place.value = kept;
    place.addEventListener("change", () => {
      try { localStorage.setItem("touchaudit-visit-location-" + data.key, place.value); } catch (e) { /* full */ }
    });
  }
  document.getElementById("export").addEventListener("click", () => {
    if (place && !place.value) { place.focus(); place.setAttribute("aria-invalid", "true"); return; }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(window.touchauditExport().zip);
    a.download = data.export_name;
    a.click();
  });
})();
