import type { ParsedQuery } from "./query";
import type { FileTypeFilter, LibrarySort, StatusFilter } from "@/lib/validation/library-views";

/** One entry as the index sees it: the texts a search looks through. */
export type SearchDocument = {
  linkId: number;
  title: string;
  tags: string[];
  site: string;
  url: string;
  description: string;
  body: string;
};

/** Narrowing from outside the query text (the tag chips): tag keys the entry must all carry. */
export type SearchFilters = {
  tagKeys: string[];
  /** Keep archived entries when the query names no state (bulk "select all matching" acts on what is shown). */
  includeArchived?: boolean;
  /** The latest capture's state. */
  status?: StatusFilter;
  /** What the latest capture kept (its content type). */
  fileType?: FileTypeFilter;
  /** The host (and port) of the entry's address, exactly (lib/search/site.ts); `site:` in the query is looser. */
  site?: string;
};

/** Which page, how big, and in what order (none: best match first for words, else newest first). */
export type SearchPage = {
  page: number;
  size: number;
  sort?: LibrarySort;
  /** False when only the ids are wanted (bulk "all matching", exports): no entry's text is read for a snippet. */
  snippets?: boolean;
};

export type SearchHit = { linkId: number; snippet: string | null };

export type SearchResult = {
  /** This page's entries, best first. */
  hits: SearchHit[];
  /** Exact up to TOTAL_CAP; `capped` says there are more. */
  total: number;
  capped: boolean;
};

export const TOTAL_CAP = 1000;

/** A command or an error message the library's entries quote. */
export type ExtractKind = "command" | "error";

/** One command (or error message) and the entries that quote it, most quoted first. */
export type ExtractGroup = { text: string; linkIds: number[] };

export type ExtractPage = { groups: ExtractGroup[]; total: number };

/** Another entry that is the same write-up (a translation, mirror or re-post): `shared` fingerprint features. */
export type Relative = { linkId: number; shared: number };

/**
 * What the library needs from a search engine: SQLite FTS5 (sqlite-index.ts) or PostgreSQL pg_trgm (postgres-index.ts).
 * Promise-returning because a PostgreSQL server answers over the network; the SQLite one answers at once.
 */
export interface SearchIndex {
  /** Brings the given entries (read from their rows) into the index, or drops those that no longer exist. */
  index(linkIds: number | number[]): Promise<void>;
  remove(linkIds: number[]): Promise<void>;
  /** Indexes what changed since the last call (writes are marked by triggers, see bootstrap.ts). */
  catchUp(): Promise<number>;
  query(query: ParsedQuery, filters: SearchFilters, page: SearchPage): Promise<SearchResult>;
  /**
   * The commands or error messages entries quote, each once however it is spaced, with the entries quoting it; `filter`
   * keeps those containing it (matched as the extractor normalizes text). Most-quoted first, then alphabetical.
   */
  extracts(kind: ExtractKind, filter: string, page: { page: number; size: number }): Promise<ExtractPage>;
  /**
   * For each entry, the entries that look like the same write-up: they share enough commands, error messages, URLs
   * and technical tokens (lib/search/fingerprint.ts), whatever language their prose is in. Most shared first.
   */
  relatives(linkIds: number[]): Promise<Map<number, Relative[]>>;
  /** Rebuilds the whole index from the tables. */
  reindex(): Promise<number>;
  count(): Promise<number>;
}
