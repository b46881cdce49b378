/**
 * Replaying a stored snapshot the way Kura's viewer serves it — under the viewer's Content-Security-Policy —
 * with every other request of the context aborted and counted, plus the pixel comparison used by the benchmark.
 */
import pixelmatch from "pixelmatch";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { bestEffort } from "@/lib/log/best-effort";

/** The policy the viewer serves snapshots with: nothing may be fetched, scripts do not run. */
export const VIEWER_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline' data:; font-src data:; media-src data:; frame-src data:";

/**
 * The same policy plus `allow-same-origin` (scripts stay off). Under plain `sandbox` every document gets its own
 * opaque origin, so each nested frame counts as cross-origin and Chromium skips painting frames outside the
 * viewport — a full-page screenshot then shows them blank although a reader scrolling to them sees them.
 * Screenshots use this variant; BENCH_STRICT_CSP=1 / `csp: "viewer"` uses the viewer's exact policy.
 */
export const REPLAY_CSP = VIEWER_CSP.replace("sandbox;", "sandbox allow-same-origin;");

/** Where the snapshot is "served" from: answered by a route, never reached. */
export const REPLAY_URL = "http://127.0.0.1:9/kura-replay/snapshot.html";

export type Replay = {
  page: Page;
  /** Requests the replay tried to make besides the snapshot itself (all aborted). */
  attempts: string[];
  close(): Promise<void>;
};

export async function openReplay(
  browser: Browser,
  html: string,
  options: { viewport?: { width: number; height: number }; csp?: "replay" | "viewer" | "none" } = {},
): Promise<Replay> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    serviceWorkers: "block",
  });
  const attempts: string[] = [];
  await context.route("**", async (route) => {
    const url = route.request().url();
    if (url === REPLAY_URL) {
      const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
      const csp = options.csp ?? "replay";
      if (csp !== "none") headers["content-security-policy"] = csp === "viewer" ? VIEWER_CSP : REPLAY_CSP;
      await route.fulfill({ status: 200, headers, body: html });
      return;
    }
    attempts.push(url);
    await route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (ws) => {
    attempts.push(ws.url());
    void bestEffort(ws.close(), "refusing a replayed page's WebSocket (the page may be closing)");
  });
  const page = await context.newPage();
  await page.goto(REPLAY_URL, { waitUntil: "load", timeout: 30_000 });
  // Scripts are off in the sandboxed document, but DevTools evaluation still works: wait for fonts to be in use.
  await bestEffort(
    page.evaluate(() => document.fonts.ready.then(() => undefined)),
    "waiting for the replayed page's fonts (the page may replace document.fonts)",
  );
  return { page, attempts, close: () => context.close() };
}

export type Fidelity = {
  /** Fraction of pixels equal (pixelmatch, threshold 0.1) over the taller image's area. */
  all: number;
  /** The same over "ink" pixels: those that are not the live page's background colour. */
  ink: number;
  liveHeight: number;
  replayHeight: number;
  /** PNG with mismatched pixels in red over a faded copy of the live image (for looking at failures). */
  diffPng?: Buffer;
};

/**
 * Compares a live screenshot with a replay screenshot of the same width. Both are cropped to the smaller
 * height; the rows only one image has count as mismatched (all of them, and as ink where either has ink).
 */
export function compareScreenshots(livePng: Buffer, replayPng: Buffer, options: { diffImage?: boolean } = {}): Fidelity {
  const live = PNG.sync.read(livePng);
  const replay = PNG.sync.read(replayPng);
  if (live.width !== replay.width) throw new Error(`widths differ: ${live.width} vs ${replay.width}`);
  const width = live.width;
  const height = Math.min(live.height, replay.height);
  const maxHeight = Math.max(live.height, replay.height);
  const bytes = width * height * 4;
  const a = live.data.subarray(0, bytes);
  const b = replay.data.subarray(0, bytes);
  const diff = Buffer.alloc(bytes);
  pixelmatch(a, b, diff, width, height, { threshold: 0.1, diffMask: true, diffColor: [255, 0, 0], aaColor: [255, 255, 0] });

  const background = dominantColour(live.data);
  const isInk = (data: Buffer, i: number) => data.readUInt32BE(i) !== background;
  let mismatched = 0;
  let ink = 0;
  let inkMismatched = 0;
  for (let i = 0; i < bytes; i += 4) {
    const bad = diff[i + 3]! > 0 && diff[i] === 255 && diff[i + 1] === 0;
    if (bad) mismatched++;
    if (isInk(live.data, i)) {
      ink++;
      if (bad) inkMismatched++;
    }
  }
  // Rows present in only one image: every pixel is a mismatch; ink there is counted as missed ink.
  const extra = (maxHeight - height) * width;
  mismatched += extra;
  const taller = live.height > replay.height ? live : replay;
  for (let i = bytes; i < taller.data.length; i += 4) {
    if (isInk(taller.data, i)) {
      ink++;
      inkMismatched++;
    }
  }
  let diffPng: Buffer | undefined;
  if (options.diffImage) {
    const out = new PNG({ width, height });
    for (let i = 0; i < bytes; i += 4) {
      const bad = diff[i + 3]! > 0 && diff[i] === 255 && diff[i + 1] === 0;
      out.data[i] = bad ? 255 : 128 + (a[i]! >> 1);
      out.data[i + 1] = bad ? 0 : 128 + (a[i + 1]! >> 1);
      out.data[i + 2] = bad ? 0 : 128 + (a[i + 2]! >> 1);
      out.data[i + 3] = 255;
    }
    diffPng = PNG.sync.write(out);
  }
  return {
    all: 1 - mismatched / (width * maxHeight),
    ink: ink === 0 ? 1 : 1 - inkMismatched / ink,
    liveHeight: live.height,
    replayHeight: replay.height,
    diffPng,
  };
}

/** The most frequent RGBA value, read as a big-endian uint32. */
function dominantColour(data: Buffer): number {
  const counts = new Map<number, number>();
  // Every 7th pixel is plenty to find the background.
  for (let i = 0; i < data.length; i += 28) {
    const v = data.readUInt32BE(i);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
