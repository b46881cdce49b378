import { chromium, type Browser } from "playwright-core";
import { CAPTURE_CHROMIUM_ARGS, requireBrowser } from "./browser-path";

/**
 * One Chromium per process, shared by all captures (each capture gets its own context).
 * Relaunched lazily when it crashed or was closed, so a dead browser costs one failed attempt, not the worker.
 */
export class BrowserHost {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;

  async get(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const { path } = requireBrowser();
    const browser = await chromium.launch({ executablePath: path, args: CAPTURE_CHROMIUM_ARGS, headless: true });
    browser.on("disconnected", () => {
      if (this.browser === browser) this.browser = null;
    });
    this.browser = browser;
    return browser;
  }

  async close(): Promise<void> {
    const browser = this.browser ?? (this.launching ? await this.launching.catch(() => null) : null);
    this.browser = null;
    await browser?.close().catch(() => undefined);
  }
}

const globalForBrowser = globalThis as unknown as { kuraBrowserHost?: BrowserHost };

export function sharedBrowserHost(): BrowserHost {
  globalForBrowser.kuraBrowserHost ??= new BrowserHost();
  return globalForBrowser.kuraBrowserHost;
}
