import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "./postgres-schema";
import { migratePostgres, POSTGRES_MIGRATIONS } from "@/lib/db/postgres-migrate";
import { checkPostgresEncoding } from "@/lib/db/postgres";
import { startPostgres, type PostgresServer } from "@/lib/db/testing-postgres";

// The PostgreSQL schema is derived from the SQLite one, and its migrations are written by `prisma migrate diff`:
// these tests keep the chain honest on a real server — same models on both providers, and the migrations give
// exactly the tables, columns, constraints and indexes the PostgreSQL schema describes.

const root = path.resolve(import.meta.dirname, "..");
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

/** Tables with their columns, constraints and indexes, in a form that ignores column order. */
async function describeDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_kura_migrations' ORDER BY table_name, column_name`,
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%_kura_migrations%' ORDER BY 1, 2`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_kura_migrations' ORDER BY 1, 2`,
    );
    return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
  } finally {
    await client.end();
  }
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe("the PostgreSQL schema", () => {
  it("is the SQLite schema's models with the PostgreSQL provider (regenerate with npm run db:postgres-schema)", () => {
    const committed = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
    expect(committed).toBe(postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
    expect(committed).toContain('provider = "postgresql"');
    // Every model of the SQLite schema is there (a derivation that dropped one would still match itself).
    const models = (schema: string) => [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]).sort();
    expect(models(committed)).toEqual(models(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
    expect(models(committed).length).toBeGreaterThan(5);
  });

  it("its migrations produce exactly what the schema describes", async () => {
    const migrated = await server.createDatabase("migrated");
    const report = await migratePostgres(migrated);
    expect(report.applied.length).toBeGreaterThan(0);

    const expected = await server.createDatabase("expected");
    const script = execFileSync(
      path.join(root, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--config", "prisma/postgresql/prisma.config.ts", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"],
      { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: expected }, stdio: ["ignore", "pipe", "ignore"] },
    );
    expect(script).toContain("CREATE TABLE");
    await run(expected, script);
    const [have, want] = [await describeDatabase(migrated), await describeDatabase(expected)];
    expect(have.columns.length).toBeGreaterThan(50);
    expect(have).toEqual(want);
  }, 120_000);

  it("applies each migration once, and refuses a migration file changed after it was applied", async () => {
    const url = await server.createDatabase("twice");
    const first = await migratePostgres(url);
    expect(await migratePostgres(url)).toEqual({ applied: [], alreadyApplied: first.applied.length });

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "kura-pg-migrations-"));
    fs.cpSync(POSTGRES_MIGRATIONS, copy, { recursive: true });
    const [name] = first.applied;
    fs.appendFileSync(path.join(copy, name!, "migration.sql"), "\n-- edited later\n");
    await expect(migratePostgres(url, copy)).rejects.toThrow(`Migration ${name} was changed after it was applied`);
    fs.rmSync(copy, { recursive: true, force: true });
  }, 60_000);

  it("rolls a failing migration back whole, and applies the others before it", async () => {
    const url = await server.createDatabase("broken");
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "kura-pg-migrations-"));
    fs.cpSync(POSTGRES_MIGRATIONS, copy, { recursive: true });
    fs.mkdirSync(path.join(copy, "99999999999999_broken"));
    fs.writeFileSync(path.join(copy, "99999999999999_broken", "migration.sql"), `CREATE TABLE "Half" (id INT); SELECT no_such_function();`);
    await expect(migratePostgres(url, copy)).rejects.toThrow("Migration 99999999999999_broken failed");
    const tables = await describeDatabase(url);
    expect(tables.columns.some((c: { table_name: string }) => c.table_name === "Half")).toBe(false);
    expect(tables.columns.some((c: { table_name: string }) => c.table_name === "Link")).toBe(true);
    fs.rmSync(copy, { recursive: true, force: true });
  }, 60_000);

  it("says when a database is not UTF-8 (CJK text would be mangled and unsearchable)", async () => {
    const good = await checkPostgresEncoding(await server.createDatabase("utf8"));
    expect(good).toMatchObject({ ok: true, serverEncoding: "UTF8", message: null });
    const ascii = await checkPostgresEncoding(await server.createDatabase("ascii", { encoding: "SQL_ASCII", locale: "C" }));
    expect(ascii.ok).toBe(false);
    expect(ascii.message).toContain("SQL_ASCII");
    expect(ascii.message).toContain("LC_CTYPE");
  }, 60_000);
});
