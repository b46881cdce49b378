import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import { launchCaptureBrowser, serveRoutes, type LoopbackSite } from "@/lib/capture/testing";

// A PDF through the whole pipeline: job → capture → files → row → search → served file.
useTempDataDir({ KURA_ALLOWED_HOSTS: "127.0.0.1", KURA_CAPTURE_BUDGET_MS: "60000", KURA_NETWORK_IDLE_MS: "200" });

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const { captureSnapshotNow } = await import("./handler");
const { addEntry } = await import("@/lib/library/entries");
const { LibrarySearch, listEntries } = await import("@/lib/library/search");
const { serveSnapshotFile } = await import("@/lib/library/snapshot-files");

/** The file as the archive route streams it, read to the end. */
async function readSnapshotFile(snapshotId: number, kind: "original" | "html" | "thumbnail") {
  const served = await serveSnapshotFile(snapshotId, kind, { range: null, client: "test" });
  if (!served) return null;
  return { body: Buffer.from(await new Response(served.body).arrayBuffer()), headers: served.headers };
}
const { fileStore } = await import("@/lib/storage/configured-store");
const { blobKey } = await import("@/lib/storage/blobs");

const host = new BrowserHost({ maxContexts: 2, handleSignals: false });
const deps = { host, settings: captureSettings(config()) };
let site: LoopbackSite;
let origin: string;
let pdf: Buffer;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  const browser = await launchCaptureBrowser();
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><meta charset="utf-8"><title>Storehouse Inventory</title>
    <h1>Storehouse Inventory</h1><p>Persimmons dried on the north wall.</p><p>干し柿は北の壁で乾かします。</p>`);
  pdf = await page.pdf({ format: "A4" });
  await browser.close();
  site = await serveRoutes({
    "/inventory.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end(pdf),
    "/run.sh": (res) => res.writeHead(200, { "content-type": "text/html", "content-disposition": "attachment" }).end("<script>alert(1)</script>"),
  });
  origin = site.origin;
}, 60_000);

afterAll(async () => {
  await host.close();
  await site?.close();
});

describe("a capture job with a file instead of a page", () => {
  it("stores a PDF as a .pdf blob with its checksum, text (searchable), title and pictures", async () => {
    const { linkId } = await addEntry({ url: `${origin}/inventory.pdf`, tags: [] });
    const snapshot = await db().snapshot.findFirstOrThrow({ where: { linkId } });
    const outcome = await captureSnapshotNow(snapshot.id, deps);
    expect(outcome.kind).toBe("done");
    const row = await db().snapshot.findUniqueOrThrow({ where: { id: snapshot.id }, include: { link: true } });
    expect(row.status).toBe("ready");
    expect(row.htmlPath).toBeNull();
    expect(row.originalPath).toBe(blobKey(sha(pdf), ".pdf")); // a blob named by its bytes, its type kept
    expect(row.originalBytes).toBe(pdf.length);
    expect(row.originalSha256).toBe(sha(pdf));
    expect(sha(await fileStore().read(row.originalPath!))).toBe(sha(pdf));
    expect(row.contentType).toBe("application/pdf");
    expect(row.thumbnailPath).toMatch(/^blobs\/sha256\/.+\.webp$/);
    expect(row.screenshotPath).toMatch(/^blobs\/sha256\/.+\.webp$/);
    expect(row.link.title).toBe("Storehouse Inventory");
    expect(JSON.parse(row.metadataJson!)).toMatchObject({ kind: "pdf", pages: 1, fileName: "inventory.pdf" });
    expect(row.text).toContain("干し柿は北の壁で乾かします。");

    for (const q of ["Persimmons", "干し柿"]) {
      const found = await listEntries(LibrarySearch.from({ q }));
      expect(found.entries.map((e) => e.id)).toEqual([linkId]);
    }

    const served = await readSnapshotFile(snapshot.id, "original");
    expect(sha(served!.body)).toBe(sha(pdf));
    expect(served!.headers).toMatchObject({
      "Content-Type": "application/pdf",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `attachment; filename="inventory.pdf"; filename*=UTF-8''inventory.pdf`,
    });
    expect(await readSnapshotFile(snapshot.id, "html")).toBeNull();
    // The image type comes from the extension the blob was stored with.
    expect((await readSnapshotFile(snapshot.id, "thumbnail"))!.headers["Content-Type"]).toBe("image/webp");
    // Without its facts (a snapshot of before), the download is named by its type, never by the blob's hash.
    await db().snapshot.update({ where: { id: snapshot.id }, data: { metadataJson: null } });
    expect((await readSnapshotFile(snapshot.id, "original"))!.headers["Content-Disposition"]).toBe(
      `attachment; filename="original.pdf"; filename*=UTF-8''original.pdf`,
    );
  }, 90_000);

  it("serves an HTML download only as an attachment, sandboxed, never as a page", async () => {
    const { linkId } = await addEntry({ url: `${origin}/run.sh`, tags: [] });
    const snapshot = await db().snapshot.findFirstOrThrow({ where: { linkId } });
    expect((await captureSnapshotNow(snapshot.id, deps)).kind).toBe("done");
    const served = await readSnapshotFile(snapshot.id, "original");
    expect(served!.body.toString()).toBe("<script>alert(1)</script>");
    expect(served!.headers["Content-Disposition"]).toMatch(/^attachment; filename="run\.sh"/);
    expect(served!.headers["Content-Security-Policy"]).toMatch(/^sandbox/);
    expect(served!.headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(await readSnapshotFile(snapshot.id, "thumbnail")).toBeNull();
  }, 90_000);
});
