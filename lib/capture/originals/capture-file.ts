import type { Browser } from "playwright-core";
import type { NetworkGuard } from "../network/guard";
import type { CaptureRequest, CaptureResult } from "../types";
import { captureOriginal, checkOriginalSize } from "./original";

/** The URL answered with a file: keep it as received and read what it says (text, first page, size). */
export async function captureFile(
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
  const original = await captureOriginal(browser, file, { timeoutMs: drawTimeoutMs, signal: request.signal });
  timings.read = Date.now() - t;
  timings.total = Date.now() - started;
  return {
    finalUrl: received.url,
    httpStatus: response.status,
    contentType: file.contentType,
    metadata: {
      title: original.info.title ?? file.fileName,
      description: null,
      siteName: null,
      language: null,
      canonicalUrl: null,
      faviconUrl: null,
      details: null,
    },
    article: null,
    readerHtml: null,
    overlays: null,
    text: original.text,
    pageText: null,
    html: null,
    screenshot: original.screenshot,
    thumbnail: original.thumbnail,
    original,
    favicon: null,
    limitsHit: [...guard.limitsHit],
    receivedBytes: guard.budget.bytes,
    blocked: guard.blocked,
    timings,
  };
}
