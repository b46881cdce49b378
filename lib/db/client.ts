import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";
import { createPostgresClient } from "./postgres";

// WAL + busy timeout: readers never block the capture worker's writes, and a writer waits instead of
// failing with SQLITE_BUSY (which the adapter can otherwise turn into a lost acknowledged write).
function prepareDatabaseFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

function createClient(file: string): PrismaClient {
  prepareDatabaseFile(file);
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

/** The client inside `$transaction(async (tx) => …)`: what a write that must commit with others is given. */
export type DbTransaction = Prisma.TransactionClient;

const globalForPrisma = globalThis as unknown as { kuraPrisma?: PrismaClient };

/**
 * One client per process (Next.js dev reloads modules; the global keeps a single connection): on the data folder's
 * SQLite file, or on the PostgreSQL server DATABASE_URL names (lib/db/prepare.ts migrates it first).
 */
export function db(): PrismaClient {
  const { database } = config();
  globalForPrisma.kuraPrisma ??= database.kind === "postgresql" ? createPostgresClient(database.url) : createClient(database.file);
  return globalForPrisma.kuraPrisma;
}
