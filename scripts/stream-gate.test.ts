import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/lib/accounts/current-user";
import { MAX_CAPTURE_STREAMS } from "@/lib/library/client-slots";
import { EVENTS_PATH, SESSION_COOKIE as GATE_COOKIE, STREAMS_PER_CREDENTIAL, streamGate } from "./stream-gate.mjs";

// The gate in front of a real HTTP server on loopback whose "Next.js" holds every admitted stream open, as the
// live-progress route does, and answers anything else at once.
let server: http.Server;
let origin: string;
let closedStreams = 0;

beforeAll(async () => {
  const gate = streamGate();
  server = http.createServer((req, res) => {
    if (!gate.admit(req, res)) return;
    if (req.url?.startsWith(EVENTS_PATH)) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": open\n\n");
      res.once("close", () => closedStreams++);
    } else res.end("page");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Opens a stream and resolves with its status once the headers are in; `close()` ends it from the client side. */
async function open(headers: Record<string, string>, pathname = EVENTS_PATH) {
  const controller = new AbortController();
  const response = await fetch(`${origin}${pathname}`, { headers, signal: controller.signal });
  return {
    status: response.status,
    body: response.status === 200 ? "" : await response.text(),
    retryAfter: response.headers.get("retry-after"),
    // Resolves once the server has seen the stream end (a moment after the client lets go).
    close: async () => {
      const seen = closedStreams;
      controller.abort();
      for (let waited = 0; closedStreams === seen && response.status === 200 && waited < 2_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

describe("the web server's stream gate", () => {
  it("reads the same cookie and cap as the app", () => {
    expect(GATE_COOKIE).toBe(SESSION_COOKIE);
    expect(STREAMS_PER_CREDENTIAL).toBe(MAX_CAPTURE_STREAMS);
  });

  it("lets a credential open its cap of streams, refuses the next with 429 and Retry-After, and frees a slot when one closes", async () => {
    const session = { cookie: `theme=dark; ${SESSION_COOKIE}=secret-one; other=x` };
    const streams = [];
    for (let i = 0; i < MAX_CAPTURE_STREAMS; i++) streams.push(await open(session));
    expect(streams.map((s) => s.status)).toEqual(Array(MAX_CAPTURE_STREAMS).fill(200));

    const refused = await open(session);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("5");
    expect((JSON.parse(refused.body) as { error: string }).error).toMatch(/Too many live-progress streams/);

    // Another credential (another browser, an API token) has its own allowance; pages are never gated.
    const token = await open({ authorization: "Bearer kura_token_two" });
    expect(token.status).toBe(200);
    expect((await fetch(`${origin}/library`, { headers: session })).status).toBe(200);

    await streams[0]!.close();
    const again = await open(session);
    expect(again.status).toBe(200);
    for (const s of [...streams.slice(1), token, again]) await s.close();
  });

  it("counts a bearer token before the cookie, as the route does, and answers a request with no credential 401", async () => {
    const both = { cookie: `${SESSION_COOKIE}=secret-three`, authorization: "Bearer kura_token_three" };
    const streams = [];
    for (let i = 0; i < MAX_CAPTURE_STREAMS; i++) streams.push(await open(both));
    // The token is full; the same cookie alone is a credential of its own.
    expect((await open(both)).status).toBe(429);
    const cookieOnly = await open({ cookie: `${SESSION_COOKIE}=secret-three` });
    expect(cookieOnly.status).toBe(200);

    const anonymous = await open({ cookie: "theme=dark" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toBe("");
    expect((await open({ cookie: `${SESSION_COOKIE}=` })).status).toBe(401);
    for (const s of [...streams, cookieOnly]) await s.close();
  });

  it("gates only GET on the events path itself, not its look-alikes", async () => {
    const session = { cookie: `${SESSION_COOKIE}=secret-four` };
    const streams = [];
    for (let i = 0; i < MAX_CAPTURE_STREAMS; i++) streams.push(await open(session, `${EVENTS_PATH}?since=1&links=1,2`));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect((await open(session, `${EVENTS_PATH}?since=2`)).status).toBe(429);
    expect((await fetch(`${origin}${EVENTS_PATH}x`, { headers: session })).status).toBe(200);
    expect((await fetch(`${origin}/api/captures`, { headers: session })).status).toBe(200);
    expect((await fetch(`${origin}${EVENTS_PATH}`, { method: "POST", headers: session })).status).not.toBe(429);
    for (const s of streams) await s.close();
  });
});
