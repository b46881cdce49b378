import crypto from "node:crypto";
import type { CaptureResult } from "@/lib/capture/types";
import { snapshotFolder, type FileStore } from "@/lib/storage/file-store";
import { captureFiles, storeCaptureFiles, type StoredFiles } from "../stored-files";
import type { CaptureSource } from "./source";

/** Where one attempt writes: a folder of its own, so a stale worker that lost its lease only ever removes its own files. */
export function attemptFolder(linkId: number, snapshotId: number, attempt: number): string {
  return `${snapshotFolder(linkId, snapshotId)}/a${attempt}-${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * Step 2 of a capture job: the files, written before any row points at them (under temporary names, renamed when
 * complete). A kept file (PDF, image, download) is stored as it came, named by its type; a page as its single-file
 * snapshot; the reader article is the source's own when it has one.
 */
export function storeFiles(store: FileStore, folder: string, result: CaptureResult, source: CaptureSource): Promise<StoredFiles> {
  return storeCaptureFiles(store, folder, captureFiles(result, source.readerHtml ?? result.readerHtml));
}
