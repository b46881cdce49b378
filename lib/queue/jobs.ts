import type { PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";

/**
 * A job a worker holds. `workerId` + `attempts` are the fencing token: every write a worker makes for the job
 * is conditional on the row still showing both (and state "running"), so a worker whose lease ran out — it was
 * paused, or the job was cancelled or handed back — can no longer complete, fail or extend it.
 */
export type ClaimedJob = { id: number; snapshotId: number; attempts: number; maxAttempts: number; workerId: string };

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

export type RetryPolicy = { baseMs: number; maxMs: number };

type Tx = Pick<PrismaClient, "job">;

export const DEFAULT_LEASE_MS = 90_000;
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 600_000 };
export const CANCELLED_REASON = "Cancelled";
export const INTERRUPTED_REASON = "The capture was interrupted too many times.";

/** Backoff before the next attempt: base, 4×base, 16×base … (5 s, 20 s, 80 s by default), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.baseMs * 4 ** Math.max(0, attempt - 1), policy.maxMs);
}

/** The retry policy and attempt limit from the configuration. */
export function configuredRetry(): RetryPolicy {
  const q = config().queue;
  return { baseMs: q.retryBaseMs, maxMs: q.retryMaxMs };
}

export async function enqueueCapture(tx: Tx, snapshotId: number, runAt = new Date(), maxAttempts = config().queue.maxAttempts): Promise<void> {
  await tx.job.create({ data: { snapshotId, runAt, maxAttempts } });
}

/** The condition under which a worker still holds a job. */
export function heldBy(job: ClaimedJob) {
  return { id: job.id, state: "running", workerId: job.workerId, attempts: job.attempts };
}

/**
 * Claims the next due job, or one whose lease ran out (its worker died). The conditional update on state and
 * attempt counter is the lock: of several workers racing for one row, exactly one update matches.
 */
export async function claimNextJob(db: PrismaClient, workerId: string, leaseMs = DEFAULT_LEASE_MS): Promise<ClaimedJob | null> {
  for (let tries = 0; tries < 8; tries++) {
    const now = new Date();
    const candidate = await db.job.findFirst({
      where: {
        OR: [
          { state: "queued", runAt: { lte: now } },
          { state: "running", leaseUntil: { lt: now } },
        ],
      },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
    });
    if (!candidate) return null;
    if (candidate.state === "running" && candidate.attempts >= candidate.maxAttempts) {
      // Its worker died on the last allowed attempt: give up instead of looping on a page that kills workers.
      await db.$transaction(async (tx) => {
        const { count } = await tx.job.updateMany({
          where: { id: candidate.id, state: "running", attempts: candidate.attempts, leaseUntil: { lt: now } },
          data: { state: "failed", lastError: INTERRUPTED_REASON, leaseUntil: null },
        });
        if (count === 1) {
          await tx.snapshot.updateMany({
            where: { id: candidate.snapshotId, status: { in: ["queued", "capturing"] } },
            data: { status: "failed", stage: null, error: INTERRUPTED_REASON },
          });
        }
      });
      continue;
    }
    const { count } = await db.job.updateMany({
      where: {
        id: candidate.id,
        state: candidate.state,
        attempts: candidate.attempts,
        workerId: candidate.workerId,
        // An expired lease must still be expired: its worker may have renewed it since the read.
        ...(candidate.state === "running" ? { leaseUntil: { lt: now } } : {}),
      },
      data: {
        state: "running",
        attempts: candidate.attempts + 1,
        leaseUntil: new Date(now.getTime() + leaseMs),
        workerId,
      },
    });
    if (count === 1) {
      return { id: candidate.id, snapshotId: candidate.snapshotId, attempts: candidate.attempts + 1, maxAttempts: candidate.maxAttempts, workerId };
    }
  }
  return null;
}

/** Renews the lease; false when the job is no longer this worker's (cancelled, handed back or taken over). */
export async function extendLease(db: PrismaClient, job: ClaimedJob, leaseMs = DEFAULT_LEASE_MS): Promise<boolean> {
  const { count } = await db.job.updateMany({ where: heldBy(job), data: { leaseUntil: new Date(Date.now() + leaseMs) } });
  return count === 1;
}

/** Marks the job done; false when it is no longer held (the caller must then not publish its result). */
export async function completeJob(tx: Tx, job: ClaimedJob): Promise<boolean> {
  const { count } = await tx.job.updateMany({ where: heldBy(job), data: { state: "done", leaseUntil: null, lastError: null } });
  return count === 1;
}

export type JobFailure = { reason: string; transient: boolean; httpStatus?: number | null; durationMs?: number };

/**
 * Records a failed attempt on the job and its snapshot in one transaction: back to the queue with backoff when the
 * failure is transient and attempts remain, otherwise failed for good with the reason. "lost" when the job was
 * no longer held (cancelled meanwhile): nothing is written then.
 */
export async function failJob(
  db: PrismaClient,
  job: ClaimedJob,
  failure: JobFailure,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<"retry" | "failed" | "lost"> {
  const retry = failure.transient && job.attempts < job.maxAttempts;
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: heldBy(job),
      data: retry
        ? { state: "queued", runAt: new Date(Date.now() + retryDelayMs(job.attempts, policy)), leaseUntil: null, lastError: failure.reason }
        : { state: "failed", leaseUntil: null, lastError: failure.reason },
    });
    if (count !== 1) return "lost" as const;
    await tx.snapshot.updateMany({
      where: { id: job.snapshotId },
      data: retry
        ? {
            status: "queued",
            stage: null,
            error: `${failure.reason} Retrying (attempt ${job.attempts + 1} of ${job.maxAttempts}).`,
            httpStatus: failure.httpStatus ?? null,
          }
        : {
            status: "failed",
            stage: null,
            error: failure.reason,
            httpStatus: failure.httpStatus ?? null,
            ...(failure.durationMs === undefined ? {} : { durationMs: failure.durationMs }),
          },
    });
    return retry ? ("retry" as const) : ("failed" as const);
  });
}

/** On shutdown: hand an unfinished job back without charging it an attempt. */
export async function releaseJob(db: PrismaClient, job: ClaimedJob): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: heldBy(job),
      data: { state: "queued", attempts: job.attempts - 1, leaseUntil: null, workerId: null, runAt: new Date() },
    });
    if (count === 1) {
      await tx.snapshot.updateMany({ where: { id: job.snapshotId, status: "capturing" }, data: { status: "queued", stage: null } });
    }
    return count === 1;
  });
}

/** Whether the job is still this worker's (false once cancelled, handed back or taken over). */
export async function stillHeld(db: PrismaClient, job: ClaimedJob): Promise<boolean> {
  return (await db.job.count({ where: heldBy(job) })) === 1;
}

/**
 * Cancels the pending captures of these snapshots: queued jobs never start, a running one stops at its worker's
 * next lease check (within about a second), and the snapshot ends failed with "Cancelled". Returns the ids of the
 * snapshots cancelled.
 */
export async function cancelSnapshots(db: PrismaClient, snapshotIds: number[]): Promise<number[]> {
  if (snapshotIds.length === 0) return [];
  return db.$transaction(async (tx) => {
    const jobs = await tx.job.findMany({ where: { snapshotId: { in: snapshotIds }, state: { in: ["queued", "running"] } }, select: { id: true, snapshotId: true } });
    const pendingWithoutJob = await tx.snapshot.findMany({
      where: { id: { in: snapshotIds }, status: { in: ["queued", "capturing"] }, job: null },
      select: { id: true },
    });
    const ids = [...new Set([...jobs.map((j) => j.snapshotId), ...pendingWithoutJob.map((s) => s.id)])];
    if (ids.length === 0) return [];
    await tx.job.updateMany({
      where: { id: { in: jobs.map((j) => j.id) }, state: { in: ["queued", "running"] } },
      data: { state: "cancelled", leaseUntil: null, lastError: CANCELLED_REASON },
    });
    await tx.snapshot.updateMany({
      where: { id: { in: ids }, status: { in: ["queued", "capturing"] } },
      data: { status: "failed", stage: null, error: CANCELLED_REASON },
    });
    return ids;
  });
}

/** Bumps the job's updatedAt so pollers (`captureUpdatesSince`) see a new stage of its snapshot. */
export async function touchJob(db: PrismaClient, snapshotId: number): Promise<void> {
  await db.job.updateMany({ where: { snapshotId }, data: { updatedAt: new Date() } });
}
