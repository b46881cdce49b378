import { db } from "@/lib/db/client";

// Live capture progress: what the library and entry pages poll (through capture-events.ts) and the queue summary.

/** How far a poll cursor trails the query time, so a commit that lands while a poll runs is not missed. */
export const CURSOR_TRAIL_MS = 2000;

export type CaptureUpdate = {
  linkId: number;
  snapshotId: number;
  /** queued | capturing | ready | failed */
  status: string;
  /** While capturing: loading | scrolling | saving. */
  stage: string | null;
  error: string | null;
  /** queued | running | done | failed | cancelled */
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
  const queriedAt = Date.now();
  const jobs = await db().job.findMany({
    where: {
      ...(since ? { updatedAt: { gt: since } } : { state: { in: ["queued", "running"] } }),
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
export async function queueSummary(): Promise<Record<"queued" | "running" | "done" | "failed" | "cancelled", number>> {
  const groups = await db().job.groupBy({ by: ["state"], _count: { _all: true } });
  const out = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const g of groups) if (g.state in out) out[g.state as keyof typeof out] = g._count._all;
  return out;
}
