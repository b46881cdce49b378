import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// The archive file route's body (serveSnapshotFile) for a page stored split: the page's own length, sha256 and
// byte ranges, with the archive's headers; a damaged skeleton is answered as not found, never as other bytes.
const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { fileStore } = await import("@/lib/storage/configured-store");
const { serveSnapshotFile } = await import("./snapshot-files");
const { snapshotFileColumns, storeCaptureFiles } = await import("./stored-files");

afterAll(async () => {
  await db().$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const photo = Buffer.concat(Array.from({ length: 500 }, (_, n) => crypto.createHash("sha256").update(`route photo ${n}`).digest()));
const page = Buffer.from(`<!doctype html><h1>Split</h1><img src="data:image/jpeg;base64,${photo.toString("base64")}"><p>after the photo ✓</p>`);

async function body(served: Awaited<ReturnType<typeof serveSnapshotFile>>): Promise<Buffer> {
  return Buffer.from(await new Response(served!.body).arrayBuffer());
}

describe("serving a split page", () => {
  it("answers the page's bytes whole and in ranges across its part, with the archive's headers", async () => {
    const stored = await storeCaptureFiles(fileStore(), [{ kind: "html", name: "snapshot.html", body: page }]);
    expect(stored.files.html!.path).toMatch(/\.skeleton$/);
    const link = await db().link.create({ data: { url: "https://route.example/split" } });
    const snapshot = await db().snapshot.create({ data: { linkId: link.id, status: "ready", ...snapshotFileColumns(stored) } });
    await db().snapshotPart.createMany({ data: stored.parts.map((p) => ({ snapshotId: snapshot.id, path: p.path, bytes: p.bytes })) });

    const whole = await serveSnapshotFile(snapshot.id, "html", { range: null, client: "test" });
    expect(whole!.status).toBe(200);
    expect(whole!.headers["Content-Length"]).toBe(String(page.length));
    expect(whole!.headers["Content-Security-Policy"]).toMatch(/^sandbox/);
    expect((await body(whole)).equals(page)).toBe(true);

    const at = page.indexOf("base64,") + "base64,".length;
    const ranged = await serveSnapshotFile(snapshot.id, "html", { range: `bytes=${at - 9}-${at + 9}`, client: "test" });
    expect(ranged!.status).toBe(206);
    expect(ranged!.headers["Content-Range"]).toBe(`bytes ${at - 9}-${at + 9}/${page.length}`);
    expect((await body(ranged)).equals(page.subarray(at - 9, at + 10))).toBe(true);
    expect((await serveSnapshotFile(snapshot.id, "html", { range: `bytes=${page.length}-`, client: "test" }))!.status).toBe(416);

    // A skeleton damaged in the store: not found, not a page made of other bytes.
    await fileStore().write(stored.files.html!.path, "<!doctype html><p>not a skeleton</p>");
    expect(await serveSnapshotFile(snapshot.id, "html", { range: null, client: "test" })).toBeNull();
  });
});
