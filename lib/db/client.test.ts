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

describe("the SQLite client's statements", () => {
  it("compiles each SQL text once and reuses it with each query's own arguments, reads and writes alike", async () => {
    // The same statement text three times over, with other arguments: each answer is its own.
    for (const key of ["reuse-a", "reuse-b", "reuse-c"]) await db().tag.create({ data: { name: key.toUpperCase(), key } });
    for (const key of ["reuse-c", "reuse-a", "reuse-b"]) expect((await db().tag.findUnique({ where: { key } }))?.name).toBe(key.toUpperCase());
    expect(await db().tag.findUnique({ where: { key: "reuse-none" } })).toBeNull();
    // Raw reads with parameters, BigInt-safe as the adapter reads them, and a write that changes what they see.
    const count = async (prefix: string) =>
      Number((await db().$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM "Tag" WHERE key LIKE ${`${prefix}%`}`)[0]!.n);
    expect(await count("reuse-")).toBe(3);
    await db().$executeRaw`DELETE FROM "Tag" WHERE key = ${"reuse-b"}`;
    expect(await count("reuse-")).toBe(2);
    expect(await count("first")).toBe(1);
  });

  it("prepares a statement once however often it runs, and keeps at most a bounded number", async () => {
    const { reusingStatements } = await import("./client");
    const sqlite = new Database(":memory:");
    const compiled: string[] = [];
    const prepare = reusingStatements(
      (sql) => (compiled.push(sql), sqlite.prepare(sql)),
      (sql) => sql,
    );
    const select = (n: number) => prepare("SELECT ? * 2 AS doubled").bind([n]).raw().all() as unknown[][];
    expect([select(1), select(2), select(21)]).toEqual([[[2]], [[4]], [[42]]]);
    expect(
      prepare("SELECT ? * 2 AS doubled")
        .bind([3])
        .columns()
        .map((c) => c.name),
    ).toEqual(["doubled"]);
    expect(compiled).toEqual(["SELECT ? * 2 AS doubled"]);
    prepare("CREATE TABLE t (v)").bind([]).run();
    for (let i = 0; i < 300; i++) prepare(`INSERT INTO t VALUES (${i})`).bind([]).run();
    expect(prepare("SELECT count(*) FROM t").bind([]).raw().all()).toEqual([[300]]);
    // The first statement was dropped long ago (200 are kept): asking again compiles it again.
    select(5);
    expect(compiled.filter((sql) => sql === "SELECT ? * 2 AS doubled")).toHaveLength(2);
    sqlite.close();
  });
});
