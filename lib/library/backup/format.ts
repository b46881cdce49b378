import { z } from "@/lib/validation/zod";
import { isBlobKey } from "@/lib/storage/blobs";

// What a Kura backup archive holds, in one place: the members, the manifest's schema, the tables and the rule for
// names. Read by the writer and by the checks the restore makes before it changes anything.

export const BACKUP_FORMAT = "kura-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const DATABASE_FORMAT = "kura-database";

export const MANIFEST_MEMBER = "manifest.json";
export const DATABASE_MEMBER = "database.json";
export const FILES_PREFIX = "files/";

/**
 * The tables of the library, in the order rows are inserted (a row's references come before it). Accounts (User,
 * Session, ApiToken) are left out on purpose: a backup is the library, and an archive holding password and token
 * hashes would be a credential to guard wherever it is copied; the instance restored into has its own accounts.
 * Jobs are left out too: a capture pending at backup time is queued again by the restore.
 */
export const BACKUP_TABLES = ["Link", "Tag", "LinkTag", "Snapshot", "SnapshotPart", "ShareLink", "WriteUpDecision", "AppState"] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

/** One row in its stored SQLite form (dates as ISO 8601 text, booleans as 0/1): what database.json holds. */
export type Row = Record<string, string | number | null>;

/** A stable row order per table, so two backups of one library hold the same bytes. */
export const TABLE_ORDER: Record<BackupTable, string> = {
  Link: "id",
  Tag: "id",
  LinkTag: "linkId, tagId",
  Snapshot: "id",
  SnapshotPart: "snapshotId, path",
  ShareLink: "id",
  WriteUpDecision: "id",
  AppState: "key",
};

/** The columns holding a store key (a stored file's path). */
export const PATH_COLUMNS: Partial<Record<BackupTable, readonly string[]>> = {
  Link: ["faviconPath"],
  Snapshot: ["htmlPath", "originalPath", "screenshotPath", "thumbnailPath", "readerPath"],
  SnapshotPart: ["path"],
};

/**
 * Tables a backup made before they existed does not have: read as empty. SnapshotPart came with split pages
 * (lib/storage/html-parts.ts); an older backup's pages are all whole files.
 */
export const TABLES_ADDED_LATER: ReadonlySet<BackupTable> = new Set(["SnapshotPart"]);

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * A store key Kura writes: a blob's (blobs/sha256/<2 hex>/<hash><extension>), or one of the per-snapshot files of
 * before (snapshots/<link>/<snapshot>/<attempt>/<name>) — "/"-separated plain segments, so no "..", no absolute
 * path, no backslash, no empty segment can reach the file store.
 */
export function isSafeStoreKey(key: string): boolean {
  if (isBlobKey(key)) return true;
  const segments = key.split("/");
  return key.length <= 512 && segments.length >= 2 && segments[0] === "snapshots" && segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
}

export function memberOfKey(key: string): string {
  return `${FILES_PREFIX}${key}`;
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.string(),
  counts: z.object({
    entries: z.number().int().min(0),
    snapshots: z.number().int().min(0),
    /** Absent from backups made before pages were split. */
    snapshotParts: z.number().int().min(0).default(0),
    tags: z.number().int().min(0),
    linkTags: z.number().int().min(0),
    shareLinks: z.number().int().min(0),
    writeUpDecisions: z.number().int().min(0),
    appState: z.number().int().min(0),
    files: z.number().int().min(0),
  }),
  /** Every member but the manifest itself, in archive order. */
  members: z.array(z.object({ name: z.string(), size: z.number().int().min(0), sha256 })),
  /** The columns each table had, so a restore can tell a backup from a newer Kura it cannot hold. */
  columns: z.record(z.string(), z.array(z.string())),
  /** Files rows point at that were not in the store when the backup was made (restored as the same dangling rows). */
  missingFiles: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export const COUNT_OF_TABLE: Record<BackupTable, keyof BackupManifest["counts"]> = {
  Link: "entries",
  Tag: "tags",
  LinkTag: "linkTags",
  Snapshot: "snapshots",
  SnapshotPart: "snapshotParts",
  ShareLink: "shareLinks",
  WriteUpDecision: "writeUpDecisions",
  AppState: "appState",
};

/** Why a backup was refused: said to the user as it is, nothing having changed. */
export class BackupRefused extends Error {
  override name = "BackupRefused";
}
