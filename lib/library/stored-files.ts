import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CaptureResult } from "@/lib/capture/types";
import { db } from "@/lib/db/client";
import { JOB_STATE, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { snapshotFolder, type FileStore, type StoredFile } from "@/lib/storage/file-store";
import { sweepOrphanFiles, type SweepReport } from "@/lib/storage/sweep";

// The files a capture leaves, in one list: their names (the same in a snapshot's folder and in the folder of
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

export type StoredFiles = Partial<Record<FileKind, StoredFile>>;

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

/** Writes the files into `folder` (each under a temporary name, then renamed). */
export async function storeCaptureFiles(store: FileStore, folder: string, files: CaptureFile[]): Promise<StoredFiles> {
  const written = await Promise.all(files.map(async (file) => [file.kind, await store.write(`${folder}/${file.name}`, file.body)] as const));
  return Object.fromEntries(written);
}

/** The Snapshot columns pointing at the stored files, with their sizes and checksums (the favicon is the Link's). */
export function snapshotFileColumns(files: StoredFiles) {
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
export async function referencedPaths(prisma: PrismaClient = db()): Promise<Set<string>> {
  const [snapshots, links] = await Promise.all([
    prisma.snapshot.findMany({ select: SNAPSHOT_PATHS }),
    prisma.link.findMany({ where: { faviconPath: { not: null } }, select: { faviconPath: true } }),
  ]);
  const referenced = new Set<string>();
  for (const s of snapshots) for (const column of Object.values(PATH_COLUMN)) if (s[column]) referenced.add(s[column]);
  for (const l of links) if (l.faviconPath) referenced.add(l.faviconPath);
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

/** Removes the files under `snapshots/` no row points at (older than `minAgeMs`, not of a capture in flight). */
export function sweepSnapshotFiles(options: { minAgeMs: number; dryRun?: boolean; store?: FileStore; prisma?: PrismaClient }): Promise<SweepReport> {
  const prisma = options.prisma ?? db();
  return sweepOrphanFiles({ ...options, referenced: () => referencedPaths(prisma), busyFolders: () => capturingFolders(prisma) });
}
