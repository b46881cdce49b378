import type pg from "pg";
import { WORD_COLUMNS } from "./bootstrap";

// The PostgreSQL index's tables, triggers and indexes, created idempotently when the index is first used (as
// bootstrap.ts does for SQLite) rather than in prisma/postgresql/migrations: they are not Prisma models, and
// prisma/postgresql.test.ts checks that the migrations produce exactly what the Prisma schema describes. A version
// in search_meta rebuilds them when their layout changes; an advisory lock keeps the web server and the workers
// from creating them at once.

/** Any fixed number (not the migrations' one): every process bootstrapping the index takes the same lock. */
const SEARCH_LOCK = 0x6b757273; // "kurs"
// 2: each entry's length (\`len\`) and the library's totals (search_stats), for BM25's length normalisation and IDF.
const SCHEMA_VERSION = "2";

export const PG_FIELDS = WORD_COLUMNS;

const MARK = (id: string) => `INSERT INTO search_pending("linkId") VALUES (${id}) ON CONFLICT DO NOTHING`;

/**
 * As on SQLite, writes are marked by triggers in the writer's own transaction (a search_pending row per changed
 * entry): no write path can forget the index, a capture worker's write is seen by the web tier, a rollback leaves no mark.
 */
const TRIGGERS = `
  CREATE OR REPLACE FUNCTION search_mark_link() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN IF TG_OP = 'DELETE' THEN ${MARK("OLD.id")}; ELSE ${MARK("NEW.id")}; END IF; RETURN NULL; END $$;
  CREATE OR REPLACE FUNCTION search_mark_linked() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN IF TG_OP = 'DELETE' THEN ${MARK(`OLD."linkId"`)}; ELSE ${MARK(`NEW."linkId"`)}; END IF; RETURN NULL; END $$;
  CREATE OR REPLACE FUNCTION search_mark_tag() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN INSERT INTO search_pending("linkId") SELECT "linkId" FROM "LinkTag" WHERE "tagId" = NEW.id ON CONFLICT DO NOTHING; RETURN NULL; END $$;
  DROP TRIGGER IF EXISTS search_link ON "Link";
  CREATE TRIGGER search_link AFTER INSERT OR DELETE OR UPDATE OF url, title, description, "siteName", language, "createdAt", "customTitle", "customDescription", note
    ON "Link" FOR EACH ROW EXECUTE FUNCTION search_mark_link();
  DROP TRIGGER IF EXISTS search_snapshot ON "Snapshot";
  CREATE TRIGGER search_snapshot AFTER INSERT OR DELETE OR UPDATE OF status, text, "pageText", "contentType"
    ON "Snapshot" FOR EACH ROW EXECUTE FUNCTION search_mark_linked();
  DROP TRIGGER IF EXISTS search_linktag ON "LinkTag";
  CREATE TRIGGER search_linktag AFTER INSERT OR DELETE ON "LinkTag" FOR EACH ROW EXECUTE FUNCTION search_mark_linked();
  DROP TRIGGER IF EXISTS search_tag ON "Tag";
  CREATE TRIGGER search_tag AFTER UPDATE OF name ON "Tag" FOR EACH ROW EXECUTE FUNCTION search_mark_tag();`;

const TABLES = `
  -- One row per entry: each field as flatText (lib/search/text.ts), all of them in \`flat\` (what every word must be
  -- found in: a pg_trgm GIN index answers LIKE '%…%' for 3 characters and more, Latin and CJK alike), and the CJK
  -- characters and bigrams in \`grams\` (a GIN index answers 1–2-character CJK words, which have no trigram).
  CREATE TABLE IF NOT EXISTS search_doc (
    "linkId" INTEGER PRIMARY KEY,
    ${PG_FIELDS.map((f) => `${f} TEXT NOT NULL`).join(", ")},
    flat TEXT NOT NULL,
    grams TEXT[] NOT NULL,
    -- \`flat\`'s length (UTF-16 units, as the indexer counts): BM25's document length (SQLite counts tokens; either is divided by its average).
    len INTEGER NOT NULL);
  -- The library's size and total length (BM25's N and average length), kept exact by the index's own writes in their
  -- transactions (postgres-index.ts), so a query reads one row instead of measuring every entry.
  CREATE TABLE IF NOT EXISTS search_stats (id INTEGER PRIMARY KEY CHECK (id = 1), docs BIGINT NOT NULL, chars BIGINT NOT NULL);
  INSERT INTO search_stats VALUES (1, 0, 0) ON CONFLICT DO NOTHING;
  CREATE INDEX IF NOT EXISTS search_doc_flat ON search_doc USING gin (flat gin_trgm_ops);
  CREATE INDEX IF NOT EXISTS search_doc_grams ON search_doc USING gin (grams);
  -- As on SQLite: each entry's commands and error messages (key: normalizeForMatch), and its write-up fingerprint.
  CREATE TABLE IF NOT EXISTS search_extracts ("linkId" INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY ("linkId", kind, key));
  CREATE INDEX IF NOT EXISTS search_extracts_by_key ON search_extracts(kind, key);
  CREATE TABLE IF NOT EXISTS search_features (feature TEXT NOT NULL, "linkId" INTEGER NOT NULL, PRIMARY KEY (feature, "linkId"));
  CREATE INDEX IF NOT EXISTS search_features_by_link ON search_features("linkId");
  -- How often \`needle\` occurs in \`field\` (BM25's term frequency, weighted by the caller per field). Plain SQL, so
  -- the planner inlines it.
  DROP FUNCTION IF EXISTS search_tf(TEXT, TEXT);
  CREATE OR REPLACE FUNCTION search_hits(field TEXT, needle TEXT) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((length(field) - length(replace(field, needle, ''))) / greatest(length(needle), 1))::float8 $$;`;

export async function bootstrapPostgresSearch(client: pg.PoolClient): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [SEARCH_LOCK]);
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await client.query(`CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    await client.query(`CREATE TABLE IF NOT EXISTS search_pending ("linkId" INTEGER PRIMARY KEY)`);
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM search_meta WHERE key = 'version'`);
    const current = rows[0]?.value === SCHEMA_VERSION;
    if (!current) await client.query(`DROP TABLE IF EXISTS search_doc, search_extracts, search_features, search_stats`);
    await client.query(TABLES);
    await client.query(TRIGGERS);
    if (!current) {
      // A new (or rebuilt) index: every existing entry is filled in by the next catch-up.
      await client.query(`INSERT INTO search_pending("linkId") SELECT id FROM "Link" ON CONFLICT DO NOTHING`);
      await client.query(`INSERT INTO search_meta(key, value) VALUES ('version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [SCHEMA_VERSION]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
