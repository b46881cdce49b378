/**
 * Export, backup and restore benchmark: `npm run bench:backup` (tsx bench/backup.ts).
 *
 * A fresh temporary data folder with BENCH_ENTRIES (default 1,000) entries, each with two tags, a note on every
 * tenth, one ready snapshot with ~2 KB of text and three small stored files (snapshot.html ~6 KB, screenshot.webp
 * ~24 KB and thumbnail.webp ~3 KB of random bytes, so they do not compress), written straight into the tables and the
 * file store. Then, timed once each: the Netscape and JSON exports of the whole library, `writeBackup` to a .tar, and
 * `restoreBackup` of that archive into a second, empty data folder (verification, files, rows, search reindex).
 * Then, when PostgreSQL is installed (Debian's `postgresql`), the same archive restored into a throw-away PostgreSQL
 * cluster with its files in an S3 server (s3rver on loopback), and a backup made from there (the "moving up" path).
 * Prints a table with the archive size.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { useTempDataDir } from "@/lib/db/testing";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const source = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { LocalFileStore } = await import("@/lib/storage/file-store");
const { storedDateTime } = await import("@/lib/db/sqlite");
const { exportToString } = await import("@/lib/library/export");
const { writeBackup, restoreBackup } = await import("@/lib/library/backup");
const { postgresBinaries, startPostgres } = await import("@/lib/db/testing-postgres");
const { migratePostgres } = await import("@/lib/db/postgres-migrate");
const { s3StoreOn, startS3Server } = await import("@/lib/storage/testing");

async function fill(): Promise<number> {
  const sqlite = new Database(path.join(source, "kura.db"));
  const store = new LocalFileStore(source);
  const words = "docker iptables firewalld registry container network bridge masquerade chain rule port forward".split(" ");
  const text = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7 + n) % words.length]).join(" ");
  const files: Array<{ key: string; data: Buffer }> = [];
  sqlite.transaction(() => {
    const tag = sqlite.prepare(`INSERT INTO "Tag" (name, key) VALUES (?, ?)`);
    for (let t = 0; t < 40; t++) tag.run(`Topic ${t}`, `topic ${t}`);
    const link = sqlite.prepare(`INSERT INTO "Link" (url, title, description, note, favourite, state, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const linkTag = sqlite.prepare(`INSERT INTO "LinkTag" (linkId, tagId) VALUES (?, ?)`);
    const snapshot = sqlite.prepare(
      `INSERT INTO "Snapshot" (linkId, status, createdAt, capturedAt, text, textBytes, contentType, htmlPath, htmlSha256, htmlBytes, screenshotPath, screenshotBytes, thumbnailPath, thumbnailBytes) VALUES (?, 'ready', ?, ?, ?, ?, 'text/html', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= ENTRIES; i++) {
      const when = storedDateTime(new Date(Date.UTC(2022, 0, 1) + i * 3_600_000));
      const id = Number(
        link.run(
          `https://bench.example/post/${i}`,
          `Post ${i}: ${text(8)}`,
          text(20),
          i % 10 === 0 ? `Note ${i}` : null,
          i % 7 === 0 ? 1 : 0,
          "unread",
          when,
          when,
        ).lastInsertRowid,
      );
      linkTag.run(id, (i % 40) + 1);
      linkTag.run(id, ((i * 3) % 40) + 1 === (i % 40) + 1 ? ((i + 1) % 40) + 1 : ((i * 3) % 40) + 1);
      const body = text(300);
      const folder = `snapshots/${id}/${id}/a1-bench`;
      const html = Buffer.from(`<html><body><p>${text(800)}</p></body></html>`);
      const shot = crypto.randomBytes(24_000);
      const thumb = crypto.randomBytes(3_000);
      snapshot.run(
        id,
        when,
        when,
        body,
        Buffer.byteLength(body),
        `${folder}/snapshot.html`,
        crypto.createHash("sha256").update(html).digest("hex"),
        html.length,
        `${folder}/screenshot.webp`,
        shot.length,
        `${folder}/thumbnail.webp`,
        thumb.length,
      );
      files.push(
        { key: `${folder}/snapshot.html`, data: html },
        { key: `${folder}/screenshot.webp`, data: shot },
        { key: `${folder}/thumbnail.webp`, data: thumb },
      );
    }
  })();
  sqlite.close();
  for (const file of files) await store.write(file.key, file.data);
  return files.reduce((sum, f) => sum + f.data.length, 0);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const stored = await fill();
db();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kura-bench-backup-"));
const archive = path.join(work, "backup.tar");
const [netscape, netscapeS] = await timed(() => exportToString("netscape", { tags: [] }));
const [json, jsonS] = await timed(() => exportToString("json", { tags: [] }));
const [manifest, backupS] = await timed(() => writeBackup(fs.createWriteStream(archive)));
const target = useTempDataDir();
const [summary, restoreS] = await timed(() => restoreBackup(archive, { databaseFile: path.join(target, "kura.db"), store: new LocalFileStore(target) }));
// Moving up: the same archive into PostgreSQL + S3, and a backup from there.
let postgresRows: string[] = [];
if (postgresBinaries()) {
  const postgres = await startPostgres();
  const s3 = await startS3Server();
  try {
    const url = await postgres.createDatabase("bench");
    await migratePostgres(url);
    const database = { kind: "postgresql", url } as const;
    const bucket = s3StoreOn(s3, "bench");
    const [pgSummary, pgRestoreS] = await timed(() => restoreBackup(archive, { database, store: bucket }));
    const pgArchive = path.join(work, "from-postgres.tar");
    const [, pgBackupS] = await timed(() => writeBackup(fs.createWriteStream(pgArchive), { database, store: bucket }));
    postgresRows = [
      `| restore into PostgreSQL + S3 (no search index yet) | ${pgRestoreS.toFixed(2)} | ${pgSummary.entries} entries, ${pgSummary.files} files |`,
      `| backup from PostgreSQL + S3 (.tar) | ${pgBackupS.toFixed(2)} | ${(fs.statSync(pgArchive).size / 1024 / 1024).toFixed(1)} MB archive |`,
    ];
  } finally {
    await s3.stop();
    await postgres.stop();
  }
}
const MB = (n: number) => (n / 1024 / 1024).toFixed(1);

console.log(`\nKura export / backup / restore, ${ENTRIES} entries, ${manifest.counts.files} stored files (${MB(stored)} MB)\n`);
console.log("| step | seconds | output |");
console.log("| --- | ---: | --- |");
console.log(`| export, Netscape | ${netscapeS.toFixed(2)} | ${MB(Buffer.byteLength(netscape))} MB |`);
console.log(`| export, JSON | ${jsonS.toFixed(2)} | ${MB(Buffer.byteLength(json))} MB |`);
console.log(`| backup (.tar) | ${backupS.toFixed(2)} | ${MB(fs.statSync(archive).size)} MB archive |`);
console.log(`| restore into an empty instance | ${restoreS.toFixed(2)} | ${summary.entries} entries, ${summary.files} files |`);
for (const row of postgresRows) console.log(row);
fs.rmSync(work, { recursive: true, force: true });
