import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import { startPostgres } from "@/lib/db/testing-postgres";

// The web server's start (instrumentation.ts) on a real PostgreSQL server whose database is not UTF-8: it says so,
// as the workers do, and still starts (search index bootstrapped). No in-process worker here (KURA_INPROCESS_WORKER=0).
const postgres = await startPostgres();
const url = await postgres.createDatabase("ascii", { encoding: "SQL_ASCII", locale: "C" });
const dataDir = useTempDataDir({ DATABASE_URL: url, KURA_INPROCESS_WORKER: "0" });
const { migratePostgres } = await import("@/lib/db/postgres-migrate");
await migratePostgres(url);
const { startWebTier } = await import("./web-tier");
const { db } = await import("@/lib/db/client");

afterAll(async () => {
  await db().$disconnect();
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the web tier's start", () => {
  it("warns when the PostgreSQL database is not UTF-8", async () => {
    const lines: string[] = [];
    await startWebTier((line) => lines.push(line));
    expect(lines).toEqual([expect.stringMatching(/^WARNING: The PostgreSQL database its encoding is SQL_ASCII, not UTF8 and its character type/)]);
  });
});
