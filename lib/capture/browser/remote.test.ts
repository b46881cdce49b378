import { chromium, type BrowserServer } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../capture-page";
import { LOOPBACK_ALLOWED, serveRoutes, testBrowserPath, testLimits, type LoopbackSite } from "../testing";
import { BrowserHost } from "./host";
import { CAPTURE_CHROMIUM_ARGS, CHROMIUM_ARGS } from "./path";
import { GUARD_SWITCHES, missingGuardSwitches } from "./remote";

// Captures in a browser on "another machine": a real Playwright browser server (here on loopback), as
// `npm run browser-server` starts it. The capture's requests must still go through this process's network guard.

let guarded: BrowserServer;
let bare: BrowserServer;
let site: LoopbackSite;
const hits: string[] = [];

beforeAll(async () => {
  site = await serveRoutes(
    {
      "/page": (res) =>
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          // The image points at the metadata address: refused by the guard, never fetched.
          .end(`<title>遠隔</title><p>captured in a remote browser</p><img src="http://169.254.169.254/latest/meta-data/">`),
    },
    (url) => hits.push(url),
  );
  const executablePath = testBrowserPath();
  guarded = await chromium.launchServer({ executablePath, args: CAPTURE_CHROMIUM_ARGS, host: "127.0.0.1" });
  bare = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS, host: "127.0.0.1" });
}, 60_000);

afterAll(async () => {
  await Promise.all([guarded?.close(), bare?.close(), site?.close()]);
});

describe("a remote browser (KURA_BROWSER_WS_ENDPOINT)", () => {
  it("captures through this process's network guard", async () => {
    const host = new BrowserHost({ wsEndpoint: guarded.wsEndpoint(), handleSignals: false });
    const lease = await host.lease();
    try {
      const result = await capturePage(lease.browser, { url: `${site.origin}/page`, allow: LOOPBACK_ALLOWED, limits: testLimits() });
      expect(result.text).toContain("captured in a remote browser");
      expect(result.metadata.title).toBe("遠隔");
      expect(result.blocked.map((b) => b.url)).toContain("http://169.254.169.254/latest/meta-data/");
      expect(hits).toContain("/page");
      // Not launched here: no local process to watch.
      expect(host.stats()).toMatchObject({ pid: null, launches: 1 });
    } finally {
      lease.release();
      await host.close();
    }
    // Closing the host disconnects; the server's browser lives on for other workers.
    expect(guarded.process().exitCode).toBeNull();
  }, 60_000);

  it("reconnects after the connection dropped", async () => {
    const host = new BrowserHost({ wsEndpoint: guarded.wsEndpoint(), handleSignals: false });
    const first = await host.lease();
    const browser = first.browser;
    first.release();
    await browser.close(); // the connection drops (as when the network or the server restarts)
    const second = await host.lease();
    expect(second.browser).not.toBe(browser);
    expect(second.browser.isConnected()).toBe(true);
    second.release();
    await host.close();
    expect(host.stats().launches).toBe(2);
  }, 60_000);

  it("refuses a browser server started without the guard's switches", async () => {
    const host = new BrowserHost({ wsEndpoint: bare.wsEndpoint(), handleSignals: false });
    await expect(host.lease()).rejects.toThrow(/was not started with --proxy-server=.*npm run browser-server/);
    await host.close();
  }, 60_000);

  it("knows which switches a command line lacks", () => {
    expect(GUARD_SWITCHES.length).toBeGreaterThanOrEqual(4);
    expect(missingGuardSwitches(`/usr/bin/chromium ${CAPTURE_CHROMIUM_ARGS.join(" ")}`)).toEqual([]);
    const weakened = CAPTURE_CHROMIUM_ARGS.map((a) => (a.startsWith("--host-resolver-rules") ? "--host-resolver-rules=MAP x y" : a)).join(" ");
    expect(missingGuardSwitches(weakened)).toEqual(["--host-resolver-rules=MAP * ~NOTFOUND"]);
  });
});
