import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, useTempDataDir, waitFor } from "@/lib/db/testing";

// The worker in this process: concurrency, cancel of a running capture, graceful stop (finish or hand back),
// browser recycling, and no Chromium left behind.
const dataDir = useTempDataDir({
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_NAV_TIMEOUT_MS: "8000",
  KURA_CAPTURE_BUDGET_MS: "20000",
  KURA_NETWORK_IDLE_MS: "100",
  KURA_JOB_LEASE_MS: "5000",
  KURA_RETRY_BASE_MS: "200",
});

const { db } = await import("@/lib/db/client");
const { CaptureWorker } = await import("./capture-worker");
const { addEntry, cancelCapture } = await import("@/lib/library/entries");
const { isSameProcess, processTree, readProc } = await import("@/lib/capture/browser/proc");
const { referencedPaths, sweepSnapshotFiles } = await import("@/lib/library/stored-files");

const prisma = db();
let server: http.Server;
let origin: string;
let n = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const delay = Number(url.searchParams.get("delay") ?? 0);
    if (url.pathname === "/img.png") return void setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(10)), delay);
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        `<!doctype html><title>${url.pathname}</title><h1>Page ${url.pathname}</h1><p>${"Some words here. ".repeat(20)}</p>` +
          (delay ? `<img src="/img.png?delay=${delay}">` : ""),
      );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function newWorker(options: Partial<ConstructorParameters<typeof CaptureWorker>[0]> = {}) {
  return new CaptureWorker({ concurrency: 2, pollMs: 100, leaseMs: 5000, retry: { baseMs: 200, maxMs: 1000 }, runDir: path.join(dataDir, "run"), ...options });
}

async function enqueue(count: number, delay = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { linkId } = await addEntry({ url: `${origin}/p${++n}?delay=${delay}`, tags: [] });
    ids.push(linkId);
  }
  return ids;
}

async function statesOf(linkIds: number[]) {
  const snapshots = await prisma.snapshot.findMany({ where: { linkId: { in: linkIds } }, include: { job: true }, orderBy: { id: "asc" } });
  return snapshots.map((s) => ({ status: s.status, job: s.job?.state, error: s.error }));
}

/** The browser's processes as /proc sees them now (to check they are all gone later). */
function browserTree(pid: number | null) {
  return pid ? processTree(pid).map((p) => ({ pid: p.pid, startTime: p.startTime })) : [];
}

describe("CaptureWorker", { timeout: 120_000 }, () => {
  it("captures with two slots, stops a cancelled capture within a second or two, and leaves no browser behind", async () => {
    const worker = newWorker();
    worker.start();
    try {
      const quick = await enqueue(3);
      const [slow] = await enqueue(1, 15_000);
      await waitFor("the quick captures", async () => (await statesOf(quick)).every((s) => s.status === "ready"), 45_000);
      const snapshotId = await waitFor(
        "the slow capture to run",
        async () => (await prisma.snapshot.findFirst({ where: { linkId: slow, status: "capturing" } }))?.id,
        30_000,
      );
      const cancelledAt = Date.now();
      await cancelCapture({ linkId: slow! });
      await waitFor("the worker to let go of the cancelled job", () => worker.runningJobs.length === 0, 10_000, 50);
      expect(Date.now() - cancelledAt).toBeLessThan(5000);
      expect(await statesOf([slow!])).toEqual([{ status: "failed", job: "cancelled", error: "Cancelled" }]);
      // Nothing of the cancelled capture stays stored: every file left is one a row refers to.
      const referenced = await referencedPaths(prisma);
      expect(listSnapshotFiles(dataDir).filter((f) => !referenced.has(f))).toEqual([]);
      expect((await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } })).htmlPath).toBeNull();
      expect(worker.browser.stats().launches).toBe(1);
    } finally {
      const tree = browserTree(worker.browser.pid);
      expect(tree.length).toBeGreaterThan(0);
      await worker.stop(5000);
      expect(tree.filter((p) => isSameProcess(p.pid, p.startTime))).toEqual([]);
      expect(fs.readdirSync(path.join(dataDir, "run")).filter((f) => f.startsWith("chromium-"))).toEqual([]);
    }
  });

  it("on stop, lets running captures finish within the grace period", async () => {
    const worker = newWorker();
    worker.start();
    const links = await enqueue(2, 2500);
    await waitFor("both captures to run", () => worker.runningJobs.length === 2, 30_000, 50);
    await worker.stop(30_000);
    expect(await statesOf(links)).toEqual([
      { status: "ready", job: "done", error: null },
      { status: "ready", job: "done", error: null },
    ]);
  });

  it("on stop, hands captures that outlast the grace period back to the queue without charging an attempt", async () => {
    const lines: string[] = [];
    const worker = newWorker({ log: (line) => lines.push(line) });
    worker.start();
    const links = await enqueue(2, 20_000);
    await waitFor("both captures to run", () => worker.runningJobs.length === 2, 30_000, 50);
    const jobIds = worker.runningJobs.map((job) => job.id);
    // Jobs count as running from their claim; the browser they lease may still be starting.
    await waitFor("the browser to be up", () => worker.browser.pid !== null, 30_000, 50);
    // By pid and start time: with pid_max at 32768 and other work on the machine, a freed pid can be reused at once.
    const tree = browserTree(worker.browser.pid);
    expect(tree.length).toBeGreaterThan(0);
    const graceMs = 500;
    const started = Date.now();
    await worker.stop(graceMs);
    // stop() is bounded by design: the grace, then at most 10 s for the aborted jobs to return, then the browser's
    // close (5 s gracefully, then SIGKILL and up to 5 s for the tree to exit). A loaded machine may use all of it.
    expect(Date.now() - started).toBeLessThan(graceMs + 10_000 + 10_000);
    // That the captures did not simply run out is said by the runner: each ended "released", which only a capture
    // stopped by the shutdown and handed back is (one that ended on its own — its image takes 20 s, the navigation
    // gives up at 8 s — would be "lost" to the fencing, since its job was no longer held).
    for (const id of jobIds) expect(lines.find((line) => line.startsWith(`job ${id} (`))).toMatch(/\): released\b/);
    expect(await statesOf(links)).toEqual([
      { status: "queued", job: "queued", error: null },
      { status: "queued", job: "queued", error: null },
    ]);
    const jobs = await prisma.job.findMany({ where: { snapshot: { linkId: { in: links } } } });
    expect(jobs.map((j) => [j.attempts, j.workerId])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(tree.filter((p) => isSameProcess(p.pid, p.startTime))).toEqual([]);
    // Out of the way of the next test (they would take 20 s).
    await cancelCapture({ linkId: links[0]! });
    await cancelCapture({ linkId: links[1]! });
  });

  it("recycles the browser after N captures, and the sweep finds no unreferenced file", async () => {
    const worker = newWorker({ recycleAfterCaptures: 1, concurrency: 1 });
    worker.start();
    const browsers = new Map<number, number>();
    try {
      const links = await enqueue(3);
      await waitFor(
        "three captures",
        async () => {
          const pid = worker.browser.pid;
          const info = pid ? readProc(pid) : null;
          if (info) browsers.set(info.pid, info.startTime);
          return (await statesOf(links)).every((s) => s.status === "ready");
        },
        60_000,
        50,
      );
      expect(worker.browser.stats().launches).toBeGreaterThanOrEqual(3);
    } finally {
      await worker.stop(5000);
    }
    expect(browsers.size).toBeGreaterThanOrEqual(2);
    expect([...browsers].filter(([pid, startTime]) => isSameProcess(pid, startTime))).toEqual([]);
    const report = await sweepSnapshotFiles({ minAgeMs: 0 });
    expect(report.removed).toEqual([]);
    expect(report.missing).toEqual([]);
  });
});
