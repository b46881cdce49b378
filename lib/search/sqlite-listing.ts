import type Database from "better-sqlite3";
import { WORD_WEIGHTS } from "./bootstrap";
import type { ParsedQuery } from "./query";
import { TOTAL_CAP, type SearchFilters, type SearchPage } from "./types";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { sqliteSiteOf } from "./site";
import type { FileTypeFilter, LibrarySort, StatusFilter } from "@/lib/validation/library-views";

// The library listing's SQL: which entries match, how many (exact up to TOTAL_CAP), and one page of their ids in
// order. Written so that its cost follows the page and the matches, not the library: every word goes into one
// FTS5 MATCH (FTS5 intersects the words' lists itself), tag filters intersect the tags' lists (LinkTag by tag),
// the count stops at the cap, and a ranked page is picked from the best-scored matches before any "Link" row is
// read (see docs/bench.md, library search).

/** A word of the query as the indexes look it up: its word-index expression and, for a Latin word, its substring one. */
export type QueryTerm = { words: string; trigram: string | null };

export type ListingInput = {
  query: ParsedQuery;
  filters: SearchFilters;
  page: SearchPage;
  /** Every word, each phrase's words too (all must match). */
  terms: QueryTerm[];
  /** The quoted phrases (each must match as written). */
  phrases: QueryTerm[];
  /** The query's words as one phrase (for the phrase boost), when it has several Latin ones. */
  plainPhrase: QueryTerm | null;
  /** The word-index expression of a `-word`. */
  not: string[];
};

export type Listing = { ids: number[]; total: number };

/** A condition on "Link" l with its parameters. */
type Clause = { sql: string; params: unknown[] };

// Stored snapshot states (lib/db/vocabulary.ts) each status filter stands for; literal values, never user input.
const STATUS_VALUES: Record<StatusFilter, string[]> = { ready: ["ready"], failed: ["failed"], pending: ["queued", "capturing"] };
const CONTENT_TYPE_MARK: Record<FileTypeFilter, string> = { html: "html", pdf: "pdf", image: "image/" };

// A chosen order replaces the ranking; ties fall back to newest first so pages never shuffle.
const SHOWN_TITLE = `lower(coalesce(nullif(trim(l.customTitle), ''), nullif(trim(l.title), ''), l.url))`;
const SITE = `lower(coalesce(nullif(trim(l.siteName), ''), substr(l.url, instr(l.url, '://') + 3)))`;
const NEWEST = `l.createdAt DESC, l.id DESC`;
const ORDER_BY: Record<LibrarySort, string> = {
  added: NEWEST,
  title: `${SHOWN_TITLE} ASC, l.id DESC`,
  site: `${SITE} ASC, ${NEWEST}`,
  captured: `(SELECT max(s.capturedAt) FROM "Snapshot" s WHERE s.linkId = l.id) DESC NULLS LAST, ${NEWEST}`,
};

const BM25 = `bm25(search_words, ${WORD_WEIGHTS.join(", ")})`;
/** How many best-scored matches a ranked page is first picked from, as a multiple of the rows it needs. */
const FIRST_PICK = 2;
/** Past this many best-scored matches the filters are left to SQLite (joining every match to its row). */
const MAX_PICK = 4096;

const inWords = (column: string) => `${column} IN (SELECT rowid FROM search_words WHERE search_words MATCH ?)`;

function tagsOf(query: ParsedQuery, filters: SearchFilters): { tags: string[]; notTags: string[] } {
  return { tags: [...new Set([...filters.tagKeys, ...query.tags.map(tagKeyOf)])], notTags: query.notTags.map(tagKeyOf) };
}

/**
 * The tags' ids, the one with the fewest entries first (its list drives an intersection); null when a key names no
 * tag (then no entry carries them all).
 */
function tagIdsOf(sqlite: Database.Database, keys: string[]): number[] | null {
  if (keys.length === 0) return [];
  const found = sqlite
    .prepare(
      `SELECT t.id AS id, (SELECT count(*) FROM "LinkTag" lt WHERE lt.tagId = t.id) AS n FROM "Tag" t WHERE t.key IN (${keys.map(() => "?").join(", ")})`,
    )
    .all(...keys) as Array<{ id: number; n: number }>;
  if (found.length < keys.length) return null;
  return found.sort((a, b) => a.n - b.n || a.id - b.id).map((t) => t.id);
}

/**
 * The entries carrying every tag, as rows `t0.linkId`: the rarest tag's list (LinkTag(tagId, linkId)) walked, each
 * entry of it looked up under the other tags by LinkTag's key. CROSS JOIN keeps that order (SQLite's statistics
 * do not know which tag is rare). Cost: the rarest list, not the library.
 */
function tagListSql(tagIds: number[]): Clause {
  const [first, ...rest] = tagIds;
  const joins = rest.map((_, i) => `CROSS JOIN "LinkTag" t${i + 1} ON t${i + 1}.linkId = t0.linkId AND t${i + 1}.tagId = ?`).join(" ");
  return { sql: `"LinkTag" t0 ${joins}`, params: [...rest, first] };
}

/**
 * Entries carrying every tag. `lists`: the intersection of the tags' lists (tagListSql), for counting and for a
 * small result; `scan`: tested per entry, for walking the library newest first when many entries match (the page
 * fills early).
 */
function tagClause(tagIds: number[], how: "lists" | "scan"): Clause[] {
  if (tagIds.length === 0) return [];
  if (how === "scan") return tagIds.map((id) => ({ sql: `EXISTS (SELECT 1 FROM "LinkTag" lt WHERE lt.linkId = l.id AND lt.tagId = ?)`, params: [id] }));
  const list = tagListSql(tagIds);
  // The list's params: the joined tags (in the FROM) before the first tag (in the WHERE).
  return [{ sql: `l.id IN (SELECT t0.linkId FROM ${list.sql} WHERE t0.tagId = ?)`, params: list.params }];
}

/**
 * Every condition but the words of the word index and the tags. Those on the entry's id alone name `id` (the word
 * index's rowid when it drives the query: they are tested before the entry's row is read).
 */
function otherClauses(input: ListingInput, trigrams: string[], id: string): { clauses: Clause[]; onlyState: boolean } {
  const { query, filters } = input;
  const clauses: Clause[] = [];
  for (const t of trigrams) clauses.push({ sql: `${id} IN (SELECT rowid FROM search_trigram WHERE search_trigram MATCH ?)`, params: [t] });
  for (const n of input.not) clauses.push({ sql: `NOT ${inWords(id)}`, params: [n] });
  for (const key of tagsOf(query, filters).notTags) {
    clauses.push({ sql: `NOT EXISTS (SELECT 1 FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt.tagId WHERE lt.linkId = l.id AND t.key = ?)`, params: [key] });
  }
  for (const site of query.sites) clauses.push({ sql: `(instr(lower(l.url), ?) > 0 OR lower(coalesce(l.siteName, '')) = ?)`, params: [site, site] });
  if (query.lang) clauses.push({ sql: `(lower(l.language) = ? OR lower(l.language) LIKE ?)`, params: [query.lang, `${query.lang}-%`] });
  const latest = (column: string) => `(SELECT s.${column} FROM "Snapshot" s WHERE s.linkId = l.id ORDER BY s.id DESC LIMIT 1)`;
  if (query.isFailed) clauses.push({ sql: `${latest("status")} = 'failed'`, params: [] });
  if (query.isFav) clauses.push({ sql: `l.favourite = 1`, params: [] });
  if (query.hasNote) clauses.push({ sql: `trim(coalesce(l.note, '')) <> ''`, params: [] });
  if (query.type) clauses.push({ sql: `instr(lower(coalesce(${latest("contentType")}, '')), ?) > 0`, params: [query.type] });
  if (filters.status) clauses.push({ sql: `${latest("status")} IN (${STATUS_VALUES[filters.status].map((s) => `'${s}'`).join(", ")})`, params: [] });
  if (filters.fileType) {
    clauses.push({ sql: `instr(lower(coalesce(${latest("contentType")}, '')), ?) > 0`, params: [CONTENT_TYPE_MARK[filters.fileType]] });
  }
  if (filters.site) clauses.push({ sql: `${sqliteSiteOf("l.url")} = ?`, params: [filters.site] });
  if (query.before) clauses.push({ sql: `substr(l.createdAt, 1, 10) < ?`, params: [query.before] });
  if (query.after) clauses.push({ sql: `substr(l.createdAt, 1, 10) > ?`, params: [query.after] });
  const onlyState = clauses.length === 0;
  if (query.state) clauses.push({ sql: `l.state = ?`, params: [query.state] });
  // Archived entries leave the default listing; `is:archived` (or the caller) asks for them.
  else if (!filters.includeArchived) clauses.push({ sql: `l.state <> ?`, params: [ENTRY_STATE.archived] });
  return { clauses, onlyState };
}

const where = (clauses: Clause[]) => ({
  sql: clauses.length > 0 ? `WHERE ${clauses.map((c) => c.sql).join(" AND ")}` : "",
  params: clauses.flatMap((c) => c.params),
});

export function listingQuery(sqlite: Database.Database, input: ListingInput): Listing {
  const { query, filters, page } = input;
  // A Latin word the word index misses is looked up as a substring in the trigram index.
  const wordHit = sqlite.prepare(`SELECT 1 FROM search_words WHERE search_words MATCH ? LIMIT 1`).pluck();
  const words: string[] = [];
  const trigrams: string[] = [];
  for (const t of input.terms) {
    if (t.trigram && !wordHit.get(t.words)) trigrams.push(t.trigram);
    else words.push(t.words);
  }
  for (const p of input.phrases) words.push(p.words);
  // All words in one MATCH: FTS5 walks the rarest word's list and skips through the others'.
  const match = words.length > 0 ? words.map((w) => `(${w})`).join(" AND ") : null;
  const tags = tagIdsOf(sqlite, tagsOf(query, filters).tags);
  if (tags === null) return { ids: [], total: 0 };
  const { clauses: others, onlyState } = otherClauses(input, trigrams, match ? "search_words.rowid" : "l.id");
  const offset = (page.page - 1) * page.size;

  // Newest first by tags (and filters), no words: the rarest tag's list drives, and when it holds no more than the
  // cap, one statement gives the count and the order (what a tag's page and a tag filter open).
  if (!match && !page.sort && tags.length > 0) {
    const list = tagListSql(tags);
    const w = where([{ sql: `t0.tagId = ?`, params: [] }, ...others]);
    const few = sqlite
      .prepare(
        // MATERIALIZED: inlined, SQLite would read (and sort) the whole list before the limit.
        `WITH few AS MATERIALIZED (SELECT l.id AS id, l.createdAt AS at FROM ${list.sql} CROSS JOIN "Link" l ON l.id = t0.linkId ${w.sql} LIMIT ${TOTAL_CAP + 1})
         SELECT id FROM few ORDER BY at DESC, id DESC`,
      )
      .pluck()
      .all(...list.params, ...w.params) as number[];
    if (few.length <= TOTAL_CAP) return { ids: few.slice(offset, offset + page.size), total: few.length };
    // Many: the library walked newest first (its index) fills the page early.
    const f = where([...tagClause(tags, "scan"), ...others]);
    const ids = sqlite
      .prepare(`SELECT l.id FROM "Link" l ${f.sql} ORDER BY ${NEWEST} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...f.params, page.size, offset) as number[];
    return { ids, total: few.length };
  }

  // The matches as rows of "Link" l: driven by the word index when there are words.
  const from = (clauses: Clause[]) => {
    const w = where(match ? [{ sql: `search_words MATCH ?`, params: [match] }, ...clauses] : clauses);
    const source = match ? `search_words JOIN "Link" l ON l.id = search_words.rowid` : `"Link" l`;
    return { sql: `FROM ${source} ${w.sql}`, params: w.params };
  };
  const counted = from([...tagClause(tags, "lists"), ...others]);
  const total = sqlite
    .prepare(`SELECT count(*) FROM (SELECT l.id ${counted.sql} LIMIT ${TOTAL_CAP + 1})`)
    .pluck()
    .get(...counted.params) as number;
  if (total === 0 || (total <= TOTAL_CAP && offset >= total)) return { ids: [], total };

  const ids = (order: string, clauses: Clause[]) => {
    const f = from(clauses);
    return sqlite
      .prepare(`SELECT l.id ${f.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...f.params, page.size, offset) as number[];
  };
  if (page.sort) return { ids: ids(ORDER_BY[page.sort], [...tagClause(tags, "lists"), ...others]), total };
  // Newest first, no tags: the library walked newest first (its index).
  if (!match) return { ids: ids(NEWEST, others), total };

  // BM25 with field weights over the words; the title holding every word and the words as typed (a phrase) count
  // extra; recency only breaks ties.
  const boosts: Clause[] = [];
  if (input.terms.length > 0) boosts.push({ sql: `1.0`, params: [`title : (${input.terms.map((t) => `(${t.words})`).join(" AND ")})`] });
  if (input.plainPhrase) boosts.push({ sql: `0.5`, params: [input.plainPhrase.words] });
  const boost = (column: string) => ({
    sql: boosts.length > 0 ? `(1 + ${boosts.map((b) => `(CASE WHEN ${inWords(column)} THEN ${b.sql} ELSE 0 END)`).join(" + ")})` : "1",
    params: boosts.flatMap((b) => b.params),
  });

  // Tags or filters besides the state narrow the matches: SQLite joins each match to its row and ranks what is kept.
  const join = () => rankedJoin(sqlite, from([...tagClause(tags, "lists"), ...others]), boost("search_words.rowid"), page.size, offset);
  if (!onlyState || tags.length > 0) return { ids: join(), total };
  return { ids: rankedPick(sqlite, { match, boost: boost("rowid"), state: others, size: page.size, offset }) ?? join(), total };
}

function rankedJoin(sqlite: Database.Database, f: { sql: string; params: unknown[] }, b: Clause, size: number, offset: number): number[] {
  return sqlite
    .prepare(`SELECT l.id ${f.sql} ORDER BY ${BM25} * ${b.sql}, ${NEWEST} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...f.params, ...b.params, size, offset) as number[];
}

/**
 * A ranked page without reading every match's row: the best `pick` matches by score (computed inside FTS5, no
 * "Link" row read), then those of them the state filter keeps, ordered with recency breaking ties. Exact: only
 * matches scored strictly better than the best one left out are used (none left out can tie or beat them), and if
 * they are too few for the page, more are picked. Null when even MAX_PICK are too few (a filter that keeps little).
 */
function rankedPick(sqlite: Database.Database, input: { match: string; boost: Clause; state: Clause[]; size: number; offset: number }): number[] | null {
  const needed = input.offset + input.size;
  const keep = where(input.state);
  const statement = sqlite.prepare(`
    WITH best AS MATERIALIZED (
      SELECT rowid AS id, ${BM25} * ${input.boost.sql} AS score FROM search_words WHERE search_words MATCH ? ORDER BY score LIMIT ?)
    SELECT best.id AS id, best.score AS score, l.id IS NOT NULL AS kept
    FROM best LEFT JOIN "Link" l ON l.id = best.id ${keep.sql ? `AND ${keep.sql.slice("WHERE ".length)}` : ""}
    ORDER BY best.score, ${NEWEST}`);
  for (let pick = needed * FIRST_PICK + 1; ; pick *= 4) {
    const rows = statement.all(...input.boost.params, input.match, pick, ...keep.params) as Array<{ id: number; score: number; kept: number }>;
    // Every match was picked: nothing was left out.
    const all = rows.length < pick;
    // The rows come best first: the last holds the worst score picked (no spread: a pick can hold many thousands).
    const cut = all ? Infinity : rows[rows.length - 1]!.score;
    const usable = rows.filter((r) => r.kept && r.score < cut);
    if (all || usable.length >= needed) return usable.slice(input.offset, needed).map((r) => r.id);
    if (pick >= MAX_PICK) return null;
  }
}

function tagKeyOf(tag: string): string {
  return tag.normalize("NFKC").trim().toLocaleLowerCase("en-US");
}
