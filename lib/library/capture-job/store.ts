import type { CaptureResult } from "@/lib/capture/types";
import type { FileStore } from "@/lib/storage/file-store";
import { captureFiles, storeCaptureFiles, type CaptureFile, type StoredFiles } from "../stored-files";
import type { CaptureSource } from "./source";

/**
 * Step 2 of a capture job: the files, each stored as a blob before any row points at it (bytes already stored —
 * an unchanged page, the same PDF — are reused, not written again). A kept file (PDF, image, download) is stored as
 * it came, named by its type; a page as its single-file snapshot; the reader article is the source's own when it
 * has one. The files are returned too: publishing needs their bytes should a reused blob have gone meanwhile.
 */
export async function storeFiles(store: FileStore, result: CaptureResult, source: CaptureSource): Promise<{ files: CaptureFile[]; stored: StoredFiles }> {
  const files = captureFiles(result, source.readerHtml ?? result.readerHtml);
  return { files, stored: await storeCaptureFiles(store, files) };
}
