import type { Browser, Page } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";
import { abortedError } from "../errors";

/** How long drawing may take, and the capture's signal: past either the drawing context is closed. */
export type DrawLimits = { timeoutMs: number; signal?: AbortSignal };

/**
 * Runs `work` on a blank page of its own context that can reach nothing: every request is refused. Used to draw
 * kept files (a PDF's first page, an SVG) with the capture browser, whose canvas Node does not have.
 */
export async function renderOffline<T>(browser: Browser, work: (page: Page) => Promise<T>, { timeoutMs, signal }: DrawLimits): Promise<T> {
  if (signal?.aborted) throw abortedError(signal);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    serviceWorkers: "block",
    acceptDownloads: false,
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // Functions handed to page.evaluate are serialized from source; under tsx/esbuild they call `__name`.
    await context.addInitScript({ content: "globalThis.__name ??= (fn) => fn;" });
    await context.route("**/*", (route) => route.abort("blockedbyclient"));
    await context.routeWebSocket(/.*/, (ws) => void bestEffort(ws.close(), "refusing a WebSocket while drawing a kept file (the page may be closing)"));
    const page = await context.newPage();
    // Past the deadline or on abort the context is closed (below), which also ends whatever the page was still doing.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`drawing took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      if (!signal) return;
      onAbort = () => reject(abortedError(signal));
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    return await Promise.race([work(page), deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    await bestEffort(context.close(), "closing the drawing context (the browser may have exited or been recycled)");
  }
}
