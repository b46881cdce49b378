import fs from "node:fs/promises";
import path from "node:path";
import { bestEffort, tolerate } from "@/lib/log/best-effort";
import { fileStore, type LocalFileStore } from "./file-store";

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
  store?: LocalFileStore;
  /** Every file path (relative to the data folder) a row points at: what must stay. */
  referenced: () => Promise<Set<string>>;
  /** Folders (relative, ending in "/") whose files are being written right now: left alone whatever their age. */
  busyFolders: () => Promise<string[]>;
};

const MAX_ENTRIES = 1_000_000;

/**
 * Removes files under `snapshots/` that no row refers to — left by a worker killed between writing a capture's
 * files and publishing them, or by a delete whose file removal failed — and the folders that end up empty.
 * Files of snapshots being captured and files younger than `minAgeMs` are left alone. Also lists rows whose
 * file is missing (which should never happen: rows are only pointed at files after they were written). Which
 * files rows refer to and which folders are busy is the caller's to say (lib/library/stored-files.ts).
 */
export async function sweepOrphanFiles(options: SweepOptions): Promise<SweepReport> {
  const store = options.store ?? fileStore();
  const { minAgeMs } = options;
  const root = store.resolve("snapshots");
  const now = Date.now();

  // Walk first, read the references after: a file published meanwhile is then seen as referenced.
  const files: Array<{ rel: string; mtimeMs: number }> = [];
  const dirs: Array<{ rel: string; mtimeMs: number; depth: number }> = [];
  const walk = async (dir: string, depth: number) => {
    // ENOENT: no snapshots yet, or the folder went with its entry meanwhile.
    const listing = fs.readdir(dir, { withFileTypes: true });
    const entries = await bestEffort(tolerate(["ENOENT"], listing), "listing a snapshot folder for the sweep (it may be unreadable); it is left alone");
    if (!entries) return;
    for (const entry of entries) {
      if (files.length + dirs.length > MAX_ENTRIES) return;
      const absolute = path.join(dir, entry.name);
      const rel = path.relative(store.root, absolute).split(path.sep).join("/");
      // ENOENT: removed since the listing (its entry was deleted), nothing to sweep.
      const stat = await bestEffort(tolerate(["ENOENT"], fs.lstat(absolute)), "reading a file's age for the sweep; it is left alone");
      if (!stat) continue;
      if (entry.isDirectory()) {
        dirs.push({ rel, mtimeMs: stat.mtimeMs, depth });
        await walk(absolute, depth + 1);
      } else {
        files.push({ rel, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await walk(root, 1);

  const [referenced, busyFolders] = await Promise.all([options.referenced(), options.busyFolders()]);
  const inBusyFolder = (rel: string) => busyFolders.some((f) => rel.startsWith(f) || `${rel}/` === f);

  const report: SweepReport = { removed: [], keptInFlight: 0, missing: [], referenced: 0 };
  const present = new Set<string>();
  for (const file of files) {
    present.add(file.rel);
    if (referenced.has(file.rel)) {
      report.referenced++;
      continue;
    }
    if (inBusyFolder(file.rel) || now - file.mtimeMs < minAgeMs) {
      report.keptInFlight++;
      continue;
    }
    if (!options.dryRun) await fs.rm(store.resolve(file.rel), { force: true });
    report.removed.push(file.rel);
  }
  for (const rel of referenced) {
    if (rel.startsWith("snapshots/") && !present.has(rel)) {
      // Published after the walk? Check the disk before calling it missing.
      const exists = await fs.stat(store.resolve(rel)).then(
        () => true,
        () => false,
      );
      if (!exists) report.missing.push(rel);
    }
  }
  if (!options.dryRun) {
    // Deepest first, so a folder emptied by its children goes too.
    for (const dir of dirs.sort((a, b) => b.depth - a.depth)) {
      if (inBusyFolder(dir.rel) || now - dir.mtimeMs < minAgeMs) continue;
      // A folder that still holds files is kept (ENOTEMPTY, EEXIST on some systems); ENOENT: gone already.
      const removing = tolerate(["ENOTEMPTY", "EEXIST", "ENOENT"], fs.rmdir(store.resolve(dir.rel)));
      await bestEffort(removing, "removing an empty snapshot folder in the sweep (it may be unwritable); it is kept");
    }
  }
  return report;
}
