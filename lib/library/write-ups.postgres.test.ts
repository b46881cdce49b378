import { afterAll } from "vitest";
import { startPostgres } from "@/lib/db/testing-postgres";

// The same cases as write-ups.test.ts (translations and mirrors found, joined and split as one write-up) on a
// real PostgreSQL server, where the decisions and the fingerprint lookups have their own SQL.
const postgres = await startPostgres();
process.env.KURA_TEST_POSTGRES_URL = await postgres.createDatabase("writeups");
await import("./write-ups.test");

afterAll(async () => {
  await (await import("@/lib/db/client")).db().$disconnect();
  await postgres.stop();
});
