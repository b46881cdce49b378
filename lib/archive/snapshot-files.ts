import { db } from "@/lib/db/client";
import { getSnapshotFiles } from "@/lib/links/links";
import { fileStore } from "@/lib/storage/file-store";

export const SNAPSHOT_FILE_KINDS = ["html", "screenshot", "thumbnail", "favicon"] as const;
export type SnapshotFileKind = (typeof SNAPSHOT_FILE_KINDS)[number];

const IMAGE_TYPES: Record<string, string> = {
  ".webp": "image/webp",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".svg": "image/svg+xml",
};

/**
 * Archived pages are hostile until proven otherwise: served as a sandboxed, opaque origin that may load nothing
 * from anywhere (everything it needs is inlined), never framed by other sites, never sniffed into another type.
 */
export const ARCHIVE_HTML_HEADERS: Record<string, string> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": [
    "sandbox",
    "default-src 'none'",
    "img-src data: blob:",
    "style-src 'unsafe-inline' data:",
    "font-src data:",
    "media-src data: blob:",
    "frame-src data: about:",
    "script-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Frame-Options": "SAMEORIGIN",
};

const IMAGE_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  // An SVG favicon opened directly must not run script either.
  "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
  "Cross-Origin-Resource-Policy": "same-origin",
};

export type SnapshotFile = { body: Buffer; headers: Record<string, string> };

/** One stored file of a snapshot with the headers it must be served with, or null when there is none. */
export async function readSnapshotFile(snapshotId: number, kind: SnapshotFileKind): Promise<SnapshotFile | null> {
  const files = await getSnapshotFiles(snapshotId);
  if (!files) return null;
  const relative = {
    html: files.htmlPath,
    screenshot: files.screenshotPath,
    thumbnail: files.thumbnailPath,
    favicon: files.link.faviconPath,
  }[kind];
  if (!relative) return null;
  let body: Buffer;
  try {
    body = await fileStore().read(relative);
  } catch {
    return null;
  }
  // Private: archives are per-account (or per share link); immutable: a snapshot's files never change.
  const cache = { "Cache-Control": "private, max-age=31536000, immutable", Vary: "Cookie" };
  if (kind === "html") return { body, headers: { ...ARCHIVE_HTML_HEADERS, ...cache } };
  const extension = relative.slice(relative.lastIndexOf("."));
  return { body, headers: { ...IMAGE_HEADERS, ...cache, "Content-Type": IMAGE_TYPES[extension] ?? "application/octet-stream" } };
}

export async function snapshotLinkId(snapshotId: number): Promise<number | null> {
  const snapshot = await db().snapshot.findUnique({ where: { id: snapshotId }, select: { linkId: true } });
  return snapshot?.linkId ?? null;
}
