import fs from "node:fs";
import type { Statement } from "better-sqlite3";
import { LINK_ORIGIN, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { openSqlite, storedDateTime, type SqliteDatabase } from "@/lib/db/sqlite";
import { searchIndexOn } from "@/lib/search";
import type { FileStore } from "@/lib/storage/file-store";
import { bestEffort } from "@/lib/log/best-effort";
import { BackupRefused, PATH_COLUMNS, TABLE_ORDER, type BackupTable, type Row } from "./format";
import { CLEAR_ORDER, type LibrarySource, type LibraryTarget, type ReplacedRows, type TargetState } from "./library-database";

// The data folder's SQLite file, through a connection of its own (better-sqlite3): rows exactly as stored, and
// transactions held across awaits.

function tableColumns(sqlite: SqliteDatabase, table: BackupTable): string[] {
  return (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
}

function referencedKeys(sqlite: SqliteDatabase): Set<string> {
  const keys = new Set<string>();
  for (const [table, columns] of Object.entries(PATH_COLUMNS)) {
    for (const column of columns) {
      for (const key of sqlite.prepare(`SELECT "${column}" FROM "${table}" WHERE "${column}" IS NOT NULL`).pluck().iterate() as Iterable<string>) keys.add(key);
    }
  }
  return keys;
}

export function sqliteSource(file: string): LibrarySource {
  const sqlite = openSqlite(file, { readonly: true });
  return {
    async readConsistently(read) {
      // WAL: the reader sees the snapshot it began with and blocks no writer.
      sqlite.exec("BEGIN");
      try {
        return await read({
          columns: async (table) => tableColumns(sqlite, table),
          rows: (table) => sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${TABLE_ORDER[table]}`).iterate() as Iterable<Row>,
        });
      } finally {
        sqlite.exec("COMMIT");
      }
    },
    async close() {
      sqlite.close();
    },
  };
}

export function sqliteTarget(file: string): LibraryTarget {
  if (!fs.existsSync(file))
    throw new BackupRefused(`There is no database at ${file}: run \`npm run db:migrate\` (or \`npm start\` once) first. Nothing was changed.`);
  const sqlite = openSqlite(file);
  const state = (): TargetState => {
    const hasLinks = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Link'`).get();
    if (!hasLinks) throw new BackupRefused(`The database at ${file} has no Kura tables: run \`npm run db:migrate\` first. Nothing was changed.`);
    const own = sqlite.prepare(`SELECT count(*) FROM "Link" WHERE origin <> ?`).pluck().get(LINK_ORIGIN.seed) as number;
    const seeded = sqlite.prepare(`SELECT count(*) FROM "Link" WHERE origin = ?`).pluck().get(LINK_ORIGIN.seed) as number;
    return { own, seeded };
  };
  return {
    state: async () => state(),
    columns: async (table) => new Set(tableColumns(sqlite, table)),
    async replaceRows(rows, check): Promise<ReplacedRows> {
      const inserts = new Map<string, Statement<unknown[]>>();
      const insert = (table: BackupTable, row: Row) => {
        const names = Object.keys(row);
        const signature = `${table}:${names.join(",")}`;
        let statement = inserts.get(signature);
        if (!statement) {
          statement = sqlite.prepare(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`);
          inserts.set(signature, statement);
        }
        statement.run(...names.map((n) => row[n]));
      };
      // Taken before any await: nothing else may write between the check and the rows (IMMEDIATE holds the write lock).
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const now = state();
        check(now);
        const oldKeys = referencedKeys(sqlite);
        for (const table of CLEAR_ORDER) sqlite.prepare(`DELETE FROM "${table}"`).run();
        for await (const { table, row } of rows) insert(table, row);
        // A capture pending at backup time has no job here (jobs are not backed up): it is queued again.
        const pending = sqlite
          .prepare(`SELECT id FROM "Snapshot" WHERE status IN (?, ?)`)
          .pluck()
          .all(SNAPSHOT_STATUS.queued, SNAPSHOT_STATUS.capturing) as number[];
        const at = storedDateTime(new Date());
        for (const id of pending) {
          sqlite.prepare(`UPDATE "Snapshot" SET status = ?, stage = NULL WHERE id = ?`).run(SNAPSHOT_STATUS.queued, id);
          sqlite.prepare(`INSERT INTO "Job" (snapshotId, runAt, createdAt, updatedAt) VALUES (?, ?, ?, ?)`).run(id, at, at, at);
        }
        sqlite.exec("COMMIT");
        return { requeued: pending.length, replaced: now.seeded, oldKeys };
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        throw error;
      }
    },
    // The write lock while it looks and deletes: a capture publishing meanwhile is either seen or comes after the
    // delete (it then writes the blob again: lib/library/stored-files.ts, deleteUnreferencedBlobs).
    async deleteUnreferenced(store: FileStore, keys: string[], why: string) {
      if (keys.length === 0) return;
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const referenced = referencedKeys(sqlite);
        for (const key of keys) if (!referenced.has(key)) await bestEffort(() => store.delete(key), why);
      } finally {
        sqlite.exec("COMMIT");
      }
    },
    async rebuildSearchIndex() {
      await searchIndexOn(sqlite).reindex();
    },
    async close() {
      sqlite.close();
    },
  };
}
