import type pg from "pg";
import { documentOf, snippetTexts, type DocumentRow } from "./document";
import { MIN_SHARE, MIN_SHARED } from "./fingerprint";
import { bootstrapPostgresSearch } from "./postgres-bootstrap";
import { conditionsOf, mayBeSubstring, pgListing, type PgCondition } from "./postgres-query";
import type { ParsedQuery } from "./query";
import { snippetFor } from "./snippet";
import { queryMarkers } from "./sqlite-index";
import { cjkGrams, flatText, wordPieces } from "./text";
import { normalizeForMatch } from "./troubleshooting";
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

// The search index on PostgreSQL, behind the same interface as the SQLite one and fed by the same document
// (document.ts): pg_trgm for substrings and CJK words of 3+ characters, a GIN-indexed array of CJK characters and
// bigrams for shorter ones (postgres-bootstrap.ts), the listing in postgres-query.ts.

const DOC_SQL = `
  SELECT l.id, l.url, l.note,
    trim(coalesce(l."customTitle", '') || ' ' || coalesce(l.title, '')) AS title,
    trim(coalesce(l."customDescription", '') || ' ' || coalesce(l.description, '')) AS description, l."siteName" AS "siteName",
    (SELECT string_agg(t.name, ' ' ORDER BY t.id) FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt."tagId" WHERE lt."linkId" = l.id) AS tags,
    (SELECT s.text FROM "Snapshot" s WHERE s."linkId" = l.id AND s.status = 'ready' AND s.text IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS body,
    (SELECT s."pageText" FROM "Snapshot" s WHERE s."linkId" = l.id AND s.status = 'ready' ORDER BY s.id DESC LIMIT 1) AS page
  FROM "Link" l WHERE l.id = ANY($1::int[])`;

/** A feature more entries than this carry is too common to tell one write-up from another (as on SQLite). */
const COMMON_FEATURE = 50;
/** Entries read and written per statement while indexing: their texts can be large. */
const BATCH = 100;

/** PostgreSQL text holds no NUL character (a captured page may). */
const storable = (s: string) => s.replaceAll(String.fromCharCode(0), "");

export class PostgresSearchIndex implements SearchIndex {
  private ready: Promise<void> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** The tables and triggers, made once per process (postgres-bootstrap.ts). */
  private bootstrap(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await bootstrapPostgresSearch(client);
      } finally {
        client.release();
      }
    })();
    // A failed bootstrap (the server was down) is tried again by the next call.
    this.ready.then(
      () => undefined,
      () => (this.ready = null),
    );
    return this.ready;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.bootstrap();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  }

  async index(linkIds: number | number[]): Promise<void> {
    const ids = Array.isArray(linkIds) ? linkIds : [linkIds];
    if (ids.length === 0) return;
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM search_pending WHERE "linkId" = ANY($1::int[])`, [ids]);
      await this.write(client, ids);
    });
  }

  /** Replaces the entries' rows with what their tables hold now (none for an entry that is gone). */
  private async write(client: pg.PoolClient, ids: number[]): Promise<void> {
    for (let at = 0; at < ids.length; at += BATCH) {
      const batch = ids.slice(at, at + BATCH);
      await this.deleteRows(client, batch);
      const { rows } = await client.query<DocumentRow>(DOC_SQL, [batch]);
      const docs: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], []];
      const extracts: unknown[][] = [[], [], [], []];
      const features: unknown[][] = [[], []];
      for (const row of rows) {
        const doc = documentOf(row);
        const fields = doc.fields.map((f) => flatText(f));
        const flat = ` ${fields.map((f) => f.trim()).join(" ")} `;
        const values = [row.id, ...fields, flat, `{${cjkGrams(doc.substringText).join(",")}}`, flat.length];
        values.forEach((v, i) => docs[i]!.push(v));
        for (const e of doc.extracts) [row.id, e.kind, storable(e.key), storable(e.text)].forEach((v, i) => extracts[i]!.push(v));
        for (const f of doc.features) [storable(f), row.id].forEach((v, i) => features[i]!.push(v));
      }
      // One statement per table: unnest() turns the columns' arrays back into rows.
      await client.query(
        `INSERT INTO search_doc SELECT id, title, tags, commands, errors, site, url, description, body, page, flat, grams::text[], len
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])
           AS x(id, title, tags, commands, errors, site, url, description, body, page, flat, grams, len)`,
        docs,
      );
      const lengths = docs[12] as number[];
      await client.query(`UPDATE search_stats SET docs = docs + $1, chars = chars + $2 WHERE id = 1`, [lengths.length, lengths.reduce((a, b) => a + b, 0)]);
      await client.query(`INSERT INTO search_extracts SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`, extracts);
      await client.query(`INSERT INTO search_features SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING`, features);
    }
  }

  /** Deletes the entries' rows, taking their lengths off the library's totals (in the caller's transaction). */
  private async deleteRows(client: pg.PoolClient, ids: number[]): Promise<void> {
    const gone = await client.query<{ len: number }>(`DELETE FROM search_doc WHERE "linkId" = ANY($1::int[]) RETURNING len`, [ids]);
    if (gone.rows.length > 0) {
      const chars = gone.rows.reduce((sum, r) => sum + r.len, 0);
      await client.query(`UPDATE search_stats SET docs = docs - $1, chars = chars - $2 WHERE id = 1`, [gone.rows.length, chars]);
    }
    for (const table of ["search_extracts", "search_features"]) await client.query(`DELETE FROM ${table} WHERE "linkId" = ANY($1::int[])`, [ids]);
  }

  async remove(linkIds: number[]): Promise<void> {
    await this.transaction((client) => this.deleteRows(client, linkIds));
  }

  async catchUp(): Promise<number> {
    // The marks are taken (deleted) before the rows are read, in one transaction: a write committed after the read
    // marks its entry again (its INSERT waits for this transaction), so no change is lost; SKIP LOCKED lets two
    // processes catching up at once take different entries.
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ linkId: number }>(
        `DELETE FROM search_pending WHERE "linkId" IN (SELECT "linkId" FROM search_pending LIMIT 5000 FOR UPDATE SKIP LOCKED) RETURNING "linkId"`,
      );
      if (rows.length > 0)
        await this.write(
          client,
          rows.map((r) => r.linkId),
        );
      return rows.length;
    });
  }

  async reindex(): Promise<number> {
    await this.transaction(async (client) => {
      await client.query(`TRUNCATE search_doc, search_extracts, search_features`);
      await client.query(`UPDATE search_stats SET docs = 0, chars = 0 WHERE id = 1`);
      await client.query(`INSERT INTO search_pending("linkId") SELECT id FROM "Link" ON CONFLICT DO NOTHING`);
    });
    let total = 0;
    for (let n = await this.catchUp(); n > 0; n = await this.catchUp()) total += n;
    return total;
  }

  async count(): Promise<number> {
    await this.catchUp();
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM search_doc`);
    return rows[0]!.n;
  }

  async extracts(kind: ExtractKind, filter: string, page: { page: number; size: number }): Promise<ExtractPage> {
    await this.catchUp();
    const needle = normalizeForMatch(filter).trim();
    // strpos() rather than LIKE: the needle is matched as typed, with no wildcard characters to escape. COLLATE "C":
    // the order SQLite gives (code points), whatever the database's locale.
    const where = `e.kind = $1 AND ($2 = '' OR strpos(e.key, $2) > 0) AND EXISTS (SELECT 1 FROM "Link" l WHERE l.id = e."linkId")`;
    const total = await this.pool.query<{ n: number }>(`SELECT count(DISTINCT e.key)::int AS n FROM search_extracts e WHERE ${where}`, [kind, needle]);
    const { rows } = await this.pool.query<{ text: string; ids: number[] }>(
      `SELECT min(e.text COLLATE "C") AS text, array_agg(e."linkId" ORDER BY e."linkId") AS ids, count(*) AS n FROM search_extracts e WHERE ${where}
       GROUP BY e.key ORDER BY n DESC, e.key COLLATE "C" LIMIT $3 OFFSET $4`,
      [kind, needle, page.size, (page.page - 1) * page.size],
    );
    return { total: total.rows[0]!.n, groups: rows.map((r) => ({ text: r.text, linkIds: r.ids })) };
  }

  async relatives(linkIds: number[]): Promise<Map<number, Relative[]>> {
    await this.catchUp();
    const out = new Map<number, Relative[]>();
    const ids = [...new Set(linkIds)];
    if (ids.length === 0) return out;
    const sizes = await this.pool.query<{ linkId: number; n: number }>(
      `SELECT "linkId", count(*)::int AS n FROM search_features WHERE "linkId" = ANY($1::int[]) GROUP BY "linkId"`,
      [ids],
    );
    const sizeOf = new Map(sizes.rows.map((r) => [r.linkId, r.n]));
    // As on SQLite: features more than COMMON_FEATURE entries carry identify no write-up (and would make the lookup
    // as slow as the library is big). One statement for all the entries asked about.
    const asked = ids.filter((id) => (sizeOf.get(id) ?? 0) >= MIN_SHARED);
    for (const id of ids) out.set(id, []);
    if (asked.length === 0) return out;
    const { rows } = await this.pool.query<{ id: number; linkId: number; shared: number; size: number }>(
      `WITH mine AS (
         SELECT m."linkId" AS id, m.feature FROM search_features m WHERE m."linkId" = ANY($1::int[])
           AND (SELECT count(*) FROM (SELECT 1 FROM search_features g WHERE g.feature = m.feature LIMIT ${COMMON_FEATURE + 1}) x) <= ${COMMON_FEATURE})
       SELECT mine.id, f."linkId" AS "linkId", count(*)::int AS shared,
         (SELECT count(*)::int FROM search_features c WHERE c."linkId" = f."linkId") AS size
       FROM search_features f JOIN mine ON mine.feature = f.feature
       WHERE f."linkId" <> mine.id AND EXISTS (SELECT 1 FROM "Link" l WHERE l.id = f."linkId")
       GROUP BY mine.id, f."linkId" HAVING count(*) >= ${MIN_SHARED}`,
      [asked],
    );
    for (const r of rows) {
      if (r.shared / Math.min(sizeOf.get(r.id)!, r.size) >= MIN_SHARE) out.get(r.id)!.push({ linkId: r.linkId, shared: r.shared });
    }
    for (const list of out.values()) list.sort((a, b) => b.shared - a.shared || a.linkId - b.linkId);
    return out;
  }

  async query(query: ParsedQuery, filters: SearchFilters, page: SearchPage): Promise<SearchResult> {
    await this.catchUp();
    const words = [...query.words, ...query.phrases.flatMap((p) => (wordPieces(p).every((x) => !x.cjk) ? [p] : p.split(/\s+/)))];
    const terms: PgCondition[] = [];
    for (const word of words) {
      // A Latin word no entry holds as a word is looked up as a substring (`u590` in `MPU590`), as on SQLite.
      const asWord = conditionsOf(word, true);
      if (asWord.length === 1 && mayBeSubstring(word) && !(await this.anyHolds(asWord[0]!.needle))) terms.push(...conditionsOf(word, false));
      else terms.push(...asWord);
    }
    const phrases = query.phrases.flatMap((p) => conditionsOf(p, true));
    const plain = query.words.length > 1 ? conditionsOf(query.words.join(" "), true) : [];
    const { ids, total } = await pgListing(this.pool, {
      query,
      filters,
      page,
      terms,
      phrases,
      plainPhrase: plain.length === 1 && !plain[0]!.gram && plain[0]!.needle.startsWith(" ") ? plain[0]! : null,
      not: query.not.map((w) => conditionsOf(w, true)),
    });

    const markers = page.snippets === false ? [] : queryMarkers(query);
    // An entry's texts (the page's visible text can be a megabyte) are read only to cut a snippet from them.
    const rows = markers.length > 0 && ids.length > 0 ? (await this.pool.query<DocumentRow>(DOC_SQL, [ids])).rows : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const hits = ids.map((id) => {
      const row = byId.get(id);
      return { linkId: id, snippet: row ? snippetFor(snippetTexts(row), markers) : null };
    });
    return { hits, total: Math.min(total, TOTAL_CAP), capped: total > TOTAL_CAP };
  }

  private async anyHolds(needle: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM search_doc WHERE flat LIKE $1 LIMIT 1`, [`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
    return rows.length > 0;
  }
}
