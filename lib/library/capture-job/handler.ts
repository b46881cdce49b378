import { db } from "@/lib/db/client";
import type { JobContext, JobHandler } from "@/lib/queue/runner";
import { captureSnapshot, type CaptureJobDeps } from "./capture-snapshot";
import { crashOutcome, markAbandoned, markFailed, markReleased, markRetrying, settlementOf, type CaptureOutcome } from "./outcome";

/** The capture job as a queue handler: the attempt, and what each outcome means for the snapshot. */
export function captureJob(deps: CaptureJobDeps): JobHandler<CaptureOutcome> {
  return {
    run: (context) => captureSnapshot(context, deps),
    settlement: settlementOf,
    onRetry: markRetrying,
    onFail: (tx, job, outcome) => markFailed(tx, job.snapshotId, outcome),
    onRelease: markReleased,
    onAbandon: markAbandoned,
    onCrash: (_error, job) => crashOutcome(job),
  };
}

/**
 * Captures a snapshot right now, without the queue (the knowledge-base import, tests): one attempt, no fencing
 * (nothing else runs it), and a failure is final. `signal` stops it.
 */
export async function captureSnapshotNow(
  snapshotId: number,
  deps: CaptureJobDeps,
  signal: AbortSignal = new AbortController().signal,
): Promise<CaptureOutcome> {
  const prisma = db();
  const inTransaction: JobContext["commit"] = (write) =>
    prisma.$transaction(async (tx) => {
      await write(tx);
      return true;
    });
  const outcome = await captureSnapshot({ snapshotId, attempt: 1, maxAttempts: 1, signal, commit: inTransaction, update: inTransaction }, deps);
  if (settlementOf(outcome) === "fail") await prisma.$transaction((tx) => markFailed(tx, snapshotId, outcome));
  return outcome;
}
