import { BLOB_ROOT } from "./blobs";
import { fileStore } from "./configured-store";
import type { FileStore } from "./file-store";

export type SweepReport = {
  /** Files removed (relative to the data folder): no row referred to them. */
  removed: string[];
  /** Files kept although unreferenced: too young, or their snapshot is being captured right now. */
  keptInFlight: number;
  /** Paths rows refer to whose file is missing. */
  missing: string[];
  /** Files referenced by a row and present. */
  referenced: number;
};

export type SweepOptions = {
  /** Only files and folders older than this are removed (a capture in flight writes before it publishes). */
  minAgeMs: number;
  /** Report only. */
  dryRun?: boolean;
  store?: FileStore;
  /** Every file path (relative to the data folder) a row points at: what must stay. */
  referenced: () => Promise<Set<string>>;
  /** Folders (relative, ending in "/") whose files are being written right now: left alone whatever their age. */
  busyFolders: () => Promise<string[]>;
  /**
   * Removes those of the given blobs that are still unreferenced and still older than `minAgeMs` when looked at
   * again, in step with the captures that may be reusing them (lib/library/stored-files.ts); returns the removed.
   */
  removeBlobs: (candidates: string[], minAgeMs: number) => Promise<string[]>;
};

const MAX_ENTRIES = 1_000_000;

/**
 * The mark-and-sweep of stored files. Blobs (under `blobs/`, shared by every row with the same bytes) that no row
 * refers to any more — their last snapshot or entry deleted, or written by a capture that never published — are
 * handed to `removeBlobs`, which deletes them only after looking again. Files under `snapshots/` (written per
 * snapshot before files were content-addressed, or restored from such a backup) that no row refers to are removed
 * here, with the folders that end up empty; those of snapshots being captured are left alone. Nothing younger than
 * `minAgeMs` is removed. Also lists rows whose file is missing (which should never happen: rows are only pointed at
 * files after they were written). Which files rows refer to and which folders are busy is the caller's to say.
 */
export async function sweepOrphanFiles(options: SweepOptions): Promise<SweepReport> {
  const store = options.store ?? fileStore();
  const { minAgeMs } = options;
  const now = Date.now();

  // List first, read the references after: a file published meanwhile is then seen as referenced.
  const files = [...(await store.scan("snapshots", MAX_ENTRIES)), ...(await store.scan(BLOB_ROOT, MAX_ENTRIES))];
  const [referenced, busyFolders] = await Promise.all([options.referenced(), options.busyFolders()]);
  const inBusyFolder = (rel: string) => busyFolders.some((f) => rel.startsWith(f) || `${rel}/` === f);

  const report: SweepReport = { removed: [], keptInFlight: 0, missing: [], referenced: 0 };
  const present = new Set<string>();
  const unreferencedBlobs: string[] = [];
  for (const file of files) {
    present.add(file.path);
    if (referenced.has(file.path)) {
      report.referenced++;
      continue;
    }
    if (inBusyFolder(file.path) || now - file.modifiedAt.getTime() < minAgeMs) {
      report.keptInFlight++;
      continue;
    }
    if (file.path.startsWith(`${BLOB_ROOT}/`)) {
      unreferencedBlobs.push(file.path);
      continue;
    }
    if (!options.dryRun) await store.delete(file.path);
    report.removed.push(file.path);
  }
  const removedBlobs = options.dryRun ? unreferencedBlobs : await options.removeBlobs(unreferencedBlobs, minAgeMs);
  report.removed.push(...removedBlobs);
  // Reused or referenced since the listing: kept, as in-flight files are.
  report.keptInFlight += unreferencedBlobs.length - removedBlobs.length;
  for (const rel of referenced) {
    // Published after the listing? Ask the store before calling it missing.
    if (!present.has(rel) && !(await store.stat(rel))) report.missing.push(rel);
  }
  // Folder ages are read now: removing their orphans just touched them, so such a folder goes at the next sweep.
  if (!options.dryRun) await store.removeEmptyFolders("snapshots", (dir, modifiedAt) => inBusyFolder(dir) || Date.now() - modifiedAt.getTime() < minAgeMs);
  return report;
}
