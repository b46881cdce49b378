import type { BrowserHost } from "@/lib/capture/browser/host";
import { abortReason, FAILURE, toCaptureError } from "@/lib/capture/errors";
import type { CaptureResult, CaptureSettings } from "@/lib/capture/types";
import { db } from "@/lib/db/client";
import { CAPTURE_STAGE, PENDING_SNAPSHOT, SNAPSHOT_STATUS, type CaptureStage } from "@/lib/db/vocabulary";
import type { JobContext } from "@/lib/queue/runner";
import { fileStore } from "@/lib/storage/configured-store";
import type { FileStore } from "@/lib/storage/file-store";
import { limitNotesOf } from "../snapshot-facts";
import { keepPublishedFiles, NO_STORED_FILES, releaseUnpublishedFiles, type StoredFiles } from "../stored-files";
import { failureOutcome, type CaptureOutcome } from "./outcome";
import { NotPublished, publish } from "./publish";
import { captureWithHttpFallback } from "./http-fallback";
import { runCapture } from "./run";
import { captureSourceFor } from "./source";
import { storeFiles } from "./store";

/** What a capture job needs from the process that runs it. */
export type CaptureJobDeps = {
  host: BrowserHost;
  settings: CaptureSettings;
  store?: FileStore;
  log?: (line: string) => void;
};

/**
 * One attempt at capturing a queued snapshot: run (the engine, stopped by the job's signal) → store (files first,
 * as content-addressed blobs) → publish (one transaction that checks the job is still held, marks it done and
 * points the rows at the files). A failure, a cancel or a lost job leaves no file of its own behind and none
 * referenced (blobs it merely reused stay, for the rows that share them or for the sweep).
 * Never throws for a capture that went wrong: the outcome says what happened, and its hooks write the snapshot.
 */
export async function captureSnapshot(context: JobContext, deps: CaptureJobDeps): Promise<CaptureOutcome> {
  const prisma = db();
  const store = deps.store ?? fileStore();
  const log = deps.log ?? ((line: string) => console.log(`[kura] ${line}`));
  const { snapshotId, signal } = context;
  const cancelled = (): CaptureOutcome | null => (signal.aborted ? { kind: "cancelled", reason: abortReason(signal) } : null);

  const snapshot = await prisma.snapshot.findUnique({ where: { id: snapshotId }, include: { link: true } });
  if (!snapshot) return { kind: "failed", reason: FAILURE.entryDeleted, transient: false };
  const { link } = snapshot;
  if (snapshot.status === SNAPSHOT_STATUS.ready && (snapshot.htmlPath || snapshot.originalPath)) {
    // Already published (a duplicate run): only the job is left to close.
    await context.commit(async () => undefined);
    return { kind: "done", limitsHit: limitNotesOf(snapshot).map((n) => n.limit) };
  }
  if (cancelled()) return cancelled()!;

  const setStage = (stage: CaptureStage) =>
    context
      .update(async (tx) => {
        await tx.snapshot.updateMany({ where: { id: snapshotId, status: { in: PENDING_SNAPSHOT } }, data: { status: SNAPSHOT_STATUS.capturing, stage } });
      })
      .catch((error: unknown) => log(`live progress of snapshot ${snapshotId} not saved (only the progress display misses it): ${String(error)}`));
  await setStage(CAPTURE_STAGE.loading);
  const started = Date.now();
  const source = await captureSourceFor(link);

  let result: CaptureResult;
  try {
    const attempt = (from: typeof source) =>
      runCapture(from, { ...deps, signal, onStep: (step) => void setStage(step), label: `a capture of snapshot ${snapshotId}` });
    result = await captureWithHttpFallback(link, source, attempt, { signal, log });
  } catch (error) {
    if (cancelled()) return cancelled()!;
    const failure = toCaptureError(error);
    if (!failure.expected) console.error(`[kura] capture of snapshot ${snapshotId} failed unexpectedly:`, error);
    return failureOutcome(failure, context, Date.now() - started);
  }
  if (cancelled()) return cancelled()!;

  let stored: StoredFiles = NO_STORED_FILES;
  try {
    const capture = await storeFiles(store, result, source);
    stored = capture.stored;
    if (cancelled()) throw new NotPublished();
    const published = await context.commit((tx) => publish(tx, { snapshotId, link, source, result, files: stored, limits: deps.settings.limits, started }));
    if (!published) throw new NotPublished();
    const rewritten = await keepPublishedFiles(store, stored).catch((error: unknown) => {
      log(`could not check the stored files of snapshot ${snapshotId} after publishing (the sweep reports any missing): ${String(error)}`);
      return [];
    });
    if (rewritten.length > 0) log(`snapshot ${snapshotId}: wrote again ${rewritten.length} file(s) a sweep removed while they were reused`);
    return { kind: "done", limitsHit: result.limitsHit };
  } catch (error) {
    await releaseUnpublishedFiles(store, stored).catch((removal: unknown) =>
      log(`could not remove the unpublished files of snapshot ${snapshotId} (the sweep will): ${String(removal)}`),
    );
    if (error instanceof NotPublished) return cancelled() ?? { kind: "lost", reason: FAILURE.takenOver };
    if (cancelled()) return cancelled()!;
    return failureOutcome(toCaptureError(error, "saving"), context, Date.now() - started);
  }
}
