import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, useTempDataDir } from "@/lib/db/testing";
import { serveRoutes } from "@/lib/capture/testing";
import { s3Environment, startS3Server } from "@/lib/storage/testing";

// The whole pipeline with KURA_S3_BUCKET set: a capture's files go to a real S3-compatible server (s3rver on
// loopback) as blobs, are served from it, are stored once for an unchanged re-capture, and the sweep cleans the
// bucket of what no row refers to once the entry is gone — nothing in the data folder.
const s3 = await startS3Server("kura-pipeline");
const dataDir = useTempDataDir({
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_CAPTURE_BUDGET_MS: "60000",
  KURA_NETWORK_IDLE_MS: "200",
  ...s3Environment(s3),
  KURA_S3_PREFIX: "instance-a",
});

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const { captureSnapshotNow } = await import("./handler");
const { addEntry, deleteEntry, recaptureEntry } = await import("@/lib/library/entries");
const { storeBlob } = await import("@/lib/storage/blobs");
const { serveSnapshotFile } = await import("@/lib/library/snapshot-files");
const { sweepSnapshotFiles } = await import("@/lib/library/stored-files");
const { fileStore } = await import("@/lib/storage/configured-store");
const { S3FileStore } = await import("@/lib/storage/s3-file-store");

const host = new BrowserHost({ maxContexts: 1, handleSignals: false });
const deps = { host, settings: captureSettings(config()) };
const logo = crypto.randomBytes(2048);
const site = await serveRoutes({
  "/page": (res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>Bucket page</title>
      <h1>Stored in a bucket</h1><p>防火墙规则保存在对象存储里。</p><img src="/logo.bin" alt="logo">`),
  "/logo.bin": (res) => res.writeHead(200, { "content-type": "image/png" }).end(logo),
});
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

afterAll(async () => {
  await host.close();
  await site.close();
  await db().$disconnect();
  await s3.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("stored files in an S3-compatible bucket", () => {
  it("captures into the bucket under the prefix, serves from it, sweeps it and removes an entry's files", async () => {
    const store = fileStore();
    expect(store).toBeInstanceOf(S3FileStore);

    const { linkId } = await addEntry({ url: `${site.origin}/page`, tags: [] });
    const snapshot = await db().snapshot.findFirstOrThrow({ where: { linkId } });
    expect((await captureSnapshotNow(snapshot.id, deps)).kind).toBe("done");
    const row = await db().snapshot.findUniqueOrThrow({ where: { id: snapshot.id } });
    expect(row.status).toBe("ready");

    const keys = await store.list("blobs");
    expect(keys).toContain(row.htmlPath);
    expect(keys).toContain(row.screenshotPath);
    // Under the prefix in the bucket itself, and nothing in the data folder.
    const settings = config().storage;
    if (settings.kind !== "s3") throw new Error("expected the S3 store");
    const wholeBucket = new S3FileStore({ ...settings, prefix: undefined });
    expect(await wholeBucket.list("instance-a/blobs")).toEqual(keys.map((k) => `instance-a/${k}`));
    expect(listSnapshotFiles(dataDir)).toEqual([]);

    // Streamed from the bucket, whole and as a byte range, with the archive's headers.
    const served = await serveSnapshotFile(snapshot.id, "html", { range: null, client: "test" });
    const body = Buffer.from(await new Response(served!.body).arrayBuffer());
    expect(served!.status).toBe(200);
    expect(body.toString("utf8")).toContain("防火墙规则保存在对象存储里。");
    expect(sha(body)).toBe(row.htmlSha256);
    const part = await serveSnapshotFile(snapshot.id, "html", { range: "bytes=0-9", client: "test" });
    expect(part!.status).toBe(206);
    expect(part!.headers["Content-Range"]).toBe(`bytes 0-9/${body.length}`);
    expect(Buffer.from(await new Response(part!.body).arrayBuffer())).toEqual(body.subarray(0, 10));

    // A re-capture of the unchanged page stores nothing new: its rows point at the same blobs.
    const again = await recaptureEntry(linkId);
    expect((await captureSnapshotNow(again!, deps)).kind).toBe("done");
    const second = await db().snapshot.findUniqueOrThrow({ where: { id: again! } });
    expect(second.htmlPath).toBe(row.htmlPath);
    expect(await store.list("blobs")).toEqual(keys);

    // Orphans left by a killed worker go (a per-snapshot file of before, an unpublished blob); the published stay.
    const orphanBlob = (await storeBlob(store, "unpublished", ".html")).path;
    await store.write(`snapshots/${linkId}/${snapshot.id}/a9-dead/page.html`, "orphan");
    const report = await sweepSnapshotFiles({ minAgeMs: 0 });
    expect(report.removed.sort()).toEqual([orphanBlob, `snapshots/${linkId}/${snapshot.id}/a9-dead/page.html`].sort());
    expect(report.missing).toEqual([]);
    expect(await store.list("blobs")).toEqual(keys);

    // Deleting the entry removes rows; its blobs go with the next sweep, none being referenced any more.
    expect(await deleteEntry(linkId)).toBe(true);
    expect(await store.list("blobs")).toEqual(keys);
    const after = await sweepSnapshotFiles({ minAgeMs: 0 });
    expect(after.removed.sort()).toEqual(keys);
    expect(await store.list("blobs")).toEqual([]);
    expect(await store.list(`snapshots/${linkId}`)).toEqual([]);
  }, 90_000);
});
