import { db, onPostgres } from "@/lib/db/client";
import { postgresNow } from "@/lib/db/postgres";
import { JOB_STATES, OPEN_JOB, type JobState } from "@/lib/db/vocabulary";

// Live capture progress: what the library and entry pages poll (through capture-events.ts) and the queue summary.

/**
 * How far a poll cursor trails the query time, so a commit that lands while a poll runs is not missed. It covers the
 * time between a job row's update and its commit, not clocks that disagree: every cursor and every Job updatedAt are
 * in one clock (see progressClock).
 */
export const CURSOR_TRAIL_MS = 2000;

/**
 * The clock of live progress, in ms: this machine's on SQLite (one machine), the database server's on PostgreSQL,
 * where the workers writing updatedAt (a trigger sets it from the server's clock) and this web tier may be machines
 * whose clocks disagree by more than the cursor's trail — progress would then be lost, or reported late.
 */
export async function progressClock(): Promise<number> {
  return onPostgres() ? (await postgresNow(db())).getTime() : Date.now();
}

/**
 * Where a page's live updates start (LiveCaptures' `since`, in ms): the time the request is rendered. Take it before
 * the page reads its entries, so a change committed during the read is streamed rather than missed.
 */
export async function liveCursor(): Promise<number> {
  return progressClock();
}

export type CaptureUpdate = {
  linkId: number;
  snapshotId: number;
  /** SNAPSHOT_STATUS (lib/db/vocabulary.ts). */
  status: string;
  /** While capturing, a CAPTURE_STAGE. */
  stage: string | null;
  error: string | null;
  /** JOB_STATE. */
  jobState: string;
  attempts: number;
  maxAttempts: number;
  /** When a queued job (a retry after backoff) may run next. */
  runAt: Date;
  updatedAt: Date;
};

/**
 * Live progress for polling: every capture whose state or stage changed after `since` (all pending ones when
 * `since` is null), optionally only for some entries. Pass the returned `cursor` as the next `since`; an update
 * may be reported twice around the cursor (the cursor trails by two seconds so no commit is missed), never lost.
 */
export async function captureUpdatesSince(since: Date | null, linkIds?: number[]): Promise<{ cursor: Date; updates: CaptureUpdate[] }> {
  const queriedAt = await progressClock();
  const jobs = await db().job.findMany({
    where: {
      ...(since ? { updatedAt: { gt: since } } : { state: { in: OPEN_JOB } }),
      ...(linkIds ? { snapshot: { linkId: { in: linkIds } } } : {}),
    },
    include: { snapshot: { select: { id: true, linkId: true, status: true, stage: true, error: true } } },
    orderBy: { updatedAt: "asc" },
    take: 500,
  });
  return {
    cursor: new Date(queriedAt - CURSOR_TRAIL_MS),
    updates: jobs.map((j) => ({
      linkId: j.snapshot.linkId,
      snapshotId: j.snapshot.id,
      status: j.snapshot.status,
      stage: j.snapshot.stage,
      error: j.snapshot.error,
      jobState: j.state,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      runAt: j.runAt,
      updatedAt: j.updatedAt,
    })),
  };
}

/** States of a few entries, for the live progress of the library and entry pages. */
export async function snapshotStates(linkIds: number[]): Promise<Array<{ linkId: number; snapshotId: number | null; status: string }>> {
  const links = await db().link.findMany({
    where: { id: { in: linkIds } },
    select: { id: true, snapshots: { orderBy: { id: "desc" }, take: 1, select: { id: true, status: true } } },
  });
  return links.map((l) => ({ linkId: l.id, snapshotId: l.snapshots[0]?.id ?? null, status: l.snapshots[0]?.status ?? "none" }));
}

/** Number of capture jobs per state (queued includes retries waiting for their backoff). */
export async function queueSummary(): Promise<Record<JobState, number>> {
  const groups = await db().job.groupBy({ by: ["state"], _count: { _all: true } });
  const out = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  for (const g of groups) if (g.state in out) out[g.state as JobState] = g._count._all;
  return out;
}
