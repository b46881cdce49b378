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
 * Env: BENCH_ROUNDS (3).
 */
import fs from "node:fs";
import { useTempDataDir } from "@/lib/db/testing";
import { startCorpusServer } from "./corpus-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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
  blobs: number;
  afterSweep: number;
  kinds: Map<string, { refs: number; blobs: Set<string> }>;
};

async function run(name: string, store: FileStore): Promise<Row> {
  const deps = { host, settings, store, log: () => undefined };
  const urls = [...PAGES.map((p) => `${corpus.origin}/${p}`), `${corpus.origin}/report.pdf`, `${corpus.origin}/report.pdf?linked=twice`];
  const links: number[] = [];
  let captures = 0;
  for (const url of urls) {
    const { linkId } = await addEntry({ url, tags: [] });
    links.push(linkId);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const linkId of links) {
      const snapshotId = round === 0 ? (await prisma.snapshot.findFirstOrThrow({ where: { linkId } })).id : await recaptureEntry(linkId);
      const outcome = await captureSnapshotNow(snapshotId!, deps);
      if (outcome.kind !== "done") throw new Error(`capture of entry ${linkId} ended ${outcome.kind}: ${"reason" in outcome ? String(outcome.reason) : ""}`);
      captures++;
    }
  }

  // Every reference a row holds, with the size of the file it names: what per-snapshot copies would have cost.
  const kinds = new Map<string, { refs: number; blobs: Set<string> }>();
  const sizes = new Map((await store.scan("blobs", 1_000_000)).concat(await store.scan("snapshots", 1_000_000)).map((f) => [f.path, f.bytes]));
  let referenced = 0;
  const count = (kind: string, key: string | null) => {
    if (!key) return;
    const size = sizes.get(key);
    if (size === undefined) throw new Error(`a row points at ${key}, which is not stored`);
    referenced += size;
    const entry = kinds.get(kind) ?? { refs: 0, blobs: new Set<string>() };
    entry.refs++;
    entry.blobs.add(key);
    kinds.set(kind, entry);
  };
  for (const s of await prisma.snapshot.findMany({ where: { linkId: { in: links } }, select: SNAPSHOT_PATHS })) {
    count("html", s.htmlPath);
    count("original", s.originalPath);
    count("screenshot", s.screenshotPath);
    count("thumbnail", s.thumbnailPath);
    count("reader", s.readerPath);
  }
  // The favicon is the entry's; each capture that found one would have stored its own copy.
  for (const l of await prisma.link.findMany({ where: { id: { in: links } }, select: { faviconPath: true, _count: { select: { snapshots: true } } } })) {
    for (let i = 0; i < l._count.snapshots; i++) count("favicon", l.faviconPath);
  }
  const stored = [...sizes.values()].reduce((a, b) => a + b, 0);
  const blobs = [...sizes.keys()].filter((k) => k.startsWith("blobs/")).length;

  for (const linkId of links) await deleteEntry(linkId);
  await sweepSnapshotFiles({ minAgeMs: 0, store });
  const left = (await store.scan("blobs", 1_000_000)).concat(await store.scan("snapshots", 1_000_000));
  return { store: name, captures, referenced, stored, blobs, afterSweep: left.reduce((a, f) => a + f.bytes, 0), kinds };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const rows: Row[] = [];
try {
  rows.push(await run("local folder", new LocalFileStore(dataDir)));
  rows.push(await run("S3 (s3rver)", s3StoreOn(s3)));
} finally {
  await host.close();
  await corpus.close();
  await s3.stop();
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const entries = PAGES.length + 2;
console.log(
  `\nbench:storage — ${PAGES.length} corpus pages + 1 PDF under 2 addresses (${entries} entries), each captured ${ROUNDS}×, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log("| store | captures | bytes referenced by rows | bytes stored | blobs | referenced / stored | stored after deleting all + sweep |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.store} | ${r.captures} | ${kib(r.referenced)} | ${kib(r.stored)} | ${r.blobs} | ${(r.referenced / r.stored).toFixed(2)}× | ${kib(r.afterSweep)} |`,
  );
}
console.log("\n| kind (local folder) | references | blobs |");
console.log("|---|---:|---:|");
for (const [kind, k] of rows[0]!.kinds) console.log(`| ${kind} | ${k.refs} | ${k.blobs.size} |`);
