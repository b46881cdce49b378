import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../capture-page";
import { LOOPBACK_ALLOWED, launchCaptureBrowser, testBrowserPath, testLimits } from "../testing";
import { needsPreflight, preflightGrants } from "./cors";

// Two loopback origins (two ports): a page on A tries to read B and to send B non-simple requests. What a plain
// Chromium allows is the reference; a capture must allow exactly the same.

type Origin = { url: string; seen: string[]; close: () => Promise<void> };

async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: string[]) => void): Promise<Origin> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => handler(req, res, seen));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let a: Origin;
let b: Origin;
let capturer: Browser;
let plain: Browser;

const PROBES = ["secret", "open", "put-refused", "put-granted", "auth-wildcard"];

beforeAll(async () => {
  b = await listen((req, res, seen) => {
    const path = req.url ?? "";
    seen.push(`${req.method} ${path}`);
    const grantA = { "access-control-allow-origin": a.url, "access-control-allow-credentials": "true" };
    if (path === "/secret") return void res.writeHead(200, { "content-type": "text/plain" }).end("SECRET-B");
    if (path === "/open") return void res.writeHead(200, { "content-type": "text/plain", "access-control-allow-origin": "*" }).end("OPEN-B");
    if (path === "/put-refused") return void res.writeHead(req.method === "OPTIONS" ? 204 : 200, { "content-type": "text/plain" }).end("PUT-DONE");
    if (path === "/put-granted") {
      if (req.method === "OPTIONS") {
        return void res.writeHead(204, { ...grantA, "access-control-allow-methods": "PUT", "access-control-allow-headers": "Authorization, X-Kura" }).end();
      }
      return void res.writeHead(200, { ...grantA, "content-type": "text/plain" }).end("PUT-OK");
    }
    if (path === "/auth-wildcard") {
      // The Fetch standard says a wildcard does not cover Authorization; this Chromium lets it (the reference wins).
      if (req.method === "OPTIONS") return void res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "*" }).end();
      return void res.writeHead(200, { "access-control-allow-origin": "*", "content-type": "text/plain" }).end("AUTH-READ");
    }
    res.writeHead(404).end();
  });
  a = await listen((_req, res) => {
    const script = `
      const out = [];
      const tryRead = async (name, init) => {
        try { const r = await fetch(${JSON.stringify(b.url)} + "/" + name, init); out.push(name + ": read " + (await r.text())); }
        catch { out.push(name + ": blocked"); }
      };
      (async () => {
        await tryRead("secret", { credentials: "include" });
        await tryRead("open");
        await tryRead("put-refused", { method: "PUT", headers: { authorization: "Bearer stolen" }, body: "x" });
        await tryRead("put-granted", { method: "PUT", credentials: "include", headers: { authorization: "Bearer ok", "x-kura": "1" }, body: "x" });
        await tryRead("auth-wildcard", { headers: { authorization: "Bearer nope" } });
        document.getElementById("out").textContent = out.join("\\n");
        document.title = "done";
      })();`;
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><title>probing</title><body><pre id="out">waiting</pre><script>${script}</script></body>`);
  });
  capturer = await launchCaptureBrowser();
  plain = await chromium.launch({ executablePath: testBrowserPath() });
});

afterAll(async () => {
  await capturer?.close();
  await plain?.close();
  await a?.close();
  await b?.close();
});

const resultsOf = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => PROBES.some((p) => l.startsWith(`${p}:`)))
    .sort();

describe("CORS inside a capture", () => {
  it("allows and refuses exactly what a plain Chromium does with two local origins", async () => {
    const page = await plain.newPage();
    await page.goto(`${a.url}/`);
    await page.waitForFunction(() => document.title === "done");
    const reference = resultsOf(await page.locator("#out").innerText());
    await page.close();
    const seenByPlain = [...b.seen];
    b.seen.length = 0;

    expect(reference).toEqual(["auth-wildcard: read AUTH-READ", "open: read OPEN-B", "put-granted: read PUT-OK", "put-refused: blocked", "secret: blocked"]);
    // The refused PUT never reached B: only its preflight did.
    expect(seenByPlain).not.toContain("PUT /put-refused");

    const result = await capturePage(capturer, { url: `${a.url}/`, allow: LOOPBACK_ALLOWED, limits: testLimits() });
    expect(resultsOf(result.text)).toEqual(reference);
    expect(b.seen).toContain("OPTIONS /put-refused");
    expect(b.seen).not.toContain("PUT /put-refused");
    expect(b.seen).toContain("PUT /put-granted");
    expect(result.blocked.some((x) => x.reason.startsWith("blocked: CORS preflight"))).toBe(true);
  }, 60_000);

  it("reads preflight needs and grants as the Fetch standard does", () => {
    const req = (method: string, headers: Record<string, string> = {}) => ({
      url: "http://b.example/x",
      method,
      headers: { origin: "http://a.example", ...headers },
    });
    expect(needsPreflight(req("GET"))).toBe(false);
    expect(needsPreflight(req("POST", { "content-type": "text/plain" }))).toBe(false);
    expect(needsPreflight(req("POST", { "content-type": "application/json" }))).toBe(true);
    expect(needsPreflight(req("PUT"))).toBe(true);
    expect(needsPreflight(req("GET", { authorization: "x" }))).toBe(true);
    const grant = (headers: Record<string, string>, status = 204) => ({ status, headers });
    const put = req("PUT", { "x-a": "1" });
    expect(
      preflightGrants(
        put,
        "http://a.example",
        grant({
          "access-control-allow-origin": "http://a.example",
          "access-control-allow-credentials": "true",
          "access-control-allow-methods": "PUT",
          "access-control-allow-headers": "x-a",
        }),
      ),
    ).toBe(true);
    expect(
      preflightGrants(
        put,
        "http://a.example",
        grant({ "access-control-allow-origin": "http://a.example", "access-control-allow-credentials": "true", "access-control-allow-methods": "PUT" }),
      ),
    ).toBe(false);
    expect(
      preflightGrants(
        put,
        "http://a.example",
        grant({ "access-control-allow-origin": "http://other.example", "access-control-allow-methods": "PUT", "access-control-allow-headers": "x-a" }),
      ),
    ).toBe(false);
    expect(
      preflightGrants(
        put,
        "http://a.example",
        grant({ "access-control-allow-origin": "*", "access-control-allow-methods": "*", "access-control-allow-headers": "*" }),
      ),
    ).toBe(true);
    expect(
      preflightGrants(
        req("GET", { authorization: "x", cookie: "s=1" }),
        "http://a.example",
        grant({ "access-control-allow-origin": "*", "access-control-allow-headers": "*" }),
      ),
    ).toBe(false);
    expect(
      preflightGrants(
        put,
        "http://a.example",
        grant({ "access-control-allow-origin": "*", "access-control-allow-methods": "PUT", "access-control-allow-headers": "x-a" }, 403),
      ),
    ).toBe(false);
  });
});
