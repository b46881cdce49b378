import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// The listing's fast paths (one MATCH for all words, tags intersected from their lists, a ranked page picked from
// the best-scored matches) against the listing computed the slow, obvious way over a real index: every match
// scored, boosted, filtered and sorted in full. Enough entries that the count is capped, the best-scored matches
// are often archived (so the pick must grow), and many entries tie (same text, same date).
const dataDir = useTempDataDir();
const { searchIndex, parseQuery, TOTAL_CAP } = await import("@/lib/search");
const { WORD_WEIGHTS } = await import("./bootstrap");

const ENTRIES = 1600;
const WORDS = "docker registry firewalld iptables nat bridge kernel route zone port forward masquerade".split(" ");
const ZH = "容器 防火墙 网络 端口 转发 规则".split(" ");
let sqlite: Database.Database;

beforeAll(async () => {
  sqlite = new Database(path.join(dataDir, "kura.db"));
  let seed = 7;
  const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const tagIds = ["common", "t1", "t2", "t3", "rare"].map((name) =>
    Number(sqlite.prepare(`INSERT INTO "Tag"(name, key) VALUES (?, ?)`).run(name, name).lastInsertRowid),
  );
  const link = sqlite.prepare(`INSERT INTO "Link"(url, title, state, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`);
  const snap = sqlite.prepare(`INSERT INTO "Snapshot"(linkId, status, text, contentType) VALUES (?, 'ready', ?, 'text/html')`);
  const tag = sqlite.prepare(`INSERT OR IGNORE INTO "LinkTag"(linkId, tagId) VALUES (?, ?)`);
  let previous: { title: string; text: string; at: string } | null = null;
  sqlite.transaction(() => {
    for (let i = 0; i < ENTRIES; i++) {
      const zh = rand() < 0.2;
      const words = Array.from({ length: 5 + Math.floor(rand() * 40) }, () => pick(zh ? ZH : WORDS));
      let title = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`;
      let text = words.join(zh ? "" : " ");
      // Copies of the previous entry (same scores) and shared dates: ties for recency, then the id, to break.
      let at = new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 400) * 86_400_000).toISOString();
      if (previous && rand() < 0.15) ({ title, text, at } = previous);
      // The entries with the word in the title (the best scored) are archived more often than the rest.
      const archived = title.includes("firewalld") || title.includes("docker") ? rand() < 0.6 : rand() < 0.1;
      const id = Number(link.run(`https://listing.example/${i}`, title, archived ? "archived" : "unread", at, at).lastInsertRowid);
      snap.run(id, text);
      if (rand() < 0.8) tag.run(id, tagIds[0]);
      for (const t of tagIds.slice(1, 4)) if (rand() < 0.4) tag.run(id, t);
      if (rand() < 0.01) tag.run(id, tagIds[4]);
      previous = { title, text, at };
    }
    // A block of copies that all score best: a ranked page cut through it must still order it by date.
    for (let i = 0; i < 200; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 400) * 86_400_000).toISOString();
      const id = Number(link.run(`https://listing.example/copy/${i}`, "firewalld docker registry", "unread", at, at).lastInsertRowid);
      snap.run(id, "firewalld docker registry firewalld nat");
    }
  })();
  await searchIndex().reindex();
});

type Case = { q?: string; tags?: string[]; archived?: boolean };
/** How the reference finds the case: the word-index expressions, the phrase boost's, a `-word`'s, a substring's. */
type Expected = Case & { words: string[]; phrase: string | null; not?: string; substring?: string; title?: string };

/**
 * The listing the slow way: the entries carrying every tag (tested one by one), matching every word, in the state
 * asked for; BM25 with the field weights, × (1 + 1 if the title holds every word + 0.5 if the words appear as
 * typed), lowest first, then newest, then highest id.
 */
function reference(c: Expected): number[] {
  const state = c.archived ? `l.state = 'archived'` : `l.state <> 'archived'`;
  const tagged = (c.tags ?? []).map((key) => `EXISTS (SELECT 1 FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt.tagId WHERE lt.linkId = l.id AND t.key = '${key}')`);
  const matching = (expr: string, table = "search_words") =>
    new Set(sqlite.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck().all(expr) as number[]);
  const not = c.not ? matching(c.not) : new Set<number>();
  const substring = c.substring ? matching(c.substring, "search_trigram") : null;
  const rows = (
    sqlite.prepare(`SELECT l.id, l.createdAt FROM "Link" l WHERE ${[state, ...tagged].join(" AND ")}`).all() as Array<{ id: number; createdAt: string }>
  ).filter((r) => !not.has(r.id) && (!substring || substring.has(r.id)));
  if (c.words.length === 0) return rows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id)).map((r) => r.id);
  const all = c.words.map((w) => `(${w})`).join(" AND ");
  const scores = new Map(
    (
      sqlite
        .prepare(`SELECT rowid AS id, bm25(search_words, ${WORD_WEIGHTS.join(", ")}) AS score FROM search_words WHERE search_words MATCH ?`)
        .all(all) as Array<{
        id: number;
        score: number;
      }>
    ).map((r) => [r.id, r.score]),
  );
  const title = matching(`title : (${c.title ?? all})`);
  const phrase = c.phrase ? matching(c.phrase) : new Set<number>();
  const ranked = rows
    .filter((r) => scores.has(r.id))
    .map((r) => ({ ...r, score: scores.get(r.id)! * (1 + (title.has(r.id) ? 1.0 : 0) + (phrase.has(r.id) ? 0.5 : 0)) }));
  return ranked.sort((a, b) => a.score - b.score || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id)).map((r) => r.id);
}

async function listed(c: Case, page: number, size: number) {
  const q = [c.q ?? "", c.archived ? "is:archived" : ""].join(" ").trim();
  return searchIndex().query(parseQuery(q), { tagKeys: c.tags ?? [] }, { page, size, snippets: false });
}

const cases: Expected[] = [
  { words: [], phrase: null },
  { tags: ["common"], words: [], phrase: null },
  { tags: ["t1", "t2", "t3"], words: [], phrase: null },
  { tags: ["rare", "common"], words: [], phrase: null },
  // Few enough for one statement (count and order together), and in the archived state.
  { tags: ["t1", "t2"], archived: true, words: [], phrase: null },
  { q: "firewalld", words: [`"firewalld"`], phrase: null },
  { q: "docker registry", words: [`"docker"`, `"registry"`], phrase: `"docker registry"` },
  { q: '"port forward" nat', words: [`"nat"`, `"port forward"`, `"port forward"`], phrase: null },
  { q: "防火", words: [`"防火"*`], phrase: null },
  { q: "firewalld", archived: true, words: [`"firewalld"`], phrase: null },
  { q: "docker", tags: ["t1", "common"], words: [`"docker"`], phrase: null },
  { q: "registry -nat", words: [`"registry"`], phrase: null, not: `"nat"` },
  // No word "gistr": found as a substring, listed newest first.
  { q: "gistr", words: [], phrase: null, substring: `"gistr"` },
  // The title boost asks for every word in the title, the substring too (which the word index cannot find there).
  { q: "gistr docker", words: [`"docker"`], phrase: null, substring: `"gistr"`, title: `("gistr") AND ("docker")` },
];

describe("the library listing", () => {
  it("has the library the cases need: a capped count, archived best matches, ties", async () => {
    expect((await listed({}, 1, 24)).capped).toBe(true);
    expect(sqlite.prepare(`SELECT count(*) FROM "Link" WHERE state = 'archived' AND title LIKE '%firewalld%'`).pluck().get()).toBeGreaterThan(100);
    expect(sqlite.prepare(`SELECT count(*) - count(DISTINCT createdAt) FROM "Link"`).pluck().get()).toBeGreaterThan(100);
    const best = (await listed({ q: "firewalld" }, 1, 100)).hits.map((h) => h.linkId);
    expect(
      sqlite.prepare(`SELECT count(*) FROM "Link" WHERE url LIKE '%/copy/%' AND id IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(best)),
    ).toBeGreaterThan(50);
  });

  it("lists nothing for a tag no entry has, or one that does not exist", async () => {
    sqlite.prepare(`INSERT INTO "Tag"(name, key) VALUES ('unused', 'unused')`).run();
    for (const tags of [["unused"], ["common", "no-such-tag"]]) {
      const result = await listed({ tags }, 1, 24);
      expect(result).toMatchObject({ hits: [], total: 0, capped: false });
    }
  });

  for (const c of cases) {
    it(`lists ${JSON.stringify({ q: c.q, tags: c.tags, archived: c.archived })} as the full ranking does, on every page and with its count`, async () => {
      const expected = reference(c);
      expect(expected.length).toBeGreaterThan(0);
      for (const [page, size] of [
        [1, 24],
        [2, 24],
        [7, 24],
        [2, 300],
        [1, 1000],
      ] as const) {
        const result = await listed(c, page, size);
        expect(result.hits.map((h) => h.linkId)).toEqual(expected.slice((page - 1) * size, page * size));
        expect(result.total).toBe(Math.min(expected.length, TOTAL_CAP));
        expect(result.capped).toBe(expected.length > TOTAL_CAP);
      }
    });
  }
});
