import Database from "better-sqlite3";
import { config } from "@/lib/config";
import type { SearchIndex } from "./types";
import { parseQuery } from "./query";
import { markerPattern } from "./snippet";
import { queryMarkers, SqliteSearchIndex } from "./sqlite-index";

export { parseQuery, hasText, type ParsedQuery } from "./query";
export * from "./types";

/** Said by the web tier on PostgreSQL: only capture workers run there yet (README, "PostgreSQL"). */
export const SEARCH_NEEDS_SQLITE =
  "Search does not run on PostgreSQL yet: with DATABASE_URL=postgresql://… only capture workers (npm run worker) can run; the web tier needs the SQLite database.";

const globalForSearch = globalThis as unknown as { kuraSearch?: { file: string; index: SqliteSearchIndex } };

/** The process's index over the configured database, bootstrapped on first use. */
export function searchIndex(): SearchIndex {
  if (config().database.kind === "postgresql") throw new Error(SEARCH_NEEDS_SQLITE);
  const file = config().databaseFile;
  if (globalForSearch.kuraSearch?.file !== file) {
    const sqlite = new Database(file, { timeout: 10_000 });
    sqlite.pragma("journal_mode = WAL");
    globalForSearch.kuraSearch = { file, index: new SqliteSearchIndex(sqlite) };
  }
  return globalForSearch.kuraSearch.index;
}

/** The regular expression (source, flags "giu") that finds a search's hits in text, or null when it has no words. */
export function hitPattern(q: string | null | undefined): string | null {
  return markerPattern(queryMarkers(parseQuery(q)))?.source ?? null;
}

/** The index over a connection the caller holds: a restore rebuilds the index of the data folder it wrote, whichever it is. */
export function searchIndexOn(sqlite: Database.Database): SearchIndex {
  return new SqliteSearchIndex(sqlite);
}
