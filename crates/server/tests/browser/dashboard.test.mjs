// Browser test of the dateline dashboard.
//
// Builds a database from the sample articles in examples/ plus a hostile article
// (markup, event handlers, javascript: links, a title with </script>), starts
// `dateline serve` on a free loopback port, opens the dashboard in headless Chromium
// and clicks through timeline, network, quotes, events, an article, search, stories
// and the codebook, asserting on what the page shows. Screenshots go to
// target/browser-screenshots/ (CI artefacts).
//
// Environment: DATELINE_BIN (default target/debug/dateline), CHROMIUM
// (default /usr/bin/chromium), SCREENSHOTS (default target/browser-screenshots),
// DATELINE_SEED (default target/debug/examples/seed_db).

import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const bin = process.env.DATELINE_BIN || join(root, "target/debug/dateline");
const seed = process.env.DATELINE_SEED || join(root, "target/debug/examples/seed_db");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = resolve(root, process.env.SCREENSHOTS || "target/browser-screenshots");
mkdirSync(shots, { recursive: true });

const work = mkdtempSync(join(tmpdir(), "dateline-browser-"));
const db = join(work, "news.db");
let failures = 0;
let step = 0;

function check(cond, what) {
  if (cond) console.log(`ok - ${what}`);
  else { console.log(`not ok - ${what}`); failures++; }
}

// ---- the database: sample articles plus a hostile one ----
const hostileDir = join(work, "hostile");
mkdirSync(hostileDir);
writeFileSync(join(hostileDir, "hostile.txt"),
  "Hostile </script><script>window.__pwned=1;alert(1)</script> headline\n\n" +
  "<script>window.__pwned=2;alert(2)</script> Kenya and Ethiopia agreed on Wednesday to reopen the border.\n\n" +
  "<img src=x onerror=\"window.__pwned=3;alert(3)\"> <a href=\"javascript:window.__pwned=4\">click here</a> " +
  "<svg onload=\"window.__pwned=7\"></svg> said the <b onmouseover=\"window.__pwned=5\">minister</b>.\n\n" +
  "\"<iframe src=javascript:window.__pwned=6></iframe> We will reopen it,\" Kenyan Interior Minister Fred Otieno said.\n");
writeFileSync(join(hostileDir, "hostile.html"),
  "<!DOCTYPE html><html><head><title>Markup &lt;/script&gt;&lt;script&gt;window.__pwned=8&lt;/script&gt; in a title</title>" +
  "<meta property=\"og:url\" content=\"javascript:window.__pwned=9\"></head><body><article><h1>Markup in a title</h1>" +
  "<p>Officials said on Monday that &lt;img src=x onerror=window.__pwned=10&gt; talks between Kenya and Ethiopia would continue in Nairobi next week.</p>" +
  "<p><a href=\"javascript:window.__pwned=11\">A link</a> and <script>window.__pwned=12</script> text about the border talks that ran for many days.</p>" +
  "</article></body></html>");
execFileSync(bin, ["ingest", join(root, "examples"), hostileDir, "--db", db, "--progress", "none"], { stdio: "inherit" });
// Hand-made documents with dated events and quotes (crates/server/tests/common), so
// that every view has data whatever the analysis layers find in the samples.
execFileSync(seed, [db], { stdio: "inherit" });

// ---- the server ----
const server = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((res, rej) => {
  const rl = createInterface({ input: server.stdout });
  rl.once("line", (l) => res(l.trim()));
  server.once("exit", (code) => rej(new Error(`dateline serve exited with ${code}`)));
  setTimeout(() => rej(new Error("dateline serve did not start in 30 s")), 30000);
});
console.log(`# server at ${base}`);

async function json(path) {
  const r = await fetch(base.replace(/\/$/, "") + path);
  return r.json();
}
const stats = await json("/api/stats");
console.log(`# ${JSON.stringify(stats)}`);
check(stats.articles >= 9 && stats.quotes > 0 && stats.event_date_first, "the database holds the samples, the hand-made and the hostile articles");

// ---- the browser ----
const profile = join(work, "profile");
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] || (await context.newPage());
const dialogs = [];
const pageErrors = [];
page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
page.on("pageerror", (e) => pageErrors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
// Nothing may leave the loopback server.
await context.route("**/*", (route) => {
  const u = route.request().url();
  if (u.startsWith(base) || u.startsWith("data:")) return route.continue();
  pageErrors.push(`request outside the server: ${u}`);
  return route.abort();
});

async function shot(name) {
  step++;
  await page.screenshot({ path: join(shots, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}
const text = (sel) => page.locator(sel).allInnerTexts();

try {
  await page.goto(base);
  await page.waitForFunction(() => /articles/.test(document.querySelector("#stats").textContent));
  check((await page.textContent("#stats")).includes(`${stats.articles} articles`), "header shows the counts");

  // Timeline
  await page.click("#timeline-form button[type=submit]");
  await page.waitForSelector("#timeline-chart svg, #timeline-chart .hint");
  const bars = await page.locator("#timeline-chart rect.bar").count();
  check(stats.events === 0 || bars > 0, `timeline draws bars (${bars})`);
  await shot("timeline");

  // Network
  await page.click("nav button[data-view=network]");
  await page.waitForSelector("#network-chart svg, #network-chart .hint");
  const edges = await page.locator("#network-chart line.edge").count();
  const nodes = await page.locator("#network-chart text").allTextContents();
  check(edges > 0 && nodes.length >= 2, `network shows ${edges} edges between ${nodes.join(", ")}`);
  await shot("network");

  // Quotes
  await page.click("nav button[data-view=quotes]");
  await page.waitForSelector("#quotes-table tbody tr");
  const speakers = await page.locator("#speakers button").count();
  const quoteRows = await page.locator("#quotes-table tbody tr").count();
  check(speakers > 0 && quoteRows > 0, `quote browser lists ${speakers} speakers and ${quoteRows} quotes`);
  if (speakers > 0) {
    const first = await page.locator("#speakers button").first().getAttribute("data-speaker");
    await page.locator("#speakers button").first().click();
    await page.waitForFunction((s) => document.querySelector("#quotes-form [name=speaker]").value === s, first);
    await page.waitForTimeout(300);
    const shown = await text("#quotes-table tbody tr td:first-child");
    check(shown.length > 0 && shown.every((s) => s.toLowerCase().includes(first.toLowerCase())), `clicking a speaker shows only ${first}'s quotes`);
  }
  await shot("quotes");

  // Events, then an article with the event's evidence highlighted
  await page.click("nav button[data-view=events]");
  await page.waitForSelector("#events-table tbody tr");
  const evRows = await page.locator("#events-table tbody tr a[data-event]").count();
  check(evRows > 0, `events table lists ${evRows} events`);
  await shot("events");
  if (evRows > 0) {
    // An event from a sample article (the hostile ones name no entity): filter by actor.
    await page.fill("#events-form [name=actor]", "DEU");
    await page.click("#events-form button[type=submit]");
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll("#events-table tbody tr")];
      return rows.length > 0 && rows.every((r) => [2, 4].some((i) => (r.querySelector(`td:nth-child(${i})`)?.textContent ?? "").startsWith("DEU")));
    });
    const link = page.locator("#events-table tbody tr a[data-event]").first();
    const evidence = (await link.innerText()).trim();
    await link.click();
    await page.waitForSelector("#article h2");
    const marked = await text("#article .text mark.event");
    check(marked.length === 1 && evidence.includes(marked[0].trim().slice(0, 20)), `article highlights the event's evidence: "${marked[0]?.slice(0, 60)}"`);
    check(await page.locator("#article .events-list li.selected").count() === 1, "the event is selected in the article's event list");
    const ents = await page.locator("#article .text mark.entity").count();
    check(ents > 0, `article highlights ${ents} entities`);
    await shot("article");
  }

  // Full-text search → article
  await page.click("nav button[data-view=search]");
  await page.fill("#search-form [name=q]", "border");
  await page.click("#search-form button[type=submit]");
  await page.waitForSelector("#search-table tbody tr a[data-article]");
  const hits = await page.locator("#search-table tbody tr a[data-article]").count();
  check(hits > 0, `search finds ${hits} articles about the border`);
  await shot("search");

  // Stories
  await page.click("nav button[data-view=stories]");
  await page.waitForSelector("#stories-table tbody tr a[data-story]");
  await page.locator("#stories-table a[data-story]").first().click();
  await page.waitForSelector("#story h3");
  check((await page.locator("#story li a[data-article]").count()) > 0, "a story lists its articles");
  await shot("stories");

  // Codebook
  await page.click("nav button[data-view=codebook]");
  await page.waitForSelector("#codebook-table tbody tr");
  const codes = await page.locator("#codebook-table tbody tr").count();
  check(codes > 200, `codebook lists ${codes} CAMEO codes`);
  await page.fill("#codebook-filter", "057");
  await page.waitForTimeout(200);
  const filtered = await text("#codebook-table tbody tr td:first-child");
  check(filtered.length >= 1 && filtered.every((c) => c.startsWith("057")), `codebook filter shows ${filtered.join(", ")}`);
  await shot("codebook");

  // Hostile articles: opened through search, the article view and the quotes.
  for (const q of ["Hostile", "Markup"]) {
    await page.click("nav button[data-view=search]");
    await page.fill("#search-form [name=q]", q);
    await page.click("#search-form button[type=submit]");
    await page.waitForSelector("#search-table tbody tr a[data-article]");
    await page.locator("#search-table tbody tr a[data-article]").first().click();
    await page.waitForSelector("#article h2");
    await page.waitForTimeout(300);
    const h2 = await page.textContent("#article h2");
    check(h2.includes("</script>"), `hostile title is shown as text: ${JSON.stringify(h2)}`);
    const body = await page.textContent("#article .text");
    check(q !== "Hostile" || body.includes("<img src=x onerror="), "hostile markup in the text is shown as text");
    await shot(`hostile-${q.toLowerCase()}`);
  }
  await page.click("nav button[data-view=quotes]");
  await page.waitForTimeout(500);
  await page.click("nav button[data-view=events]");
  await page.waitForTimeout(500);
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned,
    scripts: [...document.scripts].map((s) => s.src),
    imgs: document.querySelectorAll("img, iframe, svg[onload], [onerror], [onmouseover], a[href^='javascript']").length,
  }));
  check(injected.pwned === undefined, `no injected script ran (window.__pwned = ${injected.pwned})`);
  check(injected.scripts.length === 1 && injected.scripts[0].endsWith("/assets/app.js"), "the only script is the dashboard's");
  check(injected.imgs === 0, `no injected elements in the page (${injected.imgs})`);
  check(dialogs.length === 0, `no dialogs opened (${dialogs.join(", ")})`);

  // A bad parameter is shown as an error, not a crash.
  const bad = await json("/api/events?limit=0");
  check(bad.parameter === "limit" && /between/.test(bad.error), "a bad parameter gets a JSON error naming it");
  check(pageErrors.length === 0, `no errors in the page (${pageErrors.join(" | ")})`);
} catch (e) {
  console.log(`not ok - ${e.stack || e}`);
  failures++;
  await shot("failure").catch(() => {});
} finally {
  await context.close();
  server.kill("SIGINT");
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `# ${failures} check(s) failed; screenshots in ${shots}` : `# all checks passed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
