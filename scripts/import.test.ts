import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// `npm run import` as a user runs it: a separate process over a migrated data folder, its last stdout line read as JSON.
const ROOT = path.resolve(import.meta.dirname, "..");
const CASES = path.resolve(ROOT, "../shared/import-cases");
const dataDir = useTempDataDir();

function runImport(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/import.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, KURA_DATA_DIR: dataDir },
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = result.stdout.trim().split("\n");
  return { status: result.status, last: lines.at(-1) ?? "", stderr: result.stderr };
}

function count(sql: string): number {
  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

describe("npm run import", () => {
  it("imports a file and prints the summary as the last line; --no-capture queues nothing; again, nothing new", () => {
    const file = path.join(CASES, "readeck__browser.html");
    const first = runImport(file, "--no-capture");
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.last)).toEqual({
      imported: 4,
      duplicates: 1,
      failed: [{ item: "ftp://example.net/", reason: 'Only http and https links can be archived (got "ftp:").' }],
    });
    expect(first.last).toBe(
      '{"imported":4,"duplicates":1,"failed":[{"item":"ftp://example.net/","reason":"Only http and https links can be archived (got \\"ftp:\\")."}]}',
    );
    expect(count(`SELECT COUNT(*) FROM "Link"`)).toBe(4);
    expect(count(`SELECT COUNT(*) FROM "Job"`)).toBe(0);

    const again = runImport(file);
    expect(JSON.parse(again.last)).toMatchObject({ imported: 0, duplicates: 5 });
    expect(count(`SELECT COUNT(*) FROM "Link"`)).toBe(4);
  }, 120_000);

  it("queues captures by default", () => {
    const result = runImport(path.join(CASES, "linkding__simple_valid_import_file.html"));
    expect(JSON.parse(result.last)).toEqual({ imported: 3, duplicates: 0, failed: [] });
    expect(count(`SELECT COUNT(*) FROM "Job" WHERE state = 'queued'`)).toBe(3);
  }, 120_000);

  it("refuses a file that is no export, and a missing one, with exit code 1", () => {
    const junk = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kura-import-")), "notes.txt");
    fs.writeFileSync(junk, "just some words\nno links here\n");
    const unknown = runImport(junk);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("is not an import format Kura reads");
    const missing = runImport(junk + ".absent");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stderr).toContain("ENOENT");
  }, 120_000);
});
