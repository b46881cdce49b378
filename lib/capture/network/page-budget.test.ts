import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../capture-page";
import { LOOPBACK_ALLOWED, launchCaptureBrowser, testLimits } from "../testing";
import { MAX_PARALLEL_FETCHES } from "./guard";

// A hostile page on a real loopback server: thirty 8 MiB bodies requested at once, against a 24 MiB page cap.
const MIB = 1024 * 1024;
const BODY = 8 * MIB;
const CAP = 24 * MIB;
const CHUNK = 64 * 1024;
const limits = testLimits({ maxPageBytes: CAP, maxResourceBytes: 10 * MIB, maxDocumentBytes: 2 * MIB, budgetMs: 60_000 });

type Server = { origin: string; open: number; maxOpen: number; sent: number; aborted: number; close: () => Promise<void> };

function page(kind: string): string {
  const images = Array.from({ length: 30 }, (_, i) => `<img src="/${kind}/${i}.png" width="10" height="10">`).join("");
  return `<!doctype html><title>${kind}</title><body><p>thirty large ${kind}</p>${images}</body>`;
}

function eightMiB(res: http.ServerResponse, server: Server): void {
  const stream = Readable.from(
    (function* () {
      for (let sent = 0; sent < BODY; sent += CHUNK) {
        server.sent += CHUNK;
        yield Buffer.alloc(CHUNK, 0x41);
      }
    })(),
  );
  stream.pipe(res);
}

async function hostileServer(): Promise<Server> {
  const state: Server = { origin: "", open: 0, maxOpen: 0, sent: 0, aborted: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const url = req.url ?? "";
    if (url === "/chunked" || url === "/declared" || url === "/errors") {
      res.writeHead(200, { "content-type": "text/html" }).end(page(url.slice(1)));
      return;
    }
    state.open++;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    res.on("close", () => {
      state.open--;
      if (!res.writableFinished) state.aborted++;
    });
    if (url.startsWith("/chunked/")) res.writeHead(200, { "content-type": "image/png" });
    else if (url.startsWith("/declared/")) res.writeHead(200, { "content-type": "image/png", "content-length": BODY });
    else res.writeHead(404, { "content-type": "text/html", "content-length": BODY });
    eightMiB(res, state);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchCaptureBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the page byte cap, counted while downloading", () => {
  for (const kind of ["chunked", "declared", "errors"]) {
    it(`30 parallel 8 MiB ${kind === "errors" ? "404 bodies" : `images (${kind} length)`} stay within the cap and end the capture with a note`, async () => {
      const server = await hostileServer();
      try {
        const result = await capturePage(browser, { url: `${server.origin}/${kind}`, allow: LOOPBACK_ALLOWED, limits });
        expect(result.limitsHit).toContain("maxPageBytes");
        // The bytes the capture received (error bodies included), hence the most it can hold and store.
        expect(result.receivedBytes).toBeLessThanOrEqual(CAP);
        if (kind === "errors") expect(result.receivedBytes).toBeGreaterThan(CAP - BODY);
        // Stored inline as base64: at most 4/3 of what was received, plus the page itself.
        expect(result.html!.length).toBeLessThanOrEqual((CAP * 4) / 3 + MIB);
        expect(result.text).toContain(`thirty large ${kind}`);
        // Downloads were cut off, not read to the end, and never more than six ran at once.
        expect(server.aborted).toBeGreaterThan(0);
        expect(server.maxOpen).toBeLessThanOrEqual(MAX_PARALLEL_FETCHES);
        expect(server.sent).toBeLessThan(30 * BODY);
      } finally {
        await server.close();
      }
    }, 90_000);
  }

  it("cuts a main document larger than the document cap while it streams, and says so", async () => {
    const big = `<!doctype html><title>big</title><body><p>start of a big page</p><!--${"filler ".repeat(1_000_000)}--></body>`;
    let written = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      Readable.from(
        (function* () {
          for (let at = 0; at < big.length; at += CHUNK) {
            written += CHUNK;
            yield big.slice(at, at + CHUNK);
          }
        })(),
      ).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await capturePage(browser, { url: `${origin}/`, allow: LOOPBACK_ALLOWED, limits });
      expect(big.length).toBeGreaterThan(6 * MIB);
      expect(result.limitsHit).toContain("maxDocumentBytes");
      expect(result.receivedBytes).toBeLessThanOrEqual(limits.maxDocumentBytes);
      expect(result.text).toContain("start of a big page");
      expect(written).toBeLessThan(big.length);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
