import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BlockedRequestError, parseAllowlist, type LookupFn } from "./address-guard";
import { checkedFetch, describeNetworkError, NetworkError } from "./checked-fetch";

// Every server here listens on loopback; nothing in this file connects anywhere else.

type TestServer = {
  url: string;
  port: number;
  connections: number;
  onSocketData?: (chunk: Buffer) => void;
  close: () => Promise<void>;
};
const servers: TestServer[] = [];

async function serve(
  handler: http.RequestListener,
  { host = "127.0.0.1", server = http.createServer(handler) }: { host?: string; server?: http.Server } = {},
): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  const s: TestServer = {
    url: `${server instanceof https.Server ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", (socket: net.Socket) => {
    s.connections++;
    socket.on("data", (chunk: Buffer) => s.onSocketData?.(chunk));
  });
  servers.push(s);
  return s;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const none = parseAllowlist("");
const loopback = parseAllowlist("127.0.0.1");

const to =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

/** What the echo server saw of a request, as it answered it. */
type Echoed = { method: string; url: string; host: string; headers: http.IncomingHttpHeaders; body: string };
const echoed = (res: { body: Buffer }) => JSON.parse(res.body.toString()) as Echoed;

function echo(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.setHeader("set-cookie", ["a=1; Path=/", "b=2; HttpOnly"]);
    res.setHeader("x-multi", ["one", "two"]);
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        host: req.headers.host,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }),
    );
  });
}

/**
 * Records every address this process is about to open a TCP connection to: IP literals as passed
 * to connect(), resolved addresses as reported by the socket's "lookup" event.
 */
function spyOnConnections(): string[] {
  const dialed: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with the socket as `this` (apply below)
  const original = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string } | undefined;
    const host = first?.host ?? "";
    if (net.isIP(host)) dialed.push(host);
    else this.on("lookup", (err: Error | null, address: string) => err || dialed.push(address));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  return dialed;
}

describe("checkedFetch: the address guard", () => {
  it("refuses a loopback server with an empty allowlist, without connecting", async () => {
    const s = await serve(echo);
    const err = await checkedFetch(`${s.url}/`, { allow: none }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedRequestError);
    expect((err as Error).message).toBe("blocked: loopback address (127.0.0.1)");
    expect(s.connections).toBe(0);
  });

  it("refuses non-http schemes", async () => {
    await expect(checkedFetch("file:///etc/passwd", { allow: loopback })).rejects.toThrow("blocked: scheme file: is not allowed");
  });

  it("fetches from an allowlisted address", async () => {
    const s = await serve(echo);
    const res = await checkedFetch(`${s.url}/path?q=1#frag`, {
      allow: loopback,
      method: "post",
      headers: { "Content-Type": "text/plain", "X-Test": "yes", Host: "evil.example", ":authority": "evil.example" },
      body: Buffer.from("hello"),
    });
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("OK");
    expect(res.url).toBe(`${s.url}/path?q=1#frag`);
    expect(res.remoteAddress).toBe("127.0.0.1");
    expect(res.truncated).toBe(false);
    expect(res.setCookie).toEqual(["a=1; Path=/", "b=2; HttpOnly"]);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.headers["x-multi"]).toBe("one, two");
    expect(res.headers["content-type"]).toBe("application/json");
    const seen = echoed(res);
    expect(seen).toMatchObject({ method: "POST", url: "/path?q=1", body: "hello", host: `127.0.0.1:${s.port}` });
    expect(seen.headers).toMatchObject({ "x-test": "yes", "content-type": "text/plain", "content-length": "5" });
  });

  it("accepts an allowlisted host name even with the address not listed", async () => {
    const s = await serve(echo);
    const allow = parseAllowlist("localhost");
    const res = await checkedFetch(`http://localhost:${s.port}/`, { allow, lookup: to("127.0.0.1") });
    expect(echoed(res).host).toBe(`localhost:${s.port}`);
  });

  it("reaches an allowlisted IPv6 loopback server", async () => {
    const s = await serve(echo, { host: "::1" });
    await expect(checkedFetch(`${s.url}/`, { allow: none })).rejects.toThrow("blocked: loopback address (::1)");
    const res = await checkedFetch(`${s.url}/`, { allow: parseAllowlist("::1") });
    expect(res.remoteAddress).toBe("::1");
    expect(echoed(res).host).toBe(`[::1]:${s.port}`);
  });

  it("reuses connections within one allowlist", async () => {
    const s = await serve(echo);
    const allow = parseAllowlist("127.0.0.1");
    for (let i = 0; i < 3; i++) expect((await checkedFetch(`${s.url}/${i}`, { allow })).status).toBe(200);
    expect(s.connections).toBe(1);
  });
});

describe("checkedFetch: the connected peer", () => {
  it("is checked again after connecting, before the request is written", async () => {
    // Simulate a connection that somehow bypassed the lookup check by failing the final check.
    vi.resetModules();
    vi.doMock("./address-guard", async (importOriginal) => {
      const actual = await importOriginal<typeof import("./address-guard")>();
      return {
        ...actual,
        checkConnectedAddress: (host: string, address: string) => {
          throw new actual.BlockedRequestError(`test refusal (${host} → ${address})`);
        },
      };
    });
    try {
      const { checkedFetch: guardedFetch } = await import("./checked-fetch");
      let requests = 0;
      const s = await serve((req, res) => {
        requests++;
        echo(req, res);
      });
      const received: Buffer[] = [];
      s.onSocketData = (chunk) => received.push(chunk);
      await expect(guardedFetch(`${s.url}/`, { allow: loopback })).rejects.toThrow("blocked: test refusal (127.0.0.1 → 127.0.0.1)");
      expect(s.connections).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(requests).toBe(0);
      expect(Buffer.concat(received).length).toBe(0);
    } finally {
      vi.doUnmock("./address-guard");
      vi.resetModules();
    }
  });
});

describe("checkedFetch: DNS rebinding", () => {
  it("refuses a name whose lookup returns 127.0.0.1 unless allowlisted", async () => {
    const s = await serve(echo);
    const lookup = to("127.0.0.1");
    const url = `http://rebind.test:${s.port}/`;

    const err = await checkedFetch(url, { allow: none, lookup }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedRequestError);
    expect((err as Error).message).toBe("blocked: loopback address (rebind.test → 127.0.0.1)");
    expect(s.connections).toBe(0);

    // Allowlisted by name: the socket goes to the checked address, Host stays the original name.
    const byName = await checkedFetch(url, { allow: parseAllowlist("rebind.test"), lookup });
    expect(byName.remoteAddress).toBe("127.0.0.1");
    expect(echoed(byName).host).toBe(`rebind.test:${s.port}`);

    // Allowlisted by address.
    const byAddress = await checkedFetch(url, { allow: parseAllowlist("127.0.0.0/8"), lookup });
    expect(byAddress.status).toBe(200);
  });

  it("refuses a name with one public and one private address before connecting anywhere", async () => {
    const hosts = spyOnConnections();
    let lookups = 0;
    const lookup: LookupFn = async () => {
      lookups++;
      return [
        { address: "93.184.215.14", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ];
    };
    await expect(checkedFetch("http://mixed.test/", { allow: none, lookup })).rejects.toThrow("blocked: loopback address (mixed.test → 127.0.0.1)");
    expect(lookups).toBe(1);
    expect(hosts).toEqual([]);
  });

  it.each([true, false])("connects to the checked address with autoSelectFamily=%s", async (autoSelect) => {
    const previous = net.getDefaultAutoSelectFamily();
    net.setDefaultAutoSelectFamily(autoSelect);
    try {
      const s = await serve(echo);
      const lookup = to("::1", "127.0.0.1");
      // The lookup yields two addresses; only the IPv4 one has a server, and both are checked.
      const v4only = parseAllowlist("127.0.0.1");
      await expect(checkedFetch(`http://dual.test:${s.port}/`, { allow: v4only, lookup })).rejects.toThrow("blocked: loopback address (dual.test → ::1)");
      const res = await checkedFetch(`http://dual.test:${s.port}/`, {
        allow: parseAllowlist("127.0.0.1, ::1"),
        lookup: to("127.0.0.1", "::1"),
      });
      expect(res.remoteAddress).toBe("127.0.0.1");
    } finally {
      net.setDefaultAutoSelectFamily(previous);
    }
  });
});

describe("checkedFetch: bodies", () => {
  const text = "Kura keeps pages. ".repeat(1000);

  it.each([
    ["gzip", zlib.gzipSync(text)],
    ["x-gzip", zlib.gzipSync(text)],
    ["deflate", zlib.deflateSync(text)],
    ["deflate", zlib.deflateRawSync(text)], // raw deflate, as some servers send it
    ["br", zlib.brotliCompressSync(text)],
    ["identity", Buffer.from(text)],
  ])("decodes %s", async (encoding, encoded) => {
    const s = await serve((_req, res) => {
      res.writeHead(200, {
        "content-encoding": encoding,
        "content-length": encoded.length,
        "content-type": "text/plain",
      });
      res.end(encoded);
    });
    const res = await checkedFetch(`${s.url}/`, { allow: loopback });
    expect(res.body.toString()).toBe(text);
    if (encoding === "identity") {
      expect(res.headers["content-length"]).toBe(String(text.length));
    } else {
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.headers["content-length"]).toBeUndefined();
    }
    expect(res.headers["content-type"]).toBe("text/plain");
  });

  it("advertises only the encodings it can decode", async () => {
    const s = await serve(echo);
    const res = await checkedFetch(`${s.url}/`, { allow: loopback, headers: { "Accept-Encoding": "zstd" } });
    expect(echoed(res).headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("passes unknown encodings through untouched", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "zstd" });
      res.end("opaque");
    });
    const res = await checkedFetch(`${s.url}/`, { allow: loopback });
    expect(res.body.toString()).toBe("opaque");
    expect(res.headers["content-encoding"]).toBe("zstd");
  });

  it("handles bodyless responses that claim an encoding", async () => {
    const s = await serve((req, res) => {
      res.writeHead(req.method === "HEAD" ? 200 : 204, { "content-encoding": "gzip" });
      res.end();
    });
    expect((await checkedFetch(`${s.url}/`, { allow: loopback, method: "HEAD" })).body.length).toBe(0);
    expect((await checkedFetch(`${s.url}/`, { allow: loopback })).status).toBe(204);
  });

  it("truncates an endless streaming body at maxBytes and hangs up", async () => {
    let closed!: () => void;
    const hungUp = new Promise<void>((resolve) => (closed = resolve));
    const s = await serve((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, "x");
      const pump = () => {
        while (res.write(chunk));
      };
      res.on("drain", pump);
      res.on("close", closed);
      pump();
    });
    const res = await checkedFetch(`${s.url}/`, { allow: loopback, maxBytes: 100_000 });
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(100_000);
    expect(res.headers["content-length"]).toBeUndefined();
    await hungUp;
  });

  it("caps the decoded size, so a compression bomb stops at maxBytes", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(bomb);
    });
    const res = await checkedFetch(`${s.url}/`, { allow: loopback, maxBytes: 64 * 1024 });
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(64 * 1024);
  });
});

describe("checkedFetch: time limits", () => {
  it("times out on a server that never answers", async () => {
    const s = await serve(() => {});
    const started = Date.now();
    const err = await checkedFetch(`${s.url}/`, { allow: loopback, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: "ETIMEDOUT", message: "timed out after 0.2 s" });
    expect(describeNetworkError(err)).toBe("timed out after 0.2 s");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("times out on a body that trickles in", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("."), 20);
      res.on("close", () => clearInterval(timer));
    });
    await expect(checkedFetch(`${s.url}/`, { allow: loopback, timeoutMs: 300 })).rejects.toMatchObject({
      code: "ETIMEDOUT",
    });
  });

  it("stops when the caller aborts", async () => {
    const s = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await checkedFetch(`${s.url}/`, { allow: loopback, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AbortError", code: "ABORT_ERR" });
    expect(describeNetworkError(err)).toBe("request aborted");
  });
});

describe("checkedFetch: redirects", () => {
  function redirector(routes: Record<string, [number, string]>) {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const route = routes[req.url ?? ""];
      if (!route) return echo(req, res);
      req.resume();
      res.writeHead(route[0], { location: route[1] });
      res.end("moved");
    };
  }

  it("returns 3xx as is by default, so the browser routes each hop", async () => {
    const s = await serve(redirector({ "/": [302, "http://10.0.0.1/"] }));
    const res = await checkedFetch(`${s.url}/`, { allow: loopback });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("http://10.0.0.1/");
    expect(res.body.toString()).toBe("moved");
  });

  it("follows redirects when asked, switching 303 to GET", async () => {
    const s = await serve(redirector({ "/a": [301, "/b"], "/b": [303, "/c?x=1"] }));
    const res = await checkedFetch(`${s.url}/a`, {
      allow: loopback,
      maxRedirects: 5,
      method: "POST",
      body: Buffer.from("data"),
      headers: { "content-type": "text/plain" },
    });
    expect(res.url).toBe(`${s.url}/c?x=1`);
    const seen = echoed(res);
    expect(seen).toMatchObject({ method: "GET", url: "/c?x=1", body: "" });
    expect(seen.headers["content-type"]).toBeUndefined();
  });

  it("keeps method and body on 307", async () => {
    const s = await serve(redirector({ "/a": [307, "/b"] }));
    const res = await checkedFetch(`${s.url}/a`, {
      allow: loopback,
      maxRedirects: 1,
      method: "PUT",
      body: Buffer.from("data"),
    });
    expect(echoed(res)).toMatchObject({ method: "PUT", url: "/b", body: "data" });
  });

  it("refuses a redirect to a private address before connecting to it", async () => {
    const s = await serve(redirector({ "/": [302, "http://10.0.0.1/"] }));
    const hosts = spyOnConnections();
    const err = await checkedFetch(`${s.url}/`, { allow: loopback, maxRedirects: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedRequestError);
    expect((err as Error).message).toBe("blocked: private address (10.0.0.1)");
    expect(hosts).toEqual(["127.0.0.1"]);
  });

  it("resolves and checks every hop that changes host", async () => {
    const routes: Record<string, [number, string]> = {};
    const s = await serve(redirector(routes));
    routes["/"] = [302, `http://rebind.test:${s.port}/final`];
    const dialed = spyOnConnections();

    const lookup = vi.fn(to("127.0.0.1"));
    const res = await checkedFetch(`${s.url}/`, { allow: loopback, maxRedirects: 5, lookup });
    expect(res.url).toBe(`http://rebind.test:${s.port}/final`);
    expect(echoed(res).host).toBe(`rebind.test:${s.port}`);
    expect(lookup).toHaveBeenCalledWith("rebind.test");
    expect(dialed).toEqual(["127.0.0.1", "127.0.0.1"]); // the literal, then the checked lookup result

    dialed.length = 0;
    const err = await checkedFetch(`${s.url}/`, { allow: loopback, maxRedirects: 5, lookup: to("10.0.0.1") }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("blocked: private address (rebind.test → 10.0.0.1)");
    expect(dialed).toEqual(["127.0.0.1"]);
  });

  it.each(["file:///etc/passwd", "http://metadata.google.internal/", "http://[::ffff:169.254.169.254]/"])("refuses a redirect to %s", async (location) => {
    const s = await serve(redirector({ "/": [302, location] }));
    const follow = checkedFetch(`${s.url}/`, { allow: loopback, maxRedirects: 5 });
    await expect(follow).rejects.toThrow(BlockedRequestError);
  });

  it("gives up past maxRedirects", async () => {
    const s = await serve(redirector({ "/loop": [302, "/loop"] }));
    const err = await checkedFetch(`${s.url}/loop`, { allow: loopback, maxRedirects: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ERR_TOO_MANY_REDIRECTS", message: "too many redirects (3)" });
  });
});

describe("checkedFetch: network errors", () => {
  it("reports a refused connection", async () => {
    const s = await serve(echo);
    await s.close();
    const err = await checkedFetch(`${s.url}/`, { allow: loopback }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: "ECONNREFUSED", message: "connection refused by 127.0.0.1" });
    expect(describeNetworkError(err)).toBe("connection refused by 127.0.0.1");
  });

  it("reports a DNS failure", async () => {
    const lookup: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" });
    };
    const err = await checkedFetch("http://nowhere.test/", { allow: none, lookup }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ENOTFOUND", message: "DNS failure: could not resolve host nowhere.test" });
  });

  it("reports a reset connection", async () => {
    const s = await serve((req) => req.socket.destroy());
    const err = await checkedFetch(`${s.url}/`, { allow: loopback }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ECONNRESET", message: "connection reset by 127.0.0.1" });
  });

  it("reports an invalid URL", async () => {
    await expect(checkedFetch("not a url", { allow: none })).rejects.toMatchObject({ code: "ERR_INVALID_URL" });
  });

  const openssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)("keeps certificate validation on", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-tls-"));
    try {
      const key = path.join(dir, "key.pem");
      const cert = path.join(dir, "cert.pem");
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=rebind.test",
          "-addext",
          "subjectAltName=DNS:rebind.test",
          "-keyout",
          key,
          "-out",
          cert,
        ],
        { stdio: "ignore" },
      );
      const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, echo);
      const s = await serve(echo, { server });
      const err = await checkedFetch(`https://rebind.test:${s.port}/`, {
        allow: parseAllowlist("rebind.test"),
        lookup: to("127.0.0.1"),
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
        message: "TLS error: certificate is self-signed",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("describeNetworkError", () => {
  const cases: Array<[unknown, string]> = [
    [new BlockedRequestError("private address (10.0.0.5)"), "blocked: private address (10.0.0.5)"],
    [{ code: "ENOTFOUND", hostname: "example.invalid" }, "DNS failure: could not resolve host example.invalid"],
    [{ code: "EAI_AGAIN", hostname: "example.com" }, "DNS failure: could not resolve host example.com"],
    [{ code: "ECONNREFUSED", address: "127.0.0.1", port: 80 }, "connection refused by 127.0.0.1"],
    [{ code: "ECONNRESET", host: "example.com" }, "connection reset by example.com"],
    [{ code: "ETIMEDOUT", timeoutMs: 30_000 }, "timed out after 30 s"],
    [{ code: "ETIMEDOUT", address: "192.0.2.1" }, "timed out connecting to 192.0.2.1"],
    [{ code: "EHOSTUNREACH", host: "example.com" }, "example.com is unreachable"],
    [{ code: "CERT_HAS_EXPIRED" }, "TLS error: certificate has expired"],
    [{ code: "DEPTH_ZERO_SELF_SIGNED_CERT" }, "TLS error: certificate is self-signed"],
    [{ code: "ERR_TLS_CERT_ALTNAME_INVALID" }, "TLS error: certificate does not match the host name"],
    [{ code: "ERR_SSL_WRONG_VERSION_NUMBER", message: "wrong version number" }, "TLS error: wrong version number"],
    [{ code: "HPE_INVALID_CONSTANT", host: "example.com" }, "invalid HTTP response from example.com"],
    [Object.assign(new Error("x"), { name: "AbortError" }), "request aborted"],
    [new Error("something odd"), "something odd"],
    ["plain string", "plain string"],
  ];
  it.each(cases)("%o → %s", (err, text) => {
    expect(describeNetworkError(err)).toBe(text);
  });
});

describe("checkedFetch: doors the allowlist does not open", () => {
  it("never connects to Kura's own port, by address or through an allowlisted name", async () => {
    let requests = 0;
    const s = await serve((req, res) => {
      requests++;
      echo(req, res);
    });
    const allow = parseAllowlist("127.0.0.1, kura.example", { ownPort: s.port });
    await expect(checkedFetch(`${s.url}/`, { allow })).rejects.toThrow(`blocked: Kura's own port on this machine (127.0.0.1:${s.port})`);
    await expect(checkedFetch(`http://kura.example:${s.port}/`, { allow, lookup: to("127.0.0.1") })).rejects.toThrow(
      "blocked: Kura's own port on this machine (kura.example → 127.0.0.1",
    );
    // The literal is refused before connecting; the name when its socket connects, before a byte is written.
    expect(requests).toBe(0);
    // The same server is reachable when it is not Kura's port (the e2e page servers).
    expect((await checkedFetch(`${s.url}/`, { allow: parseAllowlist("127.0.0.1", { ownPort: s.port + 1 }) })).status).toBe(200);
    expect(requests).toBe(1);
  });

  it("refuses a restricted port and an allowlisted name that resolves to the metadata address", async () => {
    const connections = spyOnConnections();
    await expect(checkedFetch("http://127.0.0.1:6667/", { allow: loopback })).rejects.toThrow("blocked: restricted port 6667");
    await expect(checkedFetch("http://intranet.example/", { allow: parseAllowlist("intranet.example"), lookup: to("169.254.169.254") })).rejects.toThrow(
      "blocked: link-local or metadata address (intranet.example → 169.254.169.254)",
    );
    expect(connections).toEqual([]);
  });
});
