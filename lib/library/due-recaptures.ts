import type { PrismaClient } from "@/lib/generated/prisma/client";
import { NOT_SEEDED, PENDING_SNAPSHOT } from "@/lib/db/vocabulary";
import { enqueueCapture } from "@/lib/queue/jobs";

const HOUR_MS = 3_600_000;

/**
 * Queues the scheduled re-captures that are due: at most one pending capture per link (a link whose last capture
 * is still queued or running just moves on to its next time), and never twice for one due time — of several
 * workers running this at once, the conditional update on `nextCaptureAt` lets exactly one through.
 * Returns the ids of the snapshots queued.
 */
export async function enqueueDueRecaptures(prisma: PrismaClient, now = new Date(), limit = 100): Promise<number[]> {
  const due = await prisma.link.findMany({
    where: { recaptureEveryHours: { not: null }, nextCaptureAt: { lte: now }, ...NOT_SEEDED },
    select: { id: true, recaptureEveryHours: true, nextCaptureAt: true },
    orderBy: [{ nextCaptureAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const queued: number[] = [];
  for (const link of due) {
    if (!link.recaptureEveryHours || !link.nextCaptureAt) continue;
    const next = new Date(now.getTime() + link.recaptureEveryHours * HOUR_MS);
    const snapshotId = await prisma.$transaction(async (tx) => {
      // The write comes first: it takes SQLite's write lock, so the check below sees every committed capture.
      const { count } = await tx.link.updateMany({
        where: { id: link.id, nextCaptureAt: link.nextCaptureAt, recaptureEveryHours: link.recaptureEveryHours },
        data: { nextCaptureAt: next },
      });
      if (count !== 1) return null;
      const pending = await tx.snapshot.findFirst({ where: { linkId: link.id, status: { in: PENDING_SNAPSHOT } }, select: { id: true } });
      if (pending) return null;
      const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
      await enqueueCapture(tx, snapshot.id);
      return snapshot.id;
    });
    if (snapshotId !== null) queued.push(snapshotId);
  }
  return queued;
}
