import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same cases as sites.test.ts (the sites offered with their counts, the exact-host filter) on a real PostgreSQL
// server, where the listing's site condition and the sites' count have their own SQL.
await rerunOnPostgres("sites", () => import("./sites.test"));
