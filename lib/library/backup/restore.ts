import { fileStore } from "@/lib/storage/configured-store";
import { isBlobKey } from "@/lib/storage/blobs";
import type { FileStore } from "@/lib/storage/file-store";
import { bestEffort } from "@/lib/log/best-effort";
import { forEachMember, readAll, sha256Of } from "./archive";
import { readDatabaseRows } from "./database-file";
import { BACKUP_TABLES, BackupRefused, FILES_PREFIX, type BackupTable } from "./format";
import type { LibraryDatabase, LibraryTarget } from "./library-database";
import { databaseOf, openLibraryTarget } from "./open-library";
import { verifyBackup } from "./verify";

// Restore into an empty instance: one that holds nothing but the seeded write-ups (what a fresh `npm start` leaves),
// which the backup's library replaces. Order: check the target, verify the whole archive, check no stored file
// would be overwritten with other bytes, write the files, then every row in one transaction; if anything fails,
// the transaction rolls back and the files written so far are removed, so the instance is as it was. The target is
// the data folder's SQLite file or a PostgreSQL server, whichever database the backup was made from.

export type RestoreOptions = {
  /** The database to restore into: the configured one unless given. */
  database?: LibraryDatabase;
  /** A SQLite file instead (shorthand for `database: { kind: "sqlite", file }`). */
  databaseFile?: string;
  store?: FileStore;
};

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

function refuseNonEmpty(own: number): void {
  if (own === 0) return;
  throw new BackupRefused(
    `This instance already has ${own} ${own === 1 ? "entry" : "entries"} of its own: restore only into an empty Kura (a fresh install, where only the seeded write-ups are, is fine). Nothing was changed.`,
  );
}

export async function restoreBackup(archive: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const store = options.store ?? fileStore();
  const target = await openLibraryTarget(databaseOf(options));
  try {
    refuseNonEmpty((await target.state()).own);
    const columns = {} as Record<BackupTable, Set<string>>;
    for (const table of BACKUP_TABLES) columns[table] = await target.columns(table);
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
      let rows: Awaited<ReturnType<LibraryTarget["replaceRows"]>>;
      try {
        await writeFiles(archive, verified.files, missingFrom(verified.files, present), store, written);
        rows = await target.replaceRows(readDatabaseRows(verified.databaseFile), (state) => refuseNonEmpty(state.own));
      } catch (error) {
        const why = "removing a file of a restore that failed";
        await bestEffort(() => target.deleteUnreferenced(store, written, why), why);
        throw error;
      }
      // Committed: from here on nothing is undone. The seeded write-ups' files no restored row uses go now.
      const replaced = [...rows.oldKeys].filter((key) => !verified.files.has(key));
      const why = "removing a replaced seed write-up's file";
      await bestEffort(() => target.deleteUnreferenced(store, replaced, why), why);
      // A kept blob a sweep removed all the same (before the rows pointed at it): written again from the archive.
      const gone = new Set<string>();
      for (const key of present) if (!(await store.stat(key))) gone.add(key);
      if (gone.size > 0) await writeFiles(archive, verified.files, gone, store, []);
      // The search index is derived from the rows, so it is rebuilt rather than restored.
      await target.rebuildSearchIndex();
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
    await target.close();
  }
}

function missingFrom(files: Map<string, unknown>, present: Set<string>): Set<string> {
  return new Set([...files.keys()].filter((key) => !present.has(key)));
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
