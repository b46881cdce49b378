import fs from "node:fs";
import type { Statement } from "better-sqlite3";
import { LINK_ORIGIN, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { openSqlite, storedDateTime, type SqliteDatabase } from "@/lib/db/sqlite";
import { config } from "@/lib/config";
import { searchIndexOn } from "@/lib/search";
import { fileStore } from "@/lib/storage/configured-store";
import { isBlobKey } from "@/lib/storage/blobs";
import type { FileStore } from "@/lib/storage/file-store";
import { bestEffort } from "@/lib/log/best-effort";
import { forEachMember, readAll, sha256Of } from "./archive";
import { readDatabaseRows, tableColumns, type Row } from "./database-file";
import { BACKUP_TABLES, BackupRefused, FILES_PREFIX, PATH_COLUMNS, type BackupTable } from "./format";
import { verifyBackup } from "./verify";

// Restore into an empty instance: one that holds nothing but the seeded write-ups (what a fresh `npm start` leaves),
// which the backup's library replaces. Order: check the target, verify the whole archive, check no stored file
// would be overwritten with other bytes, write the files, then every row in one transaction; if anything fails,
// the transaction rolls back and the files written so far are removed, so the instance is as it was.

export type RestoreOptions = { databaseFile?: string; store?: FileStore };

export type RestoreSummary = {
  entries: number;
  snapshots: number;
  tags: number;
  files: number;
  /** Captures that were pending when the backup was made, queued again here. */
  requeued: number;
  /** The seeded write-ups the instance had, replaced by the backup's library. */
  replaced: number;
};

/** Deleted before the rows are written: children first (Job is not in the backup, but must not outlive its snapshot). */
const CLEAR_ORDER = ["Job", "ShareLink", "WriteUpDecision", "LinkTag", "Snapshot", "Tag", "Link", "AppState"] as const;

function targetState(sqlite: SqliteDatabase): { own: number; seeded: number } {
  const hasLinks = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Link'`).get();
  if (!hasLinks) throw new BackupRefused("The database is not set up: run `npm run db:migrate` (or `npm start` once) first. Nothing was changed.");
  const own = sqlite.prepare(`SELECT count(*) FROM "Link" WHERE origin <> ?`).pluck().get(LINK_ORIGIN.seed) as number;
  const seeded = sqlite.prepare(`SELECT count(*) FROM "Link" WHERE origin = ?`).pluck().get(LINK_ORIGIN.seed) as number;
  return { own, seeded };
}

function refuseNonEmpty(own: number): never {
  throw new BackupRefused(
    `This instance already has ${own} ${own === 1 ? "entry" : "entries"} of its own: restore only into an empty Kura (a fresh install, where only the seeded write-ups are, is fine). Nothing was changed.`,
  );
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

export async function restoreBackup(archive: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const store = options.store ?? fileStore();
  const file = options.databaseFile ?? config().databaseFile;
  if (!fs.existsSync(file))
    throw new BackupRefused(`There is no database at ${file}: run \`npm run db:migrate\` (or \`npm start\` once) first. Nothing was changed.`);
  const sqlite = openSqlite(file);
  try {
    const before = targetState(sqlite);
    if (before.own > 0) refuseNonEmpty(before.own);
    const columns = Object.fromEntries(BACKUP_TABLES.map((t) => [t, new Set(tableColumns(sqlite, t))])) as Record<BackupTable, Set<string>>;
    const verified = await verifyBackup(archive, columns);
    try {
      // A key already in the store is kept when it holds the same bytes; other bytes there would be lost: refused.
      // A blob kept so has its age renewed: a sweep running meanwhile then leaves it for the rows about to come.
      const present = new Set<string>();
      for (const [key, expected] of verified.files) {
        if (!(await store.stat(key))) continue;
        if (sha256Of(await store.read(key)) !== expected.sha256) {
          throw new BackupRefused(`The data folder already holds a different file at ${key}; restore into an empty data folder. Nothing was changed.`);
        }
        if (isBlobKey(key)) await store.touch(key);
        present.add(key);
      }
      const written: string[] = [];
      let rows: Awaited<ReturnType<typeof writeRows>>;
      try {
        await writeFiles(archive, verified.files, missingFrom(verified.files, present), store, written);
        rows = await writeRows(sqlite, verified.databaseFile);
      } catch (error) {
        const why = "removing a file of a restore that failed";
        await bestEffort(() => deleteUnreferenced(sqlite, store, written, why), why);
        throw error;
      }
      // Committed: from here on nothing is undone. The seeded write-ups' files no restored row uses go now.
      const replaced = [...rows.oldKeys].filter((key) => !verified.files.has(key));
      const why = "removing a replaced seed write-up's file";
      await bestEffort(() => deleteUnreferenced(sqlite, store, replaced, why), why);
      // A kept blob a sweep removed all the same (before the rows pointed at it): written again from the archive.
      const gone = new Set<string>();
      for (const key of present) if (!(await store.stat(key))) gone.add(key);
      if (gone.size > 0) await writeFiles(archive, verified.files, gone, store, []);
      await searchIndexOn(sqlite).reindex();
      return {
        entries: verified.manifest.counts.entries,
        snapshots: verified.manifest.counts.snapshots,
        tags: verified.manifest.counts.tags,
        files: verified.files.size,
        requeued: rows.requeued,
        replaced: rows.replaced,
      };
    } finally {
      await verified.dispose();
    }
  } finally {
    sqlite.close();
  }
}

function missingFrom(files: Map<string, unknown>, present: Set<string>): Set<string> {
  return new Set([...files.keys()].filter((key) => !present.has(key)));
}

/**
 * Deletes those of `keys` no row refers to, holding the database's write lock while it looks and deletes: a blob
 * may be shared, and a capture publishing meanwhile must either be seen or come after the delete (it then writes
 * the blob again: lib/library/stored-files.ts, deleteUnreferencedBlobs).
 */
async function deleteUnreferenced(sqlite: SqliteDatabase, store: FileStore, keys: string[], why: string): Promise<void> {
  if (keys.length === 0) return;
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    const referenced = referencedKeys(sqlite);
    for (const key of keys) if (!referenced.has(key)) await bestEffort(() => store.delete(key), why);
  } finally {
    sqlite.exec("COMMIT");
  }
}

/** Writes the archive's files whose keys are in `wanted` (each checked again against the verified checksum). */
async function writeFiles(archive: string, files: Map<string, { size: number; sha256: string }>, wanted: Set<string>, store: FileStore, written: string[]) {
  const before = written.length;
  await forEachMember(archive, async ({ name }, body) => {
    if (!name.startsWith(FILES_PREFIX)) return;
    const key = name.slice(FILES_PREFIX.length);
    const expected = files.get(key);
    if (!expected || !wanted.has(key)) return;
    const data = await readAll(body, expected.size);
    // Read again since the check: the archive must not have changed in between.
    if (data.length !== expected.size || sha256Of(data) !== expected.sha256)
      throw new BackupRefused(`The archive changed while it was restored (${name}). Nothing was changed.`);
    await store.write(key, data);
    written.push(key);
  });
  if (written.length - before !== wanted.size) throw new BackupRefused("The archive changed while it was restored (files are missing). Nothing was changed.");
}

async function writeRows(sqlite: SqliteDatabase, databaseFile: string): Promise<{ requeued: number; replaced: number; oldKeys: Set<string> }> {
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
    const state = targetState(sqlite);
    if (state.own > 0) refuseNonEmpty(state.own);
    const oldKeys = referencedKeys(sqlite);
    for (const table of CLEAR_ORDER) sqlite.prepare(`DELETE FROM "${table}"`).run();
    for await (const { table, row } of readDatabaseRows(databaseFile)) insert(table, row);
    // A capture pending at backup time has no job here (jobs are not backed up): it is queued again.
    const pending = sqlite
      .prepare(`SELECT id FROM "Snapshot" WHERE status IN (?, ?)`)
      .pluck()
      .all(SNAPSHOT_STATUS.queued, SNAPSHOT_STATUS.capturing) as number[];
    const now = storedDateTime(new Date());
    for (const id of pending) {
      sqlite.prepare(`UPDATE "Snapshot" SET status = ?, stage = NULL WHERE id = ?`).run(SNAPSHOT_STATUS.queued, id);
      sqlite.prepare(`INSERT INTO "Job" (snapshotId, runAt, createdAt, updatedAt) VALUES (?, ?, ?, ?)`).run(id, now, now, now);
    }
    sqlite.exec("COMMIT");
    return { requeued: pending.length, replaced: state.seeded, oldKeys };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    throw error;
  }
}
