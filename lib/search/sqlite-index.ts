import type Database from "better-sqlite3";
import { bootstrapSearch } from "./bootstrap";
import { listingQuery } from "./sqlite-listing";
import type { ParsedQuery } from "./query";
import { snippetFor, type Marker } from "./snippet";
import { cjkQueryTokens, indexText, normalize, wordPieces } from "./text";
import { normalizeForMatch } from "./troubleshooting";
import { MIN_SHARE, MIN_SHARED } from "./fingerprint";
import { documentOf, snippetTexts, type DocumentRow } from "./document";
import {
  TOTAL_CAP,
  type ExtractKind,
  type ExtractPage,
  type Relative,
  type SearchFilters,
  type SearchIndex,
  type SearchPage,
  type SearchResult,
} from "./types";

const DOC_SQL = `
  SELECT l.id, l.url, l.note,
    -- The reader's own title/description are searched beside the captured ones (both stay findable).
    trim(coalesce(l.customTitle, '') || ' ' || coalesce(l.title, '')) AS title,
    trim(coalesce(l.customDescription, '') || ' ' || coalesce(l.description, '')) AS description, l.siteName,
    (SELECT group_concat(t.name, ' ') FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt.tagId WHERE lt.linkId = l.id) AS tags,
    (SELECT s.text FROM "Snapshot" s WHERE s.linkId = l.id AND s.status = 'ready' AND s.text IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS body,
    (SELECT s.pageText FROM "Snapshot" s WHERE s.linkId = l.id AND s.status = 'ready' ORDER BY s.id DESC LIMIT 1) AS page
  FROM "Link" l WHERE l.id = ?`;

/** A feature more entries than this carry is too common to tell one write-up from another. */
const COMMON_FEATURE = 50;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One word of the query: its word-index expression, a trigram fallback, and how to mark it in a snippet. */
type Term = { words: string; trigram: string | null; marker: Marker };

function termOf(word: string): Term | null {
  const pieces = wordPieces(word);
  if (pieces.length === 0) return null;
  const latin = pieces.every((p) => !p.cjk);
  const expr = (p: { piece: string; cjk: boolean }) => {
    if (!p.cjk) return quote(p.piece);
    const grams = cjkQueryTokens(p.piece);
    // One character: itself at a run's end, or the start of a bigram.
    return grams.length === 1 ? `${quote(grams[0]!)}*` : quote(grams.join(" "));
  };
  // Latin pieces of one word form a phrase: `ip_forward` ≡ `ip forward`, `a=1` ≡ `a = 1`.
  const words = latin ? quote(pieces.map((p) => p.piece).join(" ")) : pieces.map(expr).join(" AND ");
  const flat = normalize(word).trim();
  const trigram = latin && [...flat].length >= 3 ? quote(flat) : null;
  return { words, trigram, marker: { pieces: pieces.map((p) => p.piece), joined: latin } };
}

/** How every word and phrase of a query shows in text, for marking hits (snippets, the reader). */
export function queryMarkers(query: ParsedQuery): Marker[] {
  return [...query.words, ...query.phrases]
    .map(termOf)
    .filter((t): t is Term => t !== null)
    .map((t) => t.marker);
}

export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly sqlite: Database.Database) {
    bootstrapSearch(sqlite);
  }

  // The interface is Promise-returning (PostgreSQL answers over the network); better-sqlite3 answers at once, so
  // each method does its work synchronously inside, as fast as before, and the promise is already settled.
  async index(linkIds: number | number[]): Promise<void> {
    this.indexNow(linkIds);
  }

  private indexNow(linkIds: number | number[]): void {
    const ids = Array.isArray(linkIds) ? linkIds : [linkIds];
    const load = this.sqlite.prepare(DOC_SQL);
    const delWords = this.sqlite.prepare(`DELETE FROM search_words WHERE rowid = ?`);
    const delTri = this.sqlite.prepare(`DELETE FROM search_trigram WHERE rowid = ?`);
    const insWords = this.sqlite.prepare(
      `INSERT INTO search_words(rowid, title, tags, commands, errors, site, url, description, body, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTri = this.sqlite.prepare(`INSERT INTO search_trigram(rowid, text) VALUES (?, ?)`);
    const delExtracts = this.sqlite.prepare(`DELETE FROM search_extracts WHERE linkId = ?`);
    const insExtract = this.sqlite.prepare(`INSERT OR IGNORE INTO search_extracts(linkId, kind, key, text) VALUES (?, ?, ?, ?)`);
    const delFeatures = this.sqlite.prepare(`DELETE FROM search_features WHERE linkId = ?`);
    const insFeature = this.sqlite.prepare(`INSERT OR IGNORE INTO search_features(feature, linkId) VALUES (?, ?)`);
    const done = this.sqlite.prepare(`DELETE FROM search_pending WHERE linkId = ?`);
    this.sqlite
      .transaction(() => {
        for (const id of ids) {
          delWords.run(id);
          delTri.run(id);
          delExtracts.run(id);
          delFeatures.run(id);
          done.run(id);
          const row = load.get(id) as DocumentRow | undefined;
          if (!row) continue;
          const doc = documentOf(row);
          for (const e of doc.extracts) insExtract.run(id, e.kind, e.key, e.text);
          for (const feature of doc.features) insFeature.run(feature, id);
          insWords.run(id, ...doc.fields.map((f) => indexText(f)));
          insTri.run(id, normalize(doc.substringText));
        }
      })
      .immediate();
  }

  async remove(linkIds: number[]): Promise<void> {
    this.sqlite
      .transaction(() => {
        for (const id of linkIds) {
          this.sqlite.prepare(`DELETE FROM search_words WHERE rowid = ?`).run(id);
          this.sqlite.prepare(`DELETE FROM search_trigram WHERE rowid = ?`).run(id);
          this.sqlite.prepare(`DELETE FROM search_extracts WHERE linkId = ?`).run(id);
          this.sqlite.prepare(`DELETE FROM search_features WHERE linkId = ?`).run(id);
        }
      })
      .immediate();
  }

  async catchUp(): Promise<number> {
    return this.catchUpNow();
  }

  private catchUpNow(): number {
    const pending = this.sqlite.prepare(`SELECT linkId FROM search_pending LIMIT 5000`).pluck().all() as number[];
    if (pending.length > 0) this.indexNow(pending);
    return pending.length;
  }

  async reindex(): Promise<number> {
    this.sqlite
      .transaction(() => {
        this.sqlite.exec(
          `DELETE FROM search_words; DELETE FROM search_trigram; DELETE FROM search_extracts; DELETE FROM search_features; INSERT OR IGNORE INTO search_pending(linkId) SELECT id FROM "Link";`,
        );
      })
      .immediate();
    let total = 0;
    for (let n = this.catchUpNow(); n > 0; n = this.catchUpNow()) total += n;
    return total;
  }

  async extracts(kind: ExtractKind, filter: string, page: { page: number; size: number }): Promise<ExtractPage> {
    this.catchUpNow();
    const needle = normalizeForMatch(filter).trim();
    // instr() rather than LIKE: the needle is matched as typed, with no wildcard characters to escape.
    const where = `e.kind = ? AND (? = '' OR instr(e.key, ?) > 0) AND EXISTS (SELECT 1 FROM "Link" l WHERE l.id = e.linkId)`;
    const params = [kind, needle, needle];
    const total = this.sqlite
      .prepare(`SELECT count(DISTINCT e.key) FROM search_extracts e WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.sqlite
      .prepare(
        `SELECT min(e.text) AS text, group_concat(e.linkId) AS ids, count(*) AS n FROM search_extracts e WHERE ${where}
         GROUP BY e.key ORDER BY n DESC, e.key LIMIT ? OFFSET ?`,
      )
      .all(...params, page.size, (page.page - 1) * page.size) as Array<{ text: string; ids: string }>;
    return {
      total,
      groups: rows.map((r) => ({
        text: r.text,
        linkIds: r.ids
          .split(",")
          .map(Number)
          .sort((a, b) => a - b),
      })),
    };
  }

  async relatives(linkIds: number[]): Promise<Map<number, Relative[]>> {
    this.catchUpNow();
    // Features found in more than COMMON_FEATURE entries (a library of Docker notes all quoting
    // net.ipv4.ip_forward) identify no write-up and would make the lookup as slow as the library is big.
    const shared = this.sqlite.prepare(`
      WITH mine AS (
        SELECT m.feature FROM search_features m WHERE m.linkId = ?
          AND (SELECT count(*) FROM (SELECT 1 FROM search_features g WHERE g.feature = m.feature LIMIT ${COMMON_FEATURE + 1})) <= ${COMMON_FEATURE})
      SELECT f.linkId AS linkId, count(*) AS shared,
        (SELECT count(*) FROM search_features c WHERE c.linkId = f.linkId) AS size
      FROM search_features f JOIN mine ON mine.feature = f.feature
      WHERE f.linkId <> ? AND EXISTS (SELECT 1 FROM "Link" l WHERE l.id = f.linkId)
      GROUP BY f.linkId HAVING count(*) >= ${MIN_SHARED}`);
    const sizeOf = this.sqlite.prepare(`SELECT count(*) FROM search_features WHERE linkId = ?`).pluck();
    const out = new Map<number, Relative[]>();
    for (const id of new Set(linkIds)) {
      const size = sizeOf.get(id) as number;
      const rows = size < MIN_SHARED ? [] : (shared.all(id, id) as Array<{ linkId: number; shared: number; size: number }>);
      out.set(
        id,
        rows
          .filter((r) => r.shared / Math.min(size, r.size) >= MIN_SHARE)
          .map((r) => ({ linkId: r.linkId, shared: r.shared }))
          .sort((a, b) => b.shared - a.shared || a.linkId - b.linkId),
      );
    }
    return out;
  }

  async count(): Promise<number> {
    this.catchUpNow();
    return this.sqlite.prepare(`SELECT count(*) FROM search_trigram`).pluck().get() as number;
  }

  async query(query: ParsedQuery, filters: SearchFilters, page: SearchPage): Promise<SearchResult> {
    this.catchUpNow();
    const terms = [...query.words, ...query.phrases.flatMap((p) => (wordPieces(p).every((x) => !x.cjk) ? [p] : p.split(/\s+/)))]
      .map(termOf)
      .filter((t): t is Term => t !== null);
    const phrases = query.phrases.map((p) => termOf(p)).filter((t): t is Term => t !== null);
    const plainWords = query.words.length > 1 ? termOf(query.words.join(" ")) : null;
    const not = query.not.map(termOf).filter((t): t is Term => t !== null);
    const { ids, total } = listingQuery(this.sqlite, {
      query,
      filters,
      page,
      terms,
      phrases,
      plainPhrase: plainWords?.marker.joined ? plainWords : null,
      not: not.map((t) => t.words),
    });

    const markers = page.snippets === false ? [] : [...terms, ...phrases].map((t) => t.marker);
    // An entry's texts (the page's visible text can be a megabyte) are read only to cut a snippet from them.
    const load = markers.length > 0 ? this.sqlite.prepare(DOC_SQL) : null;
    const hits = ids.map((id) => {
      const row = load?.get(id) as DocumentRow | undefined;
      const snippet = row ? snippetFor(snippetTexts(row), markers) : null;
      return { linkId: id, snippet };
    });
    return { hits, total: Math.min(total, TOTAL_CAP), capped: total > TOTAL_CAP };
  }
}
