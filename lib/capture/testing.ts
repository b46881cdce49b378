// Shared set-up for capture tests: loopback pages, a capture browser, short limits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { loadConfig } from "@/lib/config";
import { parseAllowlist } from "@/lib/security/address-guard";
import { CAPTURE_CHROMIUM_ARGS, requireBrowser } from "./browser/path";
import type { CaptureLimits } from "./types";

/** Limits for capture tests on loopback pages: short waits, small caps, so a hazard shows within seconds. */
export function testLimits(overrides: Partial<CaptureLimits> = {}): CaptureLimits {
  return {
    navigationTimeoutMs: 10_000,
    budgetMs: 30_000,
    networkIdleMs: 200,
    maxScreenshotHeight: 3000,
    maxResourceBytes: 5_000_000,
    maxPageBytes: 20_000_000,
    maxDocumentBytes: 5_000_000,
    maxRedirects: 3,
    ...overrides,
  };
}

/** The tests' local servers listen on loopback, which captures refuse unless allowlisted. */
export const LOOPBACK_ALLOWED = parseAllowlist("127.0.0.1");

/** The browser tests launch: the configured one (KURA_BROWSER_PATH), else Playwright's or the system's Chromium. */
export function testBrowserPath(): string {
  return requireBrowser(loadConfig().browserPath).path;
}

/** A browser launched the way captures launch it (no direct network of its own). */
export function launchCaptureBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: testBrowserPath(), args: CAPTURE_CHROMIUM_ARGS });
}

export type LoopbackSite = { origin: string; close: () => Promise<void> };

/** An HTTP server on 127.0.0.1 with an ephemeral port; `routes` maps a request path to its answer (else 404). */
export async function serveRoutes(routes: Record<string, (res: http.ServerResponse) => void>, onRequest?: (url: string) => void): Promise<LoopbackSite> {
  const server = http.createServer((req, res) => {
    onRequest?.(req.url ?? "");
    const route = routes[req.url ?? ""];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
