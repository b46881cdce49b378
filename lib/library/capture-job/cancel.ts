import { FAILURE } from "@/lib/capture/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PENDING_SNAPSHOT, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { cancelJobs } from "@/lib/queue/jobs";

/**
 * Cancels the pending captures of these snapshots in one transaction: their jobs never start, or stop at their
 * worker's next heartbeat (within about a second) without publishing, and each snapshot ends failed with
 * "Cancelled". Returns the ids of the snapshots cancelled.
 */
export async function cancelSnapshots(prisma: PrismaClient, snapshotIds: number[]): Promise<number[]> {
  if (snapshotIds.length === 0) return [];
  return prisma.$transaction(async (tx) => {
    const withJob = await cancelJobs(tx, snapshotIds, FAILURE.cancelled);
    const pendingWithoutJob = await tx.snapshot.findMany({
      where: { id: { in: snapshotIds }, status: { in: PENDING_SNAPSHOT }, job: null },
      select: { id: true },
    });
    const ids = [...new Set([...withJob, ...pendingWithoutJob.map((s) => s.id)])];
    if (ids.length === 0) return [];
    await tx.snapshot.updateMany({
      where: { id: { in: ids }, status: { in: PENDING_SNAPSHOT } },
      data: { status: SNAPSHOT_STATUS.failed, stage: null, error: FAILURE.cancelled },
    });
    return ids;
  });
}
