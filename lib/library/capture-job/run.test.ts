import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BrowserHost } from "@/lib/capture/browser/host";
import { CaptureError, FAILURE } from "@/lib/capture/errors";
import { LOOPBACK_ALLOWED, serveRoutes, testBrowserPath, testLimits, type LoopbackSite } from "@/lib/capture/testing";
import type { CaptureSettings } from "@/lib/capture/types";
import { runCapture } from "./run";

// The capture browser is shared by every capture of a worker: one hostile page must not take its neighbours' work
// with it, whether it crashes its own tab or the browser dies under all of them.

const settings: CaptureSettings = { allow: LOOPBACK_ALLOWED, limits: testLimits() };
const NORMAL = `<!doctype html><title>neighbour</title><p>${"A neighbour's paragraph. ".repeat(20)}</p>`;
// Built by script: the HTML parser stops nesting at 512, a script does not, and Blink's layout overflows its stack.
const DEEP = `<!doctype html><title>deep</title><body><script>
let node = document.body;
for (let i = 0; i < 100000; i++) node = node.appendChild(document.createElement("div"));
node.textContent = "the bottom";
</script>`;

let site: LoopbackSite;
let slowRequests = 0;
let onSlowRequest: (() => void) | undefined;
let host: BrowserHost;

beforeAll(async () => {
  site = await serveRoutes({
    "/deep": (res) => res.writeHead(200, { "content-type": "text/html" }).end(DEEP),
    // Answered after a while, so a capture is still running when something happens to the browser.
    "/slow": (res) => {
      slowRequests++;
      onSlowRequest?.();
      setTimeout(() => res.writeHead(200, { "content-type": "text/html" }).end(NORMAL), 1500);
    },
  });
});

afterEach(async () => {
  await host?.close();
});

afterAll(async () => {
  await site?.close();
});

const capture = (path: string) =>
  runCapture({ url: `${site.origin}${path}`, describesItself: false }, { host, settings, signal: new AbortController().signal, onStep: () => {}, label: path });

describe("runCapture in a shared browser", () => {
  it("fails a page that crashes its tab for good, with the reason, and its neighbours finish", { timeout: 90_000 }, async () => {
    host = new BrowserHost({ browserPath: testBrowserPath(), maxContexts: 4 });
    const [left, deep, right] = await Promise.allSettled([capture("/slow"), capture("/deep"), capture("/slow")]);
    expect(deep.status).toBe("rejected");
    const failure = (deep as PromiseRejectedResult).reason as unknown;
    expect(failure).toBeInstanceOf(CaptureError);
    expect(failure).toMatchObject({ message: FAILURE.pageCrashed, transient: false });
    for (const neighbour of [left, right]) {
      expect(neighbour.status).toBe("fulfilled");
      expect((neighbour as PromiseFulfilledResult<{ html: string | null }>).value.html).toContain("A neighbour's paragraph.");
    }
    // Only the tab died: the browser the neighbours ran in is the first and only one.
    expect(host.stats().launches).toBe(1);
  });

  it("runs the captures again on a relaunched browser when the browser dies under them", { timeout: 90_000 }, async () => {
    host = new BrowserHost({ browserPath: testBrowserPath(), maxContexts: 4 });
    slowRequests = 0;
    let killed = false;
    onSlowRequest = () => {
      // Both captures are loading: the browser's main process dies (as if the kernel's OOM killer chose it).
      if (slowRequests === 2 && !killed && host.pid) {
        killed = true;
        process.kill(host.pid, "SIGKILL");
      }
    };
    try {
      const results = await Promise.all([capture("/slow"), capture("/slow")]);
      for (const result of results) expect(result.html).toContain("A neighbour's paragraph.");
    } finally {
      onSlowRequest = undefined;
    }
    expect(killed).toBe(true);
    expect(host.stats().launches).toBe(2);
    expect(slowRequests).toBe(4);
  });
});
