import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { enqueueCapture } from "@/lib/queue/jobs";
import { cancelSnapshots } from "@/lib/library/capture-job";
import { notifyWorker } from "@/lib/queue/worker-signal";
import { addLinkTags, removeUnusedTags, replaceLinkTags } from "@/lib/tags/tags";
import { tagKey } from "@/lib/validation/tags";
import { fileStore, linkFolder } from "@/lib/storage/file-store";

export const PAGE_SIZE = 24;

export type AddLinkResult = { linkId: number; created: boolean };

/**
 * Adds a link and queues its first capture; the capture runs in the background after the transaction commits.
 * A URL already in the library is not duplicated: its entry is returned (with any new tags added).
 */
export async function addLink(input: { url: string; tags: string[] }): Promise<AddLinkResult> {
  const prisma = db();
  const result = await prisma.$transaction(async (tx) => {
    const existing = await tx.link.findUnique({ where: { url: input.url } });
    if (existing) {
      await addLinkTags(tx, existing.id, input.tags);
      return { linkId: existing.id, created: false };
    }
    const link = await tx.link.create({ data: { url: input.url } });
    await addLinkTags(tx, link.id, input.tags);
    const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
    await enqueueCapture(tx, snapshot.id);
    return { linkId: link.id, created: true };
  });
  if (result.created) notifyWorker();
  return result;
}

/** Adds several links in one go (each as `addLink` would); returns them in the order given. */
export async function addLinks(input: { urls: string[]; tags: string[] }): Promise<AddLinkResult[]> {
  const results: AddLinkResult[] = [];
  for (const url of input.urls) results.push(await addLink({ url, tags: input.tags }));
  return results;
}

/** Queues a new snapshot of an existing link; older snapshots stay. */
export async function recaptureLink(linkId: number): Promise<number | null> {
  const prisma = db();
  const snapshotId = await prisma.$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return null;
    const pending = await tx.snapshot.findFirst({ where: { linkId, status: { in: ["queued", "capturing"] } } });
    if (pending) return pending.id;
    const snapshot = await tx.snapshot.create({ data: { linkId } });
    await enqueueCapture(tx, snapshot.id);
    return snapshot.id;
  });
  if (snapshotId) notifyWorker();
  return snapshotId;
}

export async function setLinkTags(linkId: number, tags: string[]): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return false;
    await replaceLinkTags(tx, linkId, tags);
    await tx.link.update({ where: { id: linkId }, data: { updatedAt: new Date() } });
    return true;
  });
}

/** Deletes the entry, its snapshots and their files. */
export async function deleteLink(linkId: number): Promise<boolean> {
  const deleted = await db().$transaction(async (tx) => {
    const { count } = await tx.link.deleteMany({ where: { id: linkId } });
    await removeUnusedTags(tx);
    return count === 1;
  });
  if (deleted) await fileStore().removeTree(linkFolder(linkId));
  return deleted;
}

const listInclude = {
  tags: { include: { tag: true } },
  snapshots: { orderBy: { id: "desc" }, take: 1 },
} satisfies Prisma.LinkInclude;

export type LibraryEntry = Prisma.LinkGetPayload<{ include: typeof listInclude }>;

export type LibraryPage = { entries: LibraryEntry[]; total: number; page: number; pageCount: number };

/** Newest first; every tag in `tags` must be on the entry (AND); `q` matches title, URL or archived text. */
export async function listLinks(query: { tags: string[]; q?: string; page: number }): Promise<LibraryPage> {
  const where: Prisma.LinkWhereInput = {
    AND: [
      ...query.tags.map((t) => ({ tags: { some: { tag: { key: tagKey(t) } } } })),
      ...(query.q
        ? [
            {
              OR: [
                { title: { contains: query.q } },
                { url: { contains: query.q } },
                { description: { contains: query.q } },
                { snapshots: { some: { text: { contains: query.q } } } },
              ],
            },
          ]
        : []),
    ],
  };
  const prisma = db();
  const [total, entries] = await Promise.all([
    prisma.link.count({ where }),
    prisma.link.findMany({
      where,
      include: listInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { entries, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function getLink(linkId: number) {
  return db().link.findUnique({
    where: { id: linkId },
    include: {
      tags: { include: { tag: true }, orderBy: { tag: { key: "asc" } } },
      snapshots: { orderBy: { id: "desc" }, include: { job: true } },
    },
  });
}

export type LinkDetail = NonNullable<Awaited<ReturnType<typeof getLink>>>;

/** An entry's title and its versions' dates only (no texts or files): for pages about versions, such as the diff. */
export async function getLinkVersions(linkId: number) {
  return db().link.findUnique({
    where: { id: linkId },
    select: { id: true, url: true, title: true, language: true, snapshots: { orderBy: { id: "desc" }, select: { id: true, capturedAt: true, createdAt: true } } },
  });
}

export async function getSnapshotFiles(snapshotId: number) {
  return db().snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      id: true,
      status: true,
      htmlPath: true,
      screenshotPath: true,
      thumbnailPath: true,
      originalPath: true,
      contentType: true,
      metadataJson: true,
      link: { select: { faviconPath: true } },
    },
  });
}

/** States of a few entries, for the live progress of the library and link pages. */
export async function snapshotStates(linkIds: number[]): Promise<Array<{ linkId: number; snapshotId: number | null; status: string }>> {
  const links = await db().link.findMany({
    where: { id: { in: linkIds } },
    select: { id: true, snapshots: { orderBy: { id: "desc" }, take: 1, select: { id: true, status: true } } },
  });
  return links.map((l) => ({ linkId: l.id, snapshotId: l.snapshots[0]?.id ?? null, status: l.snapshots[0]?.status ?? "none" }));
}

/**
 * Cancels pending captures — one snapshot's (`{ snapshotId }`), or every pending capture of an entry
 * (`{ linkId }`). Queued jobs (including ones waiting to retry) never start; a running capture is stopped by its
 * worker within about a second and writes nothing. Each cancelled snapshot ends `failed` with the error
 * "Cancelled". Returns the ids of the snapshots cancelled (empty when nothing was pending).
 */
export async function cancelCapture(target: { linkId: number } | { snapshotId: number }): Promise<number[]> {
  const prisma = db();
  const pending = await prisma.snapshot.findMany({
    where: {
      ...("linkId" in target ? { linkId: target.linkId } : { id: target.snapshotId }),
      OR: [{ status: { in: ["queued", "capturing"] } }, { job: { state: { in: ["queued", "running"] } } }],
    },
    select: { id: true },
  });
  return cancelSnapshots(
    prisma,
    pending.map((s) => s.id),
  );
}

export const MAX_RECAPTURE_HOURS = 24 * 366;

/**
 * Re-captures the entry every `hours` hours (a whole number from 1 to 8784), starting `hours` from now; `null`
 * turns it off. The worker queues one capture per due time and never a second while one is pending; older
 * snapshots are kept. Returns false when the entry does not exist or is a seeded write-up (nothing to re-capture).
 */
export async function setRecaptureSchedule(linkId: number, hours: number | null): Promise<boolean> {
  if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > MAX_RECAPTURE_HOURS)) {
    throw new RangeError(`Re-capture every 1 to ${MAX_RECAPTURE_HOURS} hours (whole hours).`);
  }
  const { count } = await db().link.updateMany({
    where: { id: linkId, origin: { not: "seed" } },
    data: hours === null ? { recaptureEveryHours: null, nextCaptureAt: null } : { recaptureEveryHours: hours, nextCaptureAt: new Date(Date.now() + hours * 3_600_000) },
  });
  return count === 1;
}

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

/** Number of capture jobs per state (queued includes retries waiting for their backoff). */
export async function queueSummary(): Promise<Record<"queued" | "running" | "done" | "failed" | "cancelled", number>> {
  const groups = await db().job.groupBy({ by: ["state"], _count: { _all: true } });
  const out = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const g of groups) if (g.state in out) out[g.state as keyof typeof out] = g._count._all;
  return out;
}
