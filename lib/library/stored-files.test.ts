import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, useTempDataDir } from "@/lib/db/testing";

// The sweep removes files no row refers to (a worker killed between writing and publishing) and keeps the rest.
const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { LocalFileStore } = await import("@/lib/storage/file-store");
const { sweepSnapshotFiles } = await import("./stored-files");

const prisma = db();
const store = new LocalFileStore(dataDir);

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("sweepSnapshotFiles", () => {
  it("removes unreferenced files and empty folders; keeps referenced, in-flight and young files; lists missing ones", async () => {
    const link = await prisma.link.create({ data: { url: "https://example.org/sweep" } });
    const ready = await prisma.snapshot.create({ data: { linkId: link.id, status: "ready" } });
    const capturing = await prisma.snapshot.create({ data: { linkId: link.id, status: "capturing" } });
    const failed = await prisma.snapshot.create({ data: { linkId: link.id, status: "failed" } });

    const kept = await store.write(`snapshots/${link.id}/${ready.id}/a1-aaaa/page.html`, "<p>kept</p>");
    const favicon = await store.write(`snapshots/${link.id}/${ready.id}/a1-aaaa/favicon.png`, "png");
    await prisma.snapshot.update({
      where: { id: ready.id },
      data: { htmlPath: kept.path, screenshotPath: `snapshots/${link.id}/${ready.id}/a1-aaaa/missing.webp` },
    });
    await prisma.link.update({ where: { id: link.id }, data: { faviconPath: favicon.path } });

    // Left by a killed worker: an older attempt of the ready snapshot, a failed snapshot's files, a temp file,
    // and a folder of a link that no longer exists.
    const orphans = [
      `snapshots/${link.id}/${ready.id}/a0-bbbb/page.html`,
      `snapshots/${link.id}/${failed.id}/a1-cccc/screenshot.webp`,
      `snapshots/${link.id}/${ready.id}/a1-aaaa/thumbnail.webp.123.abcd.tmp`,
      `snapshots/999/1000/a1-dddd/page.html`,
    ];
    for (const o of orphans) await store.write(o, "orphan");
    // Being captured right now: not yet published, must stay.
    const inFlight = await store.write(`snapshots/${link.id}/${capturing.id}/a1-eeee/page.html`, "wip");

    const young = await sweepSnapshotFiles({ minAgeMs: 60_000 });
    expect(young.removed).toEqual([]);

    const dry = await sweepSnapshotFiles({ minAgeMs: 0, dryRun: true });
    expect(dry.removed.sort()).toEqual([...orphans].sort());
    expect(listSnapshotFiles(dataDir)).toHaveLength(7);

    const report = await sweepSnapshotFiles({ minAgeMs: 0 });
    expect(report.removed.sort()).toEqual([...orphans].sort());
    expect(report.keptInFlight).toBe(1);
    expect(report.referenced).toBe(2);
    expect(report.missing).toEqual([`snapshots/${link.id}/${ready.id}/a1-aaaa/missing.webp`]);
    expect(listSnapshotFiles(dataDir)).toEqual([favicon.path, kept.path, inFlight.path].sort());
    expect(fs.existsSync(path.join(dataDir, "snapshots/999"))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, `snapshots/${link.id}/${failed.id}`))).toBe(false);
  });
});
