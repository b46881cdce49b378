import type { FileStore } from "@/lib/storage/file-store";
import type { BackupTable, Row } from "./format";

// What the backup needs from the database it reads and the one it restores into, whichever it is (the data folder's
// SQLite file or a PostgreSQL server). Rows cross this line in their stored SQLite form — dates as ISO 8601 text with
// "+00:00", booleans as 0/1 — which is what database.json holds, so a backup of either database restores into the other.

export type LibraryDatabase = { kind: "sqlite"; file: string } | { kind: "postgresql"; url: string };

export type TableReader = {
  columns(table: BackupTable): Promise<string[]>;
  /** Every row of `table` in the stable order of TABLE_ORDER, in stored form. */
  rows(table: BackupTable): Iterable<Row> | AsyncIterable<Row>;
};

export interface LibrarySource {
  /** Runs `read` inside one read-only transaction: the rows it sees are one moment of the library. */
  readConsistently<T>(read: (tables: TableReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type TargetState = { own: number; seeded: number };

export type ReplacedRows = { requeued: number; replaced: number; oldKeys: Set<string> };

export interface LibraryTarget {
  state(): Promise<TargetState>;
  columns(table: BackupTable): Promise<Set<string>>;
  /**
   * In one transaction that keeps every other writer out from the check on: `check` sees the state again, then the
   * library's rows are replaced by `rows` and pending captures are queued again. Anything failing rolls it all back.
   */
  replaceRows(rows: AsyncIterable<{ table: BackupTable; row: Row }>, check: (state: TargetState) => void): Promise<ReplacedRows>;
  /** Deletes those of `keys` no row refers to, under the lock a capture's publish takes too. */
  deleteUnreferenced(store: FileStore, keys: string[], why: string): Promise<void>;
  /** Rebuilds the search index of this database from its rows. */
  rebuildSearchIndex(): Promise<void>;
  close(): Promise<void>;
}

/** Deleted before the rows are written: children first (Job is not in the backup, but must not outlive its snapshot). */
export const CLEAR_ORDER = ["Job", "ShareLink", "WriteUpDecision", "LinkTag", "SnapshotPart", "Snapshot", "Tag", "Link", "AppState"] as const;
