// Helpers for tests and benches that need a real, throw-away Kura data folder (SQLite database + files).
// Kept free of imports that read the configuration, so a test can set the environment first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Applies every migration's SQL in order to `<dataDir>/kura.db` (what `prisma migrate deploy` does, minus its bookkeeping). */
function migrateDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = path.join(ROOT, "prisma", "migrations");
  const sqlite = new Database(path.join(dataDir, "kura.db"));
  try {
    sqlite.pragma("journal_mode = WAL");
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, "migration.sql");
      if (fs.existsSync(file)) sqlite.exec(fs.readFileSync(file, "utf8"));
    }
  } finally {
    sqlite.close();
  }
}

/**
 * Creates a migrated temporary data folder and points this process at it (KURA_DATA_DIR and the given
 * variables). Call before anything reads the configuration or opens the database.
 */
export function useTempDataDir(env: Record<string, string> = {}): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-test-"));
  migrateDataDir(dataDir);
  process.env.KURA_DATA_DIR = dataDir;
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
  return dataDir;
}

/** Every file under `<dataDir>/snapshots` and `<dataDir>/blobs`, relative to the data folder with forward slashes. */
export function listSnapshotFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dataDir, full).split(path.sep).join("/"));
    }
  };
  walk(path.join(dataDir, "snapshots"));
  walk(path.join(dataDir, "blobs"));
  return out.sort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
