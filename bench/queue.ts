/**
 * Queue load benchmark: `npm run bench:queue` (tsx bench/queue.ts).
 *
 * For each concurrency (default 1, 2 and 4): a fresh temporary data folder migrated with `prisma migrate deploy`,
 * BENCH_JOBS captures (default 200) of varied pages from a loopback site enqueued through the library service,
 * then one `scripts/worker.ts` process with KURA_CAPTURE_CONCURRENCY set works the queue down. While it runs,
 * /proc is sampled for the worker's resident memory and for the sum over its Chromium process tree.
 *
 * Checks, per run: every job ends done or failed with a reason (none lost), one snapshot per link (none
 * duplicated), done ⇔ ready, files on disk ⇔ paths in rows, and no Chromium process left after SIGTERM.
 *
 * The site: articles, image pages, a tall page, a table, a page with a slow image, a redirect; 5 % answer 404
 * (permanent: no retry), 2.5 % always 503 (retried with backoff, then failed), 2.5 % 503 once, then fine.
 *
 * Env: BENCH_JOBS (200), BENCH_CONCURRENCY ("1,2,4"), BENCH_RUN_TIMEOUT_MS (1,200,000 per run).
 * Internal: `bench/queue.ts --enqueue <origin> <count>` (run with KURA_DATA_DIR set) enqueues and exits.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { cmdline, isSameProcess, listProcs, processTree, rssBytes, treePssBytes, treeRssBytes } from "../lib/capture/browser/proc";

const ROOT = path.resolve(import.meta.dirname, "..");
const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? "1,2,4")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 1_200_000);

// ---------------------------------------------------------------------------------------------------------------
// Enqueue mode (a child process, so the app's config and database client point at the run's data folder)

if (process.argv[2] === "--enqueue") {
  const [origin, count] = [process.argv[3]!, Number(process.argv[4])];
  const { addEntries } = await import("../lib/library/entries");
  const { db } = await import("../lib/db/client");
  const urls = Array.from({ length: count }, (_, i) => `${origin}${pagePath(i)}`);
  const results = await addEntries({ urls, tags: ["bench"] });
  await db().$disconnect();
  if (results.filter((r) => r.created).length !== count) throw new Error("some links were not created");
  process.exit(0);
}

/** The i-th page of the mix (paths are unique per job so every capture is a new link). */
function pagePath(i: number): string {
  const kinds = ["article", "images", "article", "tall", "table", "article", "slow", "images", "redirect", "article"];
  if (i % 40 === 7) return `/p/${i}/missing`; // 404 → failed, no retry
  if (i % 40 === 19) return `/p/${i}/down`; // 503 always → retried, then failed
  if (i % 40 === 31) return `/p/${i}/flaky`; // 503 once → retried, then done
  return `/p/${i}/${kinds[i % kinds.length]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The loopback site

type Site = { origin: string; reset: () => void; close: () => Promise<void> };

async function startSite(): Promise<Site> {
  const image = async (w: number, h: number, hue: number) => {
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 3;
        raw[o] = (x * 255) / w;
        raw[o + 1] = (y * 255) / h;
        raw[o + 2] = hue;
      }
    return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer();
  };
  const images = await Promise.all([image(640, 360, 40), image(320, 240, 140), image(1200, 500, 220)]);
  const css = `body{font:16px/1.5 sans-serif;max-width:760px;margin:2em auto;color:#222} h1{color:#a33} table{border-collapse:collapse} td{border:1px solid #ccc;padding:2px 6px}`;
  const para = (n: number, seed: number) =>
    Array.from(
      { length: n },
      (_, k) => `<p>Paragraph ${k + 1} of page ${seed}. ${"Containers, firewalls and packet filters interact in ways worth writing down. ".repeat(4)}</p>`,
    ).join("");
  const doc = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/style.css"><link rel="icon" href="/img/1.png"></head><body>${body}</body></html>`;
  const flakySeen = new Set<string>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const html = (status: number, body: string) => res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
    if (url.pathname === "/style.css") return void res.writeHead(200, { "content-type": "text/css" }).end(css);
    const img = /^\/img\/(\d)\.png$/.exec(url.pathname);
    if (img) {
      const delay = Number(url.searchParams.get("delay") ?? 0);
      return void setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(images[Number(img[1]) % images.length]), delay);
    }
    const m = /^\/p\/(\d+)\/(\w+)$/.exec(url.pathname);
    if (!m) return html(404, "not found");
    const [n, kind] = [Number(m[1]), m[2]];
    switch (kind) {
      case "article":
        return html(200, doc(`Article ${n}`, `<article><h1>Article ${n}</h1>${para(8, n)}</article>`));
      case "images":
        return html(200, doc(`Images ${n}`, `<h1>Images ${n}</h1>${para(2, n)}<img src="/img/0.png"><img src="/img/1.png"><img src="/img/2.png" width="600">`));
      case "tall":
        return html(200, doc(`Tall ${n}`, `<h1>Tall ${n}</h1>${para(60, n)}`));
      case "table":
        return html(
          200,
          doc(
            `Table ${n}`,
            `<h1>Table ${n}</h1><table>${Array.from({ length: 120 }, (_, r) => `<tr>${Array.from({ length: 6 }, (_, c) => `<td>r${r}c${c}</td>`).join("")}</tr>`).join("")}</table>`,
          ),
        );
      case "slow":
        return html(200, doc(`Slow ${n}`, `<h1>Slow ${n}</h1>${para(3, n)}<img src="/img/0.png?delay=800">`));
      case "redirect":
        return void res.writeHead(301, { location: `/p/${n}/article` }).end();
      case "missing":
        return html(404, "gone");
      case "down":
        return html(503, "down for maintenance");
      case "flaky":
        if (!flakySeen.has(url.pathname)) {
          flakySeen.add(url.pathname);
          return html(503, "try again");
        }
        return html(200, doc(`Flaky ${n}`, `<h1>Flaky ${n}</h1>${para(3, n)}`));
      default:
        return html(404, "unknown");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Before each run: flaky pages fail their first request again. */
    reset: () => flakySeen.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One run

type RunResult = {
  concurrency: number;
  jobs: number;
  done: number;
  failed: number;
  lost: number;
  /** Jobs still queued or running when the run hit BENCH_RUN_TIMEOUT_MS (not lost: they are still in the queue). */
  unfinished: number;
  timedOut: boolean;
  load: [number, number];
  duplicated: number;
  failedWithoutReason: number;
  inconsistent: number;
  wallMs: number;
  p50: number;
  p95: number;
  retries: number;
  workerPeakRss: number;
  chromiumPeakRss: number;
  chromiumPeakPss: number;
  leftoverChromium: number;
  danglingFiles: number;
  missingFiles: number;
  reasons: Map<string, number>;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`);
    throw error;
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function listFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dataDir, full).split(path.sep).join("/"));
    }
  };
  walk(path.join(dataDir, "snapshots"));
  walk(path.join(dataDir, "blobs"));
  return out;
}

async function runOnce(site: Site, concurrency: number): Promise<RunResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kura-bench-queue-c${concurrency}-`));
  const env = {
    ...process.env,
    KURA_DATA_DIR: dataDir,
    KURA_ALLOWED_HOSTS: "127.0.0.1",
    KURA_CAPTURE_CONCURRENCY: String(concurrency),
    KURA_RETRY_BASE_MS: "500",
    KURA_WORKER_POLL_MS: "200",
    KURA_SCHEDULER_INTERVAL_MS: "0",
    CHECKPOINT_DISABLE: "1",
  };
  delete (env as NodeJS.ProcessEnv).DATABASE_URL; // prisma.config.ts derives it from KURA_DATA_DIR
  process.stdout.write(`c=${concurrency}: migrating ${dataDir} … `);
  run(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], env);
  process.stdout.write(`enqueueing ${JOBS} … `);
  run(process.execPath, ["--import", "tsx", "bench/queue.ts", "--enqueue", site.origin, String(JOBS)], env);
  process.stdout.write("capturing … ");

  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true, fileMustExist: true });
  const counts = sqlite.prepare("SELECT state, COUNT(*) AS n FROM Job GROUP BY state");
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  worker.stdout.on("data", (d: Buffer) => log.push(d.toString()));
  worker.stderr.on("data", (d: Buffer) => log.push(d.toString()));
  const wpid = worker.pid!;

  let workerPeak = 0;
  let chromiumPeak = 0;
  let chromiumPeakPss = 0;
  const seenBrowserProcs = new Map<number, number>();
  let firstRunning = 0;
  let lastChange = 0;
  const started = Date.now();
  let terminal = 0;
  const loadAtStart = os.loadavg()[0]!;
  for (let tick = 0; Date.now() - started < RUN_TIMEOUT_MS; tick++) {
    const procs = listProcs();
    workerPeak = Math.max(workerPeak, rssBytes(wpid));
    const browsers = procs.filter((p) => p.ppid === wpid && cmdline(p.pid).includes("--kura-browser="));
    chromiumPeak = Math.max(
      chromiumPeak,
      browsers.reduce((sum, b) => sum + treeRssBytes(b.pid, procs), 0),
    );
    if (tick % 4 === 0)
      chromiumPeakPss = Math.max(
        chromiumPeakPss,
        browsers.reduce((sum, b) => sum + treePssBytes(b.pid, procs), 0),
      );
    for (const b of browsers) for (const p of processTree(b.pid, procs)) seenBrowserProcs.set(p.pid, p.startTime);
    const byState = Object.fromEntries((counts.all() as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
    if (!firstRunning && ((byState.running ?? 0) > 0 || (byState.done ?? 0) > 0)) firstRunning = Date.now();
    const nowTerminal = (byState.done ?? 0) + (byState.failed ?? 0) + (byState.cancelled ?? 0);
    if (nowTerminal !== terminal) {
      terminal = nowTerminal;
      lastChange = Date.now();
    }
    if (terminal >= JOBS) break;
    if (worker.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const wallMs = lastChange - (firstRunning || started);
  const timedOut = terminal < JOBS && Date.now() - started >= RUN_TIMEOUT_MS;
  const loadAtEnd = os.loadavg()[0]!;

  worker.kill("SIGTERM");
  const code = await exited(worker, 30_000);
  if (code === null) worker.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 500));
  const leftoverChromium = [...seenBrowserProcs].filter(([pid, start]) => isSameProcess(pid, start)).length;

  const jobs = sqlite
    .prepare("SELECT j.state, j.attempts, j.lastError, s.status, s.error, s.durationMs, s.linkId FROM Job j JOIN Snapshot s ON s.id = j.snapshotId")
    .all() as Array<{
    state: string;
    attempts: number;
    lastError: string | null;
    status: string;
    error: string | null;
    durationMs: number | null;
    linkId: number;
  }>;
  const links = (sqlite.prepare("SELECT COUNT(*) AS n FROM Link").get() as { n: number }).n;
  const perLink = sqlite.prepare("SELECT linkId, COUNT(*) AS n FROM Snapshot GROUP BY linkId HAVING n > 1").all() as Array<{ n: number }>;
  const refs = new Set(
    (
      sqlite
        .prepare(
          "SELECT htmlPath AS p FROM Snapshot UNION ALL SELECT screenshotPath FROM Snapshot UNION ALL SELECT thumbnailPath FROM Snapshot " +
            "UNION ALL SELECT readerPath FROM Snapshot UNION ALL SELECT originalPath FROM Snapshot UNION ALL SELECT faviconPath FROM Link " +
            // A split page's parts (lib/storage/html-parts.ts) are referenced by their rows too.
            "UNION ALL SELECT path FROM SnapshotPart",
        )
        .all() as Array<{
        p: string | null;
      }>
    )
      .map((r) => r.p)
      .filter((p): p is string => p !== null),
  );
  sqlite.close();
  const files = listFiles(dataDir);
  const durations = jobs
    .filter((j) => j.status === "ready" && j.durationMs !== null)
    .map((j) => j.durationMs!)
    .sort((a, b) => a - b);
  const reasons = new Map<string, number>();
  for (const j of jobs.filter((j) => j.state === "failed")) reasons.set(j.error ?? "(none)", (reasons.get(j.error ?? "(none)") ?? 0) + 1);

  const result: RunResult = {
    concurrency,
    jobs: jobs.length,
    done: jobs.filter((j) => j.state === "done").length,
    failed: jobs.filter((j) => j.state === "failed").length,
    // Lost: a link without its job, or a job in no known state. Queued/running ones at a timeout are counted apart.
    lost: Math.max(0, JOBS - links) + Math.max(0, links - jobs.length) + jobs.filter((j) => !["done", "failed", "queued", "running"].includes(j.state)).length,
    unfinished: jobs.filter((j) => j.state === "queued" || j.state === "running").length,
    timedOut,
    load: [loadAtStart, loadAtEnd],
    duplicated: perLink.length,
    failedWithoutReason: jobs.filter((j) => j.state === "failed" && !j.error).length,
    inconsistent: jobs.filter((j) => (j.state === "done") !== (j.status === "ready")).length,
    wallMs,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    retries: jobs.reduce((sum, j) => sum + Math.max(0, j.attempts - 1), 0),
    workerPeakRss: workerPeak,
    chromiumPeakRss: chromiumPeak,
    chromiumPeakPss,
    leftoverChromium,
    danglingFiles: files.filter((f) => !refs.has(f)).length,
    missingFiles: [...refs].filter((p) => !files.includes(p)).length,
    reasons,
  };
  process.stdout.write(`${result.done} done, ${result.failed} failed in ${(wallMs / 1000).toFixed(1)} s\n`);
  if (result.lost > 0 || code !== 0) process.stdout.write(log.join("").split("\n").slice(-30).join("\n") + "\n");
  fs.rmSync(dataDir, { recursive: true, force: true });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------

const site = await startSite();
console.log(
  `Kura queue bench: ${JOBS} captures per run, concurrency ${CONCURRENCIES.join(", ")}; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
);
const results: RunResult[] = [];
try {
  for (const c of CONCURRENCIES) {
    site.reset();
    results.push(await runOnce(site, c));
  }
} finally {
  await site.close();
}

const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
const header = [
  "conc",
  "jobs",
  "done",
  "failed",
  "lost",
  "unfinished",
  "dup",
  "wall s",
  "jobs/min",
  "p50 ms",
  "p95 ms",
  "retries",
  "worker MiB",
  "chromium MiB",
  "(PSS)",
  "orphans",
  "dangling",
  "load",
];
const rows = results.map((r) => [
  String(r.concurrency),
  String(r.jobs),
  String(r.done),
  String(r.failed),
  String(r.lost),
  String(r.unfinished),
  String(r.duplicated),
  (r.wallMs / 1000).toFixed(1),
  ((r.done + r.failed) / (r.wallMs / 60_000)).toFixed(1),
  String(r.p50),
  String(r.p95),
  String(r.retries),
  mib(r.workerPeakRss),
  mib(r.chromiumPeakRss),
  mib(r.chromiumPeakPss),
  String(r.leftoverChromium),
  `${r.danglingFiles}/${r.missingFiles}`,
  `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
console.log();
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
console.log();
console.log("wall: first claim → last job ended; p50/p95: capture + store time of ready snapshots; worker/chromium: peak RSS");
console.log("(worker process; sum over the Chromium process tree, and the same as PSS, which counts shared pages once);");
console.log("retries: attempts beyond the first (5 pages always 503: 2 retries each; 5 pages 503 once: 1 retry each);");
console.log("orphans: browser processes alive after the worker's SIGTERM; dangling: files without a row / rows without a file;");
console.log("unfinished: jobs still queued or running when the run hit BENCH_RUN_TIMEOUT_MS; load: 1-min load average at start → end.");
for (const r of results) {
  console.log(`c=${r.concurrency} failures: ${[...r.reasons].map(([reason, n]) => `${n}× ${reason}`).join("; ") || "none"}`);
}
for (const r of results) if (r.timedOut) console.error(`c=${r.concurrency}: the run hit BENCH_RUN_TIMEOUT_MS with ${r.unfinished} job(s) still in the queue`);
const bad = results.filter(
  (r) => r.lost || r.unfinished || r.duplicated || r.failedWithoutReason || r.inconsistent || r.leftoverChromium || r.danglingFiles || r.missingFiles,
);
if (bad.length > 0) {
  console.error(`FAILED checks in run(s) with concurrency ${bad.map((r) => r.concurrency).join(", ")}`);
  process.exitCode = 1;
}
