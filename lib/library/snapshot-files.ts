import { getSnapshotFiles } from "./detail";
import { fileStore } from "@/lib/storage/configured-store";
import { originalInfoOf } from "@/lib/library/snapshot-facts";
import type { Readable } from "node:stream";
import { bestEffort } from "@/lib/log/best-effort";
import { rangeRequest } from "./byte-range";
import { READ_WAIT_MS, readSlots } from "./client-slots";
import { storedPath } from "./stored-files";
import { extensionOf, isBlobKey } from "@/lib/storage/blobs";
import { openStoredFile } from "@/lib/storage/stored-file";

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

/** The headers a stored file of this kind is served with (the same for the whole file and for a range of it). */
function servedHeaders(files: NonNullable<Awaited<ReturnType<typeof getSnapshotFiles>>>, kind: SnapshotFileKind, relative: string): Record<string, string> {
  // Private: archives are per-account (or per share link). no-cache: a deleted entry, revoked share link or removed
  // account must stop being served from a browser cache, so every use revalidates with the server.
  const cache = { "Cache-Control": "private, no-cache", Vary: "Cookie" };
  if (kind === "html") return { ...ARCHIVE_HTML_HEADERS, ...cache };
  if (kind === "original") {
    // A blob's name is its hash: a snapshot kept without a file name downloads as original.<extension> instead.
    const stored = relative.slice(relative.lastIndexOf("/") + 1);
    const fallback = isBlobKey(relative) ? `original${extensionOf(stored)}` : stored;
    return { ...originalHeaders(files.contentType, originalInfoOf(files)?.fileName ?? fallback), ...cache };
  }
  // The extension a stored file was written with (a blob key keeps it): never the page's say.
  const extension = extensionOf(relative.slice(relative.lastIndexOf("/") + 1));
  return { ...IMAGE_HEADERS, ...cache, "Content-Type": IMAGE_TYPES[extension] ?? "application/octet-stream" };
}

/** An answer for a stored file: the status, its headers and the body as a stream read from disk as it is sent. */
export type ServedFile = { status: 200 | 206 | 416 | 429; headers: Record<string, string>; body: ReadableStream<Uint8Array> | null };

/**
 * A web stream that pulls from the file as the client reads (back-pressure end to end) and closes the file when the
 * client goes away. Not Readable.toWeb: on Node 20 a client hanging up mid-file makes it enqueue into a closed
 * controller, an uncaught exception that would take the server down.
 */
function webStream(stream: Readable): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (error) {
        // Cancelled meanwhile (enqueue then throws) or a read error: error() is a no-op on a stream already ended.
        controller.error(error);
      }
    },
    cancel() {
      stream.destroy();
    },
  });
}

/** Seconds a client over its parallel-read limit is asked to wait. */
const RETRY_AFTER_SECONDS = 1;

/**
 * One stored file of a snapshot, streamed from disk (never read whole into memory), a single byte range of it when
 * asked (206, or 416 for a range it does not have), at most MAX_PARALLEL_READS at once per `client`: a read past
 * that waits up to READ_WAIT_MS for one of them to end, then gets 429. Null when the snapshot has no such file.
 */
export async function serveSnapshotFile(
  snapshotId: number,
  kind: SnapshotFileKind,
  request: { range: string | null; client: string; signal?: AbortSignal },
): Promise<ServedFile | null> {
  const release = await readSlots().acquireWithin(request.client, READ_WAIT_MS, request.signal);
  if (!release) {
    return { status: 429, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Content-Type": "text/plain; charset=utf-8" }, body: null };
  }
  let handedOver = false;
  try {
    const files = await getSnapshotFiles(snapshotId);
    const relative = files ? storedPath(files, kind) : null;
    if (!files || !relative) return null;
    // A split page is joined as it is sent (its length is the page's, and a range is the page's range).
    const stat = await bestEffort(openStoredFile(fileStore(), relative), "opening a stored file (a page skeleton may be damaged); answered as not found");
    if (!stat) return null;
    const headers = { ...servedHeaders(files, kind, relative), "Accept-Ranges": "bytes" };
    const range = rangeRequest(request.range, stat.bytes);
    if (range.kind === "unsatisfiable") {
      return { status: 416, headers: { ...headers, "Content-Range": `bytes */${stat.bytes}` }, body: null };
    }
    const part = range.kind === "range" ? { start: range.start, end: range.end } : undefined;
    const stream = await bestEffort(stat.stream(part), "opening a stored file to serve it (it may have been removed since); answered as not found");
    if (!stream) return null;
    // The slot is held until the last byte is sent or the client goes away (the web stream's cancel destroys it).
    stream.once("close", release);
    handedOver = true;
    const body = webStream(stream);
    if (!part) return { status: 200, headers: { ...headers, "Content-Length": String(stat.bytes) }, body };
    return {
      status: 206,
      headers: {
        ...headers,
        "Content-Length": String(range.kind === "range" ? range.end - range.start + 1 : 0),
        "Content-Range": `bytes ${part.start}-${part.end}/${stat.bytes}`,
      },
      body,
    };
  } finally {
    if (!handedOver) release();
  }
}
