import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/postgresql/migrations in order. Not `prisma migrate deploy`: offline, Prisma 6.19's migrate runs
// only through a driver adapter, and with @prisma/adapter-pg it cannot read PostgreSQL's catalogue yet (prisma/orm
// #27403, "Column type 'name' could not be deserialized"). The files are still written by `prisma migrate diff`.

export const POSTGRES_MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "prisma", "postgresql", "migrations");

/** Any fixed number: every machine starting the app takes the same lock, so only one applies migrations at a time. */
const MIGRATION_LOCK = 0x6b757261; // "kura"

export type MigrationReport = { applied: string[]; alreadyApplied: number };

function migrationsIn(dir: string): Array<{ name: string; sql: string; checksum: string }> {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Brings the database up to date: each pending migration in its own transaction with its bookkeeping row (all or
 * nothing), under an advisory lock. A migration whose file changed after it was applied stops everything: the
 * database would no longer be what the files describe.
 */
export async function migratePostgres(url: string, dir = POSTGRES_MIGRATIONS): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_kura_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_kura_migrations"`)).rows.map((r) => [r.name, r.checksum]),
    );
    const report: MigrationReport = { applied: [], alreadyApplied: 0 };
    for (const migration of migrationsIn(dir)) {
      const applied = done.get(migration.name);
      if (applied === migration.checksum) {
        report.alreadyApplied++;
        continue;
      }
      if (applied) throw new Error(`Migration ${migration.name} was changed after it was applied to this database.`);
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_kura_migrations" (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.end(); // ends the session, which releases the advisory lock
  }
}
