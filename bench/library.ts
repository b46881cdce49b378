/**
 * Library search benchmark: `npm run bench:library` (tsx bench/library.ts). The page columns need a production build
 * (`npx next build`); BENCH_HTTP=0 leaves them out.
 *
 * For each size (BENCH_SIZES, default "1000,10000"; add 100000 when there is time): a data folder migrated with
 * `prisma migrate deploy`, that many generated entries (en/zh/ja text of 1–8 KB, many about docker/iptables/firewalld,
 * ~50 tags, dates over five years, the five seeded write-ups among them) written straight into the tables, then the
 * whole search index built (timed). Then, for each case, BENCH_RUNS (30) interleaved runs of:
 *  - service: the call the page makes (listEntries with write-up folding, as the library page asks; findTags for the
 *    Tags page);
 *  - page: the whole HTTP page from the built app (the web server and its capture worker, as `npm start` runs them)
 *    over the same database, signed in by a session row, body read to the end;
 *  - bare: the same result straight from SQLite through better-sqlite3: the index's own statements (count and the
 *    page's ids, snippets cut as the page shows them; the cards' write-up versions, as the service looks them up),
 *    one statement for the decisions a person made about those versions and one reading the entries' rows, tags
 *    and latest snapshot — what no layer above SQLite can go below.
 * Each size runs in its own process (one database per process). Prints a table, DB/index size per 1,000 entries and
 * the time to index.
 *
 * The default builds every library afresh in a temporary folder. BENCH_DB_DIR=<folder> keeps each size's library in
 * <folder>/<size> and reuses it on later runs (migrations added since are applied, and an index whose layout changed
 * is rebuilt and timed), so a change can be measured in minutes instead of the ~10 it takes to build 100,000.
 *
 * Env: BENCH_SIZES, BENCH_RUNS, BENCH_DB_DIR, BENCH_HTTP (1), BENCH_PORT (3295).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARM_UP = 3;
const HTTP = process.env.BENCH_HTTP !== "0";
const PORT = Number(process.env.BENCH_PORT ?? 3295);
/** Bumped whenever `generate` writes different entries: a kept library built by an older generator is rebuilt. */
const GENERATOR = 1;

type Params = { q?: string; tag?: string[]; page?: string };
type Case = { name: string; kind: "library"; params: Params } | { name: string; kind: "tags" };

const CASES: Case[] = [
  { name: "first page", kind: "library", params: {} },
  { name: "page 500", kind: "library", params: { page: "500" } },
  { name: "3-tag filter", kind: "library", params: { tag: ["docker", "iptables", "networking"] } },
  // What a tag's row on the Tags page opens: the library filtered by that tag.
  { name: "one tag", kind: "library", params: { tag: ["firewalld"] } },
  { name: "one word", kind: "library", params: { q: "firewalld" } },
  { name: "multi-word", kind: "library", params: { q: "docker registry unreachable" } },
  { name: "phrase", kind: "library", params: { q: '"ip forward"' } },
  { name: "CJK 2-char", kind: "library", params: { q: "防火" } },
  { name: "CJK 4-char", kind: "library", params: { q: "防火墙规" } },
  { name: "error message", kind: "library", params: { q: "No buffer space available" } },
  { name: "tag page", kind: "tags" },
];

const EN =
  "docker iptables firewalld registry container network bridge masquerade chain rule port forward host kernel module sysctl service restart zone interface packet route nat table policy log trace debug build pipeline cluster node pod calico drone centos ubuntu debian systemd journal socket connection timeout refused".split(
    " ",
  );
const ZH = "容器 防火墙 网络 端口 转发 规则 镜像 仓库 主机 内核 服务 重启 日志 集群 节点 排查 问题 配置 访问 失败".split(" ");
const JA = "コンテナ ファイアウォール ネットワーク ポート 転送 ルール イメージ ホスト カーネル サービス 再起動 ログ 設定 接続 失敗 問題".split(" ");
const TAGS = Array.from({ length: 50 }, (_, i) =>
  i < 10 ? ["docker", "iptables", "firewalld", "networking", "centos", "kubernetes", "sysctl", "registry", "calico", "linux"][i]! : `topic-${i}`,
);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function generate(dataDir: string, size: number): void {
  const sqlite = new Database(path.join(dataDir, "kura.db"));
  const rand = rng(size);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const tagIds = TAGS.map((name) => Number(sqlite.prepare(`INSERT INTO "Tag"(name, key) VALUES (?, ?)`).run(name, name).lastInsertRowid));
  const link = sqlite.prepare(`INSERT INTO "Link"(url, title, description, language, siteName, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const snap = sqlite.prepare(`INSERT INTO "Snapshot"(linkId, status, text, textBytes, contentType, createdAt) VALUES (?, 'ready', ?, ?, 'text/html', ?)`);
  const linkTag = sqlite.prepare(`INSERT OR IGNORE INTO "LinkTag"(linkId, tagId) VALUES (?, ?)`);
  const start = Date.UTC(2021, 0, 1);
  const seeds = fs.readdirSync(path.join(ROOT, "prisma", "seed-articles")).filter((f) => f.endsWith(".txt"));
  sqlite.transaction(() => {
    for (let i = 0; i < size; i++) {
      const lang = pick(["en", "en", "zh", "ja"] as const);
      const words = lang === "en" ? EN : lang === "zh" ? ZH : JA;
      const bytes = 1024 + Math.floor(rand() * 7 * 1024);
      const parts: string[] = [];
      let length = 0;
      while (length < bytes) {
        const w = pick(words);
        parts.push(w);
        length += Buffer.byteLength(w) + (lang === "en" ? 1 : 0);
        if (rand() < 0.05) parts.push(lang === "en" ? ".\n" : "。\n");
      }
      let text = parts.join(lang === "en" ? " " : "");
      let title = `${pick(words)} ${pick(words)} ${pick(words)} #${i}`;
      const seed = i % Math.max(1, Math.floor(size / seeds.length)) === 0 ? seeds[i / Math.floor(size / seeds.length)] : undefined;
      if (seed) {
        text = fs.readFileSync(path.join(ROOT, "prisma", "seed-articles", seed), "utf8");
        title = `seed ${seed}`;
      }
      const at = new Date(start + Math.floor(rand() * 5 * 365 * 86_400_000)).toISOString();
      const id = Number(link.run(`https://bench.example/${i}`, title, `${pick(words)} ${pick(words)}`, lang, "bench", at, at).lastInsertRowid);
      snap.run(id, text, Buffer.byteLength(text), at);
      const n = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) linkTag.run(id, tagIds[k < 2 ? Math.floor(rand() * 10) : Math.floor(rand() * 50)]);
    }
  })();
  sqlite.close();
}

/** What a kept library remembers about how it was built. */
type Built = { generator: number; size: number; dbBytes: number; builtAt: string };

const fileSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

/** The size's data folder, generated (or, with BENCH_DB_DIR, kept from an earlier run) and migrated to the current schema. */
function prepareLibrary(size: number): { dataDir: string; built: Built; reused: boolean } {
  const keep = process.env.BENCH_DB_DIR?.trim();
  const dataDir = keep ? path.resolve(keep, String(size)) : fs.mkdtempSync(path.join(os.tmpdir(), "kura-bench-library-"));
  const marker = path.join(dataDir, "bench-library.json");
  const previous = fs.existsSync(marker) ? (JSON.parse(fs.readFileSync(marker, "utf8")) as Built) : null;
  const reused = previous?.generator === GENERATOR && previous.size === size;
  if (!reused) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const env: NodeJS.ProcessEnv = { ...process.env, KURA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  // On a kept library this applies only the migrations added since it was built.
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"], cwd: ROOT });
  process.env.KURA_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  if (reused) return { dataDir, built: previous, reused };
  generate(dataDir, size);
  const built: Built = { generator: GENERATOR, size, dbBytes: fileSize(path.join(dataDir, "kura.db")), builtAt: new Date().toISOString() };
  // Written before indexing: the index is checked (and rebuilt when needed) on every run.
  fs.writeFileSync(marker, JSON.stringify(built));
  return { dataDir, built, reused };
}

type Sample = { service: number[]; page: number[]; bare: number[] };

/** What one `--size` child prints as its last line. */
type SizeResult = {
  size: number;
  reused: boolean;
  indexMs: number | null;
  dbBytes: number;
  ftsBytes: number;
  totalBytes: number;
  rows: Array<{ query: string; total: string; p: Record<keyof Sample, [number, number] | null> }>;
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const p5095 = (xs: number[]): [number, number] | null => (xs.length > 0 ? [pct(xs, 50), pct(xs, 95)] : null);

function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const tag of params.tag ?? []) q.append("tag", tag);
  if (params.q) q.set("q", params.q);
  if (params.page) q.set("page", params.page);
  return q.toString();
}

/** The built app on the bench's database, and a signed-in session's cookie. */
async function startServer(): Promise<{ base: string; cookie: string; stop: () => void }> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` first (or BENCH_HTTP=0)");
  const { startApp } = await import("../scripts/serve-app.mjs");
  const base = `http://127.0.0.1:${PORT}`;
  const app = startApp({ port: PORT, env: { ...process.env }, log: (line: string) => console.error(`[app] ${line}`), stdio: ["ignore", "ignore", "inherit"] });
  const stop = () => app.stop("SIGTERM");
  process.on("exit", stop);
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 900) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const { db } = await import("../lib/db/client");
  const { createUser } = await import("../lib/accounts/users");
  const { startSession } = await import("../lib/accounts/sessions");
  const { SESSION_COOKIE } = await import("../lib/accounts/current-user");
  const email = "bench@example.org";
  const user = (await db().user.findUnique({ where: { email } })) ?? (await createUser({ email, password: "bench-password-123", role: "admin" }));
  const { secret } = await startSession(user.id);
  return { base, cookie: `${SESSION_COOKIE}=${secret}`, stop };
}

async function timed<T>(run: () => T | Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await run();
  return [performance.now() - t, value];
}

async function runSize(size: number): Promise<void> {
  const { dataDir, built, reused } = prepareLibrary(size);
  const dbFile = path.join(dataDir, "kura.db");
  const { searchIndex, parseQuery } = await import("../lib/search");
  const { LibrarySearch, listEntries, PAGE_SIZE } = await import("../lib/library/search");
  const { findTags } = await import("../lib/library/tags");
  const index = searchIndex();
  const probe = new Database(dbFile, { readonly: true });
  const pending = probe.prepare(`SELECT count(*) FROM search_pending`).pluck().get() as number;
  // A new library, or a kept one whose index layout changed since (bootstrap.ts empties it): indexed here, timed.
  const [indexMs] = pending > 0 ? await timed(() => index.reindex()) : [null];
  probe.pragma("wal_checkpoint(PASSIVE)");
  const ftsBytes = (probe.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%'`).pluck().get() as number | null) ?? 0;
  const totalBytes = fileSize(dbFile) + fileSize(`${dbFile}-wal`);
  const server = HTTP ? await startServer() : null;

  // The bare reads: the index's statements, then the page's rows with their tags and latest snapshot in one statement.
  const sqlite = new Database(dbFile, { readonly: true });
  const rowsOf = sqlite.prepare(`
    SELECT l.*,
      (SELECT json_group_array(json_object('linkId', lt.linkId, 'tagId', lt.tagId,
          'tag', json_object('id', t.id, 'name', t.name, 'key', t.key, 'color', t.color)) ORDER BY lt.tagId)
        FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt.tagId WHERE lt.linkId = l.id) AS tagsJson,
      (SELECT json_object('id', s.id, 'status', s.status, 'stage', s.stage, 'error', s.error, 'thumbnailPath', s.thumbnailPath,
          'contentType', s.contentType, 'originalPath', s.originalPath, 'metadataJson', s.metadataJson)
        FROM "Snapshot" s WHERE s.linkId = l.id ORDER BY s.id DESC LIMIT 1) AS snapshotJson
    FROM "Link" l WHERE l.id IN (SELECT value FROM json_each(?))`);
  const decisionsOf = sqlite.prepare(
    `SELECT firstId, secondId, together FROM "WriteUpDecision" WHERE firstId IN (SELECT value FROM json_each(?)) OR secondId IN (SELECT value FROM json_each(?))`,
  );
  const tagCounts = sqlite.prepare(
    `SELECT t.name, t.key, t.color, count(*) AS count FROM "Tag" t JOIN "LinkTag" lt ON lt.tagId = t.id GROUP BY t.id ORDER BY count DESC, t.key`,
  );

  const rows: SizeResult["rows"] = [];
  for (const c of CASES) {
    const sample: Sample = { service: [], page: [], bare: [] };
    let total = "";
    for (let r = 0; r < RUNS + WARM_UP; r++) {
      let s: number, b: number;
      if (c.kind === "tags") {
        const [ms, tags] = await timed(() => findTags("", "count"));
        [s, total] = [ms, String(tags.length)];
        [b] = await timed(() => tagCounts.all());
      } else {
        const search = LibrarySearch.from(c.params);
        const [ms, page] = await timed(() => listEntries(search, { foldWriteUps: true, language: "en" }));
        [s, total] = [ms, page.capped ? `${page.total}+` : String(page.total)];
        [b] = await timed(async () => {
          const result = await index.query(parseQuery(search.q), LibrarySearch.filtersOf(search), { page: search.page, size: PAGE_SIZE });
          const ids = result.hits.map((h) => h.linkId);
          // The page's result names each card's write-up versions too: the index's own lookups for them (two hops,
          // as the service makes) and the decisions a person made about them, in one statement.
          const direct = await index.relatives(ids);
          const near = [...new Set([...direct.values()].flat().map((r) => r.linkId))].filter((id) => !direct.has(id));
          await index.relatives(near);
          const around = JSON.stringify([...ids, ...near]);
          decisionsOf.all(around, around);
          return rowsOf.all(JSON.stringify(ids));
        });
      }
      let p: number | null = null;
      if (server) {
        const url = c.kind === "tags" ? `${server.base}/tags` : `${server.base}/?${queryString(c.params)}`;
        const [ms, body] = await timed(async () => {
          const res = await fetch(url, { headers: { cookie: server.cookie }, redirect: "manual" });
          if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
          return res.text();
        });
        if (!body.includes(c.kind === "tags" ? `data-testid="tag-list"` : `data-testid="entry-count"`)) throw new Error(`${url}: not the page expected`);
        p = ms;
      }
      if (r >= WARM_UP) {
        sample.service.push(s);
        sample.bare.push(b);
        if (p !== null) sample.page.push(p);
      }
    }
    rows.push({ query: c.name, total, p: { service: p5095(sample.service), page: p5095(sample.page), bare: p5095(sample.bare) } });
  }
  server?.stop();
  const result: SizeResult = { size, reused, indexMs, dbBytes: built.dbBytes, totalBytes, ftsBytes, rows };
  console.log(JSON.stringify(result));
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf("--size");
  if (sizeArg > 0) return runSize(Number(process.argv[sizeArg + 1]));
  const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
  const ms = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(1)).padStart(7);
  console.log(`| entries | case | matches | service p50 | service p95 | page p50 | page p95 | bare p50 | bare p95 | ratio p50 |`);
  console.log(`|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
  const summary: string[] = [];
  for (const size of sizes) {
    const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [import.meta.filename, "--size", String(size)], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as SizeResult;
    for (const row of r.rows) {
      const { service, page, bare } = row.p;
      const ratio = service && bare ? (service[0] / bare[0]).toFixed(2) : "–";
      console.log(
        `| ${size} | ${row.query} | ${row.total} | ${ms(service?.[0])} | ${ms(service?.[1])} | ${ms(page?.[0])} | ${ms(page?.[1])} | ${ms(bare?.[0])} | ${ms(bare?.[1])} | ${ratio.padStart(5)} |`,
      );
    }
    const perK = (b: number) => `${(((b / r.size) * 1000) / 2 ** 20).toFixed(2)} MB`;
    const indexed = r.indexMs === null ? "index kept from an earlier run" : `indexed in ${(r.indexMs / 1000).toFixed(1)} s`;
    summary.push(
      `${size} entries${r.reused ? " (kept library)" : ""}: ${indexed}; DB before index ${perK(r.dbBytes)} per 1,000; search tables ${perK(r.ftsBytes)} per 1,000; whole file ${perK(r.totalBytes)} per 1,000`,
    );
  }
  console.log("");
  for (const line of summary) console.log(line);
}

await main();
