import { afterAll } from "vitest";
import { startPostgres } from "@/lib/db/testing-postgres";

// The same cases as sites.test.ts (the sites offered with their counts, the exact-host filter) on a real PostgreSQL
// server, where the listing's site condition and the sites' count have their own SQL.
const postgres = await startPostgres();
process.env.KURA_TEST_POSTGRES_URL = await postgres.createDatabase("sites");
await import("./sites.test");

afterAll(async () => {
  await (await import("@/lib/db/client")).db().$disconnect();
  await postgres.stop();
});
