import type pg from "pg";
import { WORD_WEIGHTS } from "./bootstrap";
import { PG_FIELDS } from "./postgres-bootstrap";
import type { ParsedQuery } from "./query";
import { foldPiece, wordPieces } from "./text";
import { TOTAL_CAP, type SearchFilters, type SearchPage } from "./types";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { postgresSiteOf } from "./site";
import type { FileTypeFilter, LibrarySort, StatusFilter } from "@/lib/validation/library-views";

// The library listing's SQL on PostgreSQL: the same rules as sqlite-listing.ts (every word must be found; BM25 with
// field weights, title, tags, commands and errors above the body; the title holding every word and the words as
// typed count extra; recency only breaks ties; a Latin word no entry has as a word is looked up as a substring),
// over search_doc (postgres-bootstrap.ts). Every match is scored: the cost follows the matches (docs/bench.md).

/**
 * One condition a matching entry meets: `needle` is a substring of its flat text (flatText), or for a CJK word of one
 * or two characters, `gram` is among its grams. The needle is also what the score counts in each field.
 */
export type PgCondition = { needle: string; gram: string | null };

/** The conditions of one query word: a Latin word is one (its pieces in a row), a mixed one a condition per piece. */
export function conditionsOf(word: string, asWord: boolean): PgCondition[] {
  const pieces = wordPieces(word);
  if (pieces.length === 0) return [];
  if (pieces.every((p) => !p.cjk)) {
    const joined = pieces.map(foldPiece).join(" ");
    return [{ needle: asWord ? ` ${joined} ` : joined, gram: null }];
  }
  return pieces.map((p) => (p.cjk ? { needle: p.piece, gram: [...p.piece].length <= 2 ? p.piece : null } : { needle: ` ${foldPiece(p)} `, gram: null }));
}

/** A Latin word of three characters or more may fall back to a substring (as the SQLite trigram index does). */
export function mayBeSubstring(word: string): boolean {
  const pieces = wordPieces(word);
  return pieces.length > 0 && pieces.every((p) => !p.cjk) && [...pieces.map(foldPiece).join(" ")].length >= 3;
}

export type PgListingInput = {
  query: ParsedQuery;
  filters: SearchFilters;
  page: SearchPage;
  /** Every word's conditions (a phrase's words too): all must be met. */
  terms: PgCondition[];
  /** The quoted phrases' conditions (each as written). */
  phrases: PgCondition[];
  /** The query's Latin words as one phrase (the phrase boost). */
  plainPhrase: PgCondition | null;
  /** A `-word`'s conditions: an entry meeting all of one is left out. */
  not: PgCondition[][];
};

/** Collects the parameters of one statement, handing out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const STATUS_VALUES: Record<StatusFilter, string[]> = { ready: ["ready"], failed: ["failed"], pending: ["queued", "capturing"] };
const CONTENT_TYPE_MARK: Record<FileTypeFilter, string> = { html: "html", pdf: "pdf", image: "image/" };

const SHOWN_TITLE = `lower(coalesce(nullif(trim(l."customTitle"), ''), nullif(trim(l.title), ''), l.url)) COLLATE "C"`;
const SITE = `lower(coalesce(nullif(trim(l."siteName"), ''), substr(l.url, strpos(l.url, '://') + 3))) COLLATE "C"`;
const NEWEST = `l."createdAt" DESC, l.id DESC`;
const ORDER_BY: Record<LibrarySort, string> = {
  added: NEWEST,
  title: `${SHOWN_TITLE} ASC, l.id DESC`,
  site: `${SITE} ASC, ${NEWEST}`,
  captured: `(SELECT max(s."capturedAt") FROM "Snapshot" s WHERE s."linkId" = l.id) DESC NULLS LAST, ${NEWEST}`,
};

const likeOf = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function matchSql(c: PgCondition, p: Params): string {
  return c.gram ? `d.grams @> ARRAY[${p.add(c.gram)}]::text[]` : `d.flat LIKE ${p.add(likeOf(c.needle))}`;
}

function tagKeyOf(tag: string): string {
  return tag.normalize("NFKC").trim().toLocaleLowerCase("en-US");
}

function filterClauses(input: PgListingInput, tagIds: number[], p: Params): string[] {
  const { query, filters } = input;
  const out: string[] = [];
  for (const id of tagIds) out.push(`l.id IN (SELECT lt."linkId" FROM "LinkTag" lt WHERE lt."tagId" = ${p.add(id)})`);
  for (const conditions of input.not) {
    if (conditions.length === 0) continue;
    out.push(`NOT EXISTS (SELECT 1 FROM search_doc d WHERE d."linkId" = l.id AND ${conditions.map((c) => matchSql(c, p)).join(" AND ")})`);
  }
  for (const key of query.notTags.map(tagKeyOf)) {
    out.push(`NOT EXISTS (SELECT 1 FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt."tagId" WHERE lt."linkId" = l.id AND t.key = ${p.add(key)})`);
  }
  for (const site of query.sites) out.push(`(strpos(lower(l.url), ${p.add(site)}) > 0 OR lower(coalesce(l."siteName", '')) = ${p.add(site)})`);
  if (query.lang) out.push(`(lower(l.language) = ${p.add(query.lang)} OR lower(l.language) LIKE ${p.add(`${query.lang}-%`)})`);
  const latest = (column: string) => `(SELECT s."${column}" FROM "Snapshot" s WHERE s."linkId" = l.id ORDER BY s.id DESC LIMIT 1)`;
  if (query.isFailed) out.push(`${latest("status")} = 'failed'`);
  if (query.isFav) out.push(`l.favourite`);
  if (query.hasNote) out.push(`trim(coalesce(l.note, '')) <> ''`);
  if (query.type) out.push(`strpos(lower(coalesce(${latest("contentType")}, '')), ${p.add(query.type)}) > 0`);
  if (filters.status) out.push(`${latest("status")} IN (${STATUS_VALUES[filters.status].map((s) => `'${s}'`).join(", ")})`);
  if (filters.fileType) out.push(`strpos(lower(coalesce(${latest("contentType")}, '')), ${p.add(CONTENT_TYPE_MARK[filters.fileType])}) > 0`);
  if (filters.site) out.push(`${postgresSiteOf("l.url")} = ${p.add(filters.site)}`);
  // Whole days, as the SQLite listing compares the stored date's first ten characters.
  if (query.before) out.push(`l."createdAt" < ${p.add(query.before)}::date`);
  if (query.after) out.push(`l."createdAt" >= ${p.add(query.after)}::date + 1`);
  if (query.state) out.push(`l.state = ${p.add(query.state)}`);
  else if (!filters.includeArchived) out.push(`l.state <> ${p.add(ENTRY_STATE.archived)}`);
  return out;
}

// BM25 as SQLite's FTS5 computes it (its bm25() with field weights): per word, idf × f·(k1 + 1) / (f + k1·(1 − b +
// b·length / average length)), where f is the word's count in each field times the field's weight; k1 and b are
// FTS5's. Lengths are characters here, tokens there: each is divided by its own library's average.
const K1 = 1.2;
const B = 0.75;
/** Document frequencies are counted up to this many entries (a count's cost follows it); a word more common than that is taken as this common. */
const DF_CAP = TOTAL_CAP + 1;

/** The library's size and average length (search_stats, kept by the index's writes). */
type Corpus = { docs: number; averageLength: number };

/** FTS5's idf: log((N − n + 0.5) / (n + 0.5)), never below a millionth (a word in most entries still counts a little). */
export function idfOf(docs: number, matching: number): number {
  return Math.max(1e-6, Math.log((docs - matching + 0.5) / (matching + 0.5)));
}

/** The BM25 score of one condition, weighted by its idf. */
function scoreOf(c: PgCondition, idf: number, corpus: Corpus, p: Params): string {
  const needle = p.add(c.needle);
  const f = `(${PG_FIELDS.map((field, i) => `${WORD_WEIGHTS[i]} * search_hits(d.${field}, ${needle})`).join(" + ")})`;
  const norm = `${K1} * (${1 - B} + ${B} * d.len / ${p.add(corpus.averageLength)}::float8)`;
  return `(${p.add(idf)}::float8 * ${f} * ${K1 + 1} / (${f} + ${norm}))`;
}

async function corpusOf(client: pg.Pool | pg.PoolClient): Promise<Corpus> {
  const { rows } = await client.query<{ docs: string; chars: string }>(`SELECT docs, chars FROM search_stats WHERE id = 1`);
  const docs = Number(rows[0]?.docs ?? 0);
  return { docs, averageLength: docs > 0 ? Math.max(1, Number(rows[0]!.chars) / docs) : 1 };
}

/**
 * Each scored condition's idf. With one condition it only scales every score alike, so it is not counted; with
 * several, each one's entries are counted (up to DF_CAP: a rarer word weighs more, as in FTS5).
 */
async function idfsOf(client: pg.Pool | pg.PoolClient, scored: PgCondition[], corpus: Corpus): Promise<number[]> {
  if (new Set(scored.map((c) => c.needle)).size < 2) return scored.map(() => 1);
  return Promise.all(
    scored.map(async (c) => {
      const p = new Params();
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM search_doc d WHERE ${matchSql(c, p)} LIMIT ${DF_CAP}) x`,
        p.values,
      );
      return idfOf(corpus.docs, rows[0]!.n);
    }),
  );
}

export async function pgListing(client: pg.Pool | pg.PoolClient, input: PgListingInput): Promise<{ ids: number[]; total: number }> {
  const { query, filters, page } = input;
  const tagKeys = [...new Set([...filters.tagKeys, ...query.tags.map(tagKeyOf)])];
  let tagIds: number[] = [];
  if (tagKeys.length > 0) {
    const { rows } = await client.query<{ id: number }>(`SELECT id FROM "Tag" WHERE key = ANY($1::text[])`, [tagKeys]);
    if (rows.length < tagKeys.length) return { ids: [], total: 0 };
    tagIds = rows.map((r) => r.id);
  }
  const conditions = [...input.terms, ...input.phrases];
  const p = new Params();
  const where = [...conditions.map((c) => matchSql(c, p)), ...filterClauses(input, tagIds, p)];
  const from = conditions.length > 0 ? `search_doc d JOIN "Link" l ON l.id = d."linkId"` : `"Link" l`;
  const whereSql = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  const counted = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${whereSql} LIMIT ${TOTAL_CAP + 1}) x`, p.values);
  const total = counted.rows[0]!.n;
  const offset = (page.page - 1) * page.size;
  if (total === 0 || (total <= TOTAL_CAP && offset >= total)) return { ids: [], total };

  let order: string;
  if (page.sort) order = ORDER_BY[page.sort];
  else if (conditions.length === 0) order = NEWEST;
  else {
    const scored = input.terms.length > 0 ? input.terms : conditions;
    const corpus = await corpusOf(client);
    const idfs = await idfsOf(client, scored, corpus);
    const score = scored.map((c, i) => scoreOf(c, idfs[i]!, corpus, p)).join(" + ");
    const boosts: string[] = [];
    if (input.terms.length > 0) boosts.push(`CASE WHEN ${input.terms.map((c) => `strpos(d.title, ${p.add(c.needle)}) > 0`).join(" AND ")} THEN 1.0 ELSE 0 END`);
    if (input.plainPhrase) boosts.push(`CASE WHEN strpos(d.flat, ${p.add(input.plainPhrase.needle)}) > 0 THEN 0.5 ELSE 0 END`);
    order = `(${score}) * (1 + ${boosts.length > 0 ? boosts.join(" + ") : "0"}) DESC, ${NEWEST}`;
  }
  const { rows } = await client.query<{ id: number }>(
    `SELECT l.id FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ${p.add(page.size)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  return { ids: rows.map((r) => r.id), total };
}
