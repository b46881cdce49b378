import { afterAll } from "vitest";
import { startPostgres } from "@/lib/db/testing-postgres";

// The same search cases as search-index.test.ts (ranking, syntax, CJK of every length, snippets, extracts, write-ups),
// on a real PostgreSQL server: pg_trgm and the CJK bigram index behind the same SearchIndex interface.
const postgres = await startPostgres();
process.env.KURA_TEST_POSTGRES_URL = await postgres.createDatabase("search");
await import("./search-index.test");

afterAll(async () => {
  await (await import("@/lib/db/client")).db().$disconnect();
  await postgres.stop();
});
