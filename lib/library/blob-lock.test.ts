import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import { startPostgres } from "@/lib/db/testing-postgres";

// The lock between publishing rows that point at blobs and the sweep deleting unreferenced blobs, on PostgreSQL
// (where writers do not wait for each other by themselves): publishers share it, the sweep holds it alone.
const postgres = await startPostgres();
const dataDir = useTempDataDir({ DATABASE_URL: await postgres.createDatabase("blob_lock") });

const { db } = await import("@/lib/db/client");
const { prepareDatabase } = await import("@/lib/db/prepare");
const { holdBlobLock } = await import("./stored-files");

await prepareDatabase(() => undefined);

afterAll(async () => {
  await db().$disconnect();
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the lock in a transaction for `holdMs`; when it got it and when it let go. */
async function hold(mode: "shared" | "exclusive", holdMs: number, startAfterMs = 0) {
  await sleep(startAfterMs);
  return db().$transaction(async (tx) => {
    await holdBlobLock(tx, mode);
    const got = Date.now();
    await sleep(holdMs);
    return { got, released: Date.now() };
  });
}

describe("the blob lock on PostgreSQL", () => {
  it("makes a publish wait while a sweep holds it, and the sweep wait for a publish", async () => {
    const [sweep, publish] = await Promise.all([hold("exclusive", 400), hold("shared", 0, 100)]);
    expect(publish.got).toBeGreaterThanOrEqual(sweep.released);
    const [first, secondSweep] = await Promise.all([hold("shared", 400), hold("exclusive", 0, 100)]);
    expect(secondSweep.got).toBeGreaterThanOrEqual(first.released);
  });

  it("lets publishes hold it at the same time", async () => {
    const [a, b] = await Promise.all([hold("shared", 400), hold("shared", 400, 100)]);
    expect(b.got).toBeLessThan(a.released);
  });
});
