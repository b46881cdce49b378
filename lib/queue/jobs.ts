import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";
import type { DbTransaction } from "@/lib/db/client";
import { isPostgresClient } from "@/lib/db/postgres";
import { JOB_STATE, OPEN_JOB } from "@/lib/db/vocabulary";
import { bestEffort } from "@/lib/log/best-effort";

// Job rows, and nothing else: enqueue, claim, lease, heartbeat, retry schedule, cancel, reclaim, release. What a job
// means for the rest of the database is written by the job's handler, in the same transactions (see runner.ts).

/**
 * A job a worker holds. `workerId` + `attempts` are the fencing token: every write a worker makes for the job
 * is conditional on the row still showing both (and state "running"), so a worker whose lease ran out — it was
 * paused, or the job was cancelled or handed back — can no longer complete, fail or extend it.
 */
export type ClaimedJob = { id: number; snapshotId: number; attempts: number; maxAttempts: number; workerId: string };

export type RetryPolicy = { baseMs: number; maxMs: number };

/** A handler's write that must commit with a change of the job row (or not at all). */
export type JobWrite = (tx: DbTransaction) => Promise<void>;

type JobTx = Pick<PrismaClient, "job">;

/** Backoff before the next attempt: base, 4×base, 16×base … (5 s, 20 s, 80 s with the default settings), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.baseMs * 4 ** Math.max(0, attempt - 1), policy.maxMs);
}

/** Queues a capture of the snapshot, inside the caller's transaction (so it exists exactly when the snapshot does). */
export async function enqueueCapture(tx: JobTx, snapshotId: number, runAt = new Date(), maxAttempts = config().queue.maxAttempts): Promise<void> {
  await tx.job.create({ data: { snapshotId, runAt, maxAttempts } });
}

/** Queues captures of many snapshots in one statement (an import's batch), inside the caller's transaction. */
export async function enqueueCaptures(tx: JobTx, snapshotIds: number[], runAt = new Date(), maxAttempts = config().queue.maxAttempts): Promise<void> {
  if (snapshotIds.length > 0) await tx.job.createMany({ data: snapshotIds.map((snapshotId) => ({ snapshotId, runAt, maxAttempts })) });
}

/** The condition under which a worker still holds a job. */
function heldBy(job: ClaimedJob) {
  return { id: job.id, state: JOB_STATE.running, workerId: job.workerId, attempts: job.attempts };
}

/** heldBy in SQL, for PostgreSQL's statements. */
function heldBySql(job: ClaimedJob) {
  return Prisma.sql`id = ${job.id} AND state = ${JOB_STATE.running} AND "workerId" = ${job.workerId} AND attempts = ${job.attempts}`;
}

// On PostgreSQL, the times a job's rows are compared by (due, lease, claimed) are the database server's, in the UTC
// that Prisma keeps in timestamp columns: workers on several machines share its one clock, not their own. (updatedAt
// is set by a trigger, prisma/postgresql/migrations/20261204190000_job_database_time.) now(), the start of the
// statement's transaction: one instant for every time a statement writes.
const PG_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/**
 * Claims the next due job, or one whose lease ran out (its worker died), oldest runAt first.
 *
 * A job whose worker died on its last allowed attempt is given up instead of looping on a page that kills workers:
 * it ends failed, and `onAbandon` (the handler's) writes what that means in the same transaction and says why.
 */
export async function claimNextJob(
  db: PrismaClient,
  workerId: string,
  leaseMs: number,
  onAbandon: (tx: DbTransaction, job: ClaimedJob) => Promise<string>,
): Promise<ClaimedJob | null> {
  return isPostgresClient(db) ? claimOnPostgres(db, workerId, leaseMs, onAbandon) : claimOnSqlite(db, workerId, leaseMs, onAbandon);
}

/**
 * SQLite has one writer at a time: read a candidate, then a conditional update on its state and attempt counter is
 * the lock (of several workers racing for one row, exactly one update matches; a loser reads again).
 */
async function claimOnSqlite(
  db: PrismaClient,
  workerId: string,
  leaseMs: number,
  onAbandon: (tx: DbTransaction, job: ClaimedJob) => Promise<string>,
): Promise<ClaimedJob | null> {
  for (let tries = 0; tries < 8; tries++) {
    const now = new Date();
    const candidate = await db.job.findFirst({
      where: {
        OR: [
          { state: JOB_STATE.queued, runAt: { lte: now } },
          { state: JOB_STATE.running, leaseUntil: { lt: now } },
        ],
      },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
    });
    if (!candidate) return null;
    if (candidate.state === JOB_STATE.running && candidate.attempts >= candidate.maxAttempts) {
      const abandoned: ClaimedJob = { ...candidate, workerId: candidate.workerId ?? "" };
      await db.$transaction(async (tx) => {
        const { count } = await tx.job.updateMany({
          where: { id: candidate.id, state: JOB_STATE.running, attempts: candidate.attempts, leaseUntil: { lt: now } },
          data: { state: JOB_STATE.failed, leaseUntil: null },
        });
        if (count === 1) await tx.job.update({ where: { id: candidate.id }, data: { lastError: await onAbandon(tx, abandoned) } });
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
        ...(candidate.state === JOB_STATE.running ? { leaseUntil: { lt: now } } : {}),
      },
      data: {
        state: JOB_STATE.running,
        attempts: candidate.attempts + 1,
        leaseUntil: new Date(now.getTime() + leaseMs),
        workerId,
        claimedAt: now,
      },
    });
    if (count === 1) {
      return { id: candidate.id, snapshotId: candidate.snapshotId, attempts: candidate.attempts + 1, maxAttempts: candidate.maxAttempts, workerId };
    }
  }
  return null;
}

/**
 * PostgreSQL, with workers on several machines: one statement picks the first claimable row that no other claim has
 * locked (FOR UPDATE SKIP LOCKED) and takes it, so racing workers each get a different job at once instead of
 * retrying after lost races, and a claim finds nothing only when nothing is claimable. The same statement says
 * whether a job is due to be given up; that needs the handler's write, so it runs after, in its own transaction.
 */
async function claimOnPostgres(
  db: PrismaClient,
  workerId: string,
  leaseMs: number,
  onAbandon: (tx: DbTransaction, job: ClaimedJob) => Promise<string>,
): Promise<ClaimedJob | null> {
  const [row] = await db.$queryRaw<
    Array<{ id: number | null; snapshotId: number | null; attempts: number | null; maxAttempts: number | null; giveUp: boolean }>
  >`
    WITH claimed AS (
      UPDATE "Job" SET
        state = ${JOB_STATE.running},
        attempts = attempts + 1,
        "leaseUntil" = ${PG_NOW} + ${leaseMs}::int * interval '1 millisecond',
        "workerId" = ${workerId},
        "claimedAt" = ${PG_NOW},
        "updatedAt" = ${PG_NOW}
      WHERE id = (
        SELECT id FROM "Job"
        WHERE (state = ${JOB_STATE.queued} AND "runAt" <= ${PG_NOW})
           OR (state = ${JOB_STATE.running} AND "leaseUntil" < ${PG_NOW} AND attempts < "maxAttempts")
        ORDER BY "runAt", id
        FOR UPDATE SKIP LOCKED
        LIMIT 1
      )
      RETURNING id, "snapshotId", attempts, "maxAttempts"
    )
    SELECT claimed.*, EXISTS (
      SELECT 1 FROM "Job" WHERE state = ${JOB_STATE.running} AND "leaseUntil" < ${PG_NOW} AND attempts >= "maxAttempts"
    ) AS "giveUp"
    FROM (SELECT 1) AS one LEFT JOIN claimed ON true`;
  if (row?.id == null) {
    if (row?.giveUp) while (await giveUpOneOnPostgres(db, onAbandon));
    return null;
  }
  const claimed: ClaimedJob = { id: row.id, snapshotId: row.snapshotId!, attempts: row.attempts!, maxAttempts: row.maxAttempts!, workerId };
  // The job just claimed is this worker's whatever happens here: a give-up that fails is tried again by the next claim.
  if (row.giveUp) {
    await bestEffort(async () => {
      while (await giveUpOneOnPostgres(db, onAbandon));
    }, "giving up jobs whose worker died on their last attempt (the database may be busy; the next claim tries again)");
  }
  return claimed;
}

/** Gives up one job whose worker died on its last attempt (locked, so two workers never both do); false when none is left. */
async function giveUpOneOnPostgres(db: PrismaClient, onAbandon: (tx: DbTransaction, job: ClaimedJob) => Promise<string>): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<ClaimedJob[]>`
      SELECT id, "snapshotId", attempts, "maxAttempts", COALESCE("workerId", '') AS "workerId" FROM "Job"
      WHERE state = ${JOB_STATE.running} AND "leaseUntil" < ${PG_NOW} AND attempts >= "maxAttempts"
      ORDER BY "runAt", id
      FOR UPDATE SKIP LOCKED
      LIMIT 1`;
    if (!job) return false;
    await tx.job.update({ where: { id: job.id }, data: { state: JOB_STATE.failed, leaseUntil: null } });
    await tx.job.update({ where: { id: job.id }, data: { lastError: await onAbandon(tx, job) } });
    return true;
  });
}

/** Renews the lease; false when the job is no longer this worker's (cancelled, handed back or taken over). */
export async function extendLease(db: PrismaClient, job: ClaimedJob, leaseMs: number): Promise<boolean> {
  if (isPostgresClient(db)) {
    // In the database's time, which the other workers' claims compare it with: a worker whose clock is behind
    // would otherwise renew its lease into the past and see its job taken over while it runs.
    return (await db.$executeRaw`UPDATE "Job" SET "leaseUntil" = ${PG_NOW} + ${leaseMs}::int * interval '1 millisecond' WHERE ${heldBySql(job)}`) === 1;
  }
  const { count } = await db.job.updateMany({ where: heldBy(job), data: { leaseUntil: new Date(Date.now() + leaseMs) } });
  return count === 1;
}

/** Whether the job is still this worker's (false once cancelled, handed back or taken over). */
export async function stillHeld(db: PrismaClient, job: ClaimedJob): Promise<boolean> {
  return (await db.job.count({ where: heldBy(job) })) === 1;
}

/**
 * Runs `write` in one transaction with the fencing check, marking the job done with it: false (nothing written) when
 * the job is no longer held. A write that throws rolls the whole transaction back.
 */
export async function completeJob(db: PrismaClient, job: ClaimedJob, write: JobWrite = async () => undefined): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({ where: heldBy(job), data: { state: JOB_STATE.done, leaseUntil: null, lastError: null } });
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

/**
 * A write while the job runs (progress), made only while it is held; the job's updatedAt moves so pollers see it (on
 * PostgreSQL to the database's time, by its trigger, whatever this machine's clock says).
 */
export async function updateHeldJob(db: PrismaClient, job: ClaimedJob, write: JobWrite = async () => undefined): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({ where: heldBy(job), data: { updatedAt: new Date() } });
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

/** Back to the queue for another attempt after its backoff, with `write` in the same transaction; false when no longer held. */
export async function retryJob(db: PrismaClient, job: ClaimedJob, lastError: string, policy: RetryPolicy, write: JobWrite): Promise<boolean> {
  const delayMs = retryDelayMs(job.attempts, policy);
  return db.$transaction(async (tx) => {
    // On PostgreSQL, due after the backoff by the database's clock, which the claims read.
    const count = isPostgresClient(db)
      ? await tx.$executeRaw`UPDATE "Job" SET state = ${JOB_STATE.queued}, "runAt" = ${PG_NOW} + ${delayMs}::int * interval '1 millisecond', "leaseUntil" = NULL, "lastError" = ${lastError} WHERE ${heldBySql(job)}`
      : (await tx.job.updateMany({ where: heldBy(job), data: { state: JOB_STATE.queued, runAt: new Date(Date.now() + delayMs), leaseUntil: null, lastError } }))
          .count;
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

/** Failed for good, with `write` in the same transaction; false when no longer held. */
export async function failJob(db: PrismaClient, job: ClaimedJob, lastError: string, write: JobWrite): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({ where: heldBy(job), data: { state: JOB_STATE.failed, leaseUntil: null, lastError } });
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

/** On shutdown: hands an unfinished job back without charging it an attempt, with `write` in the same transaction. */
export async function releaseJob(db: PrismaClient, job: ClaimedJob, write: JobWrite): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const count = isPostgresClient(db)
      ? await tx.$executeRaw`UPDATE "Job" SET state = ${JOB_STATE.queued}, attempts = ${job.attempts - 1}, "leaseUntil" = NULL, "workerId" = NULL, "runAt" = ${PG_NOW} WHERE ${heldBySql(job)}`
      : (
          await tx.job.updateMany({
            where: heldBy(job),
            data: { state: JOB_STATE.queued, attempts: job.attempts - 1, leaseUntil: null, workerId: null, runAt: new Date() },
          })
        ).count;
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

/**
 * Cancels the open jobs of these snapshots, inside the caller's transaction: queued ones (also retries waiting for
 * their backoff) never start, a running one stops at its worker's next heartbeat (within about a second) and can no
 * longer complete. Returns the ids of the snapshots whose job was cancelled.
 */
export async function cancelJobs(tx: JobTx, snapshotIds: number[], lastError: string): Promise<number[]> {
  if (snapshotIds.length === 0) return [];
  const jobs = await tx.job.findMany({ where: { snapshotId: { in: snapshotIds }, state: { in: OPEN_JOB } }, select: { id: true, snapshotId: true } });
  if (jobs.length === 0) return [];
  await tx.job.updateMany({
    where: { id: { in: jobs.map((j) => j.id) }, state: { in: OPEN_JOB } },
    data: { state: JOB_STATE.cancelled, leaseUntil: null, lastError },
  });
  return jobs.map((j) => j.snapshotId);
}

/** Bumps the job's updatedAt so pollers (`captureUpdatesSince`) see a change of its snapshot. */
export async function touchJob(db: PrismaClient, snapshotId: number): Promise<void> {
  await db.job.updateMany({ where: { snapshotId }, data: { updatedAt: new Date() } });
}
