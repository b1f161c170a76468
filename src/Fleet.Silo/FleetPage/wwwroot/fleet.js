// The fleet page: polls the silo's read-only JSON endpoints every two seconds and redraws. No framework, no build step.
// Nodes come from the index's change feed (nodes.js): a poll carries only the lines that changed.
"use strict";

const POLL_MS = 2000;
const COLORS = {
  AssignPrivateIpAddresses: "#1f6feb", CreateNetworkInterface: "#8250df", AttachNetworkInterface: "#bf3989",
  ModifyNetworkInterfaceAttribute: "#0a7ea4", UnassignPrivateIpAddresses: "#e0823d", DeleteNetworkInterface: "#cf222e",
  DescribeInstances: "#57606a", DescribeNetworkInterfaces: "#8c959f", DescribeSubnets: "#afb8c1",
  DescribeInstanceTypes: "#d0d7de", CreateTags: "#1a7f37", RunInstances: "#2da44e",
};
// The buckets Fleet spends from; others show only while they have activity.
const FLEET_ACTIONS = new Set(["AssignPrivateIpAddresses", "CreateNetworkInterface", "AttachNetworkInterface",
  "ModifyNetworkInterfaceAttribute", "UnassignPrivateIpAddresses", "DeleteNetworkInterface", "DescribeInstances",
  "DescribeNetworkInterfaces", "DescribeSubnets", "DescribeInstanceTypes"]);
const previous = { at: 0, buckets: new Map() };
let lastOk = 0;

const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 0) => Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const colorOf = (action) => COLORS[action] || "#6e7781";

async function getJson(path) {
  const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) { throw Object.assign(new Error("unauthorized"), { unauthorized: true }); }
  if (!response.ok) {
    const problem = (response.headers.get("Content-Type") || "").includes("problem+json") ? await response.json() : null;
    throw Object.assign(new Error(`${path}: HTTP ${response.status}`), { problem });
  }
  return response.json();
}

async function poll() {
  try {
    const [silo, , throttle, calls, trail] = await Promise.all([
      getJson("/api/v1/silo"), fleetNodes.poll(getJson),
      getJson("/api/v1/throttle"), getJson("/api/v1/ec2/calls?seconds=120"),
      // A cluster's token may not read the account-wide trail (403 fleet-wide): show none rather than fail the page.
      getJson("/api/v1/ec2/trail?limit=40").catch((e) => (e.problem?.status === 403 ? [] : Promise.reject(e))),
    ]);
    $("login").hidden = true;
    renderSilo(silo);
    renderSummary(fleetNodes.lines(), throttle, calls);
    renderCalls(calls);
    renderThrottle(throttle);
    fleetNodes.render();
    fleetNodes.renderDetail(getJson);
    renderTrail(trail, silo);
    lastOk = Date.now();
    $("updated").textContent = "updated just now";
  } catch (e) {
    if (e.unauthorized) { $("login").hidden = false; }
    $("updated").textContent = e.unauthorized ? "token needed" : `error: ${e.message}`;
  }
}

function renderSilo(silo) {
  const chips = [
    `<span class="chip ${silo.ready ? "ok" : "bad"}" id="ready">${silo.ready ? "ready" : "not ready: EC2 not reached"}</span>`,
    `<span class="chip">EC2: ${esc(silo.ec2Mode)}${silo.emulator ? ` at ${esc(silo.emulator)}` : ""} · ${esc(silo.region)}</span>`,
    `<span class="chip">${esc(silo.clustering)} clustering · ${esc(silo.clusterId)}</span>`,
    `<span class="chip">silo ${esc(silo.siloAddress.replace(/^S/, ""))}</span>`,
  ];
  if (silo.demoNodes > 0) { chips.push(`<span class="chip">demo fleet: ${silo.demoNodes} nodes</span>`); }
  $("silo").innerHTML = chips.join("");
}

function renderSummary(nodes, throttle, calls) {
  const by = (s) => nodes.filter((n) => n.status === s).length;
  const sum = (f) => nodes.reduce((a, n) => a + f(n), 0);
  const perAction = Object.values(calls.actions);
  const last60 = perAction.reduce((a, series) => a + series.slice(-60).reduce((x, y) => x + y, 0), 0);
  const throttled = calls.throttled.slice(-60).reduce((x, y) => x + y, 0);
  const cards = [
    ["Nodes", `<span id="nodes-total">${fmt(nodes.length)}</span>`, `${fmt(by("ready"))} ready · ${fmt(by("allocating") + by("discovering"))} allocating · ${fmt(by("blocked"))} blocked`],
    ["Addresses available", fmt(sum((n) => n.available)), `for ${fmt(sum((n) => n.used))} used + ${fmt(sum((n) => n.pending))} pending`],
    ["Prefixes held", fmt(sum((n) => n.prefixes)), `on ${fmt(sum((n) => n.enis))} ENIs`],
    ["EC2 calls, last 60 s", fmt(last60), throttled ? `<span class="hot">${throttled} throttled</span>` : "none throttled"],
    ["Waiting for a token", fmt(throttle.waiting), `${throttle.outstanding} grant(s) in flight · share ${fmt(throttle.share * 100)} %`],
  ];
  $("summary").innerHTML = cards.map(([label, value, sub]) =>
    `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`).join("");
}

function renderCalls(calls) {
  const actions = Object.keys(calls.actions);
  const n = calls.throttled.length;
  const totals = Array.from({ length: n }, (_, i) => actions.reduce((a, k) => a + calls.actions[k][i], 0));
  const max = Math.max(4, ...totals);
  const W = 720, H = 190, left = 30, bottom = 18, top = 6, bw = (W - left) / n;
  const y = (v) => H - bottom - (v / max) * (H - bottom - top);
  let svg = `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="EC2 calls per second">`;
  for (const v of [0, Math.round(max / 2), max]) {
    svg += `<line x1="${left}" x2="${W}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e8ef"/><text x="${left - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10" fill="#6b7685">${v}</text>`;
  }
  for (let i = 0; i < n; i++) {
    let base = 0;
    for (const action of actions) {
      const v = calls.actions[action][i];
      if (!v) { continue; }
      svg += `<rect x="${left + i * bw + 0.5}" y="${y(base + v)}" width="${Math.max(bw - 1, 1)}" height="${y(base) - y(base + v)}" fill="${colorOf(action)}"><title>${esc(action)}: ${v}</title></rect>`;
      base += v;
    }
    if (calls.throttled[i]) {
      svg += `<circle cx="${left + i * bw + bw / 2}" cy="${y(base) - 5}" r="3" fill="#cf222e"><title>${calls.throttled[i]} throttled</title></circle>`;
    }
  }
  for (const [s, label] of [[0, `-${n}s`], [n / 2, `-${n / 2}s`], [n - 1, "now"]]) {
    svg += `<text x="${left + s * bw}" y="${H - 4}" font-size="10" fill="#6b7685" text-anchor="${s === 0 ? "start" : s === n - 1 ? "end" : "middle"}">${label}</text>`;
  }
  $("chart").innerHTML = svg + "</svg>";
  const sums = actions.map((a) => [a, calls.actions[a].reduce((x, y) => x + y, 0)]).sort((a, b) => b[1] - a[1]);
  $("legend").innerHTML = sums.length
    ? sums.map(([a, c]) => `<span><i style="background:${colorOf(a)}"></i>${esc(a)} ${c}</span>`).join("") + `<span><i style="background:#cf222e;border-radius:50%"></i>throttled</span>`
    : "No EC2 calls in the last two minutes.";
  $("calls-total").textContent = `${totals.reduce((x, y) => x + y, 0)} in the last ${n} s`;
}

function renderThrottle(throttle) {
  const now = Date.now();
  const dt = previous.at ? (now - previous.at) / 1000 : 0;
  $("throttle-key").textContent = throttle.key;
  const shown = throttle.buckets.filter((b) => FLEET_ACTIONS.has(b.action) || b.granted > 0
    || b.criticalWaiting + b.housekeepingWaiting > 0 || b.tokens < b.capacity);
  const idle = throttle.buckets.length - shown.length;
  $("throttle-idle").textContent = idle > 0 ? `${idle} other bucket(s) idle and full.` : "";
  $("throttle").tBodies[0].innerHTML = shown.map((b) => {
    const before = previous.buckets.get(b.action);
    const grants = before && dt > 0 ? (b.granted - before.granted) / dt : 0;
    const throttles = before && dt > 0 ? (b.throttled - before.throttled) / dt : 0;
    const fill = b.capacity > 0 ? Math.max(0, Math.min(1, b.tokens / b.capacity)) : 0;
    const cls = fill < 0.05 ? "empty" : fill < 0.3 ? "low" : "";
    const queue = b.criticalWaiting + b.housekeepingWaiting;
    return `<tr data-action="${esc(b.action)}">
      <td>${esc(b.action)}</td>
      <td><span class="tokens"><span class="bar"><i class="${cls}" style="width:${(fill * 100).toFixed(1)}%"></i></span>${fmt(b.tokens, 1)} / ${fmt(b.capacity)}</span></td>
      <td class="num" title="configured ${b.configuredRefillPerSecond}/s">${fmt(b.refillPerSecond, 2)}${b.refillPerSecond < b.configuredRefillPerSecond ? " ↓" : ""}</td>
      <td class="num${queue ? " hot" : ""}" title="${b.criticalWaiting} critical, ${b.housekeepingWaiting} housekeeping">${queue}</td>
      <td class="num">${fmt(grants, 1)}</td>
      <td class="num${throttles > 0 ? " hot" : ""}">${fmt(throttles, 1)}</td></tr>`;
  }).join("");
  renderShares(throttle, dt);
  previous.at = now;
  previous.buckets = new Map(throttle.buckets.map((b) => [b.action, b]));
}

// Each cluster's share of the buckets (its weight over all) and its use: requests waiting and grants per second, summed over buckets.
function renderShares(throttle, dt) {
  const clusters = new Map();
  for (const b of throttle.buckets) {
    for (const c of b.clusters || []) {
      const t = clusters.get(c.cluster) || { weight: c.weight, share: c.share, waiting: 0, granted: 0, before: 0 };
      t.waiting += c.criticalWaiting + c.housekeepingWaiting;
      t.granted += c.granted;
      t.before += (previous.buckets.get(b.action)?.clusters || []).find((p) => p.cluster === c.cluster)?.granted ?? c.granted;
      clusters.set(c.cluster, t);
    }
  }
  $("throttle-clusters").hidden = clusters.size === 0;
  $("throttle-clusters").tBodies[0].innerHTML = [...clusters.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, t]) => `<tr data-cluster="${esc(name)}">
      <td>${esc(name)}</td><td class="num">${fmt(t.weight, 2)}</td><td class="num">${fmt(t.share * 100)} %</td>
      <td class="num${t.waiting ? " hot" : ""}">${t.waiting}</td><td class="num">${fmt(dt > 0 ? (t.granted - t.before) / dt : 0, 1)}</td></tr>`).join("");
}

function renderTrail(trail, silo) {
  $("trail-source").textContent = silo.emulator ? "from the embedded emulator's trail (every client)" : "made by this silo";
  $("trail").tBodies[0].innerHTML = trail.map((t) => `<tr>
      <td>${esc(new Date(t.time).toLocaleTimeString("en-GB", { hour12: false }))}</td>
      <td><i class="sw" style="background:${colorOf(t.action)};margin:0 6px 0 0"></i>${esc(t.action)}</td>
      <td>${esc(t.target || "")}</td><td class="num">${t.count ?? ""}</td>
      <td class="${t.outcome === "OK" ? "outcome-ok" : "outcome-bad"}">${esc(t.outcome)}</td>
      <td class="num">${fmt(t.latencyMs)} ms</td><td>${esc(t.client || "")}</td></tr>`).join("")
    || `<tr><td colspan="7" class="muted">No calls yet.</td></tr>`;
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  document.cookie = `fleet-token=${encodeURIComponent($("token").value)}; path=/; SameSite=Strict`;
  poll();
});
setInterval(() => { if (lastOk) { $("updated").textContent = `updated ${Math.round((Date.now() - lastOk) / 1000)} s ago`; } }, 1000);
fleetNodes.wire(getJson);
poll();
setInterval(poll, POLL_MS);
