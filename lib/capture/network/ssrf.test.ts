import { createHash } from "node:crypto";
import dgram from "node:dgram";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseAllowlist, type Allowlist, type LookupFn } from "@/lib/security/address-guard";
import { CAPTURE_CHROMIUM_ARGS } from "../browser/path";
import { capturePage } from "../capture-page";
import type { CaptureResult } from "../types";
import { CaptureError } from "../errors";
import { testBrowserPath, testLimits } from "../testing";

// Server-side request forgery through the capture browser: hostile URLs and hostile pages, end to end through
// capturePage and a real Chromium. Everything listens on loopback and nothing here connects anywhere else:
//
// - server A serves the hostile pages. It is reached as `public-a.test`, a name the injected lookup maps to
//   127.0.0.1, and allowlisted BY THAT NAME — so A is "the public site" while the address 127.0.0.1 itself is
//   not allowlisted;
// - server B plays the internal service (a fresh one per case). Pages reach it by its IP literal
//   `127.0.0.1:PORT_B` (or by a name that is not allowlisted), so every request to it must be refused. B counts
//   HTTP requests, WebSocket upgrades, UDP datagrams and bare TCP connections.
//
// Each refusal has a control: the same page captured with B's address allowlisted does reach B, so a zero is a
// refusal, not a broken page. Node's own dials are recorded too (see `dialed`): none may leave loopback.
//
// The last groups cover holes found while writing this file (Chromium 156, playwright-core 1.65), now closed:
// Chromium itself connected wherever Playwright's router does not see — redirect hops after a fulfilled 3xx
// (redirects are never routed: the guard now turns them into checked navigations or follows them in Node), the
// preconnect to every navigation target, and APIs whose traffic is not routed at all (worker WebSockets,
// SharedWorker fetches, speculation rules, WebRTC) — closed by CAPTURE_CHROMIUM_ARGS (no direct network at all).

const limits = testLimits({ maxScreenshotHeight: 4000, maxRedirects: 5 });

const PUBLIC_A = "public-a.test";
const INTERNAL_B = "internal-b.test";
const NAMES: Record<string, string> = { [PUBLIC_A]: "127.0.0.1", "rebind.test": "127.0.0.1", [INTERNAL_B]: "127.0.0.1" };
const lookedUp: string[] = [];
/** Stands in for DNS: only the names above resolve, everything else is NXDOMAIN (nothing is ever asked of a real resolver). */
const lookup: LookupFn = async (hostname) => {
  lookedUp.push(hostname);
  const address = NAMES[hostname];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return [{ address, family: 4 }];
};

const none = parseAllowlist("");
const onlyA = parseAllowlist(PUBLIC_A);
const aAndB = parseAllowlist(`${PUBLIC_A},127.0.0.1`);

// ---------------------------------------------------------------------------------------------
// Loopback servers

type Hit = { method: string; url: string; body: string };
type Server = {
  port: number;
  origin: string;
  hits: Hit[];
  connections: number;
  upgrades: string[];
  /** Datagrams received on a UDP socket bound to the same port number (STUN/TURN/QUIC attempts). */
  datagrams: number;
  close: () => Promise<void>;
};

async function serve(host: "127.0.0.1" | "::1", handler: (hit: Hit, res: http.ServerResponse, port: number) => void): Promise<Server> {
  const s = { hits: [] as Hit[], connections: 0, upgrades: [] as string[], datagrams: 0 };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit = { method: req.method ?? "", url: req.url ?? "", body: Buffer.concat(chunks).toString() };
      s.hits.push(hit);
      handler(hit, res, port);
    });
  });
  server.on("connection", (socket) => {
    s.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // An internal WebSocket service that would happily talk to whoever connects.
  server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket) => {
    s.upgrades.push(req.url ?? "");
    const accept = createHash("sha1").update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const message = Buffer.from("INTERNAL-WS-SECRET");
    socket.write(Buffer.concat([Buffer.from([0x81, message.length]), message]));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const udp = dgram.createSocket(host === "::1" ? "udp6" : "udp4");
  udp.on("message", () => s.datagrams++);
  // Best effort: the same port number may be taken for UDP, in which case datagrams are not observed.
  await new Promise<void>((resolve) => {
    udp.once("error", () => resolve());
    udp.bind(port, host, () => resolve());
  });
  return Object.assign(s, {
    port,
    origin: host === "::1" ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => {
        try {
          udp.close(() => resolve());
        } catch {
          resolve();
        }
      });
    },
  });
}

const html = (title: string, body: string, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;

/** B's answers: what an internal service would disclose if the capture ever reached it. */
function internalService(hit: Hit, res: http.ServerResponse) {
  const path = new URL(hit.url, "http://b").pathname;
  if (path === "/api/secret") {
    res.writeHead(200, { "content-type": "text/plain", "access-control-allow-origin": "*" }).end("INTERNAL-SECRET-42");
  } else {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html("Internal service", `<p>INTERNAL-PAGE ${path}</p>`));
  }
}

/**
 * A WebSocket opened from a dedicated Worker (routeWebSocket only patches the page's own WebSocket), fetch() from a
 * SharedWorker, <script type=speculationrules> prefetch and prerender, and WebRTC STUN (UDP) and TURN (TCP) servers.
 */
function escapeVectors(b: string): string {
  const ws = b.replace("http:", "ws:");
  const host = new URL(b).host;
  const report = `(e) => document.body.append(" " + e.data)`;
  return `
    <script>{
      const src = "const s = new WebSocket('${ws}/worker-socket'); s.onmessage = (e) => postMessage('leaked:' + e.data); s.onerror = () => postMessage('worker ws failed');";
      new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" }))).onmessage = ${report};
    }</script>
    <script>{
      const src = "onconnect = (e) => { const p = e.ports[0]; fetch('${b}/api/secret').then((r) => r.text()).then((t) => p.postMessage('leaked:' + t), () => p.postMessage('shared worker fetch failed')); };";
      new SharedWorker(URL.createObjectURL(new Blob([src], { type: "text/javascript" }))).port.onmessage = ${report};
    }</script>
    <a href="${b}/prefetched">next</a>
    <script type="speculationrules">
      {"prefetch": [{"source": "list", "urls": ["${b}/prefetched"]}],
       "prerender": [{"source": "list", "urls": ["${b}/prerendered"]}]}
    </script>
    <script>{
      const pc = new RTCPeerConnection({ iceServers: [
        { urls: "stun:${host}" },
        { urls: "turn:${host}?transport=tcp", username: "u", credential: "p" },
      ] });
      pc.createDataChannel("x");
      pc.createOffer().then((o) => pc.setLocalDescription(o));
    }</script>`;
}

/** A's hostile pages; `?b=PORT` says where the internal server B of the current case listens. */
function hostilePage(path: string, b: string): { status?: number; headers?: Record<string, string>; body: string } | null {
  switch (path) {
    case "/plain":
      return { body: html("Plain page on A", "<p>Nothing to see.</p>") };
    case "/redirect":
      return { status: 302, headers: { location: `${b}/landing` }, body: "" };
    case "/redirect-by-name":
      return { status: 302, headers: { location: `${b.replace("127.0.0.1", INTERNAL_B)}/landing` }, body: "" };
    case "/redirect-subresources":
      return { body: html("subresources redirected to B", `<img src="/to-b/pixel.png" alt="pixel"><link rel="stylesheet" href="/to-b/style.css">`) };
    case "/to-b/pixel.png":
    case "/to-b/style.css":
      return { status: 302, headers: { location: `${b}${path}` }, body: "" };
    case "/fetch":
      return {
        body: html(
          "fetch to B",
          `<p id="out">pending</p><script>
            fetch("${b}/api/secret").then((r) => r.text()).then(
              (t) => { document.getElementById("out").textContent = "leaked:" + t; },
              () => { document.getElementById("out").textContent = "fetch failed"; });
          </script>`,
        ),
      };
    case "/iframe":
      return { body: html("iframe to B", `<iframe src="${b}/frame" width="600" height="200"></iframe>`) };
    case "/metadata":
      return {
        body: html(
          "cloud metadata images",
          `<img src="http://169.254.169.254/latest/meta-data/" alt="aws">
           <img src="http://[fd00:ec2::254]/latest/meta-data/" alt="aws6">
           <img src="http://metadata.google.internal/computeMetadata/v1/" alt="gcp">
           <img src="http://100.100.100.200/latest/meta-data/" alt="alibaba">`,
        ),
      };
    case "/meta-refresh":
      return { body: html("meta refresh to B", "<p>Moving on.</p>", `<meta http-equiv="refresh" content="0;url=${b}/refreshed">`) };
    case "/script-navigation":
      return { body: html("script navigation to B", `<script>location.href = "${b}/navigated";</script>`) };
    case "/websocket":
      return {
        body: html(
          "WebSocket to B",
          `<p id="out">pending</p><script>
            const out = document.getElementById("out");
            const ws = new WebSocket("${b.replace("http:", "ws:")}/socket");
            ws.onopen = () => { out.textContent = "open"; };
            ws.onmessage = (e) => { out.textContent = "leaked:" + e.data; };
            ws.onclose = () => { out.textContent += " closed"; };
          </script>`,
        ),
      };
    case "/form":
      return {
        body: html(
          "form to B",
          `<form method="post" action="${b}/submit"><input name="token" value="t0p-secret"></form>
           <script>document.forms[0].submit();</script>`,
        ),
      };
    // Browser features that open connections on their own, outside the request router.
    case "/escapes":
      return { body: html("connections outside the router", escapeVectors(b)) };
    case "/popup":
      return { body: html("popup to B", `<script>window.open("${b}/popup");</script>`) };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

let browser: Browser;
let a: Server;
let a6: Server;
/** Every address this process opened (or tried to open) a TCP connection to. */
const dialed: string[] = [];

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with the socket as `this` (apply below)
  const original = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string } | undefined;
    const host = first?.host ?? "";
    if (net.isIP(host)) dialed.push(host);
    else if (host) this.on("lookup", (err: Error | null, address: string) => err || dialed.push(address));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  const pages = (hit: Hit, res: http.ServerResponse) => {
    const url = new URL(hit.url, "http://a");
    const page = hostilePage(url.pathname, `http://127.0.0.1:${url.searchParams.get("b") ?? "1"}`);
    if (!page) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    res.writeHead(page.status ?? 200, { "content-type": "text/html; charset=utf-8", ...page.headers }).end(page.body);
  };
  [a, a6] = await Promise.all([serve("127.0.0.1", pages), serve("::1", pages)]);
  browser = await chromium.launch({
    executablePath: testBrowserPath(),
    // The capture browser's own flags: no direct network, no DNS of its own (see CAPTURE_CHROMIUM_ARGS).
    args: CAPTURE_CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await browser?.close();
  await Promise.all([a?.close(), a6?.close()]);
});

/** Runs one case against a fresh internal server B, always closing it. */
async function withInternal<T>(run: (b: Server) => Promise<T>): Promise<T> {
  const b = await serve("127.0.0.1", internalService);
  try {
    return await run(b);
  } finally {
    await b.close();
  }
}

// Cases run concurrently (each has its own B), but two cores fit about two captures at a time.
const MAX_CAPTURES = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function capture(url: string, allow: Allowlist): Promise<CaptureResult> {
  while (running >= MAX_CAPTURES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await capturePage(browser, { url, allow, limits, lookup });
  } finally {
    running--;
    waiting.shift()?.();
  }
}
const pageOnA = (path: string, b: Server) => `http://${PUBLIC_A}:${a.port}${path}?b=${b.port}`;

async function captureError(promise: Promise<unknown>): Promise<CaptureError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaptureError);
  return error as CaptureError;
}

/** A capture that may keep the page that arrived or fail on the refused navigation; both are acceptable refusals. */
async function captureOutcome(url: string, allow: Allowlist): Promise<{ result: CaptureResult | null; error: unknown }> {
  return capture(url, allow).then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  );
}

/** Gives anything still on its way to B a moment to arrive: a refusal must hold after the capture too. */
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** Not one request, upgrade or datagram reached B. */
function expectNoRequest(b: Server) {
  expect({ hits: b.hits.map((h) => `${h.method} ${h.url}`), upgrades: b.upgrades, datagrams: b.datagrams }).toEqual({
    hits: [],
    upgrades: [],
    datagrams: 0,
  });
}

/** …and not even a TCP connection was opened to it. */
function expectUntouched(b: Server) {
  expectNoRequest(b);
  expect(b.connections).toBe(0);
}

const blockedUrls = (result: CaptureResult) => result.blocked.map((b) => b.url);

// Cases of a block run together, two captures at a time: a case's time includes its wait for a turn.
const CONCURRENT = { timeout: 120_000 };

// ---------------------------------------------------------------------------------------------

describe.concurrent("the page address itself", CONCURRENT, () => {
  const cases: Array<{ name: string; url: () => string; server: () => Server; reason: string; allow: string }> = [
    { name: "127.0.0.1", url: () => `http://127.0.0.1:${a.port}/plain?k=ip`, server: () => a, reason: "loopback address (127.0.0.1)", allow: "127.0.0.1" },
    { name: "[::1]", url: () => `http://[::1]:${a6.port}/plain?k=ip6`, server: () => a6, reason: "loopback address (::1)", allow: "::1" },
    {
      name: "decimal 2130706433",
      url: () => `http://2130706433:${a.port}/plain?k=decimal`,
      server: () => a,
      reason: "loopback address (127.0.0.1)",
      allow: "127.0.0.1",
    },
    {
      name: "hex 0x7f.0.0.1",
      url: () => `http://0x7f.0.0.1:${a.port}/plain?k=hex`,
      server: () => a,
      reason: "loopback address (127.0.0.1)",
      allow: "127.0.0.1",
    },
    {
      name: "a public-looking name resolving to 127.0.0.1 (DNS rebinding style)",
      url: () => `http://rebind.test:${a.port}/plain?k=rebind`,
      server: () => a,
      reason: "loopback address (rebind.test → 127.0.0.1)",
      allow: "127.0.0.1",
    },
  ];

  for (const c of cases) {
    it(`${c.name}: refused with an empty allowlist (no request reaches the server), captured when allowlisted`, async () => {
      const server = c.server();
      const key = new URL(c.url()).search;
      const hitsFor = () => server.hits.filter((h) => h.url.endsWith(key)).length;

      const error = await captureError(capture(c.url(), none));
      expect(error.message).toBe(`blocked: ${c.reason}`);
      expect(error.transient).toBe(false);
      await settle();
      expect(hitsFor()).toBe(0);

      const result = await capture(c.url(), parseAllowlist(c.allow));
      expect(result.metadata.title).toBe("Plain page on A");
      expect(hitsFor()).toBe(1);
    });
  }
});

describe.concurrent("subresources and script requests to an internal server", CONCURRENT, () => {
  it("fetch() to B: the capture succeeds, the fetch is refused, B sees not even a connection", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/fetch", b), onlyA);
      await settle();
      expectUntouched(b);
      expect(result.blocked).toContainEqual({ url: `${b.origin}/api/secret`, reason: "blocked: loopback address (127.0.0.1)" });
      expect(result.text).toContain("fetch failed");
      expect(result.html).not.toContain("INTERNAL-SECRET-42");

      const control = await capture(pageOnA("/fetch", b), aAndB);
      expect(control.text).toContain("leaked:INTERNAL-SECRET-42");
      expect(b.hits.map((h) => h.url)).toEqual(["/api/secret"]);
    });
  });

  it("<iframe> to B: refused, no request reaches B, nothing of it is archived", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/iframe", b), onlyA);
      await settle();
      expectNoRequest(b);
      expect(blockedUrls(result)).toContain(`${b.origin}/frame`);
      expect(result.html).not.toContain("INTERNAL-PAGE");

      const control = await capture(pageOnA("/iframe", b), aAndB);
      expect(control.html).toContain("INTERNAL-PAGE /frame");
      expect(b.hits.map((h) => h.url)).toEqual(["/frame"]);
    });
  });

  it("<img> to cloud metadata endpoints: refused by address or name, never dialled nor looked up", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/metadata", b), onlyA);
      expect(result.blocked).toEqual(
        expect.arrayContaining([
          { url: "http://169.254.169.254/latest/meta-data/", reason: "blocked: link-local address (169.254.169.254)" },
          { url: "http://[fd00:ec2::254]/latest/meta-data/", reason: "blocked: unique-local address (fd00:ec2::254)" },
          { url: "http://metadata.google.internal/computeMetadata/v1/", reason: "blocked: cloud metadata host name (metadata.google.internal)" },
          { url: "http://100.100.100.200/latest/meta-data/", reason: "blocked: carrier-grade NAT address (100.100.100.200)" },
        ]),
      );
      expect(dialed.filter((ip) => !["127.0.0.1", "::1"].includes(ip))).toEqual([]);
      expect(lookedUp).not.toContain("metadata.google.internal");
    });
  });
});

describe.concurrent("navigations to an internal server", CONCURRENT, () => {
  for (const [name, path, target] of [
    ["<meta http-equiv=refresh>", "/meta-refresh", "/refreshed"],
    ["location.href = … from a script", "/script-navigation", "/navigated"],
  ] as const) {
    it(`${name} to B: refused, no request reaches B`, async () => {
      await withInternal(async (b) => {
        const { result, error } = await captureOutcome(pageOnA(path, b), onlyA);
        await settle();
        expectNoRequest(b);
        if (result) {
          expect(blockedUrls(result)).toContain(`${b.origin}${target}`);
          expect(result.finalUrl).not.toContain(b.origin);
          expect(result.html).not.toContain("INTERNAL-PAGE");
        } else {
          expect(error).toBeInstanceOf(CaptureError);
          expect((error as Error).message).toBe("blocked: loopback address (127.0.0.1)");
        }

        const control = await capture(pageOnA(path, b), aAndB);
        expect(control.finalUrl).toBe(`${b.origin}${target}`);
        expect(control.html).toContain(`INTERNAL-PAGE ${target}`);
      });
    });
  }

  it("a form auto-submitted (POST) to B: refused, no request reaches B", async () => {
    await withInternal(async (b) => {
      const { result, error } = await captureOutcome(pageOnA("/form", b), onlyA);
      await settle();
      expectNoRequest(b);
      if (result) {
        expect(blockedUrls(result)).toContain(`${b.origin}/submit`);
        expect(result.html).not.toContain("INTERNAL-PAGE");
      } else {
        expect((error as Error).message).toBe("blocked: loopback address (127.0.0.1)");
      }

      const control = await capture(pageOnA("/form", b), aAndB);
      expect(control.finalUrl).toBe(`${b.origin}/submit`);
      expect(b.hits).toEqual([{ method: "POST", url: "/submit", body: "token=t0p-secret" }]);
    });
  });

  it("a WebSocket to B is never connected, not even with B allowlisted", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/websocket", b), aAndB);
      expect(result.blocked).toContainEqual({ url: `ws://127.0.0.1:${b.port}/socket`, reason: "blocked: WebSockets are not captured" });
      expect(result.text).not.toContain("leaked:");
      await settle();
      expectUntouched(b);
    });
  });
});

describe.concurrent("redirects (Playwright never routes a redirect hop: the guard must follow them itself)", CONCURRENT, () => {
  it("a page allowlisted by name that 302-redirects to B fails as blocked, and B receives nothing", async () => {
    await withInternal(async (b) => {
      const { result, error } = await captureOutcome(pageOnA("/redirect", b), onlyA);
      await settle();
      // Today: the capture succeeds, finalUrl is B's /landing and B's page is the archived snapshot.
      expect(result?.html ?? "").not.toContain("INTERNAL-PAGE");
      expectNoRequest(b);
      expect((error as Error | null)?.message).toBe("blocked: loopback address (127.0.0.1)");
    });
  });

  it("a redirect to a name that is not allowlisted but resolves to B fails as blocked", async () => {
    await withInternal(async (b) => {
      const { result, error } = await captureOutcome(pageOnA("/redirect-by-name", b), onlyA);
      await settle();
      // Today: Chromium resolves internal-b.test with its own resolver (never asking the guard) and fetches B.
      expect(result?.html ?? "").not.toContain("INTERNAL-PAGE");
      expectNoRequest(b);
      expect((error as Error | null)?.message).toBe(`blocked: loopback address (${INTERNAL_B} → 127.0.0.1)`);
    });
  });
});

describe.concurrent("connections the browser would open outside the request router", CONCURRENT, () => {
  it("a refused page address is not even connected to (Chromium preconnects to navigation targets)", async () => {
    await withInternal(async (b) => {
      await captureError(capture(`${b.origin}/`, none));
      await settle();
      expectUntouched(b);
    });
  });

  // One page with all four (the run is long enough): a WebSocket opened from a dedicated Worker (routeWebSocket
  // only patches the page's own WebSocket), fetch() from a SharedWorker, <script type=speculationrules> prefetch
  // and prerender, and an RTCPeerConnection with STUN (UDP) and TURN (TCP) servers on B. Today B sees full
  // prefetch/prerender GETs, a TURN allocate request over TCP, STUN datagrams and bare connections.
  it("workers, SharedWorkers, speculation rules and WebRTC never reach B", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/escapes", b), onlyA);
      await settle(500);
      expect(result.html).not.toContain("leaked:");
      expectUntouched(b);
    });
  });

  // Skipped, not `fails`: the guard's route handler calls request.frame() on a popup's first navigation, which
  // Playwright throws for ("Frame for this navigation request is not available…"); the rejection is unhandled and
  // takes the whole test process down (and the standalone worker / CLI with it).
  it("a window.open() popup to B never reaches B and does not break the capture", async () => {
    await withInternal(async (b) => {
      const result = await capture(pageOnA("/popup", b), onlyA);
      expect(result.metadata.title).toBe("popup to B");
      await settle();
      expectUntouched(b);
    });
  });
});

describe("this process", () => {
  it("never dialled anything but loopback", () => {
    expect(dialed.length).toBeGreaterThan(0);
    expect(dialed.filter((ip) => ip !== "127.0.0.1" && ip !== "::1")).toEqual([]);
  });
});
