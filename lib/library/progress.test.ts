import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Live capture progress (what the library page and the capture events stream poll) over real Job rows in a real
// (temporary) SQLite database: an entry is added, a worker claims its job and reports, the updates follow.
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3" });

const { db } = await import("@/lib/db/client");
const jobs = await import("@/lib/queue/jobs");
const { addEntry } = await import("./entries");
const { captureUpdatesSince, queueSummary } = await import("./progress");
const { LibrarySearch, listEntries } = await import("./search");
const { getEntry } = await import("./detail");
const { pendingRetry } = await import("./retry");

const prisma = db();
const onAbandon = async () => "its worker died on the last attempt";

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("live capture progress", () => {
  it("reports capture updates since a cursor for live progress", async () => {
    const start = await captureUpdatesSince(null);
    expect(start.updates).toEqual([]);
    const { linkId } = await addEntry({ url: "https://example.org/progress", tags: [] });
    const snapshot = await prisma.snapshot.findFirstOrThrow({ where: { linkId } });
    const { cursor, updates } = await captureUpdatesSince(new Date(Date.now() - 60_000));
    expect(updates.find((u) => u.snapshotId === snapshot.id)).toMatchObject({ linkId, status: "queued", jobState: "queued", attempts: 0 });
    await new Promise((r) => setTimeout(r, 2100));
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    await jobs.updateHeldJob(prisma, job);
    const later = await captureUpdatesSince(cursor, [linkId]);
    expect(later.updates.map((u) => [u.snapshotId, u.jobState])).toEqual([[snapshot.id, "running"]]);
    const summary = await queueSummary();
    expect(summary.running).toBe(1);
  });

  it("a capture waiting to retry shows the attempt to come and its time from the Job row, in the listing and the entry", async () => {
    const { linkId } = await addEntry({ url: "https://example.org/retrying", tags: [] });
    // The earlier test's job is still held; this entry's job is the next one to claim.
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    expect(job.snapshotId).toBe((await prisma.snapshot.findFirstOrThrow({ where: { linkId } })).id);
    const before = Date.now();
    await jobs.retryJob(prisma, job, "HTTP 503", { baseMs: 60_000, maxMs: 600_000 }, async (tx) => {
      await tx.snapshot.update({ where: { id: job.snapshotId }, data: { status: "queued", error: "The server answered HTTP 503." } });
    });
    const row = await prisma.job.findUniqueOrThrow({ where: { snapshotId: job.snapshotId } });

    const page = await listEntries(LibrarySearch.from({}));
    const listed = page.entries.find((e) => e.id === linkId)!.snapshots[0]!;
    expect(listed.retry).toEqual({ attempt: 2, maxAttempts: 3, runAt: row.runAt.toISOString() });
    expect(new Date(listed.retry!.runAt).getTime()).toBeGreaterThanOrEqual(before + 60_000);
    const latest = (await getEntry(linkId))!.snapshots[0]!;
    expect(pendingRetry(latest, latest.job)).toEqual(listed.retry);
    // The first entry's capture is running: nothing to retry.
    expect(page.entries.find((e) => e.id !== linkId)!.snapshots[0]!.retry).toBeNull();
  });
});
