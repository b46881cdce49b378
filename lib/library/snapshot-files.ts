import { getSnapshotFiles } from "./detail";
import { fileStore } from "@/lib/storage/configured-store";
import { originalInfoOf } from "@/lib/library/snapshot-facts";
import { storedPath } from "./stored-files";

import type { SnapshotFileKind } from "@/lib/validation/snapshot-file-kinds";

export { SNAPSHOT_FILE_KINDS, type SnapshotFileKind } from "@/lib/validation/snapshot-file-kinds";

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

/**
 * A kept original is whatever the site sent, HTML and SVG included: it is only ever downloaded (attachment), never
 * sniffed, and sandboxed should a browser open it anyway, so nothing in it runs in the app's origin.
 */
export function originalHeaders(contentType: string | null, fileName: string): Record<string, string> {
  const mime = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.exec((contentType ?? "").split(";")[0]!.trim());
  return {
    "Content-Type": mime ? mime[0].toLowerCase() : "application/octet-stream",
    "Content-Disposition": contentDisposition(fileName),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  };
}

/** attachment; an ASCII fallback name plus the exact name as RFC 5987 filename*. */
export function contentDisposition(fileName: string): string {
  // Control characters (C0, C1) must never reach a header, and bidi overrides/isolates/marks would let a name like
  // "invoice\u202Efdp.exe" display as "invoiceexe.pdf": both are replaced.
  // eslint-disable-next-line no-control-regex -- the control characters are what this removes
  const name = fileName.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"\\/]/g, "_") || "file";
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/[;%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export type SnapshotFile = { body: Buffer; headers: Record<string, string> };

/** One stored file of a snapshot with the headers it must be served with, or null when there is none. */
export async function readSnapshotFile(snapshotId: number, kind: SnapshotFileKind): Promise<SnapshotFile | null> {
  const files = await getSnapshotFiles(snapshotId);
  if (!files) return null;
  const relative = storedPath(files, kind);
  if (!relative) return null;
  let body: Buffer;
  try {
    body = await fileStore().read(relative);
  } catch {
    return null;
  }
  // Private: archives are per-account (or per share link). no-cache: a deleted entry, revoked share link or removed
  // account must stop being served from a browser cache, so every use revalidates with the server.
  const cache = { "Cache-Control": "private, no-cache", Vary: "Cookie" };
  if (kind === "html") return { body, headers: { ...ARCHIVE_HTML_HEADERS, ...cache } };
  if (kind === "original") {
    const info = originalInfoOf(files);
    return { body, headers: { ...originalHeaders(files.contentType, info?.fileName ?? relative.slice(relative.lastIndexOf("/") + 1)), ...cache } };
  }
  const extension = relative.slice(relative.lastIndexOf("."));
  return { body, headers: { ...IMAGE_HEADERS, ...cache, "Content-Type": IMAGE_TYPES[extension] ?? "application/octet-stream" } };
}
