import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// ``prisma migrate dev` cannot run offline here, so migrations are written with `migrate diff`; this test keeps
// them honest: applying every migration in order must give exactly the tables and indexes the schema describes.

const root = path.resolve(import.meta.dirname, "..");

/** Tables with their columns, foreign keys and indexes, in a form that ignores column order
 * (ALTER TABLE appends columns where a fresh CREATE TABLE lists them in schema order). */
function schemaOf(sql: string[]) {
  const db = new Database(":memory:");
  for (const script of sql) db.exec(script);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>
  ).map(({ name }) => {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const columns = (db.pragma(`table_info("${name}")`) as Array<{ name: string }>)
      .sort(byName)
      .map(({ cid: _cid, ...c }: { cid?: number; name: string }) => c);
    const foreignKeys = (db.pragma(`foreign_key_list("${name}")`) as Array<{ from: string; table: string; to: string; on_delete: string }>)
      .map((f) => `${f.from} -> ${f.table}.${f.to} on delete ${f.on_delete}`)
      .sort();
    const indexes = (db.pragma(`index_list("${name}")`) as Array<{ name: string; unique: number }>).sort(byName).map((i) => ({
      name: i.name,
      unique: i.unique,
      columns: (db.pragma(`index_info("${i.name}")`) as Array<{ name: string }>).map((c) => c.name),
    }));
    return { name, columns, foreignKeys, indexes };
  });
  db.close();
  return tables;
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
