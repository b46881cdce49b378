import Database from "better-sqlite3";
import pg from "pg";
import { config } from "@/lib/config";
import type { SearchIndex } from "./types";
import { parseQuery } from "./query";
import { markerPattern } from "./snippet";
import { PostgresSearchIndex } from "./postgres-index";
import { queryMarkers, SqliteSearchIndex } from "./sqlite-index";

export { parseQuery, hasText, type ParsedQuery } from "./query";
export * from "./types";
export { postgresSiteOf, sqliteSiteOf } from "./site";

const globalForSearch = globalThis as unknown as { kuraSearch?: { target: string; index: SearchIndex } };

/**
 * The process's index over the configured database, bootstrapped on first use: FTS5 in the SQLite file, or pg_trgm
 * on the PostgreSQL server DATABASE_URL names (its own small pool: the index runs its statements and transactions
 * itself, as it does with better-sqlite3 beside Prisma's connection).
 */
export function searchIndex(): SearchIndex {
  const { database } = config();
  const target = database.kind === "postgresql" ? database.url : config().databaseFile;
  if (globalForSearch.kuraSearch?.target !== target) {
    if (database.kind === "postgresql") {
      const pool = new pg.Pool({ connectionString: database.url, max: 4 });
      // An idle connection the server closed (a restart, a failover) is dropped from the pool; the next query reconnects.
      pool.on("error", (error) => console.warn(`[kura] search: an idle PostgreSQL connection ended: ${error.message}`));
      globalForSearch.kuraSearch = { target, index: new PostgresSearchIndex(pool) };
    } else {
      const sqlite = new Database(target, { timeout: 10_000 });
      sqlite.pragma("journal_mode = WAL");
      globalForSearch.kuraSearch = { target, index: new SqliteSearchIndex(sqlite) };
    }
  }
  return globalForSearch.kuraSearch.index;
}

/** The index over a PostgreSQL database the caller names (tests and benches that hold several). */
export function searchIndexOnPostgres(url: string): SearchIndex {
  return new PostgresSearchIndex(new pg.Pool({ connectionString: url, max: 4 }));
}

/** Rebuilds the index of a PostgreSQL database the caller names (a restore into it), on a pool of its own, ended after. */
export async function reindexPostgres(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    return await new PostgresSearchIndex(pool).reindex();
  } finally {
    await pool.end();
  }
}

/** The regular expression (source, flags "giu") that finds a search's hits in text, or null when it has no words. */
export function hitPattern(q: string | null | undefined): string | null {
  return markerPattern(queryMarkers(parseQuery(q)))?.source ?? null;
}

/** The index over a connection the caller holds: a restore rebuilds the index of the data folder it wrote, whichever it is. */
export function searchIndexOn(sqlite: Database.Database): SearchIndex {
  return new SqliteSearchIndex(sqlite);
}
