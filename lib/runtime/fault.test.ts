import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, sleep, useTempDataDir, waitFor } from "@/lib/db/testing";
import { bestEffortSync, tolerateSync } from "@/lib/log/best-effort";

// Fault tests with real worker processes (`tsx scripts/worker.ts`) against one temporary data folder:
// a worker SIGKILLed mid-capture, Chromium killed mid-capture, and leftovers of dead workers reaped.
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dataDir = useTempDataDir({ KURA_ALLOWED_HOSTS: "127.0.0.1" });

const { db } = await import("@/lib/db/client");
const { addEntry } = await import("@/lib/library/entries");
const { cmdline, isSameProcess, listProcs, processTree, readProc } = await import("@/lib/capture/browser/proc");
const { reapLeftoverBrowsers } = await import("@/lib/capture/browser/host");
const { referencedPaths } = await import("@/lib/library/stored-files");
const { testBrowserPath } = await import("@/lib/capture/testing");

const prisma = db();
let server: http.Server;
let origin: string;
let counter = 0;
const workers: Array<{ child: ChildProcess; output: string[] }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/img.png") {
      const delay = Number(url.searchParams.get("delay") ?? 0);
      return void setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(10)), delay);
    }
    const delay = url.searchParams.get("delay") ?? "0";
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><title>${url.pathname}</title><h1>Page ${url.pathname}</h1><p>${"Words. ".repeat(40)}</p><img src="/img.png?delay=${delay}">`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async (context) => {
  // Whatever a failed test left running (and what its workers said, to see why).
  for (const { child, output } of workers.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (context.task.result?.state === "fail") console.log(`--- worker ${child.pid}:\n${output.join("")}`);
  }
  // Leave an empty queue to the next test.
  await prisma.job.updateMany({ where: { state: { in: ["queued", "running"] } }, data: { state: "cancelled" } });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `tsx scripts/worker.ts` as one process (node with tsx's loader), so its pid is the worker's own. */
function startWorker(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      KURA_DATA_DIR: dataDir,
      KURA_ALLOWED_HOSTS: "127.0.0.1",
      KURA_CAPTURE_CONCURRENCY: "2",
      KURA_JOB_LEASE_MS: "5000",
      KURA_WORKER_POLL_MS: "200",
      KURA_RETRY_BASE_MS: "300",
      KURA_NETWORK_IDLE_MS: "100",
      KURA_NAV_TIMEOUT_MS: "15000",
      KURA_SHUTDOWN_GRACE_MS: "10000",
      KURA_SWEEP_MIN_AGE_MS: "0",
      KURA_SCHEDULER_INTERVAL_MS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  workers.push({ child, output });
  return { child, output };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error("the worker did not exit in time")), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** The worker's Chromium: its child process carrying the `--kura-browser=<worker pid>-…` marker. */
function browserOf(workerPid: number) {
  return listProcs().find((p) => p.ppid === workerPid && cmdline(p.pid).includes(`--kura-browser=${workerPid}-`)) ?? null;
}

/** Every process below the worker (its Chromium and Chromium's helpers), with start times. */
function treeOf(pid: number) {
  return processTree(pid)
    .filter((p) => p.pid !== pid)
    .map((p) => ({ pid: p.pid, startTime: p.startTime, comm: p.comm }));
}

/** Processes anywhere on the machine that belong to a browser launched by one of these worker pids. */
function browsersOfWorkers(pids: number[]) {
  return listProcs().filter((p) => pids.some((pid) => cmdline(p.pid).includes(`--kura-browser=${pid}-`)));
}

async function enqueue(count: number, delay: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await addEntry({ url: `${origin}/fault-${++counter}?delay=${delay}`, tags: [] })).linkId);
  return ids;
}

/** What rows point at, sorted like listSnapshotFiles. */
async function referencedFiles(): Promise<string[]> {
  return [...(await referencedPaths(prisma))].sort();
}

describe("fault tolerance with worker processes", () => {
  // Each takes well under a minute on an idle machine; the waits and timeouts leave room for a heavily loaded one.
  it("a worker SIGKILLed mid-capture: its Chromium dies with it, restarted workers finish every job once, no dangling file", { timeout: 240_000 }, async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const links = await enqueue(4, 1000);
    const a = startWorker();
    const aPid = a.child.pid!;
    // Mid-way: some captures running, with the browser up.
    await waitFor(
      "worker A to be capturing",
      async () => browserOf(aPid) !== null && (await prisma.job.count({ where: { state: "running", workerId: { contains: `:${aPid}:` } } })) >= 1,
      90_000,
      100,
    );
    await sleep(500);
    const aTree = treeOf(aPid);
    expect(aTree.some((p) => p.comm.includes("chrom"))).toBe(true);
    const pidFiles = await waitFor(
      "A's browser pid file",
      () => {
        const files = fs.existsSync(path.join(dataDir, "run")) ? fs.readdirSync(path.join(dataDir, "run")) : [];
        const mine = files.filter((f) => f.startsWith(`chromium-${aPid}-`));
        return mine.length > 0 ? mine : null;
      },
      5000,
      50,
    );
    expect(pidFiles).toHaveLength(1);
    const interrupted = await prisma.job.findMany({ where: { state: "running" }, select: { id: true } });

    phase("A capturing");
    a.child.kill("SIGKILL");
    await exited(a.child, 5000);
    // Chromium is attached by a pipe: it exits when the pipe closes, without anyone's help.
    await waitFor("A's Chromium to exit by itself", () => aTree.every((p) => !isSameProcess(p.pid, p.startTime)), 15_000, 100);

    phase("A's Chromium gone by itself");
    // Two workers now (any number may share the database); A's jobs come back when their 5 s lease runs out.
    const b = startWorker();
    const c = startWorker();
    await waitFor(
      "every job to end",
      async () => (await prisma.job.count({ where: { snapshot: { linkId: { in: links } }, state: { in: ["done", "failed", "cancelled"] } } })) === links.length,
      120_000,
      200,
    );
    phase("all jobs done by B and C");
    const snapshots = await prisma.snapshot.findMany({ where: { linkId: { in: links } }, include: { job: true } });
    expect(snapshots).toHaveLength(links.length); // one snapshot per link: none lost, none duplicated
    for (const s of snapshots) {
      expect({ status: s.status, job: s.job?.state, error: s.error }).toEqual({ status: "ready", job: "done", error: null });
    }
    const retried = snapshots.filter((s) => interrupted.some((j) => j.id === s.job!.id));
    expect(retried.length).toBeGreaterThanOrEqual(1);
    for (const s of retried) expect(s.job!.attempts).toBeGreaterThanOrEqual(2); // 2, or more if a loaded machine let a lease lapse

    // B or C reaped A's pid file (and its temporary profile) at start.
    expect(fs.existsSync(path.join(dataDir, "run", pidFiles[0]!))).toBe(false);

    // Graceful stop of the survivors: exit 0, their browsers gone too.
    const bcTrees = [...treeOf(b.child.pid!), ...treeOf(c.child.pid!)];
    b.child.kill("SIGTERM");
    c.child.kill("SIGTERM");
    expect((await exited(b.child, 20_000)).code).toBe(0);
    expect((await exited(c.child, 20_000)).code).toBe(0);
    await waitFor("B's and C's browsers to be gone", () => bcTrees.every((p) => !isSameProcess(p.pid, p.startTime)), 10_000, 100);
    expect(browsersOfWorkers([aPid, b.child.pid!, c.child.pid!])).toEqual([]);
    phase("B and C stopped");
    console.log(`worker SIGKILL test: ${phases.join(", ")}`);

    // Files and rows agree exactly.
    expect(listSnapshotFiles(dataDir)).toEqual(await referencedFiles());
  });

  it("Chromium killed during a capture: the job is retried and succeeds", { timeout: 240_000 }, async () => {
    const [linkId] = await enqueue(1, 4000);
    const w = startWorker({ KURA_CAPTURE_CONCURRENCY: "1" });
    const wPid = w.child.pid!;
    await waitFor("the capture to load", async () => (await prisma.snapshot.findFirst({ where: { linkId, status: "capturing" } })) !== null, 90_000, 100);
    const browser = await waitFor("the worker's Chromium", () => browserOf(wPid), 10_000, 50);
    const tree = treeOf(browser.pid).concat({ pid: browser.pid, startTime: browser.startTime, comm: browser.comm });
    process.kill(browser.pid, "SIGKILL");

    await waitFor("the capture to succeed", async () => (await prisma.snapshot.findFirst({ where: { linkId, status: "ready" } })) !== null, 90_000, 200);
    const job = await prisma.job.findFirstOrThrow({ where: { snapshot: { linkId } } });
    expect(job.state).toBe("done");
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(w.output.join("")).toMatch(/browser stopped during the capture/);
    // The killed browser left nothing behind, and a new one took over.
    await waitFor("the killed browser's helpers to be gone", () => tree.every((p) => !isSameProcess(p.pid, p.startTime)), 10_000, 100);
    expect(browserOf(wPid)?.pid).not.toBe(browser.pid);

    const wTree = treeOf(wPid);
    w.child.kill("SIGTERM");
    expect((await exited(w.child, 20_000)).code).toBe(0);
    await waitFor("the worker's browser to be gone", () => wTree.every((p) => !isSameProcess(p.pid, p.startTime)), 10_000, 100);
    expect(listSnapshotFiles(dataDir)).toEqual(await referencedFiles());
  });

  it("a starting worker kills the browsers dead workers left, proven by their pid file, and nothing else", async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-reap-"));
    const deadOwner = spawn("true");
    await exited(deadOwner, 5000);
    const launch = (marker: string) => {
      const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "playwright_chromiumdev_profile-kura-test-"));
      const child = spawn(
        testBrowserPath(),
        ["--headless", "--no-sandbox", "--disable-gpu", `--kura-browser=${marker}`, `--user-data-dir=${profileDir}`, "about:blank"],
        {
          detached: true,
          stdio: "ignore",
        },
      );
      return { child, profileDir, marker };
    };
    // An orphan (its owner is dead) and a browser whose owner (this process) is alive.
    const orphan = launch(`${deadOwner.pid}-aaaaaa`);
    const owned = launch(`${process.pid}-bbbbbb`);
    try {
      await waitFor("both browsers to start helpers", () => [orphan, owned].every((b) => treeOf(b.child.pid!).length > 0), 20_000, 100);
      const record = (b: typeof orphan, ownerPid: number, ownerStartTime: number) =>
        fs.writeFileSync(
          path.join(runDir, `chromium-${b.marker}.json`),
          JSON.stringify({
            ownerPid,
            ownerStartTime,
            pid: b.child.pid,
            startTime: readProc(b.child.pid!)!.startTime,
            profileDir: b.profileDir,
            marker: b.marker,
          }),
        );
      record(orphan, deadOwner.pid!, 12345);
      record(owned, process.pid, readProc(process.pid)!.startTime);
      const ownedStartTime = readProc(owned.child.pid!)!.startTime;
      const orphanTree = [{ pid: orphan.child.pid!, startTime: readProc(orphan.child.pid!)!.startTime }, ...treeOf(orphan.child.pid!)];

      const { killed } = reapLeftoverBrowsers(runDir);
      expect(killed).toContain(orphan.child.pid);
      await waitFor("the orphan's tree to be gone", () => orphanTree.every((p) => !isSameProcess(p.pid, p.startTime)), 10_000, 50);
      expect(fs.existsSync(orphan.profileDir)).toBe(false);
      expect(isSameProcess(owned.child.pid!, ownedStartTime)).toBe(true); // the live owner's browser is left alone
      expect(fs.readdirSync(runDir)).toEqual([`chromium-${owned.marker}.json`]);
    } finally {
      for (const b of [orphan, owned]) {
        // ESRCH: the group is gone already (the reaper killed the orphan's), which is what the test wanted.
        bestEffortSync(() => tolerateSync(["ESRCH"], () => process.kill(-b.child.pid!, "SIGKILL")), "killing a test browser's process group");
        fs.rmSync(b.profileDir, { recursive: true, force: true });
      }
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
