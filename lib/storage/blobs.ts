import crypto from "node:crypto";
import { bestEffort } from "@/lib/log/best-effort";
import type { FileStore, StoredFile } from "./file-store";

// Content-addressed files: every file a capture stores is a blob named by the SHA-256 of its bytes
// (blobs/sha256/<first two hex>/<hash><extension>), so a re-capture of an unchanged page or the same PDF kept by
// two entries costs its bytes once. Rows point at blob keys as they point at any key; many rows may share one.
// Nothing but the mark-and-sweep (lib/library/stored-files.ts) ever deletes a blob, and only when no row refers
// to it: deleting an entry or a snapshot removes rows, never a blob.
//
// The extension stays in the key because the file route names an image's type by it (.webp, .png, .svg …): two
// files with the same bytes and different extensions are two blobs, which costs nothing in practice.

export const BLOB_ROOT = "blobs";
const BLOB_KEY = /^blobs\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})(\.[a-z0-9]{1,16})?$/;
const EXTENSION = /^\.[a-z0-9]{1,16}$/;

/** The key of the blob holding bytes with this SHA-256 (an unusable extension is left out). */
export function blobKey(sha256: string, extension = ""): string {
  const ext = extension.toLowerCase();
  return `${BLOB_ROOT}/sha256/${sha256.slice(0, 2)}/${sha256}${EXTENSION.test(ext) ? ext : ""}`;
}

/** True for a key blobKey makes (the two-character folder matching the hash). */
export function isBlobKey(key: string): boolean {
  const match = BLOB_KEY.exec(key);
  return match !== null && match[2]!.startsWith(match[1]!);
}

/** The SHA-256 a blob key names, or null for any other key. */
export function hashOfBlobKey(key: string): string | null {
  return isBlobKey(key) ? BLOB_KEY.exec(key)![2]! : null;
}

/** The extension of a file name, dot included ("" when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
}

export type StoredBlob = StoredFile & {
  /** The blob was already stored (its age was renewed instead of writing it again). */
  reused: boolean;
};

/**
 * Stores bytes as a blob, or reuses the blob already holding them: then only its modification time is renewed,
 * which tells a sweep running meanwhile that it is in use (see deleteUnreferencedBlobs for what that guarantees).
 * A blob of another size under the key (a damaged store) is written again.
 */
export async function storeBlob(store: FileStore, data: Buffer | string, extension: string): Promise<StoredBlob> {
  const buffer = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const sha256 = crypto.createHash("sha256").update(buffer).digest("hex");
  const key = blobKey(sha256, extension);
  const present = await store.stat(key);
  // A touch that fails (a store refusing the copy) costs a write of the bytes, not the capture.
  const renewed = present?.bytes === buffer.length && (await bestEffort(store.touch(key), "renewing a stored blob's age; it is written again instead"));
  if (renewed) return { path: key, bytes: buffer.length, sha256, reused: true };
  return { ...(await store.write(key, buffer)), reused: false };
}

/** Writes a blob again when it is gone (a sweep removed it after it was reused); true when it had to be written. */
export async function rewriteIfMissing(store: FileStore, key: string, data: Buffer | string): Promise<boolean> {
  if (await store.stat(key)) return false;
  await store.write(key, data);
  return true;
}
