/**
 * Scale-out benchmark: `npm run bench:scale` (tsx bench/scale.ts).
 *
 * Capture throughput with 1, 2 and 4 `scripts/worker.ts` processes sharing one PostgreSQL database (a throw-away
 * cluster from Debian's postgresql on a loopback port), beside the embedded default: one worker process on SQLite.
 * Each worker has its own empty data folder; on PostgreSQL they store their files in one S3-compatible bucket (a real
 * s3rver on loopback), so they share nothing but the database and the bucket. Per run: BENCH_SCALE_JOBS pages
 * (default 60) of a loopback site are enqueued at once while the workers idle; the clock runs from the enqueue to
 * the last capture ending.
 *
 * Printed per run: captures/min, queue latency (Job.claimedAt − runAt: how long a due job waited for a worker,
 * p50/p95/max), and on PostgreSQL the database's load per capture read from pg_stat_database around the run
 * (transactions committed, rows read, rows written: the enqueue and the workers' own polling included, the bench's
 * reading of the results not — it waits on the workers' logs), and where the files went: the bucket's blobs (count and
 * MiB) and the files left in the workers' own folders (none on PostgreSQL + S3). Check: every job done on its first
 * attempt.
 *
 * This machine has 2 cores: the browsers of 4 workers × KURA_CAPTURE_CONCURRENCY compete for them, so the numbers
 * show the queue's overhead and scaling on one box, not what separate machines would add.
 *
 * Env: BENCH_SCALE_JOBS (60), BENCH_SCALE_WORKERS ("1,2,4"), BENCH_SCALE_CONCURRENCY (2 per worker).
 * Internal: `bench/scale.ts --enqueue <origin> <count>` (with the run's DATABASE_URL / KURA_DATA_DIR) enqueues and exits.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgres } from "../lib/db/testing-postgres";
import { migratePostgres } from "../lib/db/postgres-migrate";
import { LocalFileStore, type FileStore } from "../lib/storage/file-store";
import { s3Environment, s3StoreOn, startS3Server, type S3TestServer } from "../lib/storage/testing-s3";

const ROOT = path.resolve(import.meta.dirname, "..");
const JOBS = Number(process.env.BENCH_SCALE_JOBS ?? 60);
const WORKER_COUNTS = (process.env.BENCH_SCALE_WORKERS ?? "1,2,4")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 2);

if (process.argv[2] === "--enqueue") {
  const [origin, count] = [process.argv[3]!, Number(process.argv[4])];
  const { addEntries } = await import("../lib/library/entries");
  const { db } = await import("../lib/db/client");
  const results = await addEntries({ urls: Array.from({ length: count }, (_, i) => `${origin}/p/${i}`), tags: ["bench"] });
  await db().$disconnect();
  if (results.filter((r) => r.created).length !== count) throw new Error("some links were not created");
  process.exit(0);
}

/** Articles with an image each, distinct per path (every capture is a new link). */
async function startSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  const para = (seed: number) =>
    Array.from({ length: 8 }, (_, k) => `<p>Paragraph ${k + 1} of page ${seed}. ${"Containers, firewalls and packet filters interact. ".repeat(5)}</p>`).join(
      "",
    );
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/img.png") return void res.writeHead(200, { "content-type": "image/png" }).end(png);
    const m = /^\/p\/(\d+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(
        `<!doctype html><html lang="en"><title>Page ${m[1]}</title><article><h1>Page ${m[1]}</h1><img src="/img.png">${para(Number(m[1]))}</article></html>`,
      );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

type Run = { name: string; workers: number; env: Record<string, string>; stats?: () => Promise<DbStats>; bucket?: S3TestServer };
type DbStats = { commits: number; read: number; written: number };
type Row = { run: string; captures: number; seconds: number; perMin: number; latency: string; perCapture: string; files: string };

const baseEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  KURA_DATA_DIR: dataDir,
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_CAPTURE_CONCURRENCY: String(CONCURRENCY),
  KURA_WORKER_POLL_MS: "250",
  KURA_NETWORK_IDLE_MS: "200",
  NODE_ENV: "production",
});

/** A job's end as the worker logs it (lib/queue/runner.ts `finished`). */
const JOB_ENDED = /job \d+ \(snapshot \d+, attempt \d+\): \w+/;

/** A worker process, started once it says so; `onJobEnded` hears each job it finishes. */
function startWorker(env: NodeJS.ProcessEnv, index: number, onJobEnded: () => void): Promise<ChildProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "worker.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker ${index} did not start:\n${out}`)), 60_000);
    let partial = ""; // a line may arrive in two chunks
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      const lines = (partial + text).split("\n");
      partial = lines.pop()!;
      for (const line of lines) if (JOB_ENDED.test(line)) onJobEnded();
      out += text;
      if (/capture worker .* started/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`worker ${index} exited (${code}):\n${out}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function measure(run: Run, origin: string): Promise<Row> {
  const workers: ChildProcess[] = [];
  const dataDirs: string[] = [];
  // Ends are counted from the workers' logs, not by polling the database: the bench's own queries would count in the
  // database load it reports.
  let ended = 0;
  let lastEnd = 0;
  const onJobEnded = () => {
    ended++;
    lastEnd = Date.now();
  };
  try {
    // Every worker its own empty data folder; the SQLite run's one folder is also its database.
    for (let i = 0; i < run.workers; i++) {
      const dir = run.env.KURA_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "kura-scale-worker-"));
      dataDirs.push(dir);
      workers.push(await startWorker({ ...baseEnv(dir), ...run.env, KURA_DATA_DIR: dir }, i, onJobEnded));
    }
    const before = await run.stats?.();
    const started = Date.now();
    execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "scale.ts"), "--enqueue", origin, String(JOBS)], {
      cwd: ROOT,
      env: { ...baseEnv(dataDirs[0]!), ...run.env, KURA_DATA_DIR: dataDirs[0]! },
      stdio: "inherit",
    });
    const deadline = Date.now() + 30 * 60_000;
    while (ended < JOBS) {
      if (Date.now() > deadline) throw new Error(`${run.name}: ${ended} of ${JOBS} jobs ended after 30 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (lastEnd - started) / 1000;
    const after = await run.stats?.();
    const jobs = await (run.env.DATABASE_URL ? postgresJobs(run.env.DATABASE_URL) : sqliteJobs(path.join(dataDirs[0]!, "kura.db")));
    const latencies = jobs.map((j) => j.claimedAt - j.runAt);
    const done = jobs.filter((j) => j.state === "done" && j.attempts === 1).length;
    if (done !== JOBS) throw new Error(`${run.name}: ${done} of ${JOBS} jobs done on their first attempt`);
    const perCapture =
      before && after
        ? `${((after.commits - before.commits) / JOBS).toFixed(0)} tx, ${((after.read - before.read) / JOBS).toFixed(0)} rows read, ${((after.written - before.written) / JOBS).toFixed(0)} written`
        : "—";
    const files = await storedFiles(run.bucket ? s3StoreOn(run.bucket) : null, dataDirs);
    return {
      run: run.name,
      files,
      captures: JOBS,
      seconds,
      perMin: (JOBS / seconds) * 60,
      latency: `${percentile(latencies, 50)} / ${percentile(latencies, 95)} / ${Math.max(...latencies)} ms`,
      perCapture,
    };
  } finally {
    await Promise.all(workers.map(stopWorker));
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The files a store holds: blobs, and snapshot folders from before blobs (anything else in a data folder is not a file of a capture). */
async function filesIn(store: FileStore) {
  const files = (await Promise.all(["blobs", "snapshots"].map((prefix) => store.scan(prefix, 1_000_000)))).flat();
  return { count: files.length, mib: (files.reduce((n, f) => n + f.bytes, 0) / 2 ** 20).toFixed(1) };
}

/** Files in the bucket (if any) and in the workers' own folders. */
async function storedFiles(bucket: FileStore | null, dataDirs: string[]): Promise<string> {
  const local = await Promise.all(dataDirs.map((dir) => filesIn(new LocalFileStore(dir))));
  const disk = `${local.reduce((n, f) => n + f.count, 0)} files (${local.map((f) => f.mib).join(" + ")} MiB) in the workers' folders`;
  if (!bucket) return disk;
  const inBucket = await filesIn(bucket);
  return `${inBucket.count} files (${inBucket.mib} MiB) in the bucket, ${disk}`;
}

type JobRow = { state: string; attempts: number; runAt: number; claimedAt: number };

/** The run's jobs as they ended, read once after the run. */
async function postgresJobs(url: string): Promise<JobRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; attempts: number; runAt: Date; claimedAt: Date | null }>(
      `SELECT state, attempts, "runAt", "claimedAt" FROM "Job"`,
    );
    return rows.map((r) => ({ state: r.state, attempts: r.attempts, runAt: r.runAt.getTime(), claimedAt: r.claimedAt?.getTime() ?? NaN }));
  } finally {
    await client.end();
  }
}

async function sqliteJobs(file: string): Promise<JobRow[]> {
  const { default: Database } = await import("better-sqlite3");
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite.prepare(`SELECT state, attempts, runAt, claimedAt FROM "Job"`).all() as Array<{
      state: string;
      attempts: number;
      runAt: number | string;
      claimedAt: number | string | null;
    }>;
    const time = (v: number | string | null) => (v === null ? NaN : typeof v === "number" ? v : Date.parse(v));
    return rows.map((r) => ({ state: r.state, attempts: r.attempts, runAt: time(r.runAt), claimedAt: time(r.claimedAt) }));
  } finally {
    sqlite.close();
  }
}

function postgresStats(url: string) {
  return async (): Promise<DbStats> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The statistics collector publishes with a delay; a fresh snapshot is asked for first.
      await client.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await client.query<{ xact_commit: string; read: string; written: string }>(
        `SELECT xact_commit, tup_returned + tup_fetched AS read, tup_inserted + tup_updated + tup_deleted AS written FROM pg_stat_database WHERE datname = current_database()`,
      );
      const [stats] = rows;
      return { commits: Number(stats!.xact_commit), read: Number(stats!.read), written: Number(stats!.written) };
    } finally {
      await client.end();
    }
  };
}

function migrateSqlite(dataDir: string): void {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, KURA_DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "kura.db")}` },
    stdio: "ignore",
  });
}

const site = await startSite();
const postgres = await startPostgres();
const rows: Row[] = [];
try {
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-scale-sqlite-"));
  migrateSqlite(sqliteDir);
  rows.push(await measure({ name: "SQLite, 1 worker process", workers: 1, env: { KURA_DATA_DIR: sqliteDir } }, site.origin));
  for (const count of WORKER_COUNTS) {
    const url = await postgres.createDatabase(`scale_${count}`);
    await migratePostgres(url);
    const bucket = await startS3Server(`kura-scale-${count}`);
    try {
      const name = `PostgreSQL + S3, ${count} worker process${count > 1 ? "es" : ""}`;
      rows.push(await measure({ name, workers: count, env: { DATABASE_URL: url, ...s3Environment(bucket) }, stats: postgresStats(url), bucket }, site.origin));
    } finally {
      await bucket.stop();
    }
  }
} finally {
  await postgres.stop();
  await site.close();
}

console.log(
  `\nbench:scale — ${JOBS} captures per run, ${CONCURRENCY} at once per worker, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
console.log("| run | captures | seconds | captures/min | queue latency p50 / p95 / max | database load per capture | files |");
console.log("|---|---:|---:|---:|---|---|---|");
for (const r of rows)
  console.log(`| ${r.run} | ${r.captures} | ${r.seconds.toFixed(1)} | ${r.perMin.toFixed(1)} | ${r.latency} | ${r.perCapture} | ${r.files} |`);
