import { db } from "@/lib/db/client";
import { enqueueCapture } from "@/lib/queue/jobs";
import { cancelSnapshots } from "./capture-job";
import { notifyWorker } from "@/lib/queue/worker-signal";
import { fileStore } from "@/lib/storage/configured-store";
import { linkFolder } from "@/lib/storage/file-store";
import { addEntryTags, removeUnusedTags, replaceEntryTags } from "./tags";
import { OPEN_JOB, PENDING_SNAPSHOT } from "@/lib/db/vocabulary";

// Writes to the library: entries come and go, get tags, and have their captures queued or cancelled. The reads
// live in search.ts (the listing), detail.ts (one entry) and progress.ts (live capture states).

export type AddEntryResult = { linkId: number; created: boolean };

/**
 * Adds an entry and queues its first capture; the capture runs in the background after the transaction commits.
 * A URL already in the library is not duplicated: its entry is returned (with any new tags added).
 */
export async function addEntry(input: { url: string; tags: string[]; schemeGuessed?: boolean }): Promise<AddEntryResult> {
  const prisma = db();
  const result = await prisma.$transaction(async (tx) => {
    const existing = await tx.link.findUnique({ where: { url: input.url } });
    if (existing) {
      await addEntryTags(tx, existing.id, input.tags);
      return { linkId: existing.id, created: false };
    }
    const link = await tx.link.create({ data: { url: input.url, schemeGuessed: input.schemeGuessed ?? false } });
    await addEntryTags(tx, link.id, input.tags);
    const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
    await enqueueCapture(tx, snapshot.id);
    return { linkId: link.id, created: true };
  });
  if (result.created) notifyWorker();
  return result;
}

/**
 * Adds several entries in one go (each as `addEntry` would); returns them in the order given. `assumedHttps` lists
 * the URLs pasted without a scheme, whose first capture may fall back to http.
 */
export async function addEntries(input: { urls: string[]; tags: string[]; assumedHttps?: string[] }): Promise<AddEntryResult[]> {
  const results: AddEntryResult[] = [];
  const guessed = new Set(input.assumedHttps ?? []);
  for (const url of input.urls) results.push(await addEntry({ url, tags: input.tags, schemeGuessed: guessed.has(url) }));
  return results;
}

/** Queues a new snapshot of an existing entry; older snapshots stay. */
export async function recaptureEntry(linkId: number): Promise<number | null> {
  const prisma = db();
  const snapshotId = await prisma.$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return null;
    const pending = await tx.snapshot.findFirst({ where: { linkId, status: { in: PENDING_SNAPSHOT } } });
    if (pending) return pending.id;
    const snapshot = await tx.snapshot.create({ data: { linkId } });
    await enqueueCapture(tx, snapshot.id);
    return snapshot.id;
  });
  if (snapshotId) notifyWorker();
  return snapshotId;
}

export async function setEntryTags(linkId: number, tags: string[]): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return false;
    await replaceEntryTags(tx, linkId, tags);
    await tx.link.update({ where: { id: linkId }, data: { updatedAt: new Date() } });
    return true;
  });
}

/** Deletes the entry, its snapshots and their files. */
export async function deleteEntry(linkId: number): Promise<boolean> {
  const deleted = await db().$transaction(async (tx) => {
    const { count } = await tx.link.deleteMany({ where: { id: linkId } });
    await removeUnusedTags(tx);
    return count === 1;
  });
  if (deleted) await fileStore().removeTree(linkFolder(linkId));
  return deleted;
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
      OR: [{ status: { in: PENDING_SNAPSHOT } }, { job: { state: { in: OPEN_JOB } } }],
    },
    select: { id: true },
  });
  return cancelSnapshots(
    prisma,
    pending.map((s) => s.id),
  );
}
