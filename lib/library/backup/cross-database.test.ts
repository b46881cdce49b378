import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Moving up and back: a library on SQLite + the data folder is backed up, restored into a real PostgreSQL server and a
// real S3 server (s3rver), backed up there and restored into SQLite + a data folder again. Every archive is the same
// bytes, so the rows (dates, booleans, ids, nulls, CJK text) and every file come through exactly; a damaged archive
// and a failing row leave PostgreSQL and the bucket as they were.
const source = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { fileStore } = await import("@/lib/storage/configured-store");
const { readStoredFile } = await import("@/lib/storage/stored-file");
const { storeCaptureFiles } = await import("../stored-files");
const { s3StoreOn, startS3Server } = await import("@/lib/storage/testing");
const { createPostgresClient } = await import("@/lib/db/postgres");
const { migratePostgres } = await import("@/lib/db/postgres-migrate");
const { startPostgres } = await import("@/lib/db/testing-postgres");
const { writeBackup, restoreBackup, BackupRefused } = await import("./index");
const { parseQuery } = await import("@/lib/search");
const { PostgresSearchIndex } = await import("@/lib/search/postgres-index");
const { libraryRows, fileHashes, readTar, writeTar, forgeManifest } = await import("./testing");

db();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kura-cross-db-"));
const now = new Date("2026-12-04T00:00:00.000Z");
const postgres = await startPostgres();
const s3 = await startS3Server();
afterAll(async () => {
  await s3.stop();
  await postgres.stop();
});

async function fillSource() {
  const store = fileStore();
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255, 254]);
  const photo = Buffer.concat(Array.from({ length: 300 }, (_, n) => crypto.createHash("sha256").update(`photo ${n}`).digest()));
  // A deleted entry leaves a gap in the ids: the ids themselves must come through, not only their order.
  await db().link.delete({ where: { id: (await db().link.create({ data: { url: "https://cross.example/gone", title: "Gone" } })).id } });
  for (let i = 1; i <= 3; i++) {
    const link = await db().link.create({
      data: {
        url: `https://cross.example/${i}`,
        title: `Entry ${i} 日本語 中文 & "quotes"`,
        note: i === 1 ? "A **note**\nwith lines" : null,
        favourite: i === 2,
        schemeGuessed: i === 3,
        state: ["unread", "read", "archived"][i - 1],
        nextCaptureAt: i === 1 ? new Date("2027-01-02T03:04:05.678Z") : null,
        tags: { create: [{ tag: { connectOrCreate: { where: { key: "docker" }, create: { name: "Docker", key: "docker", color: "#aa0000" } } } }] },
      },
    });
    const snapshot = await db().snapshot.create({ data: { linkId: link.id, status: "ready", capturedAt: new Date(Date.UTC(2026, 0, i, 12, 0, 0, 0)) } });
    // Entries 1 and 2 inline the same photo: their pages are stored split, the photo one blob named by both.
    const body = `<html><body>Zebrafish ${i} 中文${i < 3 ? `<img src="data:image/jpeg;base64,${photo.toString("base64")}">` : ""}</body></html>`;
    const split = await storeCaptureFiles(store, [{ kind: "html", name: "snapshot.html", body }]);
    const html = split.files.html!;
    await db().snapshotPart.createMany({ data: split.parts.map((part) => ({ snapshotId: snapshot.id, path: part.path, bytes: part.bytes })) });
    const shot = await store.write(`snapshots/${link.id}/${snapshot.id}/a1-${i}beef/screenshot.webp`, png);
    await db().snapshot.update({
      where: { id: snapshot.id },
      data: {
        text: `Zebrafish body ${i}`,
        htmlPath: html.path,
        htmlSha256: html.sha256,
        htmlBytes: html.bytes,
        screenshotPath: shot.path,
        screenshotBytes: shot.bytes,
      },
    });
  }
  await db().shareLink.create({ data: { linkId: 2, tokenHash: "e".repeat(64) } });
  await db().writeUpDecision.create({ data: { firstId: 2, secondId: 4, together: true } });
  await db().appState.create({ data: { key: "seed:example", value: "2026-01-01T00:00:00.000Z" } });
}

async function postgresDatabase(name: string, seeded: boolean): Promise<string> {
  const url = await postgres.createDatabase(name);
  await migratePostgres(url);
  if (seeded) {
    // What a fresh install on PostgreSQL holds: one seeded write-up, which a restore replaces.
    const client = createPostgresClient(url);
    await client.link.create({ data: { url: "https://seed.example/", title: "Seeded", origin: "seed", snapshots: { create: [{ status: "ready" }] } } });
    await client.$disconnect();
  }
  return url;
}

/** Every row of the tables a restore touches, as PostgreSQL returns them (counts and values, Job included). */
async function postgresRows(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ["Link", "Tag", "LinkTag", "Snapshot", "SnapshotPart", "ShareLink", "WriteUpDecision", "AppState", "Job"])
      out[table] = (await client.query(`SELECT * FROM "${table}" ORDER BY 1, 2`)).rows;
    return out;
  } finally {
    await client.end();
  }
}

async function bucketHashes(store: ReturnType<typeof s3StoreOn>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of [...(await store.list("snapshots")), ...(await store.list("blobs"))].sort())
    out[key] = crypto
      .createHash("sha256")
      .update(await store.read(key))
      .digest("hex");
  return out;
}

let fromSqlite: string;
beforeAll(async () => {
  await fillSource();
  fromSqlite = path.join(work, "from-sqlite.tar");
  await writeBackup(fs.createWriteStream(fromSqlite), { now });
});

describe("SQLite + data folder → PostgreSQL + S3 → SQLite + data folder", () => {
  it("gives the same archive, rows and file bytes at every step, with ids, dates and booleans as they were", async () => {
    const url = await postgresDatabase("moved_up", true);
    const bucket = s3StoreOn(s3, "moved-up");
    const summary = await restoreBackup(fromSqlite, { database: { kind: "postgresql", url }, store: bucket });
    // 3 screenshots, 3 pages (2 of them skeletons) and the one photo both skeletons name.
    expect(summary).toMatchObject({ entries: 3, snapshots: 3, files: 7, replaced: 1, requeued: 0 });
    expect(await bucketHashes(bucket)).toEqual(await fileHashes(source));
    const pages = await db().snapshot.findMany({ where: { htmlPath: { not: null } }, orderBy: { id: "asc" } });
    expect(pages.filter((p) => p.htmlPath!.endsWith(".skeleton"))).toHaveLength(2);
    expect(await db().snapshotPart.count()).toBe(2);
    const joinedHashes = async (store: Parameters<typeof readStoredFile>[0]) => {
      const out: string[] = [];
      for (const page of pages)
        out.push(
          crypto
            .createHash("sha256")
            .update(await readStoredFile(store, page.htmlPath!))
            .digest("hex"),
        );
      return out;
    };
    // Each page reads back from the bucket as the page it was: the sha256 and length its row says.
    expect(await joinedHashes(bucket)).toEqual(pages.map((p) => p.htmlSha256));
    // The restore rebuilt PostgreSQL's search index from the rows: a word of the captured texts and a 2-character
    // Chinese word of the titles find the restored entries.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const index = new PostgresSearchIndex(pool);
      const all = { tagKeys: [], includeArchived: true };
      expect((await index.query(parseQuery("zebrafish"), all, { page: 1, size: 10 })).total).toBe(3);
      expect((await index.query(parseQuery("中文"), all, { page: 1, size: 10 })).total).toBe(3);
    } finally {
      await pool.end();
    }

    // The values PostgreSQL holds are the typed ones, not text: Prisma on PostgreSQL reads them as the source has them.
    const client = createPostgresClient(url);
    const links = await client.link.findMany({ orderBy: { id: "asc" } });
    const sourceLinks = await db().link.findMany({ orderBy: { id: "asc" } });
    expect(links).toEqual(sourceLinks);
    expect(await client.snapshot.findMany({ orderBy: { id: "asc" } })).toEqual(await db().snapshot.findMany({ orderBy: { id: "asc" } }));
    expect(await client.snapshotPart.findMany({ orderBy: [{ snapshotId: "asc" }, { path: "asc" }] })).toEqual(
      await db().snapshotPart.findMany({ orderBy: [{ snapshotId: "asc" }, { path: "asc" }] }),
    );

    const fromPostgres = path.join(work, "from-postgres.tar");
    await writeBackup(fs.createWriteStream(fromPostgres), { database: { kind: "postgresql", url }, store: bucket, now });
    expect(fs.readFileSync(fromPostgres).equals(fs.readFileSync(fromSqlite))).toBe(true);

    // The id sequences were moved past the restored ids: a new entry does not collide with one.
    const added = await client.link.create({ data: { url: "https://cross.example/new", title: "New" } });
    expect(added.id).toBe(Math.max(...sourceLinks.map((l) => l.id)) + 1);
    await client.$disconnect();

    const previous = process.env.KURA_DATA_DIR;
    const back = useTempDataDir();
    process.env.KURA_DATA_DIR = previous;
    await restoreBackup(fromPostgres, { databaseFile: path.join(back, "kura.db"), store: new (await import("@/lib/storage/file-store")).LocalFileStore(back) });
    expect(libraryRows(back)).toEqual(libraryRows(source));
    expect(await fileHashes(back)).toEqual(await fileHashes(source));
    expect(await joinedHashes(new (await import("@/lib/storage/file-store")).LocalFileStore(back))).toEqual(pages.map((p) => p.htmlSha256));
    const again = path.join(work, "back-in-sqlite.tar");
    await writeBackup(fs.createWriteStream(again), {
      databaseFile: path.join(back, "kura.db"),
      store: new (await import("@/lib/storage/file-store")).LocalFileStore(back),
      now,
    });
    expect(fs.readFileSync(again).equals(fs.readFileSync(fromSqlite))).toBe(true);
  }, 120_000);

  it("queues again on PostgreSQL a capture that was pending when the backup was made", async () => {
    const pending = await db().snapshot.create({ data: { linkId: 2, status: "capturing", stage: "loading" } });
    const file = path.join(work, "pending.tar");
    await writeBackup(fs.createWriteStream(file));
    await db().snapshot.delete({ where: { id: pending.id } });
    const url = await postgresDatabase("pending", false);
    const summary = await restoreBackup(file, { database: { kind: "postgresql", url }, store: s3StoreOn(s3, "pending") });
    expect(summary.requeued).toBe(1);
    const rows = await postgresRows(url);
    expect(rows.Job).toMatchObject([{ snapshotId: pending.id, state: "queued" }]);
    expect(rows.Snapshot!.find((s) => (s as { id: number }).id === pending.id)).toMatchObject({ status: "queued", stage: null });
  }, 60_000);
});

it("a backup from a PostgreSQL database without Kura's tables fails with the reason, no half archive taken for one", async () => {
  const url = await postgres.createDatabase("not_migrated");
  const file = path.join(work, "not-migrated.tar");
  await expect(writeBackup(fs.createWriteStream(file), { database: { kind: "postgresql", url }, store: s3StoreOn(s3, "none") })).rejects.toThrow(
    /relation "Link" does not exist/,
  );
});

describe("a restore into PostgreSQL that cannot complete leaves it and the bucket as they were", () => {
  async function expectUnchanged(file: string, reason: RegExp, name: string) {
    const url = await postgresDatabase(name, true);
    const bucket = s3StoreOn(s3, name);
    await bucket.write("snapshots/1/1/a1-seed/snapshot.html", "<p>seeded</p>");
    const [rows, files] = [await postgresRows(url), await bucketHashes(bucket)];
    const error = await restoreBackup(file, { database: { kind: "postgresql", url }, store: bucket }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(reason);
    expect(await postgresRows(url)).toEqual(rows);
    expect(await bucketHashes(bucket)).toEqual(files);
    return error;
  }

  it("refuses a damaged archive before anything changes", async () => {
    const bytes = Buffer.from(fs.readFileSync(fromSqlite));
    const at = bytes.indexOf("Zebrafish body 3");
    bytes[at] = bytes[at]! ^ 0x20;
    const file = path.join(work, "flipped.tar");
    fs.writeFileSync(file, bytes);
    const error = await expectUnchanged(file, /database\.json.*checksum.*Nothing was changed/, "damaged");
    expect(error).toBeInstanceOf(BackupRefused);
  }, 60_000);

  it("rolls back the rows and removes the files written when a row fails inside the transaction", async () => {
    const members = await readTar(fromSqlite);
    const database = members[0]!;
    // A LinkTag pointing at no entry: a foreign-key failure after every file was written.
    const text = database.data.toString("utf8");
    expect(text).toContain('"LinkTag":[\n{"linkId":2,');
    database.data = Buffer.from(text.replace('"LinkTag":[\n{"linkId":2,', '"LinkTag":[\n{"linkId":99,'));
    const file = path.join(work, "bad-row.tar");
    await writeTar(file, forgeManifest(members));
    await expectUnchanged(file, /foreign key/i, "bad_row");
  }, 60_000);

  it("refuses a row whose boolean is not 0 or 1", async () => {
    const members = await readTar(fromSqlite);
    const database = members[0]!;
    const text = database.data.toString("utf8");
    expect(text).toContain('"favourite":0');
    database.data = Buffer.from(text.replace('"favourite":0', '"favourite":"yes"'));
    const file = path.join(work, "bad-boolean.tar");
    await writeTar(file, forgeManifest(members));
    await expectUnchanged(file, /not a boolean/, "bad_boolean");
  }, 60_000);
});
