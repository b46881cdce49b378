import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, useTempDataDir, waitFor } from "@/lib/db/testing";

// Limits end every capture within its budget with a clear outcome, through the whole pipeline (job, capture,
// files, rows) against a loopback site: a page that never finishes, a 50 MB resource, a 10,000 px tall page,
// a redirect loop, and a cancelled capture.
const BUDGET_MS = 20_000;
const dataDir = useTempDataDir({
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_NAV_TIMEOUT_MS: "4000",
  KURA_CAPTURE_BUDGET_MS: String(BUDGET_MS),
  KURA_NETWORK_IDLE_MS: "200",
  KURA_MAX_SCREENSHOT_HEIGHT: "4000",
  KURA_MAX_REDIRECTS: "5",
  // 8 MiB rather than the default 25: the browser still receives the cut body, which is slow on a loaded machine.
  KURA_MAX_RESOURCE_BYTES: String(8 * 1024 * 1024),
  KURA_JOB_MAX_ATTEMPTS: "3",
});

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const { captureJob } = await import("./handler");
const { addEntry, cancelCapture } = await import("@/lib/library/entries");
const { claimNextJob, completeJob, updateHeldJob } = await import("@/lib/queue/jobs");
const { settleJob } = await import("@/lib/queue/runner");
const { isSameProcess, readProc } = await import("@/lib/capture/browser/proc");

const prisma = db();
const host = new BrowserHost({ maxContexts: 2, handleSignals: false });
const handler = captureJob({ host, settings: captureSettings(config()) });
const hanging = new Set<http.ServerResponse>();
let server: http.Server;
let origin: string;

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/never")
      return void res.writeHead(200, { "content-type": "text/html" }).end(page(`<h1>Never done</h1><p>${"words ".repeat(50)}</p><img src="/hang.png">`));
    if (url === "/hang.png" || url === "/never-doc") {
      hanging.add(res);
      res.writeHead(200, { "content-type": url === "/hang.png" ? "image/png" : "text/html" });
      res.write(url === "/never-doc" ? "<!doctype html><html><body><h1>Loading forever" : Buffer.alloc(10));
      return;
    }
    if (url === "/big")
      return void res.writeHead(200, { "content-type": "text/html" }).end(page(`<h1>Big</h1><p>${"text ".repeat(50)}</p><img src="/big.png">`));
    if (url === "/big.png") {
      // 50 MB, streamed
      res.writeHead(200, { "content-type": "image/png", "content-length": String(50 * 1024 * 1024) });
      const chunk = Buffer.alloc(1024 * 1024, 7);
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("error", () => undefined);
      return pump();
    }
    if (url === "/tall")
      return void res.writeHead(200, { "content-type": "text/html" }).end(page(`<div style="height:10000px;background:linear-gradient(red,blue)">tall</div>`));
    if (url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
    if (url === "/slow") return void res.writeHead(200, { "content-type": "text/html" }).end(page(`<h1>Slow</h1><img src="/slow.png">`));
    if (url === "/slow.png") return void setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(10)), 3500);
    if (url === "/ok")
      return void res.writeHead(200, { "content-type": "text/html" }).end(page(`<article><h1>Fine</h1><p>${"A plain page. ".repeat(30)}</p></article>`));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // Every test captured, so the host's browser is up here; closing it must leave no process behind.
  const browser = readProc(host.pid!);
  expect(browser).not.toBeNull();
  await host.close();
  expect(isSameProcess(browser!.pid, browser!.startTime)).toBe(false);
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Queues a capture of `route` and runs it as a worker would (holding the job, recording its outcome). `files`: the
 * stored files that were not there before it.
 */
async function capture(route: string, signal = new AbortController().signal) {
  const before = new Set(listSnapshotFiles(dataDir));
  await addEntry({ url: `${origin}${route}`, tags: [] });
  const job = (await claimNextJob(prisma, "test-worker", 60_000, handler.onAbandon))!;
  expect(job).not.toBeNull();
  const started = Date.now();
  const outcome = await handler.run({
    snapshotId: job.snapshotId,
    attempt: job.attempts,
    maxAttempts: job.maxAttempts,
    signal,
    commit: (publish) => completeJob(prisma, job, publish),
    update: (write) => updateHeldJob(prisma, job, write),
  });
  await settleJob(prisma, job, outcome, handler, { baseMs: 60_000, maxMs: 60_000 });
  const ms = Date.now() - started;
  const snapshot = await prisma.snapshot.findUniqueOrThrow({ where: { id: job.snapshotId }, include: { job: true } });
  const files = listSnapshotFiles(dataDir).filter((f) => !before.has(f));
  return { outcome, ms, snapshot, files };
}

function referencedFiles(s: { htmlPath: string | null; screenshotPath: string | null; thumbnailPath: string | null; readerPath: string | null }) {
  return [s.htmlPath, s.screenshotPath, s.thumbnailPath, s.readerPath].filter((p): p is string => p !== null);
}

describe("a capture job within limits", { timeout: 90_000 }, () => {
  it("publishes a normal page: job done, files written first, every file referenced", async () => {
    const { outcome, snapshot, files } = await capture("/ok");
    expect(outcome).toEqual({ kind: "done", limitsHit: [] });
    expect(snapshot).toMatchObject({ status: "ready", error: null, limitsJson: null, job: { state: "done", attempts: 1 } });
    expect(files.filter((f) => !f.includes("favicon")).sort()).toEqual(referencedFiles(snapshot).sort());
    expect(snapshot.readerPath).toMatch(/^blobs\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.html$/);
    expect(snapshot.readerPath).not.toBe(snapshot.htmlPath);
    expect(JSON.parse(snapshot.metadataJson!)).toMatchObject({ version: 1 });
    for (const f of files) expect(fs.existsSync(path.join(dataDir, f))).toBe(true);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("a page whose image never finishes: ends within the budget, keeping what rendered", async () => {
    const { outcome, ms, snapshot } = await capture("/never");
    expect(ms).toBeLessThan(BUDGET_MS + 5000);
    expect(outcome.kind, JSON.stringify(outcome)).toBe("done");
    expect(snapshot.status).toBe("ready");
    expect(snapshot.text).toContain("Never done");
  });

  it("a document that never finishes: ends within the budget as a timeout that will be retried", async () => {
    const { outcome, ms, snapshot, files } = await capture("/never-doc");
    expect(ms).toBeLessThan(BUDGET_MS + 5000);
    expect(outcome).toMatchObject({ kind: "retry", transient: true });
    expect(snapshot.status).toBe("queued");
    expect(snapshot.error).toMatch(/timed out|took too long|took longer/i);
    expect(snapshot.error).toMatch(/Retrying \(attempt 2 of 3\)/);
    expect(snapshot.job).toMatchObject({ state: "queued", attempts: 1 });
    expect(files).toEqual([]);
    await prisma.job.update({ where: { id: snapshot.job!.id }, data: { state: "cancelled" } }); // keep it out of the next claims
  });

  it("a 50 MB resource: cut at the resource limit, the page is kept and the cut is noted", async () => {
    const { outcome, ms, snapshot } = await capture("/big");
    expect(ms).toBeLessThan(BUDGET_MS + 5000);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: "done" });
    expect(snapshot.status).toBe("ready");
    const notes = JSON.parse(snapshot.limitsJson ?? "[]") as Array<{ limit: string; message: string }>;
    expect(notes).toContainEqual({ limit: "maxResourceBytes", message: "Resources larger than 8 MiB were left out." });
    expect(snapshot.htmlBytes!).toBeLessThan(5 * 1024 * 1024);
  });

  it("a 10,000 px tall page: the screenshot is cut at the height limit and the cut is noted", async () => {
    const { outcome, ms, snapshot } = await capture("/tall");
    expect(ms).toBeLessThan(BUDGET_MS + 5000);
    expect(outcome).toMatchObject({ kind: "done", limitsHit: ["maxScreenshotHeight"] });
    const shot = await sharp(path.join(dataDir, snapshot.screenshotPath!)).metadata();
    expect([shot.width, shot.height]).toEqual([1280, 4000]);
    expect(JSON.parse(snapshot.limitsJson!)).toEqual([{ limit: "maxScreenshotHeight", message: "The full-page screenshot was cut at 4000 px." }]);
  });

  it("a redirect loop: fails for good (no retry) with a reason naming the redirects", async () => {
    const { outcome, ms, snapshot, files } = await capture("/loop");
    expect(ms).toBeLessThan(BUDGET_MS + 5000);
    expect(outcome).toMatchObject({ kind: "failed", transient: false });
    expect(snapshot.status).toBe("failed");
    expect(snapshot.error).toMatch(/redirect/i);
    expect(snapshot.job).toMatchObject({ state: "failed", attempts: 1 });
    expect(files).toEqual([]);
  });

  it("a cancelled capture stops at once, writes nothing and stays failed with Cancelled", async () => {
    const controller = new AbortController();
    const running = capture("/slow", controller.signal);
    const snapshotId = await waitFor(
      "the capture to start loading",
      async () => (await prisma.snapshot.findFirst({ where: { status: "capturing", link: { url: `${origin}/slow` } } }))?.id,
      20_000,
      50,
    );
    const cancelledAt = Date.now();
    expect(await cancelCapture({ snapshotId })).toEqual([snapshotId]);
    controller.abort("Cancelled");
    const { outcome, snapshot, files } = await running;
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    expect(outcome).toMatchObject({ kind: "cancelled", reason: "Cancelled" });
    expect(snapshot).toMatchObject({ status: "failed", error: "Cancelled", htmlPath: null, job: { state: "cancelled" } });
    expect(files).toEqual([]);
  });
});
