/**
 * Library search benchmark: `npm run bench:library` (tsx bench/library.ts).
 *
 * For each size (BENCH_SIZES, default "1000,10000"; add 100000 when there is time): a fresh temporary data folder,
 * that many generated entries (en/zh/ja text of 1–8 KB, many about docker/iptables/firewalld, ~50 tags, dates over
 * five years, the five seeded write-ups among them) written straight into the tables, then the whole search index
 * built (timed), then p50/p95 over BENCH_RUNS (30) runs of the library service call (listEntries: index + Prisma
 * rows) and of the bare index query, for each kind of listing. Each size runs in its own process (one database
 * per process). Prints a table, DB/index size per 1,000 entries and the time to index.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const QUERIES: Array<{ name: string; q?: string; tags?: string[]; page?: number }> = [
  { name: "first page" },
  { name: "page 500", page: 500 },
  { name: "3-tag filter", tags: ["docker", "iptables", "networking"] },
  { name: "one word", q: "firewalld" },
  { name: "multi-word", q: "docker registry unreachable" },
  { name: "phrase", q: '"ip forward"' },
  { name: "CJK 2-char", q: "防火" },
  { name: "CJK 4-char", q: "防火墙规" },
  { name: "error message", q: "No buffer space available" },
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

/** What one `--size` child prints as its last line. */
type SizeResult = {
  size: number;
  indexMs: number;
  dbBytes: number;
  ftsBytes: number;
  totalBytes: number;
  rows: Array<{ query: string; total: string | number; serviceP50: number; serviceP95: number; bareP50: number; bareP95: number }>;
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function runSize(size: number): Promise<void> {
  const { useTempDataDir } = await import("../lib/db/testing");
  const dataDir = useTempDataDir();
  generate(dataDir, size);
  const dbBytes = fs.statSync(path.join(dataDir, "kura.db")).size;
  const { searchIndex, parseQuery } = await import("../lib/search");
  const { LibrarySearch, listEntries, PAGE_SIZE } = await import("../lib/library/search");
  const t0 = performance.now();
  const index = searchIndex();
  const indexed = index.reindex();
  const indexMs = performance.now() - t0;
  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true });
  sqlite.pragma("wal_checkpoint(PASSIVE)");
  const ftsBytes = (sqlite.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%'`).pluck().get() as number | null) ?? 0;
  const totalBytes =
    fs.statSync(path.join(dataDir, "kura.db")).size +
    (fs.existsSync(path.join(dataDir, "kura.db-wal")) ? fs.statSync(path.join(dataDir, "kura.db-wal")).size : 0);
  const rows: Array<Record<string, unknown>> = [];
  for (const q of QUERIES) {
    const search = LibrarySearch.from({ q: q.q, tag: q.tags, page: String(q.page ?? 1) });
    const service: number[] = [];
    const bare: number[] = [];
    let total = "";
    for (let r = 0; r < RUNS + 2; r++) {
      let t = performance.now();
      const page = await listEntries(search);
      const s = performance.now() - t;
      t = performance.now();
      index.query(parseQuery(search.q), { tagKeys: search.tags }, { page: search.page, size: PAGE_SIZE });
      const b = performance.now() - t;
      total = page.capped ? "1,000+" : String(page.total);
      if (r >= 2) {
        service.push(s);
        bare.push(b);
      }
    }
    rows.push({ size, query: q.name, total, serviceP50: pct(service, 50), serviceP95: pct(service, 95), bareP50: pct(bare, 50), bareP95: pct(bare, 95) });
  }
  console.log(JSON.stringify({ size, indexed, indexMs, dbBytes, totalBytes, ftsBytes, rows }));
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf("--size");
  if (sizeArg > 0) return runSize(Number(process.argv[sizeArg + 1]));
  const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
  const ms = (n: number) => n.toFixed(1).padStart(7);
  console.log(`| entries | listing | matches | service p50 ms | service p95 ms | bare index p50 ms | bare index p95 ms |`);
  console.log(`|---:|---|---:|---:|---:|---:|---:|`);
  const summary: string[] = [];
  for (const size of sizes) {
    const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [import.meta.filename, "--size", String(size)], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as SizeResult;
    for (const row of r.rows)
      console.log(`| ${size} | ${row.query} | ${row.total} | ${ms(row.serviceP50)} | ${ms(row.serviceP95)} | ${ms(row.bareP50)} | ${ms(row.bareP95)} |`);
    const perK = (b: number) => `${(((b / r.size) * 1000) / 2 ** 20).toFixed(2)} MB`;
    summary.push(
      `${size} entries: indexed in ${(r.indexMs / 1000).toFixed(1)} s; DB before index ${perK(r.dbBytes)} per 1,000; search tables ${perK(r.ftsBytes)} per 1,000; whole file ${perK(r.totalBytes)} per 1,000`,
    );
  }
  console.log("");
  for (const line of summary) console.log(line);
}

await main();
