import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";

/**
 * A Prisma client on PostgreSQL, typed as the SQLite one the code is written against. Sound because both clients are
 * generated from the same models (prisma/postgres-schema.ts derives one schema from the other and
 * prisma/postgresql.test.ts fails when they differ); the code uses no provider-only query feature.
 */
export function createPostgresClient(url: string): PrismaClient {
  const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  postgresClients.add(client);
  return client;
}

// Which clients are on PostgreSQL, asked of the client and not of the configuration: a test or a restore holds a
// PostgreSQL client beside the configured SQLite one.
const postgresClients = new WeakSet<PrismaClient>();

/** Whether the client (made by createPostgresClient) is on PostgreSQL, for the statements whose SQL differs. */
export function isPostgresClient(client: PrismaClient): boolean {
  return postgresClients.has(client);
}

/**
 * The database server's time now, as Prisma reads its UTC timestamp columns. Times compared across machines (leases,
 * when a job is due, the progress poll's cursor) are the database's, so a machine whose clock is off loses nothing.
 * clock_timestamp(), not now(): the time of this call, not of the start of an enclosing transaction.
 */
export async function postgresNow(client: Pick<PrismaClient, "$queryRaw">): Promise<Date> {
  const [row] = await client.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AT TIME ZONE 'UTC' AS now`;
  return row!.now;
}

export type EncodingCheck = { ok: boolean; serverEncoding: string; ctype: string; message: string | null };

/**
 * Kura stores Chinese and Japanese text and its search splits it into characters: the database must be UTF-8, and
 * its character type too (with ctype C, pg_trgm extracts no trigram from CJK text). Says what is wrong, if anything.
 */
export async function checkPostgresEncoding(url: string): Promise<EncodingCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ encoding: string; ctype: string }>(
      "SELECT pg_encoding_to_char(encoding) AS encoding, datctype AS ctype FROM pg_database WHERE datname = current_database()",
    );
    const { encoding, ctype } = rows[0]!;
    const problems: string[] = [];
    if (encoding !== "UTF8") problems.push(`its encoding is ${encoding}, not UTF8`);
    if (!/utf-?8/i.test(ctype)) problems.push(`its character type (LC_CTYPE) is ${ctype}, not a UTF-8 one`);
    const message = problems.length
      ? `The PostgreSQL database ${problems.join(" and ")}: Chinese and Japanese text will not be stored or searched correctly. Create it with ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' (or another UTF-8 locale).`
      : null;
    return { ok: problems.length === 0, serverEncoding: encoding, ctype, message };
  } finally {
    await client.end();
  }
}

/** Says (a WARNING line) when the database is not UTF-8: what every process on PostgreSQL does at its start. */
export async function reportPostgresEncoding(url: string, log: (line: string) => void): Promise<void> {
  const encoding = await checkPostgresEncoding(url);
  if (encoding.message) log(`WARNING: ${encoding.message}`);
}
