// The fleet page's nodes: every node line held in the browser, kept current from the index's change feed
// (GET /api/v1/nodes/changes?since=cursor: only what changed since the last poll), drawn as a summary by status,
// group and type, a map with one canvas cell per node, and a table that creates DOM rows only for what is on screen.
"use strict";

const fleetNodes = (() => {
  const ROW_H = 26, OVERSCAN = 8;
  const STATUS_COLOR = { ready: [26, 127, 55], allocating: [183, 121, 31], discovering: [130, 80, 223], blocked: [207, 34, 46], notFound: [110, 119, 129], unknown: [110, 119, 129] };
  const STATUS_ORDER = ["ready", "allocating", "discovering", "blocked", "notFound", "unknown"];
  const COLUMNS = [
    ["instanceId", "Instance", "id"], ["cluster", "Cluster", ""], ["nodeGroup", "Group", ""], ["status", "Status", ""], ["used", "Used", "num"], ["pending", "Pending", "num"],
    ["available", "Available", "num"], ["target", "Target", "num"], ["enis", "ENIs", "num"], ["prefixes", "Prefixes", "num"], ["detail", "Detail", "wide"],
  ];
  const byId = new Map();
  const state = { cursor: null, sortKey: "instanceId", sortDir: 1, search: "", rows: [], mapOrder: [], cell: 8, cols: 1, selected: null, lastFetched: 0, dirty: true };
  const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const $ = (id) => document.getElementById(id);
  // A node's group is its instance type until the node summary carries the spec's nodeGroup (the API's NodeGroup.Of).
  const groupOf = (n) => n.nodeGroup ?? n.instanceType ?? "unknown";
  const fill = (n) => (n.available > 0 ? Math.min(1, (n.used + n.pending) / n.available) : (n.used + n.pending > 0 ? 1 : 0));

  /** Fetches every change since the cursor (several batches on the first load), so a poll moves only what changed. */
  async function poll(getJson) {
    let fetched = 0, more = true;
    while (more) {
      const answer = await getJson(`/api/v1/nodes/changes?limit=5000${state.cursor ? `&since=${encodeURIComponent(state.cursor)}` : ""}`);
      if (answer.reset) { byId.clear(); }
      for (const n of answer.nodes) { n.nodeGroup = groupOf(n); byId.set(n.instanceId, n); }
      fetched += answer.nodes.length;
      state.cursor = answer.cursor;
      more = answer.more;
      if (answer.reset || answer.nodes.length) { state.dirty = true; }
    }
    state.lastFetched = fetched;
    $("updated").dataset.lastFetched = String(fetched);
    return fetched;
  }

  function render() {
    if (state.dirty) {
      state.dirty = false;
      renderBreakdowns();
      layoutMap();
      sortRows();
    }
    drawMap();
    renderTable();
    $("no-nodes").hidden = byId.size > 0;
  }

  function all() { return byId.values(); }

  function renderBreakdowns() {
    const tally = (key) => {
      const m = new Map();
      for (const n of all()) {
        const k = key(n);
        const t = m.get(k) || { nodes: 0, used: 0, available: 0, target: 0, short: 0 };
        t.nodes++; t.used += n.used; t.available += n.available; t.target += n.target; if (n.status !== "ready") { t.short++; }
        m.set(k, t);
      }
      return m;
    };
    const rows = (m, order) => [...m.entries()].sort(order).map(([k, t]) =>
      `<tr data-key="${esc(k)}"><td>${order === byStatus ? `<i class="dot" style="background:${rgb(k)}"></i>` : ""}${esc(k)}</td><td class="num" data-nodes>${t.nodes.toLocaleString("en-US")}</td>` +
      `<td class="num" title="addresses used / available">${t.used.toLocaleString("en-US")} / ${t.available.toLocaleString("en-US")}</td>` +
      `<td class="num">${order === byStatus ? "" : t.short ? `<span class="hot">${t.short.toLocaleString("en-US")} not ready</span>` : "all ready"}</td></tr>`).join("");
    const byStatus = (a, b) => STATUS_ORDER.indexOf(a[0]) - STATUS_ORDER.indexOf(b[0]);
    const byCount = (a, b) => b[1].nodes - a[1].nodes || (a[0] < b[0] ? -1 : 1);
    $("by-status").tBodies[0].innerHTML = rows(tally((n) => n.status), byStatus);
    $("by-group").tBodies[0].innerHTML = rows(tally(groupOf), byCount);
    $("by-type").tBodies[0].innerHTML = rows(tally((n) => n.instanceType ?? "unknown"), byCount);
  }

  const rgb = (status) => `rgb(${(STATUS_COLOR[status] || STATUS_COLOR.unknown).join(",")})`;

  // ---- map: one cell per node, grouped by node group then instance id; colour = status, darker = fuller.
  function layoutMap() {
    state.mapOrder = [...byId.keys()].sort((a, b) => {
      const ga = byId.get(a).nodeGroup, gb = byId.get(b).nodeGroup;
      return ga < gb ? -1 : ga > gb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    });
    const canvas = $("map"), width = canvas.parentElement.clientWidth || 1000, n = Math.max(state.mapOrder.length, 1);
    state.cell = n > 4000 ? 7 : n > 1000 ? 10 : n > 200 ? 14 : 20;
    state.cols = Math.max(1, Math.floor(width / state.cell));
    const rows = Math.ceil(state.mapOrder.length / state.cols);
    const ratio = window.devicePixelRatio || 1;
    canvas.style.width = `${state.cols * state.cell}px`;
    canvas.style.height = `${Math.max(rows, 1) * state.cell}px`;
    canvas.width = state.cols * state.cell * ratio;
    canvas.height = Math.max(rows, 1) * state.cell * ratio;
    canvas.dataset.cols = String(state.cols);
    canvas.dataset.cell = String(state.cell);
    $("map-count").textContent = state.mapOrder.length ? `${state.mapOrder.length.toLocaleString("en-US")} nodes, one cell each` : "";
    $("map-key").innerHTML = STATUS_ORDER.slice(0, 5).map((s) => `<i class="dot" style="background:${rgb(s)}"></i>${s}`).join(" ") + " · darker = fuller";
  }

  function drawMap() {
    const canvas = $("map"), ctx = canvas.getContext("2d"), ratio = window.devicePixelRatio || 1, c = state.cell, gap = c > 8 ? 2 : 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    state.mapOrder.forEach((id, i) => {
      const n = byId.get(id), [r, g, b] = STATUS_COLOR[n.status] || STATUS_COLOR.unknown, f = 0.3 + 0.7 * fill(n);
      ctx.fillStyle = `rgb(${Math.round(255 - (255 - r) * f)},${Math.round(255 - (255 - g) * f)},${Math.round(255 - (255 - b) * f)})`;
      ctx.fillRect((i % state.cols) * c, Math.floor(i / state.cols) * c, c - gap, c - gap);
      if (id === state.selected) { ctx.strokeStyle = "#0d1117"; ctx.lineWidth = 2; ctx.strokeRect((i % state.cols) * c, Math.floor(i / state.cols) * c, c - gap, c - gap); }
    });
  }

  function cellAt(event) {
    const rect = $("map").getBoundingClientRect();
    const col = Math.floor((event.clientX - rect.left) / state.cell), row = Math.floor((event.clientY - rect.top) / state.cell);
    const i = row * state.cols + col;
    return col >= 0 && col < state.cols && i >= 0 && i < state.mapOrder.length ? state.mapOrder[i] : null;
  }

  /** The centre of a node's cell relative to the canvas's top-left corner, in CSS pixels (tests click it). */
  function cellCenter(id) {
    const i = state.mapOrder.indexOf(id);
    return i < 0 ? null : { x: (i % state.cols) * state.cell + state.cell / 2, y: Math.floor(i / state.cols) * state.cell + state.cell / 2 };
  }

  // ---- table: sorted and searched in memory; only the rows in view exist in the DOM.
  function sortRows() {
    const q = state.search.trim().toLowerCase(), key = state.sortKey, dir = state.sortDir;
    let rows = [...byId.values()];
    if (q) {
      rows = rows.filter((n) => n.instanceId.includes(q) || (n.cluster || "").toLowerCase() === q || (n.instanceType || "").toLowerCase().includes(q) || n.nodeGroup.toLowerCase().includes(q)
        || n.status.toLowerCase() === q || (n.detail || "").toLowerCase().includes(q));
    }
    const numeric = typeof (rows[0] || {})[key] === "number";
    rows.sort((a, b) => {
      const x = a[key], y = b[key];
      const c = numeric ? x - y : String(x ?? "") < String(y ?? "") ? -1 : String(x ?? "") > String(y ?? "") ? 1 : 0;
      return c * dir || (a.instanceId < b.instanceId ? -1 : 1);
    });
    state.rows = rows;
    $("nodes-count").textContent = `${rows.length.toLocaleString("en-US")}${q ? ` of ${byId.size.toLocaleString("en-US")}` : ""} nodes`;
    $("table-body").style.height = `${rows.length * ROW_H}px`;
    $("table-head").innerHTML = COLUMNS.map(([k, label, cls]) =>
      `<span class="${cls}${k === key ? " sorted" : ""}" data-sort="${k}">${label}${k === key ? (dir > 0 ? " ▲" : " ▼") : ""}</span>`).join("");
  }

  function renderTable() {
    const scroll = $("table-scroll"), first = Math.max(0, Math.floor(scroll.scrollTop / ROW_H) - OVERSCAN);
    const last = Math.min(state.rows.length, Math.ceil((scroll.scrollTop + scroll.clientHeight) / ROW_H) + OVERSCAN);
    let html = "";
    for (let i = first; i < last; i++) {
      const n = state.rows[i];
      html += `<div class="vt-row${n.instanceId === state.selected ? " selected" : ""}" style="top:${i * ROW_H}px" data-instance-id="${esc(n.instanceId)}">` +
        COLUMNS.map(([k, , cls]) => k === "status"
          ? `<span><span class="status ${esc(n.status)}">${esc(n.status)}</span></span>`
          : `<span class="${cls}" data-col="${k}"${k === "detail" ? ` title="${esc(n.detail)}"` : ""}>${esc(n[k])}</span>`).join("") + "</div>";
    }
    $("table-body").innerHTML = html;
  }

  // ---- detail of one node: GET /api/v1/nodes/{id} (its ENIs and prefixes live in the node grain, not the index).
  async function renderDetail(getJson) {
    const id = state.selected;
    if (!id) { return; }
    $("detail-id").textContent = id;
    let view;
    try {
      view = await getJson(`/api/v1/nodes/${encodeURIComponent(id)}`);
    } catch (e) {
      $("detail-body").innerHTML = `<p class="hot">${esc(e.problem ? `${e.problem.title} ${e.problem.detail}` : e.message)}</p>`;
      return;
    }
    if (id !== state.selected) { return; }
    const a = view.allocation, release = new Set(a.proposedRelease || []);
    const enis = a.enis.map((e) => `<div class="eni" data-eni-id="${esc(e.eniId)}"><span class="dev">eth${e.deviceIndex}</span><span class="eniid">${esc(e.eniId)}</span>
        ${e.prefixes.map((p) => `<span class="prefix${release.has(p) ? " release" : ""}" title="${release.has(p) ? "proposed for release" : "/28 prefix"}">${esc(p)}</span>`).join("")}
        ${e.ips.length ? `<span class="ips">${e.ips.length} IP${e.ips.length > 1 ? "s" : ""}</span>` : ""}</div>`).join("");
    const facts = [
      ["status", `<span class="status ${esc(a.status)}">${esc(a.status)}</span> ${esc(a.detail)}`],
      ["type", `${esc(view.instanceType || "?")} · ${esc(view.availabilityZone || "?")}`],
      ["cluster", `<span data-field="cluster">${esc(view.cluster || "?")}</span>`],
      ["addresses", `<b data-field="used">${a.used}</b> used · <b data-field="pending">${a.pending}</b> pending · <b data-field="available">${a.available}</b> available · target <b data-field="target">${view.target}</b>`],
      ["ENIs", `<b data-field="enis">${a.enis.length}</b> with <b data-field="prefixes">${a.enis.reduce((x, e) => x + e.prefixes.length, 0)}</b> prefixes`],
      ["pending work", esc(view.pendingWork || "none")], ["intent in flight", esc(view.pendingIntent || "none")],
      ["last error", view.lastError ? `<span class="hot">${esc(view.lastError)}</span>` : "none"],
    ];
    $("detail-body").innerHTML = `<table class="grid facts">${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}</table><div class="enis">${enis}</div>`;
  }

  function select(id, getJson) {
    state.selected = id;
    drawMap();
    renderTable();
    return renderDetail(getJson);
  }

  function wire(getJson) {
    $("table-scroll").addEventListener("scroll", () => renderTable(), { passive: true });
    $("table-head").addEventListener("click", (e) => {
      const key = e.target.closest("[data-sort]")?.dataset.sort;
      if (!key) { return; }
      state.sortDir = key === state.sortKey ? -state.sortDir : (COLUMNS.find((c) => c[0] === key)[2] === "num" ? -1 : 1);
      state.sortKey = key;
      sortRows(); renderTable();
    });
    $("search").addEventListener("input", (e) => { state.search = e.target.value; $("table-scroll").scrollTop = 0; sortRows(); renderTable(); });
    $("table-body").addEventListener("click", (e) => { const id = e.target.closest(".vt-row")?.dataset.instanceId; if (id) { select(id, getJson); } });
    const canvas = $("map");
    canvas.addEventListener("click", (e) => { const id = cellAt(e); if (id) { select(id, getJson); } });
    canvas.addEventListener("mousemove", (e) => {
      const id = cellAt(e), n = id && byId.get(id);
      canvas.title = n ? `${id} · ${n.nodeGroup} · ${n.status} · ${n.used} used + ${n.pending} pending of ${n.available}` : "";
    });
    window.addEventListener("resize", () => { state.dirty = true; render(); });
  }

  return { poll, render, wire, renderDetail, cellCenter, size: () => byId.size, lines: () => [...byId.values()], state };
})();
