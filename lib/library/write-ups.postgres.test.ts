import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same cases as write-ups.test.ts (translations and mirrors found, joined and split as one write-up) on a
// real PostgreSQL server, where the decisions and the fingerprint lookups have their own SQL.
await rerunOnPostgres("writeups", () => import("./write-ups.test"));
