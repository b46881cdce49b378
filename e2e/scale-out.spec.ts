import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { startPostgres, type PostgresServer } from "../lib/db/testing-postgres";
import { s3Environment, s3StoreOn, startS3Server, type S3TestServer } from "../lib/storage/testing-s3";
import { ACCOUNTS } from "./fixtures/accounts";
import { startSite, type Site } from "./fixtures/site-server";

// The scale-out deployment as docs/deploy.md describes it, on one machine: a web tier (`npm run serve`,
// KURA_INPROCESS_WORKER=0) and two capture workers (`scripts/worker.ts`), each with its own empty data folder, sharing
// nothing but a real PostgreSQL server and a real S3-compatible server (s3rver). It starts from a backup of an
// embedded (SQLite + local folder) instance restored into it, then captures 50 pages while one worker is SIGKILLed
// in the middle of a capture and started again.

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.KURA_E2E_PORT ?? 3100) + 7;
const BASE = `http://127.0.0.1:${PORT}`;
const PAGES = 50;
const run = promisify(execFile);
const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env, maxBuffer: 16 << 20 });

let postgres: PostgresServer;
let s3: S3TestServer;
let site: Site;
let databaseUrl: string;
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "kura-scale-out-"));
function folder(name: string): string {
  const dir = path.join(temp, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
const processes: ChildProcess[] = [];

/** What every process of the deployment is given: the shared database and bucket, and nothing shared on disk. */
function deployment(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...withoutDatabase(process.env),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    KURA_DATA_DIR: dataDir,
    ...s3Environment(s3),
    KURA_ALLOWED_HOSTS: "127.0.0.1",
    KURA_NETWORK_IDLE_MS: "300",
    KURA_WORKER_POLL_MS: "250",
    // A killed worker's job is claimed again once its lease runs out: short here so the run stays short.
    KURA_JOB_LEASE_MS: "5000",
    KURA_RETRY_BASE_MS: "500",
  };
}

function withoutDatabase(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of Object.keys(copy)) if (key === "DATABASE_URL" || key.startsWith("KURA_")) delete copy[key];
  return copy;
}

/** A long-running process of the deployment, resolved once its output matches `ready`. */
function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, name: string) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  processes.push(child);
  let out = "";
  const started = new Promise<ChildProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}):\n${out}`));
    });
  });
  return { child, started, output: () => out };
}

const startWorker = (dataDir: string, name: string) =>
  startProcess(process.execPath, ["--import", "tsx", "scripts/worker.ts"], deployment(dataDir), /capture worker (\S+) started/, name);

/** Every file under a folder, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const workerDirs = { a: "", b: "" };
let webDir = "";
let workerB: ReturnType<typeof startWorker>;
let restoredLinks = 0;

/**
 * Signs in on the web tier. A backup holds the library, not the accounts: the deployment's first visit creates its
 * administrator, as on any new instance.
 */
async function signIn(page: Page) {
  await page.goto("/login");
  const setup = page.getByRole("button", { name: "Create administrator" });
  await page.getByLabel("Email").fill(ACCOUNTS.admin.email);
  if (await setup.isVisible()) {
    await page.getByLabel("Password", { exact: true }).fill(ACCOUNTS.admin.password);
    await page.getByLabel("Repeat the password").fill(ACCOUNTS.admin.password);
    await setup.click();
  } else {
    await page.getByLabel("Password").fill(ACCOUNTS.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page.getByTestId("signed-in-as")).toContainText(ACCOUNTS.admin.email);
}

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE, storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  [postgres, s3, site] = await Promise.all([startPostgres(), startS3Server("kura-scale-out"), startSite()]);
  databaseUrl = await postgres.createDatabase("scale_out");

  // An embedded instance (SQLite + a local folder) with the seeded write-ups captured, backed up.
  const embedded = { ...withoutDatabase(process.env), KURA_DATA_DIR: folder("embedded"), KURA_ADMIN_EMAIL: ACCOUNTS.admin.email };
  Object.assign(embedded, { KURA_ADMIN_PASSWORD: ACCOUNTS.admin.password, NEXT_TELEMETRY_DISABLED: "1" });
  await run(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: embedded });
  await tsx("prisma/seed.ts", [], embedded);
  const backup = path.join(temp, "embedded.tar");
  await tsx("scripts/backup.ts", [backup], embedded);

  // The first worker migrates the empty PostgreSQL database; the backup is restored into it and the bucket.
  workerDirs.a = folder("worker-a");
  workerDirs.b = folder("worker-b");
  webDir = folder("web");
  await startWorker(workerDirs.a, "worker a").started;
  await tsx("scripts/restore.ts", [backup], deployment(folder("restore")));
  restoredLinks = (await query(`SELECT 1 FROM "Link"`)).length;

  const web = startProcess(
    process.execPath,
    ["scripts/web-server.mjs"],
    { ...deployment(webDir), KURA_INPROCESS_WORKER: "0", PORT: String(PORT), KURA_LISTEN_HOST: "127.0.0.1" },
    /web server ready/,
    "web tier",
  );
  await web.started;
  workerB = startWorker(workerDirs.b, "worker b");
  await workerB.started;
});

test.afterAll(async () => {
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const running = processes.filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(running.map((c) => new Promise((r) => c.once("exit", r))));
  await Promise.all([postgres?.stop(), s3?.stop(), site?.close()]);
  fs.rmSync(temp, { recursive: true, force: true });
});

test("the restored embedded backup is served by the web tier: sign-in, search and the archived write-up", async ({ page }) => {
  expect(restoredLinks).toBeGreaterThanOrEqual(5);
  await signIn(page);

  // A two-character Chinese word, found on PostgreSQL's index in the restored Chinese write-ups.
  await page.goto(`/?q=${encodeURIComponent("防火墙")}`);
  const hits = page.getByTestId("entry");
  await expect(hits.first()).toBeVisible();
  await expect(hits.first().locator("mark").first()).toContainText("防火墙");
  await hits.first().getByTestId("entry-title").click();
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  await expect(page.frameLocator('[data-testid="archive-frame"]').locator("body")).toContainText("防火墙");
});

test("50 pages pasted on the web tier are captured by two workers, one SIGKILLed mid-capture and restarted", async ({ page }) => {
  test.setTimeout(420_000);
  await signIn(page);
  const urls = Array.from({ length: PAGES }, (_, i) => site.url(`/articles/scale-${i}`));
  await page.goto("/");
  const form = page.locator("form").filter({ has: page.locator('textarea[name="url"]') });
  await form.locator('textarea[name="url"]').fill(urls.join("\n"));
  await form.locator('input[name="tags"]').fill("scale-out");
  await form.locator('textarea[name="url"]').press("Enter");
  await expect.poll(async () => (await query(`SELECT 1 FROM "Link" WHERE url LIKE $1`, [`${site.origin}/articles/scale-%`])).length).toBe(PAGES);

  // Kill worker b while it holds a capture (after some pages are done), then start it again on its empty folder.
  const workerId = /capture worker (\S+) started/.exec(workerB.output())![1]!;
  await expect
    .poll(async () => (await query(`SELECT id FROM "Job" WHERE state = 'running' AND "workerId" = $1`, [workerId])).length, { timeout: 120_000 })
    .toBeGreaterThan(0);
  const held = (await query<{ id: number }>(`SELECT id FROM "Job" WHERE state = 'running' AND "workerId" = $1`, [workerId])).map((r) => r.id);
  workerB.child.kill("SIGKILL");
  await new Promise((r) => workerB.child.once("exit", r));
  await startWorker(workerDirs.b, "worker b, again").started;

  await expect
    .poll(async () => (await query(`SELECT 1 FROM "Job" WHERE state IN ('queued', 'running')`)).length, { timeout: 300_000, intervals: [1000] })
    .toBe(0);
  const rows = await query<{
    url: string;
    snapshots: string;
    ready: string;
    state: string;
    attempts: number;
    jobId: number;
    htmlPath: string | null;
    screenshotPath: string | null;
  }>(
    `SELECT l.url, (SELECT count(*) FROM "Snapshot" x WHERE x."linkId" = l.id) AS snapshots,
            (SELECT count(*) FROM "Snapshot" x WHERE x."linkId" = l.id AND x.status = 'ready') AS ready,
            j.state, j.attempts, j.id AS "jobId", s."htmlPath", s."screenshotPath"
       FROM "Link" l JOIN "Snapshot" s ON s."linkId" = l.id JOIN "Job" j ON j."snapshotId" = s.id
      WHERE l.url LIKE $1`,
    [`${site.origin}/articles/scale-%`],
  );
  expect(rows).toHaveLength(PAGES);
  for (const row of rows) {
    expect({ url: row.url, snapshots: Number(row.snapshots), ready: Number(row.ready), state: row.state }).toEqual({
      url: row.url,
      snapshots: 1,
      ready: 1,
      state: "done",
    });
  }
  // The captures the killed worker held were finished by a worker after it: on a later attempt.
  for (const id of held) expect(rows.find((r) => r.jobId === id)?.attempts).toBeGreaterThan(1);
  // Both workers took part.
  const byWorker = await query<{ workerId: string }>(`SELECT DISTINCT "workerId" FROM "Job" WHERE "workerId" IS NOT NULL`);
  expect(byWorker.length).toBeGreaterThanOrEqual(2);

  // Every page's files are in the bucket; none is on a worker's or the web tier's disk.
  const store = s3StoreOn(s3);
  for (const row of rows) {
    for (const key of [row.htmlPath, row.screenshotPath]) {
      expect(key).toBeTruthy();
      expect(await store.stat(key!), key!).not.toBeNull();
    }
  }
  const stored = [workerDirs.a, workerDirs.b, webDir].flatMap((dir) =>
    filesUnder(dir).filter((f) => /^(blobs|snapshots)\//.test(f) || /\.(html|png|jpe?g|webp|pdf)$/i.test(f)),
  );
  expect(stored).toEqual([]);

  // Search and the archive viewer work from the web tier for a page a worker captured.
  await page.goto(`/?q=${encodeURIComponent("scale-37")}`);
  const hit = page.locator(`[data-testid="entry"][data-url="${site.url("/articles/scale-37")}"]`);
  await expect(hit).toBeVisible();
  await hit.getByTestId("entry-title").click();
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  await expect(page.frameLocator('[data-testid="archive-frame"]').locator("h1")).toHaveText("Loopback article scale-37");
});
