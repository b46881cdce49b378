import { CaptureError, FAILURE } from "@/lib/capture/errors";
import type { DbTransaction } from "@/lib/db/client";
import { PENDING_SNAPSHOT, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import type { ClaimedJob } from "@/lib/queue/jobs";
import type { JobSettlement } from "@/lib/queue/runner";

/**
 * What became of one attempt at capturing a snapshot — the one outcome type of the capture job:
 * - done: published (files referenced, snapshot ready);
 * - retry: failed for now, the job runs again after its backoff;
 * - failed: failed for good, with the reason on the snapshot;
 * - cancelled: stopped by its signal (a cancel, or shutdown handing the job back); nothing was written;
 * - lost: the job stopped being this worker's before it could publish; nothing was written.
 * What each means for the job row (settlementOf) and the hooks that write its snapshot state are below: a new
 * outcome is added in this file (and made by the step that meets it).
 */
export type CaptureOutcome =
  | { kind: "done"; limitsHit: string[] }
  | { kind: "retry" | "failed"; reason: string; transient: boolean; httpStatus?: number; durationMs?: number }
  | { kind: "cancelled" | "lost"; reason: string };

/** What an outcome means for its job: published (the publish transaction marked it done), to retry, failed, or not ours. */
export function settlementOf(outcome: CaptureOutcome): JobSettlement {
  switch (outcome.kind) {
    case "done":
      return "committed";
    case "retry":
      return "retry";
    case "failed":
      return "fail";
    case "cancelled":
    case "lost":
      return "leave";
  }
}

/** A failure is worth another attempt when it is transient and attempts remain. */
export function failureOutcome(failure: CaptureError, attempt: { attempt: number; maxAttempts: number }, durationMs?: number): CaptureOutcome {
  const retry = failure.transient && attempt.attempt < attempt.maxAttempts;
  return { kind: retry ? "retry" : "failed", reason: failure.message, transient: failure.transient, httpStatus: failure.httpStatus, durationMs };
}

/** The snapshot waits for its next attempt, saying why the last one failed. */
export async function markRetrying(tx: DbTransaction, job: ClaimedJob, outcome: CaptureOutcome): Promise<void> {
  if (outcome.kind !== "retry") return;
  await tx.snapshot.updateMany({
    where: { id: job.snapshotId },
    data: {
      status: SNAPSHOT_STATUS.queued,
      stage: null,
      error: FAILURE.retrying(outcome.reason, job.attempts + 1, job.maxAttempts),
      httpStatus: outcome.httpStatus ?? null,
    },
  });
}

/** The snapshot failed for good, with the reason. */
export async function markFailed(tx: DbTransaction, snapshotId: number, outcome: CaptureOutcome): Promise<void> {
  if (outcome.kind !== "failed" && outcome.kind !== "retry") return;
  await tx.snapshot.updateMany({
    where: { id: snapshotId, status: { in: PENDING_SNAPSHOT } },
    data: {
      status: SNAPSHOT_STATUS.failed,
      stage: null,
      error: outcome.reason,
      httpStatus: outcome.httpStatus ?? null,
      ...(outcome.durationMs === undefined ? {} : { durationMs: outcome.durationMs }),
    },
  });
}

/** Handed back at shutdown: the snapshot is queued again. */
export async function markReleased(tx: DbTransaction, job: ClaimedJob): Promise<void> {
  await tx.snapshot.updateMany({ where: { id: job.snapshotId, status: SNAPSHOT_STATUS.capturing }, data: { status: SNAPSHOT_STATUS.queued, stage: null } });
}

/** Its worker died on the last allowed attempt: the snapshot fails, and the job row says the same. */
export async function markAbandoned(tx: DbTransaction, job: ClaimedJob): Promise<string> {
  await tx.snapshot.updateMany({
    where: { id: job.snapshotId, status: { in: PENDING_SNAPSHOT } },
    data: { status: SNAPSHOT_STATUS.failed, stage: null, error: FAILURE.interrupted },
  });
  return FAILURE.interrupted;
}

/** The capture job itself threw (a bug): counted as a transient failure. */
export function crashOutcome(job: ClaimedJob): CaptureOutcome {
  return failureOutcome(new CaptureError(FAILURE.crashed, true), { attempt: job.attempts, maxAttempts: job.maxAttempts });
}
