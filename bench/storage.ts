/**
 * Storage benchmark: `npm run bench:storage` (tsx bench/storage.ts).
 *
 * Serves bench/corpus on loopback, then for each file store — the local data folder and an S3-compatible bucket (a
 * real s3rver on loopback) — adds BENCH_PAGES corpus pages plus the same PDF (report.pdf) under two addresses, and
 * captures every entry BENCH_ROUNDS times (the first capture, then re-captures of the unchanged pages) through the
 * capture job, as the worker does. Prints, per store: captures, bytes the rows refer to (each reference counted,
 * as if every snapshot had its own copy), bytes actually stored, blobs, and the ratio; then per kind of file how
 * many references share how many blobs; then deletes every entry and sweeps, which must leave nothing stored.
 *
 * Then the shared-images case (issue 14): BENCH_SHARED_PAGES distinct pages of one site (bench/corpus/shared-images.html
 * under ?page=1…N: its own text on each, the same masthead, logo and chart on all) captured once each. A page's HTML
 * inlines its images, so whole-file blobs store each image once per page; split pages store it once. Prints the
 * same table, the bytes whole pages would have stored (measured from the same rows: every distinct page at its full
 * size instead of its skeleton and parts), and how many page references each of the largest parts has.
 *
 * Env: BENCH_ROUNDS (3), BENCH_SHARED_PAGES (30).
 */
import fs from "node:fs";
import { useTempDataDir } from "@/lib/db/testing";
import { startCorpusServer } from "./corpus-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SHARED_PAGES = Number(process.env.BENCH_SHARED_PAGES ?? 30);
const PAGES = ["images.html", "srcset.html", "cjk-article.html", "css-import.html", "webfont.html", "frame-same.html", "dialog-overlay.html"];
const dataDir = useTempDataDir({ KURA_ALLOWED_HOSTS: "127.0.0.1", KURA_NETWORK_IDLE_MS: "300" });

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const { captureSnapshotNow } = await import("@/lib/library/capture-job");
const { addEntry, deleteEntry, recaptureEntry } = await import("@/lib/library/entries");
const { sweepSnapshotFiles, SNAPSHOT_PATHS } = await import("@/lib/library/stored-files");
const { LocalFileStore } = await import("@/lib/storage/file-store");
const { parseSkeleton, SKELETON_EXTENSION } = await import("@/lib/storage/html-parts");
const { s3StoreOn, startS3Server } = await import("@/lib/storage/testing");
type FileStore = import("@/lib/storage/file-store").FileStore;

const corpus = await startCorpusServer();
const s3 = await startS3Server("kura-bench-storage");
const host = new BrowserHost({ maxContexts: 1, handleSignals: false });
const settings = captureSettings(config());
const prisma = db();

type Row = {
  store: string;
  captures: number;
  referenced: number;
  stored: number;
  /** What the same captures would have stored with each page one whole blob (before issue 14). */
  wholePages: number;
  blobs: number;
  afterSweep: number;
  kinds: Map<string, { refs: number; blobs: Set<string> }>;
  /** Each part's key → its size and how many snapshots' pages name it. */
  parts: Map<string, { bytes: number; pages: number }>;
  /** The snapshots' HTML alone: Σ htmlBytes, stored as whole pages, stored split (skeletons + the parts they name). */
  html: { referenced: number; whole: number; stored: number };
};

const corpusUrls = () => [...PAGES.map((p) => `${corpus.origin}/${p}`), `${corpus.origin}/report.pdf`, `${corpus.origin}/report.pdf?linked=twice`];
const sharedUrls = () => Array.from({ length: SHARED_PAGES }, (_, n) => `${corpus.origin}/shared-images.html?page=${n + 1}`);

async function run(name: string, store: FileStore, urls: string[], rounds: number): Promise<Row> {
  const deps = { host, settings, store, log: () => undefined };
  const links: number[] = [];
  let captures = 0;
  for (const url of urls) {
    const { linkId } = await addEntry({ url, tags: [] });
    links.push(linkId);
  }
  for (let round = 0; round < rounds; round++) {
    for (const linkId of links) {
      const snapshotId = round === 0 ? (await prisma.snapshot.findFirstOrThrow({ where: { linkId } })).id : await recaptureEntry(linkId);
      const outcome = await captureSnapshotNow(snapshotId!, deps);
      if (outcome.kind !== "done") throw new Error(`capture of entry ${linkId} ended ${outcome.kind}: ${"reason" in outcome ? String(outcome.reason) : ""}`);
      captures++;
    }
  }

  // Every reference a row holds, with the size of the file it names: what per-snapshot copies would have cost (a
  // split page counts at its joined size, htmlBytes; its parts are what that size is partly made of).
  const kinds = new Map<string, { refs: number; blobs: Set<string> }>();
  const sizes = new Map((await store.scan("blobs", 1_000_000)).concat(await store.scan("snapshots", 1_000_000)).map((f) => [f.path, f.bytes]));
  // A skeleton (a split page or reader article) counts at its joined size: what a whole copy would have cost.
  const joined = new Map<string, { bytes: number; sha256: string }>();
  for (const key of sizes.keys()) if (key.endsWith(SKELETON_EXTENSION)) joined.set(key, parseSkeleton(await store.read(key)).header);
  let referenced = 0;
  const count = (kind: string, key: string | null) => {
    if (!key) return;
    const size = sizes.get(key);
    if (size === undefined) throw new Error(`a row points at ${key}, which is not stored`);
    referenced += joined.get(key)?.bytes ?? size;
    const entry = kinds.get(kind) ?? { refs: 0, blobs: new Set<string>() };
    entry.refs++;
    entry.blobs.add(key);
    kinds.set(kind, entry);
  };
  const snapshots = await prisma.snapshot.findMany({
    where: { linkId: { in: links } },
    select: { ...SNAPSHOT_PATHS, htmlBytes: true, parts: { select: { path: true, bytes: true } } },
  });
  const parts = new Map<string, { bytes: number; pages: number }>();
  let pageBytes = 0;
  for (const s of snapshots) {
    pageBytes += s.htmlBytes ?? 0;
    count("html", s.htmlPath);
    count("original", s.originalPath);
    count("screenshot", s.screenshotPath);
    count("thumbnail", s.thumbnailPath);
    count("reader", s.readerPath);
    for (const part of s.parts) {
      const entry = parts.get(part.path) ?? { bytes: part.bytes, pages: 0 };
      entry.pages++;
      parts.set(part.path, entry);
      const kind = kinds.get("page part") ?? { refs: 0, blobs: new Set<string>() };
      kind.refs++;
      kind.blobs.add(part.path);
      kinds.set("page part", kind);
    }
  }
  // The favicon is the entry's; each capture that found one would have stored its own copy.
  for (const l of await prisma.link.findMany({ where: { id: { in: links } }, select: { faviconPath: true, _count: { select: { snapshots: true } } } })) {
    for (let i = 0; i < l._count.snapshots; i++) count("favicon", l.faviconPath);
  }
  const stored = [...sizes.values()].reduce((a, b) => a + b, 0);
  const blobs = [...sizes.keys()].filter((k) => k.startsWith("blobs/")).length;
  // Whole files instead of skeletons and parts: every distinct page (and reader article) once, at its full size.
  const splitKeys = [...joined.keys(), ...parts.keys()];
  const splitBytes = splitKeys.reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0);
  const wholeBytes = [...new Map([...joined.values()].map((h) => [h.sha256, h.bytes])).values()].reduce((a, b) => a + b, 0);
  const wholePages = stored - splitBytes + wholeBytes;
  // The snapshots' HTML alone: the pages' bytes, and what the html blobs and their parts hold.
  const htmlKeys = new Set([...(kinds.get("html")?.blobs ?? [])]);
  const htmlParts = new Set(snapshots.filter((s) => s.htmlPath && joined.has(s.htmlPath)).flatMap((s) => s.parts.map((p) => p.path)));
  const html = {
    referenced: pageBytes,
    whole: [...new Map([...htmlKeys].map((k) => [joined.get(k)?.sha256 ?? k, joined.get(k)?.bytes ?? sizes.get(k)!])).values()].reduce((a, b) => a + b, 0),
    stored: [...htmlKeys, ...htmlParts].reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0),
  };

  for (const linkId of links) await deleteEntry(linkId);
  await sweepSnapshotFiles({ minAgeMs: 0, store });
  const left = (await store.scan("blobs", 1_000_000)).concat(await store.scan("snapshots", 1_000_000));
  return { store: name, captures, referenced, stored, wholePages, blobs, afterSweep: left.reduce((a, f) => a + f.bytes, 0), kinds, parts, html };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const corpusRows: Row[] = [];
const sharedRows: Row[] = [];
try {
  corpusRows.push(await run("local folder", new LocalFileStore(dataDir), corpusUrls(), ROUNDS));
  corpusRows.push(await run("S3 (s3rver)", s3StoreOn(s3), corpusUrls(), ROUNDS));
  sharedRows.push(await run("local folder", new LocalFileStore(dataDir), sharedUrls(), 1));
  sharedRows.push(await run("S3 (s3rver)", s3StoreOn(s3), sharedUrls(), 1));
} finally {
  await host.close();
  await corpus.close();
  await s3.stop();
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function table(rows: Row[]) {
  console.log(
    "| store | captures | bytes referenced by rows | bytes stored | with whole pages (before) | blobs | referenced / stored | stored after deleting all + sweep |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.store} | ${r.captures} | ${kib(r.referenced)} | ${kib(r.stored)} | ${kib(r.wholePages)} | ${r.blobs} | ${(r.referenced / r.stored).toFixed(2)}× | ${kib(r.afterSweep)} |`,
    );
  }
  console.log("\n| store | snapshot HTML referenced (Σ htmlBytes) | stored as whole pages (before) | stored split (skeletons + parts) |");
  console.log("|---|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.store} | ${kib(r.html.referenced)} | ${kib(r.html.whole)} | ${kib(r.html.stored)} |`);
  console.log("\n| kind (local folder) | references | blobs |");
  console.log("|---|---:|---:|");
  for (const [kind, k] of rows[0]!.kinds) console.log(`| ${kind} | ${k.refs} | ${k.blobs.size} |`);
}

const entries = PAGES.length + 2;
const day = new Date().toISOString().slice(0, 10);
console.log(`\nbench:storage — ${PAGES.length} corpus pages + 1 PDF under 2 addresses (${entries} entries), each captured ${ROUNDS}×, ${day}\n`);
table(corpusRows);
console.log(`\nbench:storage, shared images — ${SHARED_PAGES} distinct pages sharing a masthead, logo and chart, each captured once, ${day}\n`);
table(sharedRows);
console.log("\n| largest parts (local folder) | bytes | pages naming it | blobs |");
console.log("|---|---:|---:|---:|");
for (const [key, part] of [...sharedRows[0]!.parts].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 5)) {
  console.log(
    `| ${key.slice(key.lastIndexOf("/") + 1, key.lastIndexOf("/") + 13)}…${key.slice(key.lastIndexOf("."))} | ${kib(part.bytes)} | ${part.pages} | 1 |`,
  );
}
