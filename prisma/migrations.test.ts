import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// ``prisma migrate dev` cannot run offline here, so migrations are written with `migrate diff`; this test keeps
// them honest: applying every migration in order must give exactly the tables and indexes the schema describes.

const root = path.resolve(import.meta.dirname, "..");

function schemaOf(sql: string[]): Array<Record<string, unknown>> {
  const db = new Database(":memory:");
  for (const script of sql) db.exec(script);
  const rows = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ sql: string | null }>;
  db.close();
  return rows.map((row) => ({ ...row, sql: row.sql?.replace(/\s+/g, " ").trim() ?? null }));
}

describe("prisma migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma", () => {
    const dir = path.join(root, "prisma", "migrations");
    const migrations = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    expect(migrations.length).toBeGreaterThan(0);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-migrations-"));
    const expected = execFileSync(
      path.join(root, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { cwd: root, encoding: "utf8", env: { ...process.env, KURA_DATA_DIR: dataDir, DATABASE_URL: `file:${dataDir}/kura.db` } },
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(expected).toContain("CREATE TABLE");
    expect(schemaOf(migrations)).toEqual(schemaOf([expected]));
  });
});
