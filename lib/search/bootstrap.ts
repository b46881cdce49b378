import type Database from "better-sqlite3";

// FTS5 virtual tables and their triggers live outside prisma/migrations (virtual tables break `migrate diff`).
// Created here idempotently whenever the index is opened: start-up, the seed, the e2e server, `npm start`.

export const WORD_COLUMNS = ["title", "tags", "commands", "errors", "site", "url", "description", "body", "page"] as const;
/** BM25 weights in WORD_COLUMNS order; the page's other visible text (menus and footers too) counts least. */
export const WORD_WEIGHTS = [10, 6, 5, 5, 3, 2, 2, 1, 0.5] as const;

// 2: the reader's title, description and note are indexed (and the Link trigger watches them).
// 3: the commands and error messages of each entry are kept one per row (search_extracts) for the Commands and
//    Errors pages.
// 4: each entry's write-up fingerprint (commands, errors, URLs, technical tokens), one row per feature
//    (search_features), so the same write-up in another language is found without comparing every pair.
// 5: the page's visible text beside the article (Snapshot.pageText, the `page` column).
const SCHEMA_VERSION = "5";

/**
 * Writes are tracked by triggers in the writer's own transaction (a row in search_pending per changed entry), and
 * the index catches up from that table before every query and right after the library's writes. So no write path
 * can forget the index, a write from the capture worker's process is seen too, and a rolled-back write leaves no mark.
 */
const TRIGGERS: Record<string, string> = {
  search_link_ins: `AFTER INSERT ON "Link" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (new.id); END`,
  search_link_upd: `AFTER UPDATE OF url, title, description, siteName, language, createdAt, customTitle, customDescription, note ON "Link" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (new.id); END`,
  search_link_del: `AFTER DELETE ON "Link" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (old.id); END`,
  search_snap_ins: `AFTER INSERT ON "Snapshot" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (new.linkId); END`,
  search_snap_upd: `AFTER UPDATE OF status, text, pageText, contentType ON "Snapshot" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (new.linkId); END`,
  search_snap_del: `AFTER DELETE ON "Snapshot" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (old.linkId); END`,
  search_linktag_ins: `AFTER INSERT ON "LinkTag" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (new.linkId); END`,
  search_linktag_del: `AFTER DELETE ON "LinkTag" BEGIN INSERT OR IGNORE INTO search_pending(linkId) VALUES (old.linkId); END`,
  search_tag_upd: `AFTER UPDATE OF name ON "Tag" BEGIN INSERT OR IGNORE INTO search_pending(linkId) SELECT linkId FROM "LinkTag" WHERE tagId = new.id; END`,
};

export function bootstrapSearch(sqlite: Database.Database): void {
  // Immediate (the write lock from the start): the web server and the worker bootstrap at once, and a deferred
  // transaction that read the version first could not upgrade after the other one's commit (SQLITE_BUSY_SNAPSHOT).
  sqlite
    .transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      sqlite.exec(`CREATE TABLE IF NOT EXISTS search_pending (linkId INTEGER PRIMARY KEY)`);
      const version = sqlite.prepare(`SELECT value FROM search_meta WHERE key = 'version'`).pluck().get();
      if (version !== SCHEMA_VERSION) {
        sqlite.exec(
          `DROP TABLE IF EXISTS search_words; DROP TABLE IF EXISTS search_trigram; DROP TABLE IF EXISTS search_extracts; DROP TABLE IF EXISTS search_features;`,
        );
        // A trigger's watched columns may have changed: recreated below.
        for (const name of Object.keys(TRIGGERS)) sqlite.exec(`DROP TRIGGER IF EXISTS ${name}`);
      }
      // Contentless: the texts stay in Link/Snapshot; snippets are cut from there for the page shown.
      sqlite.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS search_words USING fts5(${WORD_COLUMNS.join(", ")}, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
      );
      sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS search_trigram USING fts5(text, tokenize = 'trigram', content = '', contentless_delete = 1)`);
      // Each entry's commands and error messages, one per row: `key` is the text as matched (lib/search/troubleshooting.ts
      // normalizeForMatch), so `a=1` and `a = 1` are one command; `text` is how the entry spells it.
      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS search_extracts (linkId INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (linkId, kind, key)) WITHOUT ROWID`,
      );
      sqlite.exec(`CREATE INDEX IF NOT EXISTS search_extracts_by_key ON search_extracts(kind, key)`);
      // Keyed by feature first: "who else has this feature" is the lookup; by entry for replacing an entry's set.
      sqlite.exec(`CREATE TABLE IF NOT EXISTS search_features (feature TEXT NOT NULL, linkId INTEGER NOT NULL, PRIMARY KEY (feature, linkId)) WITHOUT ROWID`);
      sqlite.exec(`CREATE INDEX IF NOT EXISTS search_features_by_link ON search_features(linkId)`);
      for (const [name, body] of Object.entries(TRIGGERS)) sqlite.exec(`CREATE TRIGGER IF NOT EXISTS ${name} ${body}`);
      if (version !== SCHEMA_VERSION) {
        // A new (or rebuilt) index: every existing entry is filled in by the next catch-up.
        sqlite.exec(`INSERT OR IGNORE INTO search_pending(linkId) SELECT id FROM "Link"`);
        sqlite.prepare(`INSERT OR REPLACE INTO search_meta(key, value) VALUES ('version', ?)`).run(SCHEMA_VERSION);
      }
    })
    .immediate();
}
