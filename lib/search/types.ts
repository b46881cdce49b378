import type { ParsedQuery } from "./query";

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

/** What the library needs from a search engine; SQLite FTS5 today, a PostgreSQL one can stand beside it. */
export interface SearchIndex {
  /** Brings the given entries (read from their rows) into the index, or drops those that no longer exist. */
  index(linkIds: number | number[]): void;
  remove(linkIds: number[]): void;
  /** Indexes what changed since the last call (writes are marked by triggers, see bootstrap.ts). */
  catchUp(): number;
  query(query: ParsedQuery, filters: SearchFilters, page: { page: number; size: number }): SearchResult;
  /** Rebuilds the whole index from the tables. */
  reindex(): number;
  count(): number;
}
