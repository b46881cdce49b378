import { rerunOnPostgres } from "@/lib/db/testing-vitest";

// The same live-progress cases as progress.test.ts on a real PostgreSQL server, where the job times and the poll's
// cursor are the database server's, so workers and the web tier on machines whose clocks disagree lose no update.
await rerunOnPostgres("progress", () => import("./progress.test"));
