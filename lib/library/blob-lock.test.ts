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

/** Holds the lock in a transaction for `holdMs`; when it got it and when it let go. `held` resolves once it has it. */
function hold(mode: "shared" | "exclusive", holdMs: number) {
  let signal: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (signal = resolve));
  const done = db().$transaction(async (tx) => {
    await holdBlobLock(tx, mode);
    const got = Date.now();
    signal();
    await sleep(holdMs);
    return { got, released: Date.now() };
  });
  return { held, done };
}

/** The second holder asks only once the first has the lock (a fixed head start loses to a slow connection under load). */
async function inTurn(first: ReturnType<typeof hold>, second: () => ReturnType<typeof hold>) {
  await first.held;
  return Promise.all([first.done, second().done]);
}

describe("the blob lock on PostgreSQL", () => {
  it("makes a publish wait while a sweep holds it, and the sweep wait for a publish", async () => {
    const [sweep, publish] = await inTurn(hold("exclusive", 400), () => hold("shared", 0));
    expect(publish.got).toBeGreaterThanOrEqual(sweep.released);
    const [first, secondSweep] = await inTurn(hold("shared", 400), () => hold("exclusive", 0));
    expect(secondSweep.got).toBeGreaterThanOrEqual(first.released);
  });

  it("lets publishes hold it at the same time", async () => {
    // Long enough for the second transaction's connection and BEGIN on a loaded machine: it must get the lock while
    // the first still holds it.
    const [a, b] = await inTurn(hold("shared", 2000), () => hold("shared", 400));
    expect(b.got).toBeLessThan(a.released);
  });
});
