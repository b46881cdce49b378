import crypto from "node:crypto";
import pg from "pg";
import { LINK_ORIGIN, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { storedDateTime } from "@/lib/db/sqlite";
import type { FileStore } from "@/lib/storage/file-store";
import { bestEffort } from "@/lib/log/best-effort";
import { BLOB_LOCK } from "@/lib/library/stored-files";
import { reindexPostgres } from "@/lib/search";
import { BACKUP_TABLES, BackupRefused, PATH_COLUMNS, TABLE_ORDER, type BackupTable, type Row } from "./format";
import { CLEAR_ORDER, type LibrarySource, type LibraryTarget, type ReplacedRows, type TargetState } from "./library-database";

// A PostgreSQL server, through a pg connection of its own (not Prisma: a transaction held across the archive's
// stream, and the columns' own types). Values are turned into the stored SQLite form on the way out and back on the
// way in, so database.json is the same bytes whichever database a library was backed up from.

const TIMESTAMP = 1114; // timestamp without time zone: what Prisma's DateTime is on PostgreSQL (TIMESTAMP(3), UTC)
const READ_BATCH = 1000;

type ColumnType = string; // information_schema data_type

function timestampsAsText(oid: number, format?: "text" | "binary"): (text: string) => unknown {
  if (oid === TIMESTAMP) return (text) => text;
  return pg.types.getTypeParser(oid, format ?? "text") as (text: string) => unknown;
}

/** A connection whose timestamps come as the server's text: pg would read them in this machine's time zone. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: timestampsAsText as typeof pg.types.getTypeParser },
  });
  await client.connect();
  return client;
}

async function columnTypes(client: pg.Client, table: BackupTable): Promise<Map<string, ColumnType>> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

/** A PostgreSQL value as SQLite stores it (what the Prisma SQLite adapter writes). */
function toStored(value: unknown, type: ColumnType, where: string): string | number | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "boolean":
      return value ? 1 : 0;
    case "timestamp without time zone":
      // The server's text, e.g. "2026-12-04 00:34:53.12": UTC, as Prisma writes it.
      return storedDateTime(new Date(`${(value as string).replace(" ", "T")}Z`));
    case "integer":
    case "smallint":
    case "double precision":
    case "real":
      return value as number;
    case "bigint":
      return Number(value);
    case "text":
    case "character varying":
      return value as string;
    default:
      throw new Error(`${where} is of type ${type}, which the backup cannot hold`);
  }
}

/** A stored (SQLite-form) value as the parameter for a PostgreSQL column of `type`. */
function fromStored(value: string | number | null, type: ColumnType, where: string): unknown {
  if (value === null) return null;
  switch (type) {
    case "boolean":
      if (value !== 0 && value !== 1) throw new BackupRefused(`${where} holds ${JSON.stringify(value)}, not a boolean (0 or 1). Nothing was changed.`);
      return value === 1;
    case "timestamp without time zone": {
      const date = new Date(value);
      if (typeof value !== "string" || Number.isNaN(date.getTime()))
        throw new BackupRefused(`${where} holds ${JSON.stringify(value)}, not a date. Nothing was changed.`);
      // Written as UTC without an offset: the column has no time zone, and the server's own would otherwise apply.
      return date.toISOString().replace("T", " ").replace("Z", "");
    }
    default:
      return value;
  }
}

export async function postgresSource(url: string): Promise<LibrarySource> {
  const client = await connect(url);
  return {
    async readConsistently(read) {
      // REPEATABLE READ: every query of the dump sees the moment the first one began, while captures go on.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try {
        return await read({
          columns: async (table) => [...(await columnTypes(client, table)).keys()],
          rows: (table) => readRows(client, table),
        });
      } finally {
        await client.query("COMMIT");
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** TABLE_ORDER with its names quoted: PostgreSQL folds unquoted names to lower case. */
function quotedOrder(table: BackupTable): string {
  return TABLE_ORDER[table]
    .split(",")
    .map((column) => `"${column.trim()}"`)
    .join(", ");
}

async function* readRows(client: pg.Client, table: BackupTable): AsyncGenerator<Row> {
  const types = await columnTypes(client, table);
  for (let offset = 0; ; offset += READ_BATCH) {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT * FROM "${table}" ORDER BY ${quotedOrder(table)} LIMIT ${READ_BATCH} OFFSET ${offset}`,
    );
    for (const raw of rows) {
      const row: Row = {};
      for (const [name, type] of types) row[name] = toStored(raw[name], type, `${table}.${name}`);
      yield row;
    }
    if (rows.length < READ_BATCH) return;
  }
}

async function referencedKeys(client: pg.Client): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const [table, columns] of Object.entries(PATH_COLUMNS)) {
    for (const column of columns) {
      const { rows } = await client.query<{ key: string }>(`SELECT "${column}" AS key FROM "${table}" WHERE "${column}" IS NOT NULL`);
      for (const { key } of rows) keys.add(key);
    }
  }
  return keys;
}

async function targetState(client: pg.Client): Promise<TargetState> {
  const { rows } = await client.query<{ own: number; seeded: number }>(
    `SELECT count(*) FILTER (WHERE origin <> $1)::int AS own, count(*) FILTER (WHERE origin = $1)::int AS seeded FROM "Link"`,
    [LINK_ORIGIN.seed],
  );
  return rows[0]!;
}

export async function postgresTarget(url: string): Promise<LibraryTarget> {
  const client = await connect(url);
  const { rows: tables } = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'Link'`);
  if (tables.length === 0) {
    await client.end();
    throw new BackupRefused(
      "The PostgreSQL database has no Kura tables: `npm run restore` migrates it first; run that (or `npm run worker` once). Nothing was changed.",
    );
  }
  const types = new Map<BackupTable, Map<string, ColumnType>>();
  for (const table of BACKUP_TABLES) types.set(table, await columnTypes(client, table));
  return {
    state: () => targetState(client),
    columns: async (table) => new Set(types.get(table)!.keys()),
    async replaceRows(rows, check): Promise<ReplacedRows> {
      await client.query("BEGIN");
      try {
        // Every writer waits from here to the commit (readers do not): the check below stays true for the rows.
        // The blob lock, shared as a capture's publish takes it: a sweep cannot delete a blob these rows will use.
        await client.query(`LOCK TABLE ${CLEAR_ORDER.map((t) => `"${t}"`).join(", ")} IN SHARE ROW EXCLUSIVE MODE`);
        await client.query(`SELECT pg_advisory_xact_lock_shared(${BLOB_LOCK})`);
        const now = await targetState(client);
        check(now);
        const oldKeys = await referencedKeys(client);
        for (const table of CLEAR_ORDER) await client.query(`DELETE FROM "${table}"`);
        for await (const { table, row } of rows) {
          const columns = types.get(table)!;
          const names = Object.keys(row);
          // Prepared once per table and column set (PostgreSQL names are at most 63 bytes: a hash of the set).
          const signature = crypto
            .createHash("sha256")
            .update(`${table}:${names.join(",")}`)
            .digest("hex")
            .slice(0, 24);
          await client.query({
            name: `kura-restore-${signature}`,
            text: `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")})`,
            values: names.map((n) => fromStored(row[n]!, columns.get(n)!, `A ${table} row's ${n}`)),
          });
        }
        // The rows came with their ids: each id sequence goes past the highest, or the next insert would collide.
        for (const table of [...BACKUP_TABLES.filter((t) => types.get(t)!.has("id")), "Job"]) {
          await client.query(
            `SELECT setval(s, COALESCE((SELECT max(id) FROM "${table}"), 0) + 1, false) FROM pg_get_serial_sequence('"${table}"', 'id') AS s WHERE s IS NOT NULL`,
          );
        }
        // A capture pending at backup time has no job here (jobs are not backed up): it is queued again.
        const pending = await client.query<{ id: number }>(`SELECT id FROM "Snapshot" WHERE status IN ($1, $2) ORDER BY id`, [
          SNAPSHOT_STATUS.queued,
          SNAPSHOT_STATUS.capturing,
        ]);
        for (const { id } of pending.rows) {
          await client.query(`UPDATE "Snapshot" SET status = $1, stage = NULL WHERE id = $2`, [SNAPSHOT_STATUS.queued, id]);
          await client.query(
            `INSERT INTO "Job" ("snapshotId", "runAt", "createdAt", "updatedAt") VALUES ($1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`,
            [id],
          );
        }
        await client.query("COMMIT");
        return { requeued: pending.rows.length, replaced: now.seeded, oldKeys };
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    // The blob lock, exclusive as the sweep takes it: a capture publishing meanwhile is either seen or comes after.
    async deleteUnreferenced(store: FileStore, keys: string[], why: string) {
      if (keys.length === 0) return;
      await client.query("BEGIN");
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${BLOB_LOCK})`);
        const referenced = await referencedKeys(client);
        for (const key of keys) if (!referenced.has(key)) await bestEffort(() => store.delete(key), why);
      } finally {
        await client.query("COMMIT");
      }
    },
    async rebuildSearchIndex() {
      await reindexPostgres(url);
    },
    async close() {
      await client.end();
    },
  };
}
