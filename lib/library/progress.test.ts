import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { withClockOff } from "@/lib/db/testing-vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Live capture progress (what the library page and the capture events stream poll) over real Job rows in a real
// (temporary) SQLite database — or, run from progress.postgres.test.ts, a real PostgreSQL server
// (KURA_TEST_POSTGRES_URL): an entry is added, a worker claims its job and reports, the updates follow.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
const dataDir = useTempDataDir({ KURA_JOB_MAX_ATTEMPTS: "3", ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}) });
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const jobs = await import("@/lib/queue/jobs");
const { addEntry } = await import("./entries");
const { captureUpdatesSince, liveCursor, queueSummary, CURSOR_TRAIL_MS } = await import("./progress");
const { LibrarySearch, listEntries } = await import("./search");
const { getEntry } = await import("./detail");
const { pendingRetry } = await import("./retry");

const prisma = db();
const onAbandon = async () => "its worker died on the last attempt";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`live capture progress on ${postgresUrl ? "PostgreSQL" : "SQLite"}`, () => {
  it("reports capture updates since a cursor for live progress", async () => {
    const start = await captureUpdatesSince(null);
    expect(start.updates).toEqual([]);
    const { linkId } = await addEntry({ url: "https://example.org/progress", tags: [] });
    const snapshot = await prisma.snapshot.findFirstOrThrow({ where: { linkId } });
    const { cursor, updates } = await captureUpdatesSince(new Date(Date.now() - 60_000));
    expect(updates.find((u) => u.snapshotId === snapshot.id)).toMatchObject({ linkId, status: "queued", jobState: "queued", attempts: 0 });
    await sleep(2100);
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    await jobs.updateHeldJob(prisma, job);
    const later = await captureUpdatesSince(cursor, [linkId]);
    expect(later.updates.map((u) => [u.snapshotId, u.jobState])).toEqual([[snapshot.id, "running"]]);
    const summary = await queueSummary();
    expect(summary.running).toBe(1);
    await jobs.completeJob(prisma, job);
  });

  // With workers on other machines, each writes with its own clock: on PostgreSQL the job's updatedAt and every
  // cursor are the database server's time, so a clock several seconds off (more than the cursor's trail) loses nothing.
  it.runIf(postgresUrl)("delivers progress from a worker whose clock is 10 s behind, to a web tier whose clock is 10 s ahead", async () => {
    const { linkId } = await addEntry({ url: "https://example.org/skewed-clocks", tags: [] });
    const snapshot = await prisma.snapshot.findFirstOrThrow({ where: { linkId } });
    const job = (await jobs.claimNextJob(prisma, "w", 60_000, onAbandon))!;
    expect(job.snapshotId).toBe(snapshot.id);
    await sleep(CURSOR_TRAIL_MS + 100); // the claim is behind the cursors taken from here on

    // The web tier renders the entry's page and polls.
    const rendered = await withClockOff(10_000, () => liveCursor());
    expect(Math.abs(rendered - Date.now())).toBeLessThan(1000);
    const { cursor, updates } = await withClockOff(10_000, () => captureUpdatesSince(new Date(rendered - CURSOR_TRAIL_MS), [linkId]));
    expect(updates).toEqual([]);

    // The worker reports a stage.
    expect(
      await withClockOff(-10_000, () =>
        jobs.updateHeldJob(prisma, job, async (tx) => {
          await tx.snapshot.update({ where: { id: snapshot.id }, data: { status: "capturing", stage: "loading" } });
        }),
      ),
    ).toBe(true);
    const later = await withClockOff(10_000, () => captureUpdatesSince(cursor, [linkId]));
    expect(later.updates.map((u) => [u.snapshotId, u.status, u.stage])).toEqual([[snapshot.id, "capturing", "loading"]]);
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
