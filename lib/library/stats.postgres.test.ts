import { afterAll } from "vitest";
import { startPostgres } from "@/lib/db/testing-postgres";

// The same cases as stats.test.ts (entries and captures per month, sizes by site and type, failures, shared
// blobs counted once on disk) on a real PostgreSQL server, where the month and size statements have their own SQL.
const postgres = await startPostgres();
process.env.KURA_TEST_POSTGRES_URL = await postgres.createDatabase("stats");
await import("./stats.test");

afterAll(async () => {
  await (await import("@/lib/db/client")).db().$disconnect();
  await postgres.stop();
});
