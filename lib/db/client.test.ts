import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Two connections to one real SQLite file, as the web server and the capture worker hold them (`npm start` runs
// them as two processes). A transaction that reads and then writes must not fail because the other connection
// committed in between.
const dataDir = useTempDataDir();

const { db } = await import("./client");
const { config } = await import("@/lib/config");

// The other process's connection; a zero busy timeout, so a write it cannot make fails at once instead of blocking
// this (single-threaded) test while it waits.
const other = new Database(config().databaseFile, { timeout: 0 });
afterAll(() => other.close());

describe("the SQLite client's transactions", () => {
  it("hold the write lock from their start: another connection's commit cannot invalidate their read", async () => {
    expect(dataDir).toBeTruthy();
    let otherWrite: string = "not tried";
    const created = await db().$transaction(async (tx) => {
      // Read first, as addEntry does (is the address already in the library?) …
      expect(await tx.tag.findUnique({ where: { key: "first" } })).toBeNull();
      // … while the other connection tries to commit a write …
      try {
        other.prepare(`INSERT INTO "Tag" ("name", "key") VALUES ('From the other connection', 'from the other connection')`).run();
        otherWrite = "committed";
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? String(error);
      }
      // … then write. With a deferred BEGIN the other commit lands and this fails with SQLITE_BUSY_SNAPSHOT.
      return tx.tag.create({ data: { name: "First", key: "first" } });
    });
    expect(created.key).toBe("first");
    // The other connection had to wait for the lock (here: fail at once, with no busy timeout) …
    expect(otherWrite).toBe("SQLITE_BUSY");
    // … and writes as soon as the transaction is over.
    other.prepare(`INSERT INTO "Tag" ("name", "key") VALUES ('From the other connection', 'from the other connection')`).run();
    expect((await db().tag.findMany({ orderBy: { key: "asc" } })).map((t) => t.key)).toEqual(["first", "from the other connection"]);
  });
});
