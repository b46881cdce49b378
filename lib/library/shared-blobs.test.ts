import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import type { FileStore } from "@/lib/storage/file-store";

// Identical files stored once, on both stores (the data folder and a real s3rver on loopback), with real SQLite
// rows: the same bytes twice are one blob; a blob stays while any row refers to it and goes with the sweep after;
// a blob reused by a capture while a sweep is deleting it is still there, with its bytes, once the capture published.
// Run from shared-blobs.postgres.test.ts, the rows are on a real PostgreSQL server (KURA_TEST_POSTGRES_URL), where
// the sweep and the publish take the advisory blob lock and the parts are looked up by their own SQL.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
const dataDir = useTempDataDir(postgresUrl ? { DATABASE_URL: postgresUrl } : {});
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const { deleteEntry } = await import("./entries");
const stored = await import("./stored-files");
const { LocalFileStore } = await import("@/lib/storage/file-store");
const { s3StoreOn, startS3Server } = await import("@/lib/storage/testing");
const { sweepOrphanFiles } = await import("@/lib/storage/sweep");
const { storeBlob } = await import("@/lib/storage/blobs");
const { readStoredFile } = await import("@/lib/storage/stored-file");
type CaptureFile = import("./stored-files").CaptureFile;
type StoredFiles = import("./stored-files").StoredFiles;

const prisma = db();
let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server("kura-blobs");
});
afterAll(async () => {
  await s3.stop();
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let counter = 0;
/** The files of one capture of a page whose bytes are `body` (plus a PDF every page keeps). */
function captureOf(body: string): CaptureFile[] {
  return [
    { kind: "html", name: "snapshot.html", body: `<!doctype html><p>${body}</p>` },
    { kind: "screenshot", name: "screenshot.webp", body: Buffer.from(`webp of ${body}`) },
    { kind: "original", name: "original.pdf", body: Buffer.from("%PDF-1.4 shared by all\n%%EOF") },
  ];
}

const sha = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");
/** Bytes that stand for an image: large enough to be stored apart from the page that inlines them. */
const imageOf = (seed: string) => Buffer.concat(Array.from({ length: 400 }, (_, n) => crypto.createHash("sha256").update(`${seed} ${n}`).digest()));
const photo = imageOf("photo");
const chart = imageOf("chart");

/** The snapshot of a page inlining `images` as data: URIs, as the serializer writes them. */
function pageWith(body: string, images: Buffer[]): CaptureFile[] {
  const inlined = images.map((image) => `<img src="data:image/png;base64,${image.toString("base64")}">`).join("");
  return [{ kind: "html", name: "snapshot.html", body: `<!doctype html><p>${body}</p>${inlined}` }];
}

/**
 * An entry with one ready snapshot whose rows point at `files`, written in one transaction as a capture publishes
 * (a transaction waits for the sweep's; see deleteUnreferencedBlobs).
 */
async function publishedEntry(files: StoredFiles): Promise<{ linkId: number; snapshotId: number }> {
  return prisma.$transaction(async (tx) => {
    await stored.holdBlobLock(tx, "shared"); // as publish() does: on PostgreSQL the sweep's delete waits for it
    const link = await tx.link.create({ data: { url: `https://blobs.example/${++counter}` } });
    const snapshot = await tx.snapshot.create({ data: { linkId: link.id, status: "ready", ...stored.snapshotFileColumns(files) } });
    await tx.snapshotPart.createMany({ data: files.parts.map((part) => ({ snapshotId: snapshot.id, path: part.path, bytes: part.bytes })) });
    return { linkId: link.id, snapshotId: snapshot.id };
  });
}

const blobsOf = (store: FileStore) => store.list("blobs");

/** No entries, and (after a sweep) no blobs: each store's run starts from nothing, as do some tests. */
async function emptyLibrary(store: FileStore): Promise<void> {
  await prisma.link.deleteMany();
  await stored.sweepSnapshotFiles({ minAgeMs: 0, store });
  expect(await blobsOf(store)).toEqual([]);
}

function sharedBlobs(name: string, makeStore: () => FileStore) {
  describe(`identical files stored once: ${name}`, () => {
    let store: FileStore;
    beforeAll(async () => {
      store = makeStore();
      await emptyLibrary(store);
    });

    /**
     * A sweep that, between listing the unreferenced blobs and deleting them, sees a capture store the same files
     * again (reusing the blobs it is about to delete). minAgeMs 0: the renewal does not save them, so the delete goes
     * through after the capture found them. Returns what that capture stored.
     */
    async function recapturedDuringSweep(files: CaptureFile[]): Promise<StoredFiles> {
      let reused: StoredFiles = stored.NO_STORED_FILES;
      await sweepOrphanFiles({
        minAgeMs: 0,
        store,
        referenced: () => stored.referencedPaths(prisma),
        busyFolders: async () => [],
        removeBlobs: async (candidates, minAgeMs) => {
          reused = await stored.storeCaptureFiles(store, files);
          return stored.deleteUnreferencedBlobs(candidates, { store, prisma, minAgeMs });
        },
      });
      return reused;
    }

    it("stores the same content twice as one blob, reused the second time", async () => {
      const files = captureOf(`same ${name}`);
      const first = await stored.storeCaptureFiles(store, files);
      const second = await stored.storeCaptureFiles(store, files);
      for (const kind of ["html", "screenshot", "original"] as const) {
        expect(second.files[kind]!.path).toBe(first.files[kind]!.path);
        expect(first.files[kind]!.path).toMatch(/^blobs\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.(html|webp|pdf)$/);
        expect(first.files[kind]!.reused).toBe(false);
        expect(second.files[kind]!.reused).toBe(true);
      }
      expect(await blobsOf(store)).toEqual(first.blobs.map((f) => f.path).sort());
      expect((await store.read(first.files.html!.path)).toString()).toBe(`<!doctype html><p>same ${name}</p>`);
      await stored.sweepSnapshotFiles({ minAgeMs: 0, store }); // nothing refers to them: gone, for the next test
      expect(await blobsOf(store)).toEqual([]);
    });

    it("keeps a blob while one of its entries is left; deleting both and sweeping removes it", async () => {
      const a = await publishedEntry(await stored.storeCaptureFiles(store, captureOf(`a ${name}`)));
      const bFiles = await stored.storeCaptureFiles(store, captureOf(`b ${name}`));
      const b = await publishedEntry(bFiles);
      const pdf = bFiles.files.original!.path;
      expect(await blobsOf(store)).toHaveLength(5); // two pages' html and screenshot, one PDF

      expect(await deleteEntry(a.linkId)).toBe(true);
      const afterA = await stored.sweepSnapshotFiles({ minAgeMs: 0, store });
      expect(afterA.removed).toHaveLength(2); // a's html and screenshot
      expect(afterA.removed).not.toContain(pdf);
      expect(afterA.missing).toEqual([]);
      expect((await store.read(pdf)).toString()).toBe("%PDF-1.4 shared by all\n%%EOF");

      expect(await deleteEntry(b.linkId)).toBe(true);
      expect(await store.stat(pdf)).not.toBeNull(); // deleting rows never deletes a blob
      const afterB = await stored.sweepSnapshotFiles({ minAgeMs: 0, store });
      expect(afterB.removed.sort()).toEqual(bFiles.blobs.map((f) => f.path).sort());
      expect(await blobsOf(store)).toEqual([]);
    });

    it("a sweep leaves a blob younger than the minimum age and one a capture renewed since the listing", async () => {
      const files = captureOf(`renewed ${name}`);
      const orphan = await stored.storeCaptureFiles(store, files);
      const young = await stored.sweepSnapshotFiles({ minAgeMs: 60_000, store });
      expect(young.removed).toEqual([]);
      // Old enough by the listing (S3 keeps times to the second, hence the wait)…
      await new Promise((resolve) => setTimeout(resolve, 3500));
      let reused: StoredFiles = stored.NO_STORED_FILES;
      const report = await sweepOrphanFiles({
        minAgeMs: 3000,
        store,
        referenced: () => stored.referencedPaths(prisma),
        busyFolders: async () => [],
        // …but a capture reuses the blobs between the listing and the deletion: their age is renewed, they stay.
        removeBlobs: async (candidates, minAgeMs) => {
          expect(candidates.sort()).toEqual(orphan.blobs.map((f) => f.path).sort());
          reused = await stored.storeCaptureFiles(store, files);
          return stored.deleteUnreferencedBlobs(candidates, { store, prisma, minAgeMs });
        },
      });
      expect(report.removed).toEqual([]);
      expect(reused.blobs.every((f) => f.reused)).toBe(true);
      await publishedEntry(reused);
      for (const f of reused.blobs) expect(await store.stat(f.path)).not.toBeNull();
      expect((await stored.sweepSnapshotFiles({ minAgeMs: 0, store })).missing).toEqual([]);
    }, 30_000);

    it("a blob a sweep deletes after a capture reused it is written again once the capture published", async () => {
      await emptyLibrary(store);
      const files = captureOf(`raced ${name}`);
      await stored.storeCaptureFiles(store, files);
      const reused = await recapturedDuringSweep(files);
      expect(reused.files.html!.reused).toBe(true);
      expect(await store.stat(reused.files.html!.path)).toBeNull(); // removed under the capture
      await publishedEntry(reused);
      const rewritten = await stored.keepPublishedFiles(store, reused);
      expect(rewritten.sort()).toEqual(reused.blobs.map((f) => f.path).sort());
      expect((await store.read(reused.files.html!.path)).toString()).toBe(`<!doctype html><p>raced ${name}</p>`);
      expect((await stored.sweepSnapshotFiles({ minAgeMs: 0, store })).missing).toEqual([]);
    });

    it("captures publishing the same bytes while sweeps run leave no row pointing at a missing blob", async () => {
      const files = captureOf(`concurrent ${name}`);
      for (let round = 0; round < 8; round++) {
        const capture = async () => {
          const mine = await stored.storeCaptureFiles(store, files);
          await publishedEntry(mine);
          await stored.keepPublishedFiles(store, mine);
        };
        const sweep = () => stored.sweepSnapshotFiles({ minAgeMs: 0, store });
        await Promise.all([capture(), sweep(), capture(), sweep()]);
        // The entries go again, so each round's sweeps have unreferenced blobs to race over.
        const referenced = await stored.referencedPaths(prisma);
        for (const key of referenced) expect(await store.stat(key), key).not.toBeNull();
        for (const link of await prisma.link.findMany({ where: { url: { startsWith: "https://blobs.example/" } } })) await deleteEntry(link.id);
      }
    }, 60_000);

    it("an image inlined by two pages is one blob, kept while either page is left and swept after both", async () => {
      await emptyLibrary(store);
      const a = await stored.storeCaptureFiles(store, pageWith(`a ${name}`, [photo]));
      const b = await stored.storeCaptureFiles(store, pageWith(`b ${name}`, [photo, chart]));
      const photoKey = a.parts[0]!.path;
      expect(a.parts).toHaveLength(1);
      expect(b.parts.map((p) => p.path)).toContain(photoKey);
      expect(a.files.html!.path).toMatch(/\.skeleton$/);
      // Two skeletons, the photo once, the chart: four blobs for two pages holding three images.
      expect(await blobsOf(store)).toHaveLength(4);
      const entryA = await publishedEntry(a);
      const entryB = await publishedEntry(b);
      const html = (files: CaptureFile[]) => Buffer.from(files[0]!.body);
      const pageB = html(pageWith(`b ${name}`, [photo, chart]));
      expect(b.files.html).toMatchObject({ bytes: pageB.length, sha256: sha(pageB) });

      expect(await deleteEntry(entryA.linkId)).toBe(true);
      const afterA = await stored.sweepSnapshotFiles({ minAgeMs: 0, store });
      expect(afterA.removed).toEqual([a.files.html!.path]);
      expect(afterA.missing).toEqual([]);
      expect(sha(await readStoredFile(store, b.files.html!.path))).toBe(sha(pageB));

      expect(await deleteEntry(entryB.linkId)).toBe(true);
      await stored.sweepSnapshotFiles({ minAgeMs: 0, store });
      expect(await blobsOf(store)).toEqual([]);
    });

    it("a part a sweep deletes after a capture reused it is written again once the capture published", async () => {
      await emptyLibrary(store);
      const files = pageWith(`raced parts ${name}`, [photo]);
      await stored.storeCaptureFiles(store, files);
      const reused = await recapturedDuringSweep(files);
      const part = reused.parts[0]!.path;
      expect(reused.blobs.every((b) => b.reused)).toBe(true);
      expect(await store.stat(part)).toBeNull(); // removed under the capture, with its skeleton
      await publishedEntry(reused);
      expect((await stored.keepPublishedFiles(store, reused)).sort()).toEqual([part, reused.files.html!.path].sort());
      expect(sha(await readStoredFile(store, reused.files.html!.path))).toBe(sha(Buffer.from(files[0]!.body)));
      expect((await stored.sweepSnapshotFiles({ minAgeMs: 0, store })).missing).toEqual([]);
    });

    it("an unpublished page removes its skeleton and the parts it wrote, not a part a published page shares", async () => {
      await emptyLibrary(store);
      const kept = await stored.storeCaptureFiles(store, pageWith(`kept page ${name}`, [photo]));
      await publishedEntry(kept);
      const lost = await stored.storeCaptureFiles(store, pageWith(`lost page ${name}`, [photo, chart]));
      const removed = await stored.releaseUnpublishedFiles(store, lost, prisma);
      const chartKey = lost.parts.find((p) => p.path !== kept.parts[0]!.path)!.path;
      expect(removed.sort()).toEqual([lost.files.html!.path, chartKey].sort());
      expect(await blobsOf(store)).toEqual([kept.files.html!.path, kept.parts[0]!.path].sort());
    });

    it("a capture that does not publish removes the blobs it wrote, not the ones it reused", async () => {
      await emptyLibrary(store);
      const shared = await stored.storeCaptureFiles(store, captureOf(`kept ${name}`));
      await publishedEntry(shared);
      const unpublished = await stored.storeCaptureFiles(store, [
        ...captureOf(`lost ${name}`).slice(0, 2),
        { kind: "original", name: "original.pdf", body: Buffer.from("%PDF-1.4 shared by all\n%%EOF") },
      ]);
      expect(unpublished.files.original!.reused).toBe(true);
      const removed = await stored.releaseUnpublishedFiles(store, unpublished, prisma);
      expect(removed.sort()).toEqual([unpublished.files.html!.path, unpublished.files.screenshot!.path].sort());
      expect(await store.stat(shared.files.original!.path)).not.toBeNull();
      expect(await blobsOf(store)).toEqual(shared.blobs.map((f) => f.path).sort());
    });
  });
}

sharedBlobs("LocalFileStore", () => new LocalFileStore(dataDir));
sharedBlobs("S3FileStore", () => s3StoreOn(s3, "kura"));

describe("blob keys", () => {
  it("keep a usable extension and nothing else", async () => {
    const store = new LocalFileStore(path.join(dataDir, "keys"));
    expect((await storeBlob(store, "x", ".PNG")).path).toMatch(/\.png$/);
    expect((await storeBlob(store, "x", ".we/../b")).path).toMatch(/\/[0-9a-f]{64}$/);
  });
});
