import type { PrismaClient } from "@/lib/generated/prisma/client";

export type ClaimedJob = { id: number; snapshotId: number; attempts: number; maxAttempts: number };

type Tx = Pick<PrismaClient, "job">;

export const DEFAULT_LEASE_MS = 90_000;

/** Backoff before the next attempt: 5 s, 20 s, 80 s … capped at 10 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 4 ** Math.max(0, attempt - 1), 600_000);
}

export async function enqueueCapture(tx: Tx, snapshotId: number, runAt = new Date()): Promise<void> {
  await tx.job.create({ data: { snapshotId, runAt } });
}

/**
 * Claims the next due job, or one whose lease ran out (its worker died). The conditional update on the
 * attempt counter is the lock: of several workers racing for one row, exactly one update matches.
 */
export async function claimNextJob(db: PrismaClient, workerId: string, leaseMs = DEFAULT_LEASE_MS): Promise<ClaimedJob | null> {
  for (let tries = 0; tries < 5; tries++) {
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
      const { count } = await db.job.updateMany({
        where: { id: candidate.id, state: "running", attempts: candidate.attempts },
        data: { state: "failed", lastError: "The capture was interrupted too many times.", leaseUntil: null },
      });
      if (count === 1) {
        await db.snapshot.updateMany({
          where: { id: candidate.snapshotId },
          data: { status: "failed", stage: null, error: "The capture was interrupted too many times." },
        });
      }
      continue;
    }
    const { count } = await db.job.updateMany({
      where: { id: candidate.id, state: candidate.state, attempts: candidate.attempts },
      data: {
        state: "running",
        attempts: candidate.attempts + 1,
        leaseUntil: new Date(now.getTime() + leaseMs),
        workerId,
      },
    });
    if (count === 1) {
      return {
        id: candidate.id,
        snapshotId: candidate.snapshotId,
        attempts: candidate.attempts + 1,
        maxAttempts: candidate.maxAttempts,
      };
    }
  }
  return null;
}

export async function extendLease(db: PrismaClient, job: ClaimedJob, workerId: string, leaseMs = DEFAULT_LEASE_MS) {
  await db.job.updateMany({
    where: { id: job.id, workerId, state: "running" },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
}

export async function completeJob(db: PrismaClient, job: ClaimedJob): Promise<void> {
  await db.job.updateMany({ where: { id: job.id }, data: { state: "done", leaseUntil: null, lastError: null } });
}

/** Returns whether the job will run again. */
export async function failJob(db: PrismaClient, job: ClaimedJob, reason: string, transient: boolean): Promise<boolean> {
  const retry = transient && job.attempts < job.maxAttempts;
  await db.job.updateMany({
    where: { id: job.id },
    data: retry
      ? { state: "queued", runAt: new Date(Date.now() + retryDelayMs(job.attempts)), leaseUntil: null, lastError: reason }
      : { state: "failed", leaseUntil: null, lastError: reason },
  });
  return retry;
}

/** On shutdown: hand unfinished jobs back without charging them an attempt. */
export async function releaseJob(db: PrismaClient, job: ClaimedJob): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, state: "running" },
    data: { state: "queued", attempts: job.attempts - 1, leaseUntil: null, workerId: null, runAt: new Date() },
  });
}
