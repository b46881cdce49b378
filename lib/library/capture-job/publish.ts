import type { CaptureResult, CaptureLimits } from "@/lib/capture/types";
import type { DbTransaction } from "@/lib/db/client";
import { PENDING_SNAPSHOT, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import type { Link } from "@/lib/generated/prisma/client";
import { captureNotes, factColumns } from "../snapshot-facts";
import { holdBlobLock, snapshotFileColumns, type StoredFiles } from "../stored-files";
import type { CaptureSource } from "./source";

/** The snapshot was cancelled while its files were written: nothing is published. */
export class NotPublished extends Error {}

export type Publication = {
  snapshotId: number;
  link: Link;
  source: CaptureSource;
  result: CaptureResult;
  files: StoredFiles;
  limits: CaptureLimits;
  started: number;
};

/**
 * Step 3 of a capture job, inside the transaction that also checks the job is still held: the snapshot becomes
 * ready and points at its files, and the entry takes what the page says about itself. Throws NotPublished (rolling
 * the transaction back) when the snapshot is no longer pending.
 */
export async function publish(tx: DbTransaction, { snapshotId, link, source, result, files, limits, started }: Publication): Promise<void> {
  // Before any row points at the blobs: a sweep deleting unreferenced ones is then either done or waits for this.
  await holdBlobLock(tx, "shared");
  const text = source.text ?? result.text;
  const page = source.describesItself ? null : result.metadata.details;
  const { count } = await tx.snapshot.updateMany({
    where: { id: snapshotId, status: { in: PENDING_SNAPSHOT } },
    data: {
      status: SNAPSHOT_STATUS.ready,
      stage: null,
      error: null,
      capturedAt: new Date(),
      durationMs: Date.now() - started,
      httpStatus: result.httpStatus,
      finalUrl: source.describesItself ? null : result.finalUrl,
      contentType: result.contentType || "text/html",
      ...snapshotFileColumns(files),
      text,
      textBytes: Buffer.byteLength(text, "utf8"),
      pageText: result.pageText || null,
      ...factColumns({
        page,
        original: result.original?.info ?? null,
        notes: captureNotes(result.limitsHit, limits, result.overlays),
        blocked: result.blocked,
      }),
    },
  });
  if (count !== 1) throw new NotPublished();
  // In the same transaction as htmlPath: a sweep sees the skeleton and the parts it names referenced together.
  if (files.parts.length > 0) await tx.snapshotPart.createMany({ data: files.parts.map((part) => ({ snapshotId, path: part.path, bytes: part.bytes })) });
  const faviconPath = files.files.favicon?.path ?? link.faviconPath;
  const readable = result.article;
  await tx.link.update({
    where: { id: link.id },
    data: source.describesItself
      ? { faviconPath }
      : {
          // The page's own declarations (og:title, JSON-LD headline, <title>) first, Readability's guesses next.
          title: pick(result.metadata.title, readable?.title, link.title),
          description: pick(result.metadata.description, readable?.excerpt, link.description),
          siteName: pick(result.metadata.siteName, readable?.siteName, link.siteName),
          language: pick(result.metadata.language, readable?.lang, link.language),
          faviconPath,
        },
  });
}

function pick(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    const trimmed = v?.replace(/\s+/g, " ").trim();
    if (trimmed) return trimmed.slice(0, 500);
  }
  return null;
}
