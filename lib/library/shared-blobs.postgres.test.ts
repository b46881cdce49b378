import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same cases as shared-blobs.test.ts (blobs and page parts shared, kept, swept, raced) with the rows on a real
// PostgreSQL server, where publishers and the sweep meet at the advisory blob lock instead of SQLite's write lock.
await rerunOnPostgres("shared_blobs", () => import("./shared-blobs.test"));
