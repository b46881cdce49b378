import type { Browser, Page } from "playwright-core";

/**
 * Runs `work` on a blank page of its own context that can reach nothing: every request is refused. Used to draw
 * kept files (a PDF's first page, an SVG) with the capture browser, whose canvas Node does not have.
 */
export async function renderOffline<T>(browser: Browser, work: (page: Page) => Promise<T>, timeoutMs: number): Promise<T> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    serviceWorkers: "block",
    acceptDownloads: false,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // Functions handed to page.evaluate are serialized from source; under tsx/esbuild they call `__name`.
    await context.addInitScript({ content: "globalThis.__name ??= (fn) => fn;" });
    await context.route("**/*", (route) => route.abort("blockedbyclient"));
    await context.routeWebSocket(/.*/, (ws) => void ws.close().catch(() => undefined));
    const page = await context.newPage();
    // Past the deadline the context is closed (below), which also ends whatever the page was still doing.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`drawing took longer than ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return await Promise.race([work(page), deadline]);
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}
