import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFont, startCorpusServer, type CorpusServer } from "@/bench/corpus-server";
import { openReplay } from "@/bench/replay";
import { loadConfig } from "@/lib/config";
import { parseAllowlist } from "@/lib/security/address-guard";
import { LocalFileStore } from "@/lib/storage/file-store";
import { blobKey } from "@/lib/storage/blobs";
import { SKELETON_EXTENSION, splitHtml } from "@/lib/storage/html-parts";
import { readStoredFile } from "@/lib/storage/stored-file";
import { CHROMIUM_ARGS, findBrowser } from "../browser/path";
import { capturePage } from "../capture-page";
import type { CaptureLimits } from "../types";

// Real loopback server, real Chromium: capture hazard pages, then replay the stored HTML with every request
// aborted (under the viewer's exact CSP: sandbox, no scripts, data: only) and check that what a reader needs is there.

const browserPath = findBrowser(loadConfig().browserPath)?.path;
// The corpus serves web fonts from installed packages (@fontsource, else the copies inside prisma's studio).
const hasWebFonts = ["inter-400.woff2", "inter-600.woff2", "mono-400.woff2"].every((name) => findFont(name) !== null);
const allow = parseAllowlist("127.0.0.1");
// Short settle and a small screenshot keep the file fast; the snapshot itself is not affected by either.
const limits: CaptureLimits = { ...loadConfig({}).capture, navigationTimeoutMs: 10_000, networkIdleMs: 150, maxScreenshotHeight: 800 };

let server: CorpusServer;
let browser: Browser;
const PAGES = ["webfont.html", "images.html", "srcset.html", "iframes.html", "cookie-overlay.html"];
// Each capture's outcome, settled: a failed capture is reported by the test that uses it, not as an unhandled rejection.
const captures = new Map<string, Promise<{ html: string } | { error: unknown }>>();

/** Captures run concurrently (each in its own context) as soon as the browser is up; tests await theirs. */
async function captureHtml(file: string): Promise<string> {
  const capture = captures.get(file);
  if (!capture) throw new Error(`${file} is not in PAGES`);
  const outcome = await capture;
  if ("error" in outcome) throw outcome.error;
  return outcome.html;
}

/** Everything a reader should see in one frame: text, decoded images, loaded web fonts. */
async function inspect(frame: Frame) {
  return frame.evaluate(() => ({
    text: document.body?.innerText ?? "",
    images: Array.from(document.images, (img) => ({ alt: img.alt, width: img.naturalWidth, src: img.currentSrc.slice(0, 30) })),
    fonts: Array.from(document.fonts, (f) => ({ family: f.family.replace(/"/g, ""), weight: f.weight, status: f.status })),
    bodyFont: getComputedStyle(document.body).fontFamily,
  }));
}

describe.skipIf(!browserPath)("snapshot replay (offline)", () => {
  beforeAll(async () => {
    server = await startCorpusServer();
    browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS, headless: true });
    for (const file of PAGES) {
      const capture = capturePage(browser, { url: `${server.origin}/${file}`, allow, limits }).then(
        (r) => ({ html: r.html ?? "" }),
        (error: unknown) => ({ error }),
      );
      captures.set(file, capture);
    }
  });

  afterAll(async () => {
    await Promise.all(captures.values());
    await browser?.close();
    await server?.close();
  });

  it.skipIf(!hasWebFonts)("keeps web fonts: the replayed page uses the captured font with no network", async () => {
    const html = await captureHtml("webfont.html");
    expect(html).toMatch(/^<!DOCTYPE html>\n<!-- Archived by Kura from http:\/\/127\.0\.0\.1:\d+\/webfont\.html -->/);
    expect(html).toMatch(/<head><meta charset="utf-8">/);
    expect(html).toContain("data:font/woff2;base64,");

    const replay = await openReplay(browser, html, { csp: "viewer" });
    try {
      const seen = await inspect(replay.page.mainFrame());
      expect(seen.text).toContain("Typography from web fonts");
      expect(seen.bodyFont).toContain("Corpus Sans");
      expect(seen.fonts).toContainEqual({ family: "Corpus Sans", weight: "400", status: "loaded" });
      expect(seen.fonts).toContainEqual({ family: "Corpus Sans", weight: "600", status: "loaded" });
      expect(seen.fonts).toContainEqual(expect.objectContaining({ family: "Corpus Mono", status: "loaded" }));
      expect(await replay.page.evaluate(() => document.fonts.check('16px "Corpus Sans"'))).toBe(true);
      expect(replay.attempts).toEqual([]);
    } finally {
      await replay.close();
    }
  });

  it("keeps images: img, svg, sprite <use>, backgrounds and the chosen srcset candidate", async () => {
    const [imagesHtml, srcsetHtml] = [await captureHtml("images.html"), await captureHtml("srcset.html")];
    // Nothing in the snapshot points at the network any more.
    for (const html of [imagesHtml, srcsetHtml]) {
      expect(html).not.toMatch(/\s(src|srcset|poster|href|xlink:href|data|background)="https?:/i);
      expect(html).not.toMatch(/url\(\s*["']?https?:/i);
      expect(html).not.toMatch(/<source|\ssrcset="[^"]*\s\d+w|loading="lazy"/i);
    }

    const replay = await openReplay(browser, imagesHtml, { csp: "viewer" });
    try {
      const seen = await inspect(replay.page.mainFrame());
      expect(seen.text).toContain("PNG, JPEG, SVG and background images");
      for (const alt of ["a photo", "a chart", "logo"]) {
        expect(seen.images.find((i) => i.alt === alt)?.width ?? 0).toBeGreaterThan(0);
      }
      const sprite = await replay.page.evaluate(() => Array.from(document.querySelectorAll(".icons use"), (u) => (u as SVGUseElement).getBBox().width));
      expect(sprite).toHaveLength(3);
      expect(sprite.every((w) => w > 0)).toBe(true);
      const backgrounds = await replay.page.evaluate(() => getComputedStyle(document.querySelector(".hero-bg")!).backgroundImage);
      expect(backgrounds).toMatch(/^url\("data:image\/jpeg;base64,/);
      expect(replay.attempts).toEqual([]);
    } finally {
      await replay.close();
    }

    const srcset = await openReplay(browser, srcsetHtml, { csp: "viewer" });
    try {
      const sizes = await srcset.page.evaluate(() =>
        Array.from(document.images, (img) => ({ alt: img.alt, width: img.naturalWidth, shown: img.getBoundingClientRect().width })),
      );
      // The 1600w file chosen for a 530px slot is still shown 530px wide (its density is kept).
      expect(sizes.find((s) => s.alt === "big file shown at 530px")?.shown).toBeCloseTo(530, 0);
      expect(sizes.find((s) => s.alt === "2x only")?.shown).toBeCloseTo(160, 0);
      expect(sizes.every((s) => s.width > 0)).toBe(true);
      expect(srcset.attempts).toEqual([]);
    } finally {
      await srcset.close();
    }
  });

  it("keeps same- and cross-origin iframes as srcdoc, recursively, with their fonts and images", async () => {
    const html = await captureHtml("iframes.html");
    expect(html).not.toMatch(/<iframe[^>]*\ssrc=/i);
    const replay = await openReplay(browser, html, { csp: "viewer" });
    try {
      const frames = replay.page.frames();
      expect(frames).toHaveLength(5); // page, same-origin, nested, cross-origin, srcdoc
      const seen = await Promise.all(frames.map(inspect));
      const texts = seen.map((s) => s.text).join("\n");
      for (const text of ["Frames within the page", "Same-origin frame.", "Nested frame", "Cross-origin frame", "Inline document."]) {
        expect(texts).toContain(text);
      }
      const cross = seen.find((s) => s.text.includes("Cross-origin frame"))!;
      expect(cross.images.find((i) => i.alt === "photo")?.width).toBe(640);
      if (hasWebFonts) expect(cross.fonts).toContainEqual(expect.objectContaining({ family: "Corpus Sans", weight: "400", status: "loaded" }));
      expect(seen.flatMap((s) => s.images).every((i) => i.width > 0)).toBe(true);
      expect(replay.attempts).toEqual([]);
    } finally {
      await replay.close();
    }
  });

  it("stores a still picture: no scripts or handlers, but the state scripts left (classes, form values)", async () => {
    const html = await captureHtml("cookie-overlay.html");
    expect(html).not.toMatch(/<script|<noscript|\son[a-z]+=|javascript:/i);
    const replay = await openReplay(browser, html, { csp: "viewer" });
    try {
      const state = await replay.page.evaluate(() => ({
        modal: document.body.classList.contains("modal-open"),
        consentShown: getComputedStyle(document.querySelector(".consent")!).display,
        stats: (document.getElementById("stats") as HTMLInputElement).checked,
        region: (document.getElementById("region") as HTMLSelectElement).value,
        note: (document.getElementById("note") as HTMLInputElement).value,
      }));
      expect(state).toEqual({ modal: true, consentShown: "block", stats: true, region: "Asia", note: "typed by a script" });
      expect(replay.attempts).toEqual([]);
    } finally {
      await replay.close();
    }
  });
  it("stored split (its large inline resources as blobs of their own), every captured page reads back as the same bytes", async () => {
    const store = new LocalFileStore(fs.mkdtempSync(path.join(os.tmpdir(), "kura-split-replay-")));
    try {
      let parts = 0;
      for (const file of PAGES) {
        const html = Buffer.from(await captureHtml(file));
        const split = splitHtml(html);
        if (!split) continue;
        parts += split.header.parts.length;
        for (const blob of split.blobs) await store.write(blob.key, blob.body);
        const key = blobKey(crypto.createHash("sha256").update(split.skeleton).digest("hex"), SKELETON_EXTENSION);
        await store.write(key, split.skeleton);
        const joined = await readStoredFile(store, key);
        expect(joined.length, file).toBe(html.length);
        expect(crypto.createHash("sha256").update(joined).digest("hex"), file).toBe(crypto.createHash("sha256").update(html).digest("hex"));
      }
      // The corpus photos, charts and web fonts are well above the threshold.
      expect(parts).toBeGreaterThan(5);
    } finally {
      await store.removeTree("");
    }
  });
});
