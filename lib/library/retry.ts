import { JOB_STATE, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";

// A capture that failed for now and will try again by itself, read from its Job row — the one record of how many
// attempts ran and when the next may start. The snapshot's error keeps an English "Retrying (attempt n of m)" for
// the log and old rows; the pages show these numbers instead, so they cannot disagree with the queue.

/** The attempt to come, of how many, and when it may start (ISO, so it crosses to the browser unchanged). */
export type PendingRetry = { attempt: number; maxAttempts: number; runAt: string };

/** What a Job row says about retries; `runAt` as the ORM gives it or as a raw JSON read stores it. */
export type RetryJob = { state: string; attempts: number; maxAttempts: number; runAt: Date | string | number };

/**
 * The next automatic attempt of a snapshot's capture, or null when none is waiting: the job is queued again after
 * at least one attempt (a fresh job has none), attempts remain, and the snapshot is waiting rather than running.
 */
export function pendingRetry(snapshot: { status: string }, job: RetryJob | null | undefined): PendingRetry | null {
  if (!job || job.state !== JOB_STATE.queued || snapshot.status !== SNAPSHOT_STATUS.queued) return null;
  if (job.attempts < 1 || job.attempts >= job.maxAttempts) return null;
  const runAt = storedTime(job.runAt);
  if (!runAt) return null;
  return { attempt: job.attempts + 1, maxAttempts: job.maxAttempts, runAt: runAt.toISOString() };
}

/**
 * A stored time as a Date: the ORM's Date, SQLite's milliseconds, or PostgreSQL's JSON text of a `timestamp`
 * (UTC without a zone, which `new Date` would otherwise read as the server's local time).
 */
function storedTime(value: Date | string | number): Date | null {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}[T ][\d:.]+$/.test(value) ? new Date(`${value.replace(" ", "T")}Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
