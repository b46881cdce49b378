import type { Browser, BrowserContext } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";
import { abortedError, CaptureError, FAILURE, toCaptureError } from "./errors";
import { NetworkGuard } from "./network/guard";
import { captureFile } from "./originals/capture-file";
import { normalizeMetadata } from "./page/metadata";
import { navigate } from "./page/navigate";
import { hideOverlays } from "./page/overlays";
import { sanitizeReaderHtml } from "./page/reader-html";
import { readabilityScript, readMetadata, scrollThrough, visibleTextScript, waitForFonts, type ReadableArticle } from "./page/scripts";
import { takeScreenshots, VIEWPORT } from "./page/screenshots";
import { serializeSnapshot } from "./snapshot/serialize";
import type { CaptureRequest, CaptureResult } from "./types";

/**
 * Captures one page in a fresh browser context, within the time budget; always closes the context. Aborting
 * `request.signal` ends it at once (the context is closed, which also stops the steps still running in it).
 */
export async function capturePage(browser: Browser, request: CaptureRequest): Promise<CaptureResult> {
  const { signal } = request;
  if (signal?.aborted) throw abortedError(signal);
  const guard = new NetworkGuard({
    allow: request.allow,
    requestTimeoutMs: request.limits.navigationTimeoutMs,
    maxResourceBytes: request.limits.maxResourceBytes,
    maxPageBytes: request.limits.maxPageBytes,
    maxDocumentBytes: request.limits.maxDocumentBytes,
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
  let onAbort: (() => void) | undefined;
  // A renderer that dies (a DOM nested thousands deep overflows Blink's layout) takes only this context's tab with
  // it: the page itself is the cause, so it fails for good instead of being retried into the same crash.
  let pageCrashed = false;
  context.on("page", (page) => page.once("crash", () => (pageCrashed = true)));
  try {
    // Functions handed to page.evaluate are serialized from source; when the code runs under tsx/esbuild
    // (CLI, seed, tests) that source calls esbuild's `__name` helper, which the page must therefore define.
    await context.addInitScript({ content: "globalThis.__name ??= (fn) => fn;" });
    await guard.install(context);
    const overBudget = new Promise<never>((_, reject) => {
      budgetTimer = setTimeout(() => reject(new CaptureError(FAILURE.budget(request.limits.budgetMs), true)), request.limits.budgetMs);
    });
    // A fetch still waiting on a slow server would hold the steps until the budget: an abort answers now.
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      onAbort = () => reject(abortedError(signal));
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    return await Promise.race([runSteps(browser, context, guard, request), overBudget, aborted]);
  } catch (error) {
    if (pageCrashed && browser.isConnected() && !signal?.aborted) throw new CaptureError(FAILURE.pageCrashed, false);
    throw toCaptureError(error);
  } finally {
    clearTimeout(budgetTimer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    guard.close();
    await bestEffort(context.close(), "closing the capture context (the browser may have exited or been recycled)");
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
  await bestEffort(
    page.evaluate(scrollThrough, { maxSteps: 40, stepDelayMs: 60, budgetMs: 6000 }),
    "scrolling through the page to load lazy content (a page script may navigate or break it); what loaded is kept",
  );
  await guard.waitForQuiet(Math.min(request.limits.networkIdleMs, 300), 2000);
  await bestEffort(page.evaluate(waitForFonts, 2000), "waiting for the page's fonts (a page may replace document.fonts); the snapshot keeps what loaded");
  t = mark("scroll", t);
  const overlays = request.hideOverlays ? await hideOverlays(page) : null;
  if (overlays) t = mark("overlays", t);

  request.onStage?.("saving");
  const rawMetadata = await page.evaluate(readMetadata);
  const reading = page.evaluate<ReadableArticle | null>(readabilityScript());
  const article = (await bestEffort(reading, "running Readability on the page (page scripts can break it); no reader view then")) ?? null;
  const metadata = normalizeMetadata(rawMetadata, article, page.url());
  const readerHtml = article?.content ? sanitizeReaderHtml(article.content, { baseUrl: page.url(), image: (url) => guard.store.get(url) }) : null;
  const bodyText = article?.textContent?.trim() ? null : await page.evaluate(() => document.body?.innerText ?? "");
  const text = normalizeText(article?.textContent ?? bodyText ?? "");
  const pageReading = page.evaluate<string>(visibleTextScript(MAX_PAGE_TEXT_CHARS));
  const pageText = normalizeText(
    (await bestEffort(pageReading, "reading the page's visible text (page scripts can break it); only the article text is indexed")) ?? "",
  );
  t = mark("extract", t);

  const { screenshot, thumbnail } = await takeScreenshots(page, request.limits.maxScreenshotHeight, guard);
  t = mark("screenshot", t);

  const html = await serializeSnapshot(page, guard.store, { url: page.url() });
  mark("serialize", t);
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
    pageText,
    html,
    screenshot,
    thumbnail,
    original: null,
    favicon: favicon && favicon.contentType.startsWith("image/") ? { contentType: favicon.contentType, body: favicon.body } : null,
    limitsHit: [...guard.limitsHit],
    receivedBytes: guard.budget.bytes,
    blocked: guard.blocked,
    timings,
  };
}

/** Visible text kept per page (characters): a long forum thread is searchable, a generated wall of text bounded. */
const MAX_PAGE_TEXT_CHARS = 1_000_000;

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
