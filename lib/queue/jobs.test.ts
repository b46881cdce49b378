import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "./testing";

// The durable queue against a real (temporary) SQLite database: claims, leases, fencing, retries, cancel, schedule.
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3" });

const { db } = await import("@/lib/db/client");
const jobs = await import("./jobs");
const { enqueueDueRecaptures } = await import("./scheduler");
const links = { ...(await import("@/lib/library/entries")), ...(await import("@/lib/library/progress")), ...(await import("@/lib/library/schedule")) };

const prisma = db();
let counter = 0;

async function newCapture(): Promise<{ linkId: number; snapshotId: number; jobId: number }> {
  const { linkId } = await links.addEntry({ url: `https://example.org/page-${++counter}`, tags: [] });
  const snapshot = await prisma.snapshot.findFirstOrThrow({ where: { linkId }, include: { job: true } });
  return { linkId, snapshotId: snapshot.id, jobId: snapshot.job!.id };
}

async function drainQueue(): Promise<void> {
  await prisma.job.updateMany({ where: { state: { in: ["queued", "running"] } }, data: { state: "done" } });
}

beforeAll(() => drainQueue());
afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("durable capture queue", () => {
  it("hands each job to exactly one of many racing claimers", async () => {
    await drainQueue();
    const created = await Promise.all(Array.from({ length: 30 }, () => newCapture()));
    const claimed: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 100; i++) {
          const job = await jobs.claimNextJob(prisma, `w${w}`, 60_000);
          if (!job) return;
          claimed.push(job.id);
        }
      }),
    );
    expect(claimed.sort((a, b) => a - b)).toEqual(created.map((c) => c.jobId).sort((a, b) => a - b));
    const rows = await prisma.job.findMany({ where: { id: { in: claimed } } });
    expect(rows.every((r) => r.state === "running" && r.attempts === 1 && r.workerId?.startsWith("w"))).toBe(true);
  });

  it("claims a job again once its lease expired; the old holder can then neither extend, complete nor fail it", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const first = (await jobs.claimNextJob(prisma, "dead-worker", 1000))!;
    expect(first).toMatchObject({ snapshotId, attempts: 1, workerId: "dead-worker" });
    expect(await jobs.claimNextJob(prisma, "other", 1000)).toBeNull(); // still leased
    await prisma.job.update({ where: { id: first.id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    const second = (await jobs.claimNextJob(prisma, "next-worker", 60_000))!;
    expect(second).toMatchObject({ id: first.id, attempts: 2, workerId: "next-worker" });

    expect(await jobs.extendLease(prisma, first, 60_000)).toBe(false);
    expect(await jobs.completeJob(prisma, first)).toBe(false);
    expect(await jobs.failJob(prisma, first, { reason: "late", transient: false })).toBe("lost");
    expect(await jobs.stillHeld(prisma, second)).toBe(true);
    expect(await jobs.completeJob(prisma, second)).toBe(true);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ state: "done", attempts: 2 });
  });

  it("retries transient failures with exponential backoff up to maxAttempts; permanent failures fail at once", async () => {
    expect([1, 2, 3, 4].map((n) => jobs.retryDelayMs(n))).toEqual([5_000, 20_000, 80_000, 320_000]);
    expect(jobs.retryDelayMs(9)).toBe(600_000);
    expect(jobs.retryDelayMs(2, { baseMs: 100, maxMs: 1000 })).toBe(400);

    await drainQueue();
    const { snapshotId } = await newCapture();
    const policy = { baseMs: 0, maxMs: 0 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = (await jobs.claimNextJob(prisma, "w", 60_000))!;
      expect(job).toMatchObject({ snapshotId, attempts: attempt });
      const next = await jobs.failJob(prisma, job, { reason: "The page took too long to load.", transient: true }, policy);
      expect(next).toBe(attempt < 3 ? "retry" : "failed");
      const snapshot = await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } });
      if (attempt < 3) expect(snapshot).toMatchObject({ status: "queued", error: `The page took too long to load. Retrying (attempt ${attempt + 1} of 3).` });
      else expect(snapshot).toMatchObject({ status: "failed", error: "The page took too long to load." });
    }
    expect(await prisma.job.findFirstOrThrow({ where: { snapshotId } })).toMatchObject({ state: "failed", attempts: 3, lastError: "The page took too long to load." });

    const before = Date.now();
    const delayed = await newCapture();
    const job = (await jobs.claimNextJob(prisma, "w", 60_000))!;
    await jobs.failJob(prisma, job, { reason: "HTTP 503", transient: true }, { baseMs: 5_000, maxMs: 60_000 });
    const row = await prisma.job.findUniqueOrThrow({ where: { id: delayed.jobId } });
    expect(row.runAt.getTime()).toBeGreaterThanOrEqual(before + 5_000);
    expect(await jobs.claimNextJob(prisma, "w", 60_000)).toBeNull(); // not due yet

    const gone = await newCapture();
    const goneJob = (await jobs.claimNextJob(prisma, "w", 60_000))!;
    expect(await jobs.failJob(prisma, goneJob, { reason: "The server answered HTTP 410 Gone.", transient: false, httpStatus: 410 })).toBe("failed");
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: gone.snapshotId } })).toMatchObject({ status: "failed", httpStatus: 410 });
  });

  it("fails a job whose worker died on its last allowed attempt, instead of looping", async () => {
    await drainQueue();
    const { snapshotId, jobId } = await newCapture();
    await prisma.job.update({ where: { id: jobId }, data: { state: "running", attempts: 3, leaseUntil: new Date(Date.now() - 1), workerId: "dead" } });
    expect(await jobs.claimNextJob(prisma, "w", 60_000)).toBeNull();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: "failed", lastError: jobs.INTERRUPTED_REASON });
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } })).toMatchObject({ status: "failed", error: jobs.INTERRUPTED_REASON });
  });

  it("hands a job back on shutdown without charging an attempt", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const job = (await jobs.claimNextJob(prisma, "w", 60_000))!;
    await prisma.snapshot.update({ where: { id: snapshotId }, data: { status: "capturing", stage: "loading" } });
    expect(await jobs.releaseJob(prisma, job)).toBe(true);
    expect(await prisma.job.findFirstOrThrow({ where: { snapshotId } })).toMatchObject({ state: "queued", attempts: 0, workerId: null });
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } })).toMatchObject({ status: "queued", stage: null });
    expect(await jobs.completeJob(prisma, job)).toBe(false);
  });

  it("cancels queued jobs, retries waiting for their backoff and running jobs; the snapshot fails with Cancelled", async () => {
    await drainQueue();
    const queued = await newCapture();
    const running = await newCapture();
    const held = (await jobs.claimNextJob(prisma, "w", 60_000))!;
    expect(held.snapshotId).toBe(queued.snapshotId);
    // the other one waits for a retry
    await prisma.job.update({ where: { id: running.jobId }, data: { runAt: new Date(Date.now() + 60_000), lastError: "x" } });

    expect(await links.cancelCapture({ snapshotId: queued.snapshotId })).toEqual([queued.snapshotId]);
    expect(await links.cancelCapture({ linkId: running.linkId })).toEqual([running.snapshotId]);
    expect(await links.cancelCapture({ linkId: running.linkId })).toEqual([]); // nothing pending any more
    for (const c of [queued, running]) {
      expect(await prisma.job.findUniqueOrThrow({ where: { id: c.jobId } })).toMatchObject({ state: "cancelled", lastError: "Cancelled" });
      expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: c.snapshotId } })).toMatchObject({ status: "failed", error: "Cancelled" });
    }
    // The worker that held the first one notices at its next lease renewal, and cannot publish.
    expect(await jobs.extendLease(prisma, held, 60_000)).toBe(false);
    expect(await jobs.completeJob(prisma, held)).toBe(false);
    expect(await jobs.claimNextJob(prisma, "w", 60_000)).toBeNull();
  });

  it("reports capture updates since a cursor for live progress", async () => {
    await drainQueue();
    const start = await links.captureUpdatesSince(null);
    expect(start.updates).toEqual([]);
    const a = await newCapture();
    const { cursor, updates } = await links.captureUpdatesSince(new Date(Date.now() - 60_000));
    expect(updates.find((u) => u.snapshotId === a.snapshotId)).toMatchObject({ linkId: a.linkId, status: "queued", jobState: "queued", attempts: 0 });
    await new Promise((r) => setTimeout(r, 2100));
    const job = (await jobs.claimNextJob(prisma, "w", 60_000))!;
    await jobs.touchJob(prisma, job.snapshotId);
    const later = await links.captureUpdatesSince(cursor, [a.linkId]);
    expect(later.updates.map((u) => [u.snapshotId, u.jobState])).toEqual([[a.snapshotId, "running"]]);
    const summary = await links.queueSummary();
    expect(summary.running).toBe(1);
  });
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
