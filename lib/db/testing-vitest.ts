// Helpers for Vitest files only (they use its hooks and fake timers); benches use lib/db/testing.ts and
// lib/db/testing-postgres.ts, which do not load Vitest.
import { afterAll, vi } from "vitest";
import { startPostgres } from "./testing-postgres";

/**
 * Runs a test file's cases again on a database of a throw-away PostgreSQL server: the file (imported by `cases`) reads
 * KURA_TEST_POSTGRES_URL and points the app at it. The server stops after the cases. Returns the database's URL.
 */
export async function rerunOnPostgres(database: string, cases: () => Promise<unknown>): Promise<string> {
  const postgres = await startPostgres();
  const url = await postgres.createDatabase(database);
  process.env.KURA_TEST_POSTGRES_URL = url;
  await cases();
  afterAll(async () => {
    await (await import("@/lib/db/client")).db().$disconnect();
    await postgres.stop();
  });
  return url;
}

/** Runs `fn` as a machine whose clock is `offsetMs` off (Prisma fills its times from this process's Date). */
export async function withClockOff<T>(offsetMs: number, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetMs });
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}
