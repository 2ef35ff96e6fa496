// dateline dashboard: plain JavaScript over the JSON API, no external assets.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const SVG = "http://www.w3.org/2000/svg";

async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) q.set(k, v);
  const url = "/api/" + path + (q.toString() ? "?" + q : "");
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

function formParams(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function show(view) {
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === "view-" + view));
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
}

function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

// ---- timeline: cooperation above the axis, conflict below, Goldstein-weighted ----
async function loadTimeline() {
  const f = formParams($("#timeline-form"));
  const p = { bucket: f.bucket, since: f.since, until: f.until };
  const a = f.a.trim(), b = f.b.trim();
  if (a && b) p.pair = a + "," + b; else if (a || b) p.actor = a || b;
  const rows = await api("aggregate/timeline", p);
  const buckets = new Map();
  for (const r of rows.items) {
    const b = buckets.get(r.bucket) || { coop: 0, conf: 0, n: 0 };
    if (r.goldstein_sum >= 0) b.coop += r.goldstein_sum; else b.conf += -r.goldstein_sum;
    b.n += r.count;
    buckets.set(r.bucket, b);
  }
  const keys = [...buckets.keys()].sort();
  const box = $("#timeline-chart");
  box.innerHTML = "";
  if (!keys.length) { box.innerHTML = '<p class="hint">No dated events for this selection.</p>'; return; }
  const W = Math.max(600, box.clientWidth || 800), H = 320, pad = 40;
  const max = Math.max(1, ...keys.map((k) => Math.max(buckets.get(k).coop, buckets.get(k).conf)));
  const svg = svgEl("svg", { width: W, height: H, role: "img", "aria-label": "timeline" }, box);
  const mid = H / 2, bw = (W - 2 * pad) / keys.length;
  svgEl("line", { x1: pad, x2: W - pad, y1: mid, y2: mid, stroke: "#999" }, svg);
  keys.forEach((k, i) => {
    const b = buckets.get(k), x = pad + i * bw;
    const hc = (b.coop / max) * (mid - pad), hf = (b.conf / max) * (mid - pad);
    const c = svgEl("rect", { x, y: mid - hc, width: Math.max(1, bw - 2), height: hc, fill: "var(--coop)", class: "bar coop-bar" }, svg);
    svgEl("title", {}, c).textContent = `${k}: cooperation ${b.coop.toFixed(1)} (${b.n} events)`;
    const f = svgEl("rect", { x, y: mid, width: Math.max(1, bw - 2), height: hf, fill: "var(--conf)", class: "bar conf-bar" }, svg);
    svgEl("title", {}, f).textContent = `${k}: conflict ${b.conf.toFixed(1)}`;
    if (keys.length <= 24 || i % Math.ceil(keys.length / 24) === 0) {
      const t = svgEl("text", { x: x + bw / 2, y: H - 8, "font-size": 10, "text-anchor": "middle" }, svg);
      t.textContent = k;
    }
  });
}

// ---- network: actors on a circle, edges coloured by mean Goldstein ----
function goldsteinColour(g) {
  const t = Math.max(-10, Math.min(10, g)) / 10; // -1..1
  const r = t < 0 ? 192 : Math.round(192 - 149 * t), gg = t < 0 ? Math.round(57 + 66 * (1 + t)) : 123, b = t < 0 ? Math.round(43 + 142 * (1 + t)) : 185;
  return `rgb(${r},${gg},${b})`;
}

async function loadNetwork() {
  const p = formParams($("#network-form"));
  const rows = (await api("aggregate/dyads", p)).items;
  const box = $("#network-chart");
  box.innerHTML = "";
  if (!rows.length) { box.innerHTML = '<p class="hint">No dyads yet.</p>'; return; }
  const actors = [...new Set(rows.flatMap((r) => [r.source, r.target]))];
  const W = Math.max(600, box.clientWidth || 800), H = 520, R = Math.min(W, H) / 2 - 60;
  const pos = new Map(actors.map((a, i) => [a, [W / 2 + R * Math.cos((2 * Math.PI * i) / actors.length), H / 2 + R * Math.sin((2 * Math.PI * i) / actors.length)]]));
  const svg = svgEl("svg", { width: W, height: H, role: "img", "aria-label": "actor network" }, box);
  const maxN = Math.max(...rows.map((r) => r.count));
  for (const r of rows) {
    const [x1, y1] = pos.get(r.source), [x2, y2] = pos.get(r.target);
    const e = svgEl("line", { x1, y1, x2, y2, stroke: goldsteinColour(r.mean_goldstein), "stroke-width": 1 + (4 * r.count) / maxN, class: "edge" }, svg);
    svgEl("title", {}, e).textContent = `${r.source} → ${r.target}: ${r.count} events, mean Goldstein ${r.mean_goldstein.toFixed(2)}`;
  }
  for (const a of actors) {
    const [x, y] = pos.get(a);
    svgEl("circle", { cx: x, cy: y, r: 6, fill: "#1f2d3d", class: "node" }, svg);
    const t = svgEl("text", { x: x + 8, y: y + 4, "font-size": 12 }, svg);
    t.textContent = a;
  }
}

// ---- quotes by speaker ----
async function loadQuotes() {
  const p = formParams($("#quotes-form"));
  const [speakers, quotes] = await Promise.all([api("quotes/speakers", { limit: 30 }), api("quotes", { ...p, limit: 200 })]);
  $("#speakers").innerHTML = speakers.items.map((s) => `<button data-speaker="${esc(s.speaker)}">${esc(s.speaker)} (${s.count})</button>`).join("");
  $("#quotes-table tbody").innerHTML = quotes.items.map((q) =>
    `<tr><td>${esc(q.speaker ?? "unknown")}</td><td>${esc(q.kind)}</td><td>${esc(q.content)}</td><td><a data-article="${esc(q.article_id)}">${esc(q.title ?? q.article_id)}</a></td></tr>`).join("") ||
    '<tr><td colspan="4" class="hint">No quotes.</td></tr>';
}

// ---- events table ----
let eventsNext = null;
async function loadEvents(more = false) {
  const p = formParams($("#events-form"));
  const page = await api("events", { ...p, limit: 100, offset: more ? eventsNext : 0 });
  const rows = page.items;
  eventsNext = page.next_offset;
  $("#events-more").hidden = eventsNext == null;
  const html = rows.map((e) =>
    `<tr><td>${esc(e.date ?? "")}</td><td>${esc(e.source_code ?? "?")}</td><td title="${esc(e.cameo_name ?? "")}">${esc(e.cameo)} ${esc(e.cameo_name ?? "")}</td><td>${esc(e.target_code ?? "?")}</td><td>${Number(e.goldstein).toFixed(1)}</td><td><a data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">${esc(e.evidence)}</a></td></tr>`).join("") ||
    (more ? "" : '<tr><td colspan="6" class="hint">No events.</td></tr>');
  if (more) $("#events-table tbody").insertAdjacentHTML("beforeend", html);
  else $("#events-table tbody").innerHTML = html;
}

// ---- full-text search ----
async function loadSearch() {
  const p = formParams($("#search-form"));
  if (!p.q.trim()) { $("#search-table tbody").innerHTML = '<tr><td colspan="3" class="hint">Type words to search.</td></tr>'; return; }
  const rows = (await api("search", { q: p.q, limit: 100 })).items;
  $("#search-table tbody").innerHTML = rows.map((r) =>
    `<tr><td>${esc(r.published ?? "")}</td><td><a data-article="${esc(r.id)}">${esc(r.title ?? "(untitled)")}</a></td><td>${esc(r.snippet ?? "")}</td></tr>`).join("") ||
    '<tr><td colspan="3" class="hint">No articles match.</td></tr>';
}

// ---- story clusters ----
async function loadStories() {
  const p = formParams($("#stories-form"));
  const rows = (await api("clusters", { ...p, limit: 200 })).items;
  $("#stories-table tbody").innerHTML = rows.map((c) =>
    `<tr><td><a data-story="${esc(c.cluster_id)}">${esc(c.title ?? "(untitled)")}</a></td><td>${esc(c.articles)}</td><td>${esc(c.sources)}</td><td>${esc(c.first_published ?? "")}</td><td>${esc(c.events)}</td></tr>`).join("") ||
    '<tr><td colspan="5" class="hint">No stories.</td></tr>';
}

async function openStory(id) {
  const c = await api("clusters/" + encodeURIComponent(id));
  const arts = c.articles.map((a) => `<li><a data-article="${esc(a.id)}">${esc(a.title ?? "(untitled)")}</a> <span class="meta">${esc(a.site ?? a.host ?? "")} ${esc(a.published ?? "")}</span></li>`).join("");
  const evs = c.events.map((e) => `<li><b>${esc(e.cameo)}</b> ${esc(e.cameo_name ?? "")}: ${esc(e.source_code ?? "?")} → ${esc(e.target_code ?? "?")}, ${esc(e.date ?? "")} · ${esc(e.num_articles)} articles, ${esc(e.num_sources)} sources — <a data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">${esc(e.evidence)}</a></li>`).join("");
  $("#story").innerHTML = `<h3>Articles</h3><ul>${arts}</ul><h3>Events (merged)</h3><ul class="events-list">${evs || '<li class="hint">none</li>'}</ul>`;
}

// ---- article view with highlights (spans are UTF-8 byte offsets) ----
function byteToIndex(text) {
  const map = new Map();
  const enc = new TextEncoder();
  let b = 0, i = 0;
  for (const ch of text) { map.set(b, i); b += enc.encode(ch).length; i += ch.length; }
  map.set(b, i);
  return (off) => map.get(off) ?? text.length;
}

async function openArticle(id, eventId) {
  show("article");
  location.hash = "article/" + encodeURIComponent(id);
  const a = await api("articles/" + encodeURIComponent(id));
  const idx = byteToIndex(a.text);
  const marks = [];
  for (const e of a.entities) if (e.span) marks.push([e.span[0], e.span[1], "entity", `${e.name}${e.code ? " · " + e.code : ""}`]);
  for (const t of a.timexes) if (t.span) marks.push([t.span[0], t.span[1], "timex", `${t.type} ${t.value ?? "unresolved"}`]);
  for (const q of a.quotes) if (q.span) marks.push([q.span[0], q.span[1], "quote", `quote by ${q.speaker ?? "unknown"}`]);
  for (const e of a.events) if (e.span && String(e.id) === String(eventId)) marks.push([e.span[0], e.span[1], "event", `${e.cameo} ${e.cameo_name ?? ""}`]);
  // The selected event wins over what overlaps it; otherwise outermost first.
  const sel = marks.find((m) => m[2] === "event");
  if (sel) for (let i = marks.length - 1; i >= 0; i--) if (marks[i] !== sel && marks[i][0] < sel[1] && sel[0] < marks[i][1]) marks.splice(i, 1);
  marks.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let html = "", at = 0;
  for (const [s, e, cls, title] of marks) {
    if (s < at) continue;
    html += esc(a.text.slice(idx(at), idx(s))) + `<mark class="${cls}" title="${esc(title)}">${esc(a.text.slice(idx(s), idx(e)))}</mark>`;
    at = e;
  }
  html += esc(a.text.slice(idx(at)));
  const events = a.events.map((e) => `<li data-article="${esc(id)}" data-event="${esc(e.id)}"${String(e.id) === String(eventId) ? ' class="selected"' : ""}><b>${esc(e.cameo)}</b> ${esc(e.cameo_name ?? "")}: ${esc(e.source_code ?? "?")} → ${esc(e.target_code ?? "?")}, ${esc(e.date ?? "")} — <i>${esc(e.evidence)}</i> <span class="meta">(${esc(e.rule ?? "")})</span></li>`).join("");
  $("#article").innerHTML = `<h2>${esc(a.title ?? "(untitled)")}</h2>
    <p class="meta">${esc(a.published ?? "no date")} · ${esc(a.site ?? "")} · ${a.url ? `<span>${esc(a.url)}</span>` : esc(a.path ?? "")}</p>
    <p class="legend"><mark class="entity">entity</mark> <mark class="timex">time</mark> <mark class="quote">quote</mark> <mark class="event">selected event</mark></p>
    <div class="text">${html}</div>
    <h3>Events</h3><ul class="events-list">${events || '<li class="hint">none</li>'}</ul>
    ${a.copies.length ? `<h3>Other copies of this story</h3><ul>${a.copies.map((c) => `<li><a data-article="${esc(c.id)}">${esc(c.title ?? "(untitled)")}</a> <span class="meta">${esc(c.site ?? c.url ?? "")}</span></li>`).join("")}</ul>` : ""}`;
}

// ---- codebook ----
let codebook = [];
async function loadCodebook() {
  if (!codebook.length) codebook = (await api("codebook")).items;
  const f = $("#codebook-filter").value.toLowerCase();
  $("#codebook-table tbody").innerHTML = codebook
    .filter((c) => !f || c.code.startsWith(f) || c.name.toLowerCase().includes(f))
    .map((c) => `<tr><td>${esc(c.code)}</td><td>${esc(c.name)}</td><td>${c.goldstein}</td><td>${c.quad_class}</td><td>${esc(c.plover ?? "")}</td></tr>`).join("");
}

const loaders = { timeline: loadTimeline, network: loadNetwork, quotes: loadQuotes, events: () => loadEvents(false), search: loadSearch, stories: loadStories, codebook: loadCodebook, article: async () => {} };

function report(err) {
  console.error(err);
  const v = document.querySelector(".view.active");
  v.querySelectorAll(":scope > p.error").forEach((e) => e.remove());
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = String(err.message || err);
  v.prepend(p);
}

document.addEventListener("click", (ev) => {
  const t = ev.target.closest("[data-view],[data-article],[data-speaker],[data-story]");
  if (!t) return;
  if (t.dataset.story) { openStory(t.dataset.story).catch(report); return; }
  if (t.dataset.view) { show(t.dataset.view); location.hash = t.dataset.view; loaders[t.dataset.view]().catch(report); }
  else if (t.dataset.article) { ev.preventDefault(); openArticle(t.dataset.article, t.dataset.event).catch(report); }
  else if (t.dataset.speaker) { $("#quotes-form").speaker.value = t.dataset.speaker; loadQuotes().catch(report); }
});
$("#events-more").addEventListener("click", () => loadEvents(true).catch(report));
for (const [form, fn] of [["#timeline-form", loadTimeline], ["#network-form", loadNetwork], ["#quotes-form", loadQuotes], ["#events-form", () => loadEvents(false)], ["#search-form", loadSearch], ["#stories-form", loadStories]]) {
  $(form).addEventListener("submit", (ev) => { ev.preventDefault(); fn().catch(report); });
}
$("#codebook-filter").addEventListener("input", () => loadCodebook().catch(report));

async function start() {
  const s = await api("stats");
  $("#stats").textContent = `${s.articles} articles · ${s.events} events · ${s.quotes} quotes`;
  const [view, arg] = decodeURIComponent(location.hash.slice(1)).split("/");
  if (view === "article" && arg) return openArticle(arg);
  const v = loaders[view] ? view : "timeline";
  show(v);
  return loaders[v]();
}
start().catch(report);
