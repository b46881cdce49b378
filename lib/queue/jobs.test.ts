import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClockOff } from "@/lib/db/testing-vitest";
import { useTempDataDir } from "@/lib/db/testing";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// The durable queue's Job rows against real (temporary) databases — the embedded SQLite file and a PostgreSQL
// server — with the same tests: claims, leases, fencing, retries, reclaim, hand-back and cancel, with a handler write
// that commits with the job row or not at all. The rows are made here as the domain makes them (a link, a snapshot,
// its job in one transaction), so the queue is tested alone. (What the capture job writes for each outcome is tested
// in lib/library/capture-job/outcome.test.ts, live progress over these rows in lib/library/progress.test.ts.)
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3" });

const { db } = await import("@/lib/db/client");
const { config } = await import("@/lib/config");
const { createPostgresClient } = await import("@/lib/db/postgres");
const { migratePostgres } = await import("@/lib/db/postgres-migrate");
const { startPostgres } = await import("@/lib/db/testing-postgres");
const jobs = await import("./jobs");

const postgres = await startPostgres();
afterAll(async () => {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const databases: Array<[string, () => Promise<PrismaClient>]> = [
  ["SQLite", async () => db()],
  [
    "PostgreSQL",
    async () => {
      const url = await postgres.createDatabase("queue");
      await migratePostgres(url);
      return createPostgresClient(url);
    },
  ],
];

describe.each(databases)("durable capture queue on %s", (name, connect) => {
  let prisma: PrismaClient;
  const policy = { baseMs: config().queue.retryBaseMs, maxMs: config().queue.retryMaxMs };
  let counter = 0;
  const abandoned: number[] = [];
  const onAbandon = async (_tx: unknown, job: { id: number }) => {
    abandoned.push(job.id);
    return "its worker died on the last attempt";
  };
  const noWrite = async () => undefined;

  async function newCapture(): Promise<{ linkId: number; snapshotId: number; jobId: number }> {
    const url = `https://example.org/page-${++counter}`;
    const snapshotId = await prisma.$transaction(async (tx) => {
      const link = await tx.link.create({ data: { url } });
      const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
      await jobs.enqueueCapture(tx, snapshot.id);
      return snapshot.id;
    });
    const snapshot = await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId }, include: { job: true } });
    return { linkId: snapshot.linkId, snapshotId, jobId: snapshot.job!.id };
  }

  /** One after another: many interactive transactions at once wait for the pool, not what these tests are about. */
  async function newCaptures(n: number): Promise<Array<{ linkId: number; snapshotId: number; jobId: number }>> {
    const created = [];
    for (let i = 0; i < n; i++) created.push(await newCapture());
    return created;
  }

  async function drainQueue(): Promise<void> {
    await prisma.job.updateMany({ where: { state: { in: ["queued", "running"] } }, data: { state: "done" } });
  }

  beforeAll(async () => {
    prisma = await connect();
    await drainQueue();
  }, 60_000);
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it("hands each job to exactly one of many racing claimers", async () => {
    await drainQueue();
    const created = await newCaptures(30);
    const claimed: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 100; i++) {
          const job = await jobs.claimNextJob(prisma, `w${w}`, 60_000, onAbandon);
          if (!job) return;
          claimed.push(job.id);
        }
      }),
    );
    expect(claimed.sort((a, b) => a - b)).toEqual(created.map((c) => c.jobId).sort((a, b) => a - b));
    const rows = await prisma.job.findMany({ where: { id: { in: claimed } } });
    expect(rows.every((r) => r.state === "running" && r.attempts === 1 && r.workerId?.startsWith("w"))).toBe(true);
    // When each was claimed (queue latency = claimedAt − runAt).
    expect(rows.every((r) => r.claimedAt !== null && r.claimedAt >= r.runAt)).toBe(true);
  });

  // SQLite has a single writer (a loser of a race reads again); on PostgreSQL the claim is one statement with
  // FOR UPDATE SKIP LOCKED, so a claimer never comes back empty because another took the row it was looking at.
  it.runIf(name === "PostgreSQL")("under contention, every job is claimed once and no claimer finds nothing while due jobs remain", async () => {
    await drainQueue();
    const created = await newCaptures(40);
    const claimed: number[] = [];
    // Rounds of 4 simultaneous claims: 40 due jobs, 10 rounds, every claim of every round must get one.
    for (let round = 0; round < 10; round++) {
      const got = await Promise.all(Array.from({ length: 4 }, (_, w) => jobs.claimNextJob(prisma, `c${w}`, 60_000, onAbandon)));
      expect(got.every((job) => job !== null)).toBe(true);
      claimed.push(...got.map((job) => job!.id));
    }
    expect(await jobs.claimNextJob(prisma, "c0", 60_000, onAbandon)).toBeNull();
    expect(claimed.sort((a, b) => a - b)).toEqual(created.map((c) => c.jobId).sort((a, b) => a - b));
    // And free-running: 4 claimers racing on 40 more, each until it finds nothing; a null comes only at the end.
    const more = await newCaptures(40);
    const raced: number[] = [];
    const emptyWhileDue: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (;;) {
          const job = await jobs.claimNextJob(prisma, `r${w}`, 60_000, onAbandon);
          if (job) {
            raced.push(job.id);
            continue;
          }
          emptyWhileDue.push(await prisma.job.count({ where: { state: "queued" } }));
          return;
        }
      }),
    );
    expect(raced.sort((a, b) => a - b)).toEqual(more.map((c) => c.jobId).sort((a, b) => a - b));
    expect(emptyWhileDue).toEqual([0, 0, 0, 0]);
  });

  // Workers and the web tier on several machines: on PostgreSQL every time a claim compares is the database's.
  it.runIf(name === "PostgreSQL")("keeps leases, backoffs and due times right when a machine's clock is off", async () => {
    await drainQueue();
    // A worker 10 s behind renews a 5 s lease: still held, another worker cannot take it.
    await newCapture();
    const held = (await jobs.claimNextJob(prisma, "slow-clock", 5_000, onAbandon))!;
    expect(await withClockOff(-10_000, () => jobs.extendLease(prisma, held, 5_000))).toBe(true);
    expect(await jobs.claimNextJob(prisma, "other", 5_000, onAbandon)).toBeNull();
    // A worker 60 s ahead retries with no backoff: due now, not in a minute; the same when it hands a job back.
    expect(await withClockOff(60_000, () => jobs.retryJob(prisma, held, "HTTP 503", { baseMs: 0, maxMs: 0 }, noWrite))).toBe(true);
    const again = (await jobs.claimNextJob(prisma, "other", 5_000, onAbandon))!;
    expect(again).toMatchObject({ id: held.id, attempts: 2 });
    expect(await withClockOff(60_000, () => jobs.releaseJob(prisma, again, noWrite))).toBe(true);
    expect(await jobs.claimNextJob(prisma, "other", 5_000, onAbandon)).toMatchObject({ id: held.id, attempts: 2 });
    // A web tier 60 s ahead queues a capture: due now by the database's clock, claimed at once.
    const { jobId } = await withClockOff(60_000, () => newCapture());
    expect(await jobs.claimNextJob(prisma, "other", 5_000, onAbandon)).toMatchObject({ id: jobId });
    const row = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(Math.abs(row.runAt.getTime() - Date.now())).toBeLessThan(5_000);
    expect(row.claimedAt!.getTime()).toBeGreaterThanOrEqual(row.runAt.getTime());
  });

  it("claims a job again once its lease expired; the old holder can then neither extend, complete nor fail it", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const first = (await jobs.claimNextJob(prisma, "dead-worker", 1000, onAbandon))!;
    expect(first).toMatchObject({ snapshotId, attempts: 1, workerId: "dead-worker" });
    expect(await jobs.claimNextJob(prisma, "other", 1000, onAbandon)).toBeNull(); // still leased
    await prisma.job.update({ where: { id: first.id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    const second = (await jobs.claimNextJob(prisma, "next-worker", 60_000, onAbandon))!;
    expect(second).toMatchObject({ id: first.id, attempts: 2, workerId: "next-worker" });

    let written = 0;
    const write = async () => void written++;
    expect(await jobs.extendLease(prisma, first, 60_000)).toBe(false);
    expect(await jobs.completeJob(prisma, first, write)).toBe(false);
    expect(await jobs.failJob(prisma, first, "late", write)).toBe(false);
    expect(await jobs.retryJob(prisma, first, "late", policy, write)).toBe(false);
    expect(await jobs.updateHeldJob(prisma, first, write)).toBe(false);
    expect(written).toBe(0); // a stale holder's writes never run
    expect(await jobs.stillHeld(prisma, second)).toBe(true);
    expect(await jobs.completeJob(prisma, second, write)).toBe(true);
    expect(written).toBe(1);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ state: "done", attempts: 2 });
  });

  it("a handler write that fails rolls the job's change back with it", async () => {
    await drainQueue();
    const { jobId } = await newCapture();
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    const failing = async () => {
      throw new Error("disk full");
    };
    await expect(jobs.completeJob(prisma, job, failing)).rejects.toThrow("disk full");
    await expect(jobs.failJob(prisma, job, "x", failing)).rejects.toThrow("disk full");
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: "running", lastError: null });
    expect(await jobs.stillHeld(prisma, job)).toBe(true);
  });

  it("schedules retries with exponential backoff; a retry is not claimed before it is due", async () => {
    expect([1, 2, 3, 4].map((n) => jobs.retryDelayMs(n, policy))).toEqual([5_000, 20_000, 80_000, 320_000]);
    expect(jobs.retryDelayMs(9, policy)).toBe(600_000);
    expect(jobs.retryDelayMs(2, { baseMs: 100, maxMs: 1000 })).toBe(400);

    await drainQueue();
    const immediate = await newCapture();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
      expect(job).toMatchObject({ snapshotId: immediate.snapshotId, attempts: attempt, maxAttempts: 3 });
      if (attempt < 3) expect(await jobs.retryJob(prisma, job, "The page took too long to load.", { baseMs: 0, maxMs: 0 }, noWrite)).toBe(true);
      else expect(await jobs.failJob(prisma, job, "The page took too long to load.", noWrite)).toBe(true);
    }
    expect(await prisma.job.findUniqueOrThrow({ where: { id: immediate.jobId } })).toMatchObject({
      state: "failed",
      attempts: 3,
      lastError: "The page took too long to load.",
    });

    const before = Date.now();
    const delayed = await newCapture();
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    await jobs.retryJob(prisma, job, "HTTP 503", { baseMs: 5_000, maxMs: 60_000 }, noWrite);
    const row = await prisma.job.findUniqueOrThrow({ where: { id: delayed.jobId } });
    expect(row).toMatchObject({ state: "queued", attempts: 1, lastError: "HTTP 503" });
    expect(row.runAt.getTime()).toBeGreaterThanOrEqual(before + 5_000);
    expect(await jobs.claimNextJob(prisma, "w", 60_000, onAbandon)).toBeNull(); // not due yet
  });

  it("gives up a job whose worker died on its last allowed attempt, instead of looping, with the handler's write", async () => {
    await drainQueue();
    const { jobId } = await newCapture();
    await prisma.job.update({ where: { id: jobId }, data: { state: "running", attempts: 3, leaseUntil: new Date(Date.now() - 1), workerId: "dead" } });
    expect(await jobs.claimNextJob(prisma, "w", 60_000, onAbandon)).toBeNull();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: "failed", lastError: "its worker died on the last attempt" });
    expect(abandoned).toEqual([jobId]);
  });

  it.runIf(name === "PostgreSQL")("a claim keeps the job it took when giving up another job fails; the next claim gives it up", async () => {
    await drainQueue();
    const dead = await newCapture();
    await prisma.job.update({
      where: { id: dead.jobId },
      data: { state: "running", attempts: 3, leaseUntil: new Date(Date.now() - 60_000), workerId: "dead" },
    });
    const next = await newCapture();
    const failing = async (): Promise<string> => {
      throw new Error("the handler's write failed");
    };
    expect(await jobs.claimNextJob(prisma, "w", 60_000, failing)).toMatchObject({ id: next.jobId, attempts: 1, workerId: "w" });
    expect(await prisma.job.findUniqueOrThrow({ where: { id: dead.jobId } })).toMatchObject({ state: "running", lastError: null }); // rolled back
    expect(await jobs.claimNextJob(prisma, "w", 60_000, onAbandon)).toBeNull();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: dead.jobId } })).toMatchObject({
      state: "failed",
      lastError: "its worker died on the last attempt",
    });
  });

  it("hands a job back on shutdown without charging an attempt", async () => {
    await drainQueue();
    const { snapshotId } = await newCapture();
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    expect(await jobs.releaseJob(prisma, job, noWrite)).toBe(true);
    expect(await prisma.job.findFirstOrThrow({ where: { snapshotId } })).toMatchObject({ state: "queued", attempts: 0, workerId: null });
    expect(await jobs.completeJob(prisma, job)).toBe(false);
  });

  it("cancels queued jobs, retries waiting for their backoff and running jobs; their holder can no longer publish", async () => {
    await drainQueue();
    const queued = await newCapture();
    const waiting = await newCapture();
    const held = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    expect(held.snapshotId).toBe(queued.snapshotId);
    await prisma.job.update({ where: { id: waiting.jobId }, data: { runAt: new Date(Date.now() + 60_000), lastError: "x" } });

    const ids = await prisma.$transaction((tx) => jobs.cancelJobs(tx, [queued.snapshotId, waiting.snapshotId], "Cancelled"));
    expect(ids.sort()).toEqual([queued.snapshotId, waiting.snapshotId].sort());
    expect(await prisma.$transaction((tx) => jobs.cancelJobs(tx, [queued.snapshotId], "Cancelled"))).toEqual([]); // nothing open any more
    for (const c of [queued, waiting]) {
      expect(await prisma.job.findUniqueOrThrow({ where: { id: c.jobId } })).toMatchObject({ state: "cancelled", lastError: "Cancelled" });
    }
    // The worker that held the first one notices at its next heartbeat, and cannot publish.
    expect(await jobs.extendLease(prisma, held, 60_000)).toBe(false);
    expect(await jobs.completeJob(prisma, held)).toBe(false);
    expect(await jobs.claimNextJob(prisma, "w", 60_000, onAbandon)).toBeNull();
  });
});
