import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CaptureResult } from "@/lib/capture/types";
import { config } from "@/lib/config";
import { db, type DbTransaction } from "@/lib/db/client";
import { JOB_STATE, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { extensionOf, isBlobKey, rewriteIfMissing, storeBlob, type StoredBlob } from "@/lib/storage/blobs";
import { fileStore } from "@/lib/storage/configured-store";
import { snapshotFolder, type FileStore } from "@/lib/storage/file-store";
import { SKELETON_EXTENSION, splitHtml } from "@/lib/storage/html-parts";
import { sweepOrphanFiles, type SweepReport } from "@/lib/storage/sweep";

// The files a capture leaves, in one list: their names (the extension of a stored blob, the name in the folder of
// `npm run capture --out`), the row columns that point at them, and the sweep of files no row points at.
// A new kind of file is added here (with its path column in prisma/schema.prisma and a migration).

export type FileKind = "html" | "original" | "screenshot" | "thumbnail" | "reader" | "favicon";

/** The Snapshot column holding each kind's path; the favicon is the entry's (Link.faviconPath), shared by its snapshots. */
const PATH_COLUMN = {
  html: "htmlPath",
  original: "originalPath",
  screenshot: "screenshotPath",
  thumbnail: "thumbnailPath",
  reader: "readerPath",
} as const satisfies Record<Exclude<FileKind, "favicon">, string>;

/** The path columns as a Prisma select, for every query that reads where a snapshot's files are. */
export const SNAPSHOT_PATHS = { htmlPath: true, originalPath: true, screenshotPath: true, thumbnailPath: true, readerPath: true } as const satisfies Record<
  (typeof PATH_COLUMN)[keyof typeof PATH_COLUMN],
  true
>;

type SnapshotPaths = Record<keyof typeof SNAPSHOT_PATHS, string | null>;

/** Where a stored file of the given kind is (relative to the data folder), or null when the snapshot has none. */
export function storedPath(snapshot: SnapshotPaths & { link: { faviconPath: string | null } }, kind: FileKind): string | null {
  return kind === "favicon" ? snapshot.link.faviconPath : snapshot[PATH_COLUMN[kind]];
}

/** One file of a capture, named as it is stored. */
export type CaptureFile = { kind: FileKind; name: string; body: Buffer | string };

/** Where each file of a capture is read from, with the size and SHA-256 of the file as read (a split page's joined). */
export type StoredFiles = {
  files: Partial<Record<FileKind, StoredBlob>>;
  /** The blobs the split files' skeletons name (SnapshotPart rows), each once. */
  parts: Array<{ path: string; bytes: number }>;
  /** Every blob the capture stored or reused, with its bytes: what is written again if a sweep took it meanwhile, or removed if never published. */
  blobs: Array<StoredBlob & { body: Buffer | string }>;
};

export const NO_STORED_FILES: StoredFiles = { files: {}, parts: [], blobs: [] };

/**
 * The files of one capture: the single-file snapshot of a page or the kept original file, the screenshot and its
 * thumbnail, the reader article (the source's own when it has one) and the favicon.
 */
export function captureFiles(result: CaptureResult, readerHtml: string | null = result.readerHtml): CaptureFile[] {
  const files: CaptureFile[] = [];
  if (result.html !== null) files.push({ kind: "html", name: "snapshot.html", body: result.html });
  if (result.original) files.push({ kind: "original", name: `original.${result.original.file.extension}`, body: result.original.file.body });
  if (result.screenshot) files.push({ kind: "screenshot", name: "screenshot.webp", body: result.screenshot });
  if (result.thumbnail) files.push({ kind: "thumbnail", name: "thumbnail.webp", body: result.thumbnail });
  if (readerHtml) files.push({ kind: "reader", name: "reader.html", body: readerHtml });
  if (result.favicon) files.push({ kind: "favicon", name: `favicon${faviconExtension(result.favicon.contentType)}`, body: result.favicon.body });
  return files;
}

function faviconExtension(contentType: string): string {
  if (contentType.includes("svg")) return ".svg";
  if (contentType.includes("png")) return ".png";
  if (contentType.includes("gif")) return ".gif";
  if (contentType.includes("webp")) return ".webp";
  if (contentType.includes("jpeg")) return ".jpg";
  return ".ico";
}

/** The files that inline their images as data: URIs: the snapshot and the reader article (its images too). */
const SPLIT_KINDS: ReadonlySet<FileKind> = new Set(["html", "reader"]);

/**
 * Stores each file as a blob (lib/storage/blobs.ts): bytes already stored are reused, not written again. A page's
 * HTML (or reader article) with large inline resources is stored split (lib/storage/html-parts.ts): each resource a
 * blob of its own, so the same image on many pages is stored once, and the page as a skeleton naming them.
 */
export async function storeCaptureFiles(store: FileStore, files: CaptureFile[]): Promise<StoredFiles> {
  const stored = await Promise.all(
    files.map(async (file) => {
      const split = SPLIT_KINDS.has(file.kind) ? splitHtml(file.body) : null;
      if (!split) {
        const blob = await storeBlob(store, file.body, extensionOf(file.name));
        return { kind: file.kind, file: blob, parts: [], blobs: [{ ...blob, body: file.body }] };
      }
      // The parts first: a skeleton is only ever stored after what it names.
      const parts = await Promise.all(split.blobs.map(async (part) => ({ ...(await storeBlob(store, part.body, extensionOf(part.key))), body: part.body })));
      const skeleton = await storeBlob(store, split.skeleton, SKELETON_EXTENSION);
      const page = { ...skeleton, bytes: split.header.bytes, sha256: split.header.sha256 };
      return {
        kind: file.kind,
        file: page,
        parts: parts.map((p) => ({ path: p.path, bytes: p.bytes })),
        blobs: [...parts, { ...skeleton, body: split.skeleton }],
      };
    }),
  );
  return {
    files: Object.fromEntries(stored.map((s) => [s.kind, s.file])),
    // The page and its reader article often inline the same image: one row for it.
    parts: [...new Map(stored.flatMap((s) => s.parts).map((p) => [p.path, p])).values()],
    blobs: stored.flatMap((s) => s.blobs),
  };
}

/**
 * After publishing: writes again any blob of the capture that is gone — one a sweep removed between this capture
 * reusing it and the rows pointing at it (see deleteUnreferencedBlobs). Returns the keys written again.
 */
export async function keepPublishedFiles(store: FileStore, stored: StoredFiles): Promise<string[]> {
  const rewritten: string[] = [];
  for (const blob of stored.blobs) {
    if (await rewriteIfMissing(store, blob.path, blob.body)) rewritten.push(blob.path);
  }
  return rewritten;
}

/**
 * A capture that stored files and then did not publish them (cancelled, lost its job, failed to commit) removes
 * the blobs it wrote — unless a row refers to them meanwhile (another capture with the same bytes). Blobs it only
 * reused were someone's before and are left to the sweep.
 */
export async function releaseUnpublishedFiles(store: FileStore, stored: StoredFiles, prisma: PrismaClient = db()): Promise<string[]> {
  const written = stored.blobs.filter((file) => !file.reused).map((file) => file.path);
  return deleteUnreferencedBlobs(written, { store, prisma, minAgeMs: 0 });
}

/** The Snapshot columns pointing at the stored files, with their sizes and checksums (the favicon is the Link's). */
export function snapshotFileColumns({ files }: StoredFiles) {
  return {
    htmlPath: files.html?.path ?? null,
    htmlSha256: files.html?.sha256 ?? null,
    htmlBytes: files.html?.bytes ?? null,
    originalPath: files.original?.path ?? null,
    originalSha256: files.original?.sha256 ?? null,
    originalBytes: files.original?.bytes ?? null,
    screenshotPath: files.screenshot?.path ?? null,
    screenshotBytes: files.screenshot?.bytes ?? null,
    thumbnailPath: files.thumbnail?.path ?? null,
    thumbnailBytes: files.thumbnail?.bytes ?? null,
    readerPath: files.reader?.path ?? null,
  };
}

/** Every file path (relative to the data folder) a row points at: the one list of what a snapshot or link owns. */
export async function referencedPaths(prisma: PrismaClient | DbTransaction = db()): Promise<Set<string>> {
  const [snapshots, links, parts] = await Promise.all([
    prisma.snapshot.findMany({ select: SNAPSHOT_PATHS }),
    prisma.link.findMany({ where: { faviconPath: { not: null } }, select: { faviconPath: true } }),
    prisma.snapshotPart.findMany({ distinct: ["path"], select: { path: true } }),
  ]);
  const referenced = new Set<string>();
  for (const s of snapshots) for (const column of Object.values(PATH_COLUMN)) if (s[column]) referenced.add(s[column]);
  for (const l of links) if (l.faviconPath) referenced.add(l.faviconPath);
  for (const p of parts) referenced.add(p.path);
  return referenced;
}

/** Folders of the snapshots being captured right now: their files are written before they are referenced. */
async function capturingFolders(prisma: PrismaClient): Promise<string[]> {
  const busy = await prisma.snapshot.findMany({
    where: { OR: [{ status: SNAPSHOT_STATUS.capturing }, { job: { state: JOB_STATE.running } }] },
    select: { id: true, linkId: true },
  });
  return busy.map((s) => `${snapshotFolder(s.linkId, s.id)}/`);
}

/** Those of `keys` a row points at. */
async function referencedAmong(tx: DbTransaction, keys: string[]): Promise<Set<string>> {
  const columns = Object.values(PATH_COLUMN);
  const [snapshots, links, parts] = await Promise.all([
    tx.snapshot.findMany({ where: { OR: columns.map((column) => ({ [column]: { in: keys } })) }, select: SNAPSHOT_PATHS }),
    tx.link.findMany({ where: { faviconPath: { in: keys } }, select: { faviconPath: true } }),
    tx.snapshotPart.findMany({ where: { path: { in: keys } }, distinct: ["path"], select: { path: true } }),
  ]);
  const wanted = new Set(keys);
  const referenced = new Set<string>();
  for (const s of snapshots) for (const column of columns) if (s[column] && wanted.has(s[column])) referenced.add(s[column]);
  for (const l of links) if (l.faviconPath) referenced.add(l.faviconPath);
  for (const p of parts) referenced.add(p.path);
  return referenced;
}

/** Any fixed number: the PostgreSQL advisory lock between publishing rows that point at blobs and deleting blobs. */
export const BLOB_LOCK = 0x6b75_626c; // "kubl"

/**
 * The lock between "rows now point at these blobs" (a capture's publish: `shared`, many at once) and the sweep's
 * look-again-then-delete (`exclusive`), held to the end of the transaction.
 * - SQLite has one writer at a time, and every transaction of Kura's client takes the write lock when it begins
 *   (BEGIN IMMEDIATE, lib/db/client.ts): the sweep's transaction already makes every other connection's writer —
 *   another process publishing, a restore — wait until it ends, and reads the newest rows; nothing more is needed.
 *   Inside this process every Prisma transaction waits too (the driver adapter runs one at a time on its one
 *   connection) — but a write outside a transaction would run inside the sweep's, unseen by its check: rows that
 *   point at files are only ever written in a transaction (the publish, the restore).
 * - PostgreSQL has row locks, so writers do not wait for each other: a transaction-scoped advisory lock does it,
 *   shared by publishers, exclusive for the sweep.
 */
export async function holdBlobLock(tx: DbTransaction, mode: "shared" | "exclusive"): Promise<void> {
  if (config().database.kind !== "postgresql") return;
  await tx.$executeRawUnsafe(mode === "shared" ? `SELECT pg_advisory_xact_lock_shared(${BLOB_LOCK})` : `SELECT pg_advisory_xact_lock(${BLOB_LOCK})`);
}

/** Blobs looked at (and deleted) under one hold of the blob lock (holdBlobLock): bounds how long a capture's publish may wait. */
const DELETE_BATCH = 50;

/**
 * Deletes those of the given blobs that no row refers to and that are older than `minAgeMs`, each looked at again
 * while holding the blob lock (holdBlobLock), so that no row can come to point at a blob between the check and the
 * delete. What that guarantees, with a capture reusing a blob (storeBlob renews its age, publishes, then
 * keepPublishedFiles):
 * - a capture whose rows were committed before the check: the blob is referenced, so it is kept;
 * - a capture that commits after the check: its commit waits for the lock, so the delete is done by then and its
 *   keepPublishedFiles (after the commit) finds the blob gone and writes it again from the bytes it holds;
 * - a blob reused a moment ago is younger than `minAgeMs` and is not even tried (the usual case, and no rewrite).
 * Not guaranteed: a capture process killed between its commit and keepPublishedFiles in the second case leaves a
 * row pointing at a missing file (the sweep reports it under `missing`); readers may see a 404 for that moment.
 */
export async function deleteUnreferencedBlobs(keys: string[], options: { store: FileStore; prisma?: PrismaClient; minAgeMs: number }): Promise<string[]> {
  const prisma = options.prisma ?? db();
  const blobs = keys.filter(isBlobKey);
  const removed: string[] = [];
  for (let i = 0; i < blobs.length; i += DELETE_BATCH) {
    const batch = blobs.slice(i, i + DELETE_BATCH);
    await prisma.$transaction(
      async (tx) => {
        await holdBlobLock(tx, "exclusive");
        const referenced = await referencedAmong(tx, batch);
        for (const key of batch) {
          if (referenced.has(key)) continue;
          const stat = await options.store.stat(key);
          if (!stat || Date.now() - stat.modifiedAt.getTime() < options.minAgeMs) continue;
          await options.store.delete(key);
          removed.push(key);
        }
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
  }
  return removed;
}

/** Removes the stored files no row points at (older than `minAgeMs`; under `snapshots/`, not of a capture in flight). */
export function sweepSnapshotFiles(options: { minAgeMs: number; dryRun?: boolean; store?: FileStore; prisma?: PrismaClient }): Promise<SweepReport> {
  const prisma = options.prisma ?? db();
  const store = options.store ?? fileStore();
  return sweepOrphanFiles({
    ...options,
    store,
    referenced: () => referencedPaths(prisma),
    busyFolders: () => capturingFolders(prisma),
    removeBlobs: (candidates, minAgeMs) => deleteUnreferencedBlobs(candidates, { store, prisma, minAgeMs }),
  });
}
