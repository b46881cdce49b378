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

/**
 * The driver adapter, with every transaction begun as `BEGIN IMMEDIATE`: it takes the write lock at the start.
 * The adapter's own `BEGIN` is deferred, so a transaction that reads first (addEntry: find the address, then insert)
 * holds a read snapshot, and if another process (the capture worker, since `npm start` runs it apart) commits in
 * between, its first write fails at once with SQLITE_BUSY_SNAPSHOT ("database is locked") — the busy timeout cannot
 * help, the snapshot is stale. Beginning with the lock makes it wait its turn instead. Every `$transaction` here
 * writes; plain reads run outside transactions and are not affected (WAL: readers never wait for the writer).
 */
export class ImmediateTransactionsSQLite extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 connection in `client` and begins each transaction with
    // `client.prepare("BEGIN")` (checked by lib/db/client.test.ts against the installed version).
    const connection = (adapter as unknown as { client: Database.Database }).client;
    connection.prepare = reusingStatements(connection.prepare.bind(connection), (source) => (source === "BEGIN" ? "BEGIN IMMEDIATE" : source));
    return adapter;
  }
}

/** Prepared statements kept per connection (least recently used dropped first). */
const KEPT_STATEMENTS = 200;

/**
 * The adapter prepares every query afresh (`prepare(sql).bind(args)`), and preparing was a sixth of the library
 * page's database time at 100,000 entries (docs/bench.md): compiling its one big listing statement each view. Here
 * each SQL text is compiled once and reused. A better-sqlite3 statement can be bound only once, so what is handed
 * out is a stand-in that passes the arguments to every call instead; the adapter's calls (`bind`, `reader`,
 * `columns`, `raw().all`, `run`) are all it needs (lib/db/client.test.ts runs them against the installed version).
 */
export function reusingStatements(prepare: (source: string) => Database.Statement, rewrite: (source: string) => string) {
  const kept = new Map<string, Database.Statement>();
  const statementFor = (source: string) => {
    const sql = rewrite(source);
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else statement = prepare(sql);
    kept.set(sql, statement);
    if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    return statement;
  };
  const boundTo = (statement: Database.Statement, args: unknown[]) => ({
    reader: statement.reader,
    columns: () => statement.columns(),
    run: () => statement.run(args),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  });
  return ((source: string) => {
    const statement = statementFor(source);
    return { bind: (args: unknown[]) => boundTo(statement, args), run: (...args: unknown[]) => statement.run(...args) };
  }) as unknown as Database.Database["prepare"];
}

function createClient(file: string): PrismaClient {
  prepareDatabaseFile(file);
  const adapter = new ImmediateTransactionsSQLite({ url: `file:${file}`, timeout: 10_000 });
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

/** For the few hand-written statements whose SQL differs between the two databases (JSON, dates, array parameters). */
export function onPostgres(): boolean {
  return config().database.kind === "postgresql";
}
