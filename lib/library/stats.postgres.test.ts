import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same cases as stats.test.ts (entries and captures per month, sizes by site and type, failures, shared
// blobs counted once on disk) on a real PostgreSQL server, where the month and size statements have their own SQL.
await rerunOnPostgres("stats", () => import("./stats.test"));
