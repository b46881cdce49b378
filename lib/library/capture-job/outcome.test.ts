import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// What each outcome of a capture attempt means for its snapshot, recorded through the queue with the capture job as
// handler, against a real (temporary) SQLite database: retries, final failures, hand-back, a worker that died on
// its last attempt, cancel.
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3" });

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { CaptureError, FAILURE } = await import("@/lib/capture/errors");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const jobs = await import("@/lib/queue/jobs");
const { settleJob } = await import("@/lib/queue/runner");
const { captureJob } = await import("./handler");
const { failureOutcome } = await import("./outcome");
const links = await import("@/lib/library/entries");

const prisma = db();
// Never launched: these tests record outcomes, they capture nothing.
const handler = captureJob({ host: new BrowserHost(), settings: captureSettings(config()) });
const claim = () => jobs.claimNextJob(prisma, "w", 60_000, handler.onAbandon);
let counter = 0;

async function newCapture(): Promise<{ linkId: number; snapshotId: number; jobId: number }> {
  const { linkId } = await links.addEntry({ url: `https://example.org/outcome-${++counter}`, tags: [] });
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

describe("capture outcomes", () => {
  it("retries transient failures up to maxAttempts, saying so on the snapshot; permanent failures fail at once", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const policy = { baseMs: 0, maxMs: 0 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = (await claim())!;
      expect(job).toMatchObject({ snapshotId, attempts: attempt });
      const outcome = failureOutcome(new CaptureError("The page took too long to load.", true), { attempt: job.attempts, maxAttempts: job.maxAttempts });
      expect(outcome.kind).toBe(attempt < 3 ? "retry" : "failed");
      expect(await settleJob(prisma, job, outcome, handler, policy)).toBe(true);
      const snapshot = await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } });
      if (attempt < 3) expect(snapshot).toMatchObject({ status: "queued", error: `The page took too long to load. Retrying (attempt ${attempt + 1} of 3).` });
      else expect(snapshot).toMatchObject({ status: "failed", error: "The page took too long to load." });
    }
    expect(await prisma.job.findFirstOrThrow({ where: { snapshotId } })).toMatchObject({
      state: "failed",
      attempts: 3,
      lastError: "The page took too long to load.",
    });

    const gone = await newCapture();
    const goneJob = (await claim())!;
    const permanent = failureOutcome(
      new CaptureError("The server answered HTTP 410 Gone.", false, 410),
      { attempt: goneJob.attempts, maxAttempts: goneJob.maxAttempts },
      1234,
    );
    expect(permanent.kind).toBe("failed");
    expect(await settleJob(prisma, goneJob, permanent, handler, policy)).toBe(true);
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: gone.snapshotId } })).toMatchObject({ status: "failed", httpStatus: 410, durationMs: 1234 });
    // Recorded again by a holder that lost the job: nothing is written.
    expect(await settleJob(prisma, goneJob, failureOutcome(new CaptureError("late", true), { attempt: 1, maxAttempts: 3 }), handler, policy)).toBe(false);
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: gone.snapshotId } })).toMatchObject({ error: "The server answered HTTP 410 Gone." });
  });

  it("fails the snapshot of a job whose worker died on its last allowed attempt", async () => {
    await drainQueue();
    const { snapshotId, jobId } = await newCapture();
    await prisma.job.update({ where: { id: jobId }, data: { state: "running", attempts: 3, leaseUntil: new Date(Date.now() - 1), workerId: "dead" } });
    expect(await claim()).toBeNull();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: "failed", lastError: FAILURE.interrupted });
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } })).toMatchObject({ status: "failed", error: FAILURE.interrupted });
  });

  it("queues the snapshot again when its job is handed back on shutdown", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const job = (await claim())!;
    await prisma.snapshot.update({ where: { id: snapshotId }, data: { status: "capturing", stage: "loading" } });
    expect(await jobs.releaseJob(prisma, job, (tx) => handler.onRelease(tx, job))).toBe(true);
    expect(await prisma.job.findFirstOrThrow({ where: { snapshotId } })).toMatchObject({ state: "queued", attempts: 0, workerId: null });
    expect(await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } })).toMatchObject({ status: "queued", stage: null });
  });

  it("cancels queued jobs, retries waiting for their backoff and running jobs; the snapshot fails with Cancelled", async () => {
    await drainQueue();
    const queued = await newCapture();
    const running = await newCapture();
    const held = (await claim())!;
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
    expect(await claim()).toBeNull();
  });
});
