import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Backup and restore between two real data folders (SQLite file + stored files): the restored library is the same
// rows and the same bytes, and every damaged archive is refused with the target left exactly as it was.
const source = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { LocalFileStore } = await import("@/lib/storage/file-store");
const { fileStore } = await import("@/lib/storage/configured-store");
const { storeBlob, blobKey } = await import("@/lib/storage/blobs");
const { s3StoreOn, startS3Server } = await import("@/lib/storage/testing");
const { writeBackup, restoreBackup, BackupRefused } = await import("./index");
const { libraryRows, rowCounts, fileHashes, readTar, writeTar, forgeManifest } = await import("./testing");
const { searchIndexOn, parseQuery } = await import("@/lib/search");
const { storedDateTime } = await import("@/lib/db/sqlite");

db(); // the configuration is read now: the target folders made below do not move this process's library
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kura-backup-test-"));

async function fillSource() {
  const store = fileStore();
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255, 254]);
  for (let i = 1; i <= 3; i++) {
    const link = await db().link.create({
      data: {
        url: `https://backup.example/${i}`,
        title: `Entry ${i} 日本語 & <b>`,
        description: `Description ${i}`,
        note: i === 1 ? "A **note** with\nlines" : null,
        favourite: i === 2,
        state: ["unread", "read", "archived"][i - 1],
        customTitle: i === 3 ? "Own title" : null,
        origin: i === 3 ? "seed" : "web",
        tags: { create: [{ tag: { connectOrCreate: { where: { key: "docker" }, create: { name: "Docker", key: "docker", color: "#aa0000" } } } }] },
      },
    });
    for (let s = 1; s <= 2; s++) {
      const snapshot = await db().snapshot.create({ data: { linkId: link.id, status: s === 1 ? "failed" : "ready", error: s === 1 ? "timeout" : null } });
      if (s === 1) continue;
      const folder = `snapshots/${link.id}/${snapshot.id}/a1-${i}beef`;
      const html = await store.write(`${folder}/snapshot.html`, `<html><body>Zebrafish ${i} 中文</body></html>`);
      const shot = await store.write(`${folder}/screenshot.webp`, png);
      await db().snapshot.update({
        where: { id: snapshot.id },
        data: {
          capturedAt: new Date(),
          text: `Zebrafish body ${i}`,
          htmlPath: html.path,
          htmlSha256: html.sha256,
          htmlBytes: html.bytes,
          screenshotPath: shot.path,
          screenshotBytes: shot.bytes,
          metadataJson: JSON.stringify({ byline: "Ann" }),
        },
      });
    }
    const favicon = await store.write(`snapshots/${link.id}/favicon.png`, png);
    await db().link.update({ where: { id: link.id }, data: { faviconPath: favicon.path } });
  }
  // Two entries keeping the same PDF: one blob, which the backup holds once.
  const pdf = Buffer.from("%PDF-1.4\n% the same document linked twice\n%%EOF\n");
  for (const i of [4, 5]) {
    const link = await db().link.create({ data: { url: `https://backup.example/paper-${i}.pdf`, title: `Paper ${i}` } });
    const blob = await storeBlob(store, pdf, ".pdf");
    await db().snapshot.create({
      data: {
        linkId: link.id,
        status: "ready",
        contentType: "application/pdf",
        originalPath: blob.path,
        originalSha256: blob.sha256,
        originalBytes: blob.bytes,
      },
    });
  }
  await db().tag.create({ data: { name: "net", key: "net", links: { create: [{ linkId: 1 }] } } });
  await db().shareLink.create({ data: { linkId: 1, tokenHash: "f".repeat(64) } });
  await db().writeUpDecision.create({ data: { firstId: 1, secondId: 2, together: false } });
  await db().appState.create({ data: { key: "seed:example", value: "2026-01-01T00:00:00.000Z" } });
}

/** A migrated, empty data folder beside the source, with one seeded write-up (what a fresh install has). */
async function freshTarget(): Promise<string> {
  const previous = process.env.KURA_DATA_DIR;
  const dir = useTempDataDir();
  process.env.KURA_DATA_DIR = previous;
  const sqlite = new Database(path.join(dir, "kura.db"));
  const now = storedDateTime(new Date());
  sqlite.prepare(`INSERT INTO "Link" (url, title, origin, createdAt, updatedAt) VALUES (?, ?, 'seed', ?, ?)`).run("https://seed.example/", "Seeded", now, now);
  const key = "snapshots/1/1/a1-seed/snapshot.html";
  sqlite.prepare(`INSERT INTO "Snapshot" (linkId, status, htmlPath, createdAt) VALUES (1, 'ready', ?, ?)`).run(key, now);
  sqlite.close();
  await new LocalFileStore(dir).write(key, "<p>seeded</p>");
  return dir;
}

const into = (dir: string) => ({ databaseFile: path.join(dir, "kura.db"), store: new LocalFileStore(dir) });

let archive: string;
beforeAll(async () => {
  await fillSource();
  archive = path.join(work, "good.tar");
  await writeBackup(fs.createWriteStream(archive));
});

describe("a full backup", () => {
  it("holds a manifest with counts and the checksum of every member, database.json and every stored file", async () => {
    const members = await readTar(archive);
    const names = members.map((m) => m.name);
    expect(names[0]).toBe("database.json");
    expect(names.at(-1)).toBe("manifest.json");
    const manifest = JSON.parse(members.at(-1)!.data.toString("utf8")) as { members: Array<{ name: string }> };
    expect(manifest).toMatchObject({
      format: "kura-backup",
      formatVersion: 1,
      counts: { entries: 5, snapshots: 8, tags: 2, linkTags: 4, shareLinks: 1, appState: 1, files: 10 },
    });
    expect(manifest.members.map((m) => m.name)).toEqual(names.slice(0, -1));
    expect(names.filter((n) => n.startsWith("files/")).map((n) => n.slice(6))).toEqual(Object.keys(await fileHashes(source)).sort());
    const database = JSON.parse(members[0]!.data.toString("utf8")) as { tables: Record<string, unknown[]> };
    expect(database.tables.Link).toHaveLength(5);
    expect(database.tables).not.toHaveProperty("User");
  });

  it("holds a blob shared by two entries once", async () => {
    const names = (await readTar(archive)).map((m) => m.name).filter((n) => n.startsWith("files/blobs/"));
    expect(names).toHaveLength(1);
    const rows = libraryRows(source).Snapshot as Array<{ originalPath: string | null }>;
    expect(rows.filter((r) => `files/${r.originalPath}` === names[0])).toHaveLength(2);
  });
});

describe("restore", () => {
  it("gives the same rows and the same file bytes in an empty instance, replacing its seeded write-up, and is searchable", async () => {
    const target = await freshTarget();
    const summary = await restoreBackup(archive, into(target));
    expect(summary).toMatchObject({ entries: 5, snapshots: 8, tags: 2, files: 10, requeued: 0, replaced: 1 });
    expect(libraryRows(target)).toEqual(libraryRows(source));
    expect(await fileHashes(target)).toEqual(await fileHashes(source));
    const sqlite = new Database(path.join(target, "kura.db"));
    const hits = await searchIndexOn(sqlite).query(parseQuery("zebrafish"), { tagKeys: [], includeArchived: true }, { page: 1, size: 10 });
    sqlite.close();
    expect(hits.total).toBe(3);
  });

  it("round-trips byte for byte through an S3 bucket: the backup of the restored library is the same archive", async () => {
    const server = await startS3Server();
    try {
      const bucket = s3StoreOn(server);
      const now = new Date("2026-12-01T00:00:00.000Z");
      const first = path.join(work, "s3-first.tar");
      await writeBackup(fs.createWriteStream(first), { now });
      const target = await freshTarget();
      const databaseFile = path.join(target, "kura.db");
      await restoreBackup(first, { databaseFile, store: bucket });
      expect(libraryRows(target)).toEqual(libraryRows(source));
      const stored = [...(await bucket.list("snapshots")), ...(await bucket.list("blobs"))].sort();
      expect(stored).toEqual(Object.keys(await fileHashes(source)).sort());
      const second = path.join(work, "s3-second.tar");
      await writeBackup(fs.createWriteStream(second), { databaseFile, store: bucket, now });
      expect(fs.readFileSync(second).equals(fs.readFileSync(first))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("restores a backup made before pages were split (no SnapshotPart table, no count for it)", async () => {
    const members = await readTar(archive);
    const database = members.find((m) => m.name === "database.json")!;
    const before = database.data.toString("utf8").replace('"SnapshotPart":[\n],\n', "");
    expect(before).not.toContain("SnapshotPart");
    const manifestMember = members.find((m) => m.name === "manifest.json")!;
    const manifest = JSON.parse(manifestMember.data.toString("utf8")) as { counts: Record<string, number>; columns: Record<string, string[]> };
    delete manifest.counts.snapshotParts;
    delete manifest.columns.SnapshotPart;
    const old = path.join(work, "before-parts.tar");
    await writeTar(
      old,
      forgeManifest(
        members.map((m) =>
          m === database ? { ...m, data: Buffer.from(before) } : m === manifestMember ? { ...m, data: Buffer.from(JSON.stringify(manifest)) } : m,
        ),
      ),
    );
    const target = await freshTarget();
    expect(await restoreBackup(old, into(target))).toMatchObject({ entries: 5, snapshots: 8, files: 10 });
    expect(libraryRows(target)).toEqual(libraryRows(source));
  });

  it("keeps a blob the target already holds with the same bytes", async () => {
    const target = await freshTarget();
    const pdfKey = Object.keys(await fileHashes(source)).find((k) => k.startsWith("blobs/"))!;
    const old = new Date(Date.now() - 3_600_000);
    await new LocalFileStore(target).write(pdfKey, await fileStore().read(pdfKey));
    fs.utimesSync(path.join(target, pdfKey), old, old);
    await restoreBackup(archive, into(target));
    expect(await fileHashes(target)).toEqual(await fileHashes(source));
    // Its age renewed: a sweep running during the restore leaves it for the rows about to point at it.
    expect(fs.statSync(path.join(target, pdfKey)).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
  });

  it("refuses an instance with entries of its own, changing nothing", async () => {
    const target = await freshTarget();
    const sqlite = new Database(path.join(target, "kura.db"));
    sqlite.prepare(`UPDATE "Link" SET origin = 'web'`).run();
    sqlite.close();
    const [rows, files] = [rowCounts(target), await fileHashes(target)];
    await expect(restoreBackup(archive, into(target))).rejects.toThrow(/already has 1 entry of its own/);
    expect(rowCounts(target)).toEqual(rows);
    expect(await fileHashes(target)).toEqual(files);
  });

  it("says what to do when the target has no database yet", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kura-no-db-"));
    await expect(restoreBackup(archive, into(empty))).rejects.toThrow(/There is no database at .*npm run db:migrate/);
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it("queues again a capture that was pending when the backup was made", async () => {
    const pending = await db().snapshot.create({ data: { linkId: 1, status: "capturing", stage: "loading" } });
    const file = path.join(work, "pending.tar");
    await writeBackup(fs.createWriteStream(file));
    await db().snapshot.delete({ where: { id: pending.id } });
    const target = await freshTarget();
    expect((await restoreBackup(file, into(target))).requeued).toBe(1);
    const sqlite = new Database(path.join(target, "kura.db"));
    expect(sqlite.prepare(`SELECT s.status, s.stage, j.state FROM "Snapshot" s JOIN "Job" j ON j.snapshotId = s.id`).all()).toEqual([
      { status: "queued", stage: null, state: "queued" },
    ]);
    sqlite.close();
  });
});

describe("a damaged backup is refused before anything changes", () => {
  async function expectRefused(file: string, reason: RegExp) {
    const target = await freshTarget();
    const [rows, files] = [rowCounts(target), await fileHashes(target)];
    const error = await restoreBackup(file, into(target)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupRefused);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/Nothing was changed/);
    expect(rowCounts(target)).toEqual(rows);
    expect(await fileHashes(target)).toEqual(files);
    expect(Object.keys(files)).toEqual(["snapshots/1/1/a1-seed/snapshot.html"]);
  }

  it("a truncated archive", async () => {
    const bytes = fs.readFileSync(archive);
    for (const cut of [Math.floor(bytes.length / 2), bytes.length - 1024 - 700]) {
      const file = path.join(work, `truncated-${cut}.tar`);
      fs.writeFileSync(file, bytes.subarray(0, cut));
      await expectRefused(file, /truncated|cut short|no manifest/);
    }
  });

  it("one flipped byte inside a stored file's member", async () => {
    const bytes = Buffer.from(fs.readFileSync(archive));
    const at = bytes.indexOf("Zebrafish 2");
    bytes[at] = bytes[at]! ^ 0x20;
    const file = path.join(work, "flipped.tar");
    fs.writeFileSync(file, bytes);
    await expectRefused(file, /does not match its checksum/);
  });

  it("a flipped byte in database.json", async () => {
    const bytes = Buffer.from(fs.readFileSync(archive));
    const at = bytes.indexOf("Description 2");
    bytes[at] = bytes[at]! ^ 0x01;
    const file = path.join(work, "flipped-db.tar");
    fs.writeFileSync(file, bytes);
    await expectRefused(file, /database\.json.*checksum/);
  });

  it("a manifest listing a member the archive does not have", async () => {
    const members = await readTar(archive);
    const file = path.join(work, "missing.tar");
    await writeTar(
      file,
      members.filter((m) => !m.name.endsWith("screenshot.webp") || !m.name.startsWith("files/snapshots/2/")),
    );
    await expectRefused(file, /listed in the manifest but missing from the archive/);
  });

  it("a member the manifest does not list", async () => {
    const members = await readTar(archive);
    const file = path.join(work, "extra.tar");
    await writeTar(file, [...members.slice(0, 1), { name: "files/snapshots/1/extra.txt", data: Buffer.from("extra") }, ...members.slice(1)]);
    await expectRefused(file, /member “files\/snapshots\/1\/extra.txt” is not in the manifest/);
  });

  it("a manifest that is not one", async () => {
    const members = await readTar(archive);
    const file = path.join(work, "bad-manifest.tar");
    await writeTar(file, [...members.slice(0, -1), { name: "manifest.json", data: Buffer.from('{"format":"kura-backup"}') }]);
    await expectRefused(file, /not a Kura backup manifest/);
  });

  it("a row pointing at a file the archive does not have, even with a manifest that agrees", async () => {
    const members = (await readTar(archive)).filter((m) => !(m.name.startsWith("files/snapshots/2/") && m.name.endsWith("screenshot.webp")));
    const file = path.join(work, "dangling.tar");
    await writeTar(file, forgeManifest(members));
    await expectRefused(file, /points at .* which is not in the archive/);
  });

  it("a member named with ../ (or absolute, or a link), even with a manifest that agrees", async () => {
    const members = await readTar(archive);
    for (const [i, name] of ["files/snapshots/../../evil.txt", "files/../kura.db", "/etc/evil", "files/snapshots/1/..\\x"].entries()) {
      const file = path.join(work, `traversal-${i}.tar`);
      await writeTar(file, forgeManifest([...members.slice(0, 1), { name, data: Buffer.from("evil") }, ...members.slice(1)]));
      await expectRefused(file, /is not one Kura writes/);
    }
    const file = path.join(work, "symlink.tar");
    await writeTar(file, [...members.slice(0, 1), { name: "files/snapshots/9/link", data: Buffer.alloc(0), type: "symlink" }, ...members.slice(1)]);
    await expectRefused(file, /is a symlink, not a file/);
  });

  it("a blob whose bytes are not the ones its name says, even with a manifest that agrees", async () => {
    const members = await readTar(archive);
    const blob = members.find((m) => m.name.startsWith("files/blobs/"))!;
    blob.data = Buffer.from("%PDF-1.4 forged");
    const file = path.join(work, "forged-blob.tar");
    await writeTar(file, forgeManifest(members));
    await expectRefused(file, /does not hold the bytes its name says/);
    expect(blob.name).toBe(`files/${blobKey(crypto.createHash("sha256").update("%PDF-1.4\n% the same document linked twice\n%%EOF\n").digest("hex"), ".pdf")}`);
  });

  it("a row whose file path leaves the store", async () => {
    const members = await readTar(archive);
    const database = members[0]!;
    database.data = Buffer.from(database.data.toString("utf8").replace(/"faviconPath":"[^"]+"/, '"faviconPath":"../../etc/passwd"'));
    const file = path.join(work, "row-traversal.tar");
    await writeTar(file, forgeManifest(members));
    await expectRefused(file, /points at a file outside the store/);
  });

  it("a file already in the target's store with other bytes", async () => {
    const target = await freshTarget();
    const key = Object.keys(await fileHashes(source))[0]!;
    await new LocalFileStore(target).write(key, "different bytes");
    const [rows, files] = [rowCounts(target), await fileHashes(target)];
    await expect(restoreBackup(archive, into(target))).rejects.toThrow(/already holds a different file/);
    expect(rowCounts(target)).toEqual(rows);
    expect(await fileHashes(target)).toEqual(files);
  });

  it("a failure while writing rows removes the files already written", async () => {
    const members = await readTar(archive);
    const database = members[0]!;
    // A LinkTag pointing at no entry: a foreign-key failure inside the transaction, after every file was written.
    database.data = Buffer.from(database.data.toString("utf8").replace('"LinkTag":[\n{"linkId":1,', '"LinkTag":[\n{"linkId":99,'));
    const file = path.join(work, "bad-row.tar");
    await writeTar(file, forgeManifest(members));
    const target = await freshTarget();
    const [rows, files] = [rowCounts(target), await fileHashes(target)];
    await expect(restoreBackup(file, into(target))).rejects.toThrow(/FOREIGN KEY/);
    expect(rowCounts(target)).toEqual(rows);
    expect(await fileHashes(target)).toEqual(files);
  });
});
