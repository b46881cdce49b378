#!/usr/bin/env node
// The production web server (started by scripts/serve-app.mjs): Next.js's own request handler — the one `next start`
// uses — behind a gate that turns a burst of live-progress streams away before Next.js spends anything on it (see
// stream-gate.mjs). Otherwise it serves as `next start` does: PORT (3000), on every address unless KURA_LISTEN_HOST
// names one (a web tier behind a proxy on the same machine: 127.0.0.1).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { streamGate } from "./stream-gate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3000);
const host = process.env.KURA_LISTEN_HOST || undefined;
// In flight when a signal comes: answered if they end within this, then the rest are cut.
const CLOSE_GRACE_MS = 5_000;

process.env.NODE_ENV = "production";
process.title = "kura-web";
const gate = streamGate();
const server = http.createServer((req, res) => {
  if (gate.admit(req, res)) void handle(req, res);
});
let stopping = false;
const closed = new Promise((resolve) => server.once("close", resolve));
/** Takes no new requests and lets the idle connections go; open ones may finish for CLOSE_GRACE_MS. */
function stopServing() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
}

function onSignal(signal) {
  stopServing();
  // The in-process capture worker (KURA_INPROCESS_WORKER=1) has its own handler: it hands its jobs back to the queue
  // and then signals again, when this is the only handler left and the process ends.
  if (process.listenerCount(signal) > 1) return;
  // Live-progress streams never end by themselves: they are cut after the grace.
  const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
  void Promise.race([closed, grace]).then(() => {
    server.closeAllConnections();
    process.exit(0);
  });
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, onSignal);
// Before Next starts the in-process worker (its handler must come second: see onSignal).

const app = next({ dev: false, dir: root, port, hostname: "localhost", httpServer: server });
await app.prepare();
const nextHandler = app.getRequestHandler();

async function handle(req, res) {
  try {
    await nextHandler(req, res);
  } catch (error) {
    // Next answers its own errors; this is for one thrown past it (as `next start` does).
    console.error(`[kura] request ${req.method} ${req.url?.split("?")[0]} failed:`, error);
    if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    else res.destroy();
  }
}

server.listen(port, host, () => {
  // Server actions forwarded between Next's workers build their address from this (as `next start` sets it).
  process.env.__NEXT_PRIVATE_ORIGIN = `http://localhost:${port}`;
  console.log(`[kura] web server ready on port ${port}`);
});
