import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import type { Allowlist, LookupFn } from "@/lib/security/address-guard";
import { CaptureError, isTransientCode, toCaptureError } from "./errors";
import { NetworkGuard } from "./network-guard";
import { captureOriginal, checkOriginalSize, type OriginalCapture } from "./original";
import {
  pageHeight,
  readabilityScript,
  readMetadata,
  scrollThrough,
  waitForFonts,
  type ReadableArticle,
} from "./page-scripts";
import { normalizeMetadata, type PageMetadata } from "./metadata";
import { hideOverlays, type OverlayReport } from "./overlays";
import { sanitizeReaderHtml } from "./reader-html";
import { serializeSnapshot } from "./serialize";

export type CaptureLimits = {
  navigationTimeoutMs: number;
  budgetMs: number;
  networkIdleMs: number;
  maxScreenshotHeight: number;
  maxResourceBytes: number;
  maxPageBytes: number;
  maxRedirects: number;
};

export type CaptureStage = "loading" | "scrolling" | "saving";

export type CaptureRequest = {
  url: string;
  allow: Allowlist;
  limits: CaptureLimits;
  /** Capture this HTML as if served at `url` (no network at all): used for the seeded write-ups. */
  html?: string;
  onStage?: (stage: CaptureStage) => void;
  /** Name resolution for the capture's fetches (default: the system resolver); for tests. */
  lookup?: LookupFn;
  /** Hide cookie-consent and newsletter overlays before the screenshot (KURA_HIDE_OVERLAYS; see overlays.ts). */
  hideOverlays?: boolean;
};

export type CaptureResult = {
  finalUrl: string;
  httpStatus: number;
  contentType: string;
  metadata: PageMetadata;
  article: ReadableArticle | null;
  /** Readability's main content, sanitized, images inlined (null when Readability found no article). */
  readerHtml: string | null;
  /** What the overlay pass hid (null when it did not run). */
  overlays: OverlayReport | null;
  text: string;
  /** The single-file snapshot; null when the URL answered with a file (then `original` holds it). */
  html: string | null;
  /** Null only for a kept file that has no picture (a download, a PDF that could not be drawn). */
  screenshot: Buffer | null;
  thumbnail: Buffer | null;
  /** A PDF, image or download kept byte-for-byte instead of a rendered page. */
  original: OriginalCapture | null;
  favicon: { contentType: string; body: Buffer } | null;
  limitsHit: string[];
  blocked: Array<{ url: string; reason: string }>;
  timings: Record<string, number>;
};

export const VIEWPORT = { width: 1280, height: 800 } as const;
const THUMBNAIL_WIDTH = 480;

/** Captures one page in a fresh browser context, within the time budget; always closes the context. */
export async function capturePage(browser: Browser, request: CaptureRequest): Promise<CaptureResult> {
  const guard = new NetworkGuard({
    allow: request.allow,
    requestTimeoutMs: request.limits.navigationTimeoutMs,
    maxResourceBytes: request.limits.maxResourceBytes,
    maxPageBytes: request.limits.maxPageBytes,
    maxRedirects: request.limits.maxRedirects,
    document: request.html === undefined ? undefined : { url: request.url, html: request.html },
    lookup: request.lookup,
  });
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    serviceWorkers: "block",
    acceptDownloads: false,
    userAgent: await plainUserAgent(browser),
  });
  let budgetTimer: NodeJS.Timeout | undefined;
  try {
    // Functions handed to page.evaluate are serialized from source; when the code runs under tsx/esbuild
    // (CLI, seed, tests) that source calls esbuild's `__name` helper, which the page must therefore define.
    await context.addInitScript({ content: "globalThis.__name ??= (fn) => fn;" });
    await guard.install(context);
    const overBudget = new Promise<never>((_, reject) => {
      budgetTimer = setTimeout(
        () => reject(new CaptureError(`The capture took longer than its ${Math.round(request.limits.budgetMs / 1000)} s budget.`, true)),
        request.limits.budgetMs,
      );
    });
    return await Promise.race([runSteps(browser, context, guard, request), overBudget]);
  } catch (error) {
    throw toCaptureError(error);
  } finally {
    clearTimeout(budgetTimer);
    guard.close();
    await context.close().catch(() => undefined);
  }
}

async function runSteps(browser: Browser, context: BrowserContext, guard: NetworkGuard, request: CaptureRequest): Promise<CaptureResult> {
  const timings: Record<string, number> = {};
  const started = Date.now();
  const mark = (name: string, since: number) => {
    timings[name] = Date.now() - since;
    return Date.now();
  };
  const page = await context.newPage();
  request.onStage?.("loading");

  let t = Date.now();
  const response = await navigate(page, guard, request);
  t = mark("navigate", t);
  if (guard.mainOriginal) return captureFile(browser, guard, request, response, timings, started);
  await guard.waitForQuiet(request.limits.networkIdleMs, 3000);
  t = mark("settle", t);

  request.onStage?.("scrolling");
  await page.evaluate(scrollThrough, { maxSteps: 40, stepDelayMs: 60, budgetMs: 6000 }).catch(() => undefined);
  await guard.waitForQuiet(Math.min(request.limits.networkIdleMs, 300), 2000);
  await page.evaluate(waitForFonts, 2000).catch(() => false);
  t = mark("scroll", t);
  const overlays = request.hideOverlays ? await hideOverlays(page) : null;
  if (overlays) t = mark("overlays", t);

  request.onStage?.("saving");
  const rawMetadata = await page.evaluate(readMetadata);
  const article = (await page.evaluate(readabilityScript()).catch(() => null)) as ReadableArticle | null;
  const metadata = normalizeMetadata(rawMetadata, article, page.url());
  const readerHtml = article?.content
    ? sanitizeReaderHtml(article.content, { baseUrl: page.url(), image: (url) => guard.store.get(url) })
    : null;
  const bodyText = article?.textContent?.trim() ? null : await page.evaluate(() => document.body?.innerText ?? "");
  const text = normalizeText(article?.textContent ?? bodyText ?? "");
  t = mark("extract", t);

  const { screenshot, thumbnail } = await takeScreenshots(page, request.limits.maxScreenshotHeight, guard);
  t = mark("screenshot", t);

  const capturedAt = new Date();
  const html = await serializeSnapshot(page, guard.store, { url: page.url(), capturedAt });
  t = mark("serialize", t);
  timings.total = Date.now() - started;

  const favicon = metadata.faviconUrl ? guard.store.get(metadata.faviconUrl) : undefined;
  return {
    finalUrl: page.url(),
    httpStatus: response.status,
    contentType: response.contentType,
    metadata,
    article,
    readerHtml,
    overlays,
    text,
    html,
    screenshot,
    thumbnail,
    original: null,
    favicon: favicon && favicon.contentType.startsWith("image/") ? { contentType: favicon.contentType, body: favicon.body } : null,
    limitsHit: [...guard.limitsHit],
    blocked: guard.blocked,
    timings,
  };
}

/** The URL answered with a file: keep it as received and read what it says (text, first page, size). */
async function captureFile(
  // The browser capturePage was given (a pool lease tracks and can close the contexts opened through it), not
  // context.browser(), which is the raw browser and would let drawing outlive a cancel.
  browser: Browser,
  guard: NetworkGuard,
  request: CaptureRequest,
  response: { status: number },
  timings: Record<string, number>,
  started: number,
): Promise<CaptureResult> {
  const { response: received, file } = guard.mainOriginal!;
  checkOriginalSize(received, request.limits);
  request.onStage?.("saving");
  const t = Date.now();
  // Drawing gets what is left of the budget (a loaded machine can take many seconds to load pdf.js), less a margin
  // to store the result: past it the file is kept without a picture rather than the capture failing.
  const drawTimeoutMs = Math.max(5_000, request.limits.budgetMs - (Date.now() - started) - 5_000);
  const original = await captureOriginal(browser, file, drawTimeoutMs);
  timings.read = Date.now() - t;
  timings.total = Date.now() - started;
  return {
    finalUrl: received.url,
    httpStatus: response.status,
    contentType: file.contentType,
    metadata: { title: original.info.title ?? file.fileName, description: null, siteName: null, language: null, canonicalUrl: null, faviconUrl: null, details: null },
    article: null,
    readerHtml: null,
    overlays: null,
    text: original.text,
    html: null,
    screenshot: original.screenshot,
    thumbnail: original.thumbnail,
    original,
    favicon: null,
    limitsHit: [...guard.limitsHit],
    blocked: guard.blocked,
    timings,
  };
}

async function navigate(
  page: Page,
  guard: NetworkGuard,
  request: CaptureRequest,
): Promise<{ status: number; contentType: string }> {
  let response;
  let target = request.url;
  for (;;) {
    guard.pendingRedirect = null;
    try {
      response = await page.goto(target, { waitUntil: "load", timeout: request.limits.navigationTimeoutMs });
      break;
    } catch (error) {
      // A redirect of the main document: navigate to its target, which the guard checks like any other URL.
      if (guard.pendingRedirect) {
        target = guard.pendingRedirect;
        continue;
      }
      const failure = guard.mainFailure;
      if (failure) {
        throw new CaptureError(failure.reason, !failure.blocked && isTransientCode(failure.code));
      }
      // The document arrived but some subresource never finished: keep what rendered, note the cut.
      if (/Timeout/i.test(String(error)) && page.url() !== "about:blank") {
        guard.limitsHit.add("navigationTimeout");
        return { status: 200, contentType: "text/html" };
      }
      throw error;
    }
  }
  if (!response) throw new CaptureError("The page did not answer.", true);
  const status = response.status();
  if (status >= 400) {
    const label = `${status} ${response.statusText()}`.trim();
    throw new CaptureError(`The server answered HTTP ${label}.`, status >= 500 || status === 429, status);
  }
  return { status, contentType: (await response.headerValue("content-type")) ?? "" };
}

async function takeScreenshots(page: Page, maxHeight: number, guard: NetworkGuard) {
  const fullHeight = await page.evaluate(pageHeight);
  const height = Math.max(1, Math.min(fullHeight, maxHeight));
  if (fullHeight > maxHeight) guard.limitsHit.add("maxScreenshotHeight");
  const full = await page.screenshot({
    type: "png",
    fullPage: true,
    clip: { x: 0, y: 0, width: VIEWPORT.width, height },
    animations: "disabled",
  });
  // The thumbnail is the first viewport of the same picture: one screenshot instead of two.
  const [screenshot, thumbnail] = await Promise.all([
    sharp(full).webp({ quality: 80 }).toBuffer(),
    sharp(full)
      .extract({ left: 0, top: 0, width: VIEWPORT.width, height: Math.min(VIEWPORT.height, height) })
      .resize({ width: THUMBNAIL_WIDTH })
      .webp({ quality: 72 })
      .toBuffer(),
  ]);
  return { screenshot, thumbnail };
}

function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\f\v\u00a0]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

let cachedUserAgent: string | undefined;
/** Some sites refuse "HeadlessChrome"; present the same browser under its ordinary name. */
async function plainUserAgent(browser: Browser): Promise<string> {
  if (!cachedUserAgent) {
    const page = await browser.newPage();
    try {
      cachedUserAgent = (await page.evaluate(() => navigator.userAgent)).replace("HeadlessChrome", "Chrome");
    } finally {
      await page.close();
    }
  }
  return cachedUserAgent;
}
