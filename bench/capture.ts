/**
 * Capture benchmark: `npx tsx bench/capture.ts [page-filter]` (npm run bench:capture).
 *
 * Serves bench/corpus/ on two loopback ports and, for each hazard page and round:
 *  1. the floor: a fresh context in the same warm browser doing goto(load) + full-page screenshot + content();
 *  2. Kura's capturePage() (timed end to end), whose own full-page PNG — taken right before it serializes —
 *     is the live reference;
 *  3. the stored HTML replayed under the viewer's CSP with every other request aborted, screenshotted at the
 *     same viewport, and compared with pixelmatch (threshold 0.1) over all pixels and over ink pixels.
 * A non-HTML row (report.pdf) has no replay to compare: its fidelity is "the stored original is byte-identical to
 * the file the server sent, and a first-page thumbnail exists"; its floor is a plain HTTP download of the file.
 *
 * Env: BENCH_ROUNDS (default 3), BENCH_NAV_TIMEOUT_MS (default 10000, both for Kura and the floor),
 * BENCH_OUT (a folder to write live/replay/diff PNGs and the snapshots into), BENCH_STRICT_CSP=1 (replay under
 * the viewer's exact CSP; see REPLAY_CSP in replay.ts for why screenshots default to allow-same-origin),
 * BENCH_HIDE_OVERLAYS (default: KURA_HIDE_OVERLAYS, i.e. on, like the app). The overlay pass runs inside
 * capturePage before its screenshot and before serializing, so it applies to both sides of the comparison: the
 * live reference and the replayed HTML both lack the hidden consent banners. With 0, both keep them (what the
 * cookie-overlay and dialog-overlay pages then measure is how faithfully the overlay and its form state replay).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CAPTURE_CHROMIUM_ARGS, CHROMIUM_ARGS, requireBrowser } from "../lib/capture/browser/path";
import { capturePage } from "../lib/capture/capture-page";
import { VIEWPORT } from "../lib/capture/page/screenshots";
import type { CaptureLimits } from "../lib/capture/types";
import { loadConfig } from "../lib/config";
import { parseAllowlist } from "../lib/security/address-guard";
import { CORPUS_DIR, startCorpusServer } from "./corpus-server";
import { compareScreenshots, openReplay } from "./replay";

export const PAGES: Array<{ file: string; hazard: string }> = [
  { file: "css-import.html", hazard: "external + @import CSS, media, layer" },
  { file: "webfont.html", hazard: "web fonts" },
  { file: "images.html", hazard: "png/jpg/svg, backgrounds, sprite, poster" },
  { file: "srcset.html", hazard: "srcset / picture" },
  { file: "lazy-native.html", hazard: "native lazy images far down" },
  { file: "lazy-io.html", hazard: "IntersectionObserver lazy loading" },
  { file: "fetch.html", hazard: "content rendered from fetch()" },
  { file: "iframes.html", hazard: "same/cross-origin + srcdoc iframes" },
  { file: "cookie-overlay.html", hazard: "cookie overlay + form state" },
  { file: "dialog-overlay.html", hazard: "consent <dialog> in the top layer" },
  { file: "cjk-article.html", hazard: "long CJK article, code blocks" },
  { file: "canvas.html", hazard: "canvas" },
  { file: "cssom.html", hazard: "insertRule, adopted sheets, shadow DOM" },
  { file: "never-loads.html", hazard: "a subresource that never ends" },
  { file: "report.pdf", hazard: "a PDF (Latin + Japanese), kept as the original" },
];

const isPage = (file: string) => file.endsWith(".html");

type Sample = {
  captureMs: number;
  floorMs: number;
  floorCoreMs: number;
  bytes: number;
  all: number;
  ink: number;
  failed: string | null;
  replayRequests: number;
  serializeMs: number;
  timings: Record<string, number>;
  /** Non-HTML rows: the kept original compared with the served file, and the thumbnail's width. */
  original?: { identical: boolean; thumbnailWidth: number | null };
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NAV_TIMEOUT_MS = Number(process.env.BENCH_NAV_TIMEOUT_MS ?? 10_000);
const OUT = process.env.BENCH_OUT;
const STRICT_CSP = process.env.BENCH_STRICT_CSP === "1";
const HIDE_OVERLAYS = process.env.BENCH_HIDE_OVERLAYS === undefined ? loadConfig().capture.hideOverlays : process.env.BENCH_HIDE_OVERLAYS !== "0";

/** Wraps the browser so the full-page PNG capturePage takes (just before serializing) is kept for comparison. */
function tapScreenshots(browser: Browser, shots: Buffer[]): Browser {
  const wrapPage = (page: Page): Page =>
    new Proxy(page, {
      get(target, prop) {
        if (prop === "screenshot") {
          return async (options?: Parameters<Page["screenshot"]>[0]) => {
            const buffer = await target.screenshot(options);
            if (options?.fullPage) shots.push(buffer);
            return buffer;
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapContext = (context: BrowserContext): BrowserContext =>
    new Proxy(context, {
      get(target, prop) {
        if (prop === "newPage") return async () => wrapPage(await target.newPage());
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === "newContext") {
        return async (options?: Parameters<Browser["newContext"]>[0]) => wrapContext(await target.newContext(options));
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The floor: goto(load) + full-page screenshot + content() in a fresh context of the warm browser. `total`
 * includes opening and closing the context (capturePage must do that too); `core` is the three steps alone.
 */
async function floor(browser: Browser, url: string, maxHeight: number): Promise<{ total: number; core: number }> {
  const started = performance.now();
  if (!isPage(new URL(url).pathname)) {
    // A browser would download a PDF rather than show it headless: the floor is fetching the file.
    await (await fetch(url)).arrayBuffer();
    const total = performance.now() - started;
    return { total, core: total };
  }
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  let core = 0;
  try {
    const page = await context.newPage();
    const coreStarted = performance.now();
    await page.goto(url, { waitUntil: "load", timeout: NAV_TIMEOUT_MS }).catch((error: unknown) => {
      if (!/Timeout/i.test(String(error))) throw error;
    });
    const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));
    await page.screenshot({ type: "png", fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.min(height, maxHeight) } });
    await page.content();
    core = performance.now() - coreStarted;
  } finally {
    await context.close();
  }
  return { total: performance.now() - started, core };
}

async function replayShot(browser: Browser, html: string, maxHeight: number) {
  const replay = await openReplay(browser, html, { viewport: VIEWPORT, csp: STRICT_CSP ? "viewer" : "replay" });
  try {
    const height = await replay.page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));
    const png = await replay.page.screenshot({
      type: "png",
      fullPage: true,
      clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.max(1, Math.min(height, maxHeight)) },
      animations: "disabled",
    });
    return { png, requests: replay.attempts };
  } finally {
    await replay.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
const ms = (v: number) => `${Math.round(v)}`;
const kb = (v: number) => `${(v / 1024).toFixed(1)}`;

async function main() {
  const filter = process.argv[2];
  const pages = PAGES.filter((p) => !filter || p.file.includes(filter));
  const limits: CaptureLimits = { ...loadConfig({ KURA_NAV_TIMEOUT_MS: String(NAV_TIMEOUT_MS) }).capture };
  const allow = parseAllowlist("127.0.0.1");
  const server = await startCorpusServer();
  console.error(`overlays: ${HIDE_OVERLAYS ? "hidden (BENCH_HIDE_OVERLAYS=0 keeps them)" : "kept"}`);
  // The floor browser goes to the network directly; Kura's capture browser has no direct network (its requests
  // are all answered by the guard), exactly as in production.
  const browserPath = requireBrowser(loadConfig().browserPath).path;
  const browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS, headless: true });
  const captureBrowser = await chromium.launch({ executablePath: browserPath, args: CAPTURE_CHROMIUM_ARGS, headless: true });
  const shots: Buffer[] = [];
  const tapped = tapScreenshots(captureBrowser, shots);
  const samples = new Map<string, Sample[]>(pages.map((p) => [p.file, []]));
  if (OUT) fs.mkdirSync(OUT, { recursive: true });

  try {
    // Warm-up (not measured): the first context of a browser is slower for both contenders.
    await floor(browser, `${server.origin}/css-import.html`, limits.maxScreenshotHeight);
    await capturePage(tapped, { url: `${server.origin}/css-import.html`, allow, limits, hideOverlays: HIDE_OVERLAYS });

    for (let round = 1; round <= ROUNDS; round++) {
      for (const { file } of pages) {
        const url = `${server.origin}/${file}`;
        const { total: floorMs, core: floorCoreMs } = await floor(browser, url, limits.maxScreenshotHeight);
        shots.length = 0;
        const sample: Sample = { captureMs: 0, floorMs, floorCoreMs, bytes: 0, all: 0, ink: 0, failed: null, replayRequests: 0, serializeMs: 0, timings: {} };
        const started = performance.now();
        try {
          const result = await capturePage(tapped, { url, allow, limits, hideOverlays: HIDE_OVERLAYS });
          sample.captureMs = performance.now() - started;
          sample.timings = result.timings;
          if (result.original) {
            const served = fs.readFileSync(path.join(CORPUS_DIR, file));
            const digest = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
            sample.bytes = result.original.file.body.length;
            const thumbnailWidth = result.thumbnail ? ((await sharp(result.thumbnail).metadata()).width ?? null) : null;
            sample.original = { identical: digest(result.original.file.body) === digest(served), thumbnailWidth };
            if (OUT) {
              const base = path.join(OUT, `${file.replace(/\.\w+$/, "")}-r${round}`);
              fs.writeFileSync(`${base}-original.${result.original.file.extension}`, result.original.file.body);
              if (result.thumbnail) fs.writeFileSync(`${base}-thumbnail.webp`, result.thumbnail);
            }
            if (!sample.original.identical) throw new Error("the stored original differs from the served file");
            if (!thumbnailWidth) throw new Error("no first-page thumbnail");
            samples.get(file)!.push(sample);
            console.error(
              `round ${round} ${file.padEnd(20)} capture ${ms(sample.captureMs)} ms, download floor ${ms(floorMs)} ms, original byte-identical, thumbnail ${thumbnailWidth} px`,
            );
            continue;
          }
          if (result.html === null) throw new Error("no snapshot HTML");
          sample.bytes = Buffer.byteLength(result.html);
          sample.serializeMs = result.timings.serialize ?? 0;
          const live = shots[0];
          if (!live) throw new Error("no live screenshot was taken");
          const replay = await replayShot(browser, result.html, limits.maxScreenshotHeight);
          sample.replayRequests = replay.requests.length;
          const fidelity = compareScreenshots(live, replay.png, { diffImage: Boolean(OUT) });
          sample.all = fidelity.all;
          sample.ink = fidelity.ink;
          if (OUT) {
            const base = path.join(OUT, `${file.replace(/\.html$/, "")}-r${round}`);
            fs.writeFileSync(`${base}-live.png`, live);
            fs.writeFileSync(`${base}-replay.png`, replay.png);
            if (fidelity.diffPng) fs.writeFileSync(`${base}-diff.png`, fidelity.diffPng);
            fs.writeFileSync(`${base}.html`, result.html);
            if (replay.requests.length) fs.writeFileSync(`${base}-requests.txt`, replay.requests.join("\n"));
          }
        } catch (error) {
          sample.captureMs = performance.now() - started;
          sample.failed = error instanceof Error ? error.message : String(error);
        }
        samples.get(file)!.push(sample);
        const status = sample.failed ? `FAILED: ${sample.failed}` : `fidelity ${pct(sample.all)} ink ${pct(sample.ink)}`;
        console.error(`round ${round} ${file.padEnd(20)} capture ${ms(sample.captureMs)} ms, floor ${ms(floorMs)} ms (core ${ms(floorCoreMs)}), ${status}`);
      }
    }
  } finally {
    await Promise.all([browser.close(), captureBrowser.close()]);
    await server.close();
  }

  printTable(pages, samples);
}

function printTable(pages: typeof PAGES, samples: Map<string, Sample[]>) {
  const header = [
    "page",
    "capture ms",
    "floor ms",
    "ratio",
    "core floor",
    "ratio",
    "serialize ms",
    "bytes KiB",
    "fidelity",
    "min fid.",
    "ink fid.",
    "min ink",
    "replay req",
    "failed",
  ];
  const rows: string[][] = [];
  const all = [...samples.values()].flat();
  for (const { file } of pages) {
    const s = samples.get(file)!;
    const ok = s.filter((x) => !x.failed);
    const captureMs = median(s.map((x) => x.captureMs));
    const floorMs = median(s.map((x) => x.floorMs));
    const coreMs = median(s.map((x) => x.floorCoreMs));
    if (!isPage(file)) {
      // No replay to compare pixels with: say what was checked instead of printing pixel numbers.
      const identical = s.filter((x) => x.original?.identical).length;
      const thumbs = s.filter((x) => x.original?.thumbnailWidth).length;
      rows.push([
        `${file} (original)`,
        ms(captureMs),
        ms(floorMs),
        (captureMs / floorMs).toFixed(2),
        ms(coreMs),
        (captureMs / coreMs).toFixed(2),
        "-",
        ok.length ? kb(median(ok.map((x) => x.bytes))) : "-",
        `bytes equal ${identical}/${s.length}`,
        "-",
        `thumb ${thumbs}/${s.length}`,
        "-",
        "-",
        String(s.filter((x) => x.failed).length),
      ]);
      continue;
    }
    rows.push([
      file.replace(/\.html$/, ""),
      ms(captureMs),
      ms(floorMs),
      (captureMs / floorMs).toFixed(2),
      ms(coreMs),
      (captureMs / coreMs).toFixed(2),
      ok.length ? ms(median(ok.map((x) => x.serializeMs))) : "-",
      ok.length ? kb(median(ok.map((x) => x.bytes))) : "-",
      pct(median(s.map((x) => x.all))),
      pct(Math.min(...s.map((x) => x.all))),
      pct(median(s.map((x) => x.ink))),
      pct(Math.min(...s.map((x) => x.ink))),
      String(Math.max(...s.map((x) => x.replayRequests))),
      String(s.filter((x) => x.failed).length),
    ]);
  }
  const captureMedian = median(all.map((x) => x.captureMs));
  const floorMedian = median(all.map((x) => x.floorMs));
  const coreMedian = median(all.map((x) => x.floorCoreMs));
  const okAll = all.filter((x) => !x.failed);
  // Pixel fidelity is a property of rendered pages only; kept originals are checked byte for byte above.
  const pageRuns = pages.filter(({ file }) => isPage(file)).flatMap(({ file }) => samples.get(file)!);
  const okPages = pageRuns.filter((x) => !x.failed);
  rows.push([
    "MEDIAN (all runs)",
    ms(captureMedian),
    ms(floorMedian),
    (captureMedian / floorMedian).toFixed(2),
    ms(coreMedian),
    (captureMedian / coreMedian).toFixed(2),
    okPages.length ? ms(median(okPages.map((x) => x.serializeMs))) : "-",
    okAll.length ? kb(median(okAll.map((x) => x.bytes))) : "-",
    pageRuns.length ? pct(median(pageRuns.map((x) => x.all))) : "-",
    pageRuns.length ? pct(Math.min(...pageRuns.map((x) => x.all))) : "-",
    pageRuns.length ? pct(median(pageRuns.map((x) => x.ink))) : "-",
    pageRuns.length ? pct(Math.min(...pageRuns.map((x) => x.ink))) : "-",
    String(Math.max(0, ...pageRuns.map((x) => x.replayRequests))),
    String(all.filter((x) => x.failed).length),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(
    `\nKura capture benchmark — ${ROUNDS} rounds, viewport ${VIEWPORT.width}x${VIEWPORT.height}, nav timeout ${NAV_TIMEOUT_MS} ms, ` +
      `replay CSP: ${STRICT_CSP ? "viewer's exact policy" : "viewer's policy + allow-same-origin"}, all other requests aborted`,
  );
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r, i) => {
    if (i === rows.length - 1) console.log(widths.map((w) => "-".repeat(w)).join("  "));
    console.log(line(r));
  });

  // Where capture time goes (medians of capturePage's own step timings).
  const steps = ["navigate", "settle", "scroll", "extract", "screenshot", "serialize"];
  console.log(`\ncapturePage step medians, pages (ms): ${steps.map((k) => `${k} ${ms(median(okPages.map((x) => x.timings[k] ?? 0)))}`).join(", ")}`);
  const okFiles = okAll.filter((x) => x.original);
  if (okFiles.length) {
    console.log(
      `capturePage step medians, kept files (ms): ${["navigate", "read"].map((k) => `${k} ${ms(median(okFiles.map((x) => x.timings[k] ?? 0)))}`).join(", ")}`,
    );
  }

  const perPageOk = pages.every(({ file }) =>
    samples.get(file)!.every((x) => !x.failed && (isPage(file) ? x.all >= 0.999 && x.ink >= 0.99 : x.original?.identical && x.original.thumbnailWidth)),
  );
  const failures = all.filter((x) => x.failed).length;
  const ratio = captureMedian / floorMedian;
  console.log(
    `\ntargets: fidelity ≥ 99.9% and ink ≥ 99% on every page in every round (kept files: original byte-identical + thumbnail): ${perPageOk ? "MET" : "MISSED"}`,
  );
  console.log(`         zero failed captures: ${failures === 0 ? "MET" : `MISSED (${failures})`}`);
  const coreRatio = captureMedian / coreMedian;
  console.log(
    `         median capture ≤ 2.5× floor: ${ratio <= 2.5 ? "MET" : "MISSED"} (${ratio.toFixed(2)}× the floor with context setup; ` +
      `${coreRatio.toFixed(2)}× the core floor without it: ${coreRatio <= 2.5 ? "met" : "missed"})`,
  );
}

await main();
