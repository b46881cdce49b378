import Database from "better-sqlite3";
import { config } from "@/lib/config";
import type { SearchIndex } from "./types";
import { parseQuery } from "./query";
import { markerPattern } from "./snippet";
import { queryMarkers, SqliteSearchIndex } from "./sqlite-index";

export { parseQuery, hasText, type ParsedQuery } from "./query";
export * from "./types";

const globalForSearch = globalThis as unknown as { kuraSearch?: { file: string; index: SqliteSearchIndex } };

/** The process's index over the configured database, bootstrapped on first use. */
export function searchIndex(): SearchIndex {
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
