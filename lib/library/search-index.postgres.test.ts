import { expect, it } from "vitest";
import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same search cases as search-index.test.ts (ranking, syntax, CJK of every length, snippets, extracts, write-ups),
// on a real PostgreSQL server: pg_trgm and the CJK bigram index behind the same SearchIndex interface.
const url = await rerunOnPostgres("search", () => import("./search-index.test"));

// After every case above (adds, re-captures, deletes, a reindex): the totals BM25 reads are those of the rows.
it("keeps the library's size and total length exact through every write", async () => {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    const kept = await client.query(`SELECT docs::int AS docs, chars::int AS chars FROM search_stats`);
    const real = await client.query<{ docs: number; chars: number }>(`SELECT count(*)::int AS docs, coalesce(sum(len), 0)::int AS chars FROM search_doc`);
    expect(real.rows[0]!.docs).toBeGreaterThan(60);
    expect(kept.rows).toEqual(real.rows);
  } finally {
    await client.end();
  }
});
