import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Scheduled re-captures against a real (temporary) SQLite database.
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3" });

const { db } = await import("@/lib/db/client");
const { enqueueDueRecaptures } = await import("./due-recaptures");
const links = { ...(await import("@/lib/library/entries")), ...(await import("@/lib/library/schedule")) };

const prisma = db();
let counter = 0;

async function newCapture(): Promise<{ linkId: number; snapshotId: number; jobId: number }> {
  const { linkId } = await links.addEntry({ url: `https://example.org/scheduled-${++counter}`, tags: [] });
  const snapshot = await prisma.snapshot.findFirstOrThrow({ where: { linkId }, include: { job: true } });
  return { linkId, snapshotId: snapshot.id, jobId: snapshot.job!.id };
}

async function drainQueue(): Promise<void> {
  await prisma.job.updateMany({ where: { state: { in: ["queued", "running"] } }, data: { state: "done" } });
}

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("scheduled re-capture", () => {
  it("validates the interval and skips unknown entries", async () => {
    const { linkId } = await newCapture();
    await expect(links.setRecaptureSchedule(linkId, 0)).rejects.toThrow(RangeError);
    await expect(links.setRecaptureSchedule(linkId, 1.5)).rejects.toThrow(RangeError);
    expect(await links.setRecaptureSchedule(999_999, 24)).toBe(false);
    expect(await links.setRecaptureSchedule(linkId, 24)).toBe(true);
    const link = await prisma.link.findUniqueOrThrow({ where: { id: linkId } });
    expect(link.recaptureEveryHours).toBe(24);
    expect(link.nextCaptureAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await links.setRecaptureSchedule(linkId, null)).toBe(true);
    expect(await prisma.link.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({ recaptureEveryHours: null, nextCaptureAt: null });
  });

  it("queues one new snapshot per due link, never a second while one is pending, even with several schedulers at once", async () => {
    await drainQueue();
    const { linkId, snapshotId: first } = await newCapture();
    await prisma.snapshot.update({ where: { id: first }, data: { status: "ready" } });
    await prisma.job.updateMany({ where: { snapshotId: first }, data: { state: "done" } });
    await links.setRecaptureSchedule(linkId, 6);
    await prisma.link.update({ where: { id: linkId }, data: { nextCaptureAt: new Date(Date.now() - 1000) } });

    const results = await Promise.all(Array.from({ length: 5 }, () => enqueueDueRecaptures(prisma)));
    const queued = results.flat();
    expect(queued).toHaveLength(1);
    const snapshots = await prisma.snapshot.findMany({ where: { linkId }, include: { job: true }, orderBy: { id: "asc" } });
    expect(snapshots.map((s) => [s.status, s.job?.state])).toEqual([
      ["ready", "done"],
      ["queued", "queued"],
    ]);
    const link = await prisma.link.findUniqueOrThrow({ where: { id: linkId } });
    expect(link.nextCaptureAt!.getTime()).toBeGreaterThan(Date.now() + 5 * 3_600_000);

    // Due again while the previous one is still pending: the time moves on, nothing is queued.
    await prisma.link.update({ where: { id: linkId }, data: { nextCaptureAt: new Date(Date.now() - 1000) } });
    expect(await enqueueDueRecaptures(prisma)).toEqual([]);
    expect(await prisma.snapshot.count({ where: { linkId } })).toBe(2);
    // Recapturing by hand does not duplicate the pending one either, and old snapshots are kept.
    expect(await links.recaptureEntry(linkId)).toBe(queued[0]);
    expect(await prisma.snapshot.count({ where: { linkId } })).toBe(2);
  });
});
