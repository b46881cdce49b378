import { afterAll } from "vitest";
import { startPostgres } from "@/lib/db/testing-postgres";

// The same live-progress cases as progress.test.ts on a real PostgreSQL server, where the job times and the poll's
// cursor are the database server's, so workers and the web tier on machines whose clocks disagree lose no update.
const postgres = await startPostgres();
process.env.KURA_TEST_POSTGRES_URL = await postgres.createDatabase("progress");
await import("./progress.test");

afterAll(async () => {
  await (await import("@/lib/db/client")).db().$disconnect();
  await postgres.stop();
});
