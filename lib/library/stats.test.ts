import { beforeEach, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import { FAILURE } from "@/lib/capture/errors";

// The stats page's numbers over a real SQLite file — or, run from stats.postgres.test.ts, a real PostgreSQL server
// (KURA_TEST_POSTGRES_URL), where the month and size statements have their own SQL: rows written with their own
// dates and sizes, then counted. Every case holds on both databases.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
useTempDataDir(postgresUrl ? { DATABASE_URL: postgresUrl } : {});
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const { libraryStats, monthsUntil, originalType } = await import("./stats");

const NOW = new Date("2026-12-03T16:00:00Z");

type SnapshotRow = {
  status: "ready" | "failed" | "queued";
  createdAt: string;
  error?: string;
  htmlPath?: string;
  htmlBytes?: number;
  screenshotPath?: string;
  screenshotBytes?: number;
  thumbnailBytes?: number;
  originalBytes?: number;
  contentType?: string;
};

async function entry(url: string, createdAt: string, snapshots: SnapshotRow[], origin = "web") {
  await db().link.create({
    data: {
      url,
      origin,
      createdAt: new Date(createdAt),
      snapshots: { create: snapshots.map((s) => ({ ...s, createdAt: new Date(s.createdAt) })) },
    },
  });
}

describe("monthsUntil", () => {
  it("counts back across a year's end, in UTC", () => {
    expect(monthsUntil(new Date("2026-02-01T00:30:00Z"), 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

describe("originalType", () => {
  it("tells PDFs and images from other files by their content type", () => {
    expect(originalType("application/pdf")).toBe("pdf");
    expect(originalType("image/png; charset=binary")).toBe("image");
    expect(originalType("application/zip")).toBe("download");
    expect(originalType(null)).toBe("download");
  });
});

describe("libraryStats", () => {
  // Each case counts its own rows only.
  beforeEach(async () => {
    await db().link.deleteMany();
  });

  it("is all zeros for an empty library", async () => {
    const stats = await libraryStats({ now: NOW, months: 3 });
    expect(stats).toEqual({
      months: ["2026-10", "2026-11", "2026-12"],
      entries: { total: 0, earlier: 0, perMonth: [0, 0, 0] },
      captures: { ready: [0, 0, 0], failed: [0, 0, 0], earlier: { ready: 0, failed: 0 } },
      storage: { total: 0, onDisk: 0, bySite: [], otherSites: null, byType: [] },
      failures: [],
    });
  });

  it("counts entries and captures per month, sizes by site and type, and failures by reason", async () => {
    await entry("https://docs.example/a", "2026-12-01T08:00:00Z", [
      { status: "failed", createdAt: "2026-11-30T23:59:00Z", error: FAILURE.httpStatus("404 Not Found") },
      { status: "ready", createdAt: "2026-12-01T08:00:00Z", htmlBytes: 1000, screenshotBytes: 300, thumbnailBytes: 20, contentType: "text/html" },
    ]);
    await entry("https://docs.example/b", "2026-11-15T00:00:00Z", [
      { status: "ready", createdAt: "2026-11-15T00:00:00Z", originalBytes: 5000, contentType: "application/pdf" },
    ]);
    await entry("https://img.example/c.png", "2026-11-02T00:00:00Z", [
      { status: "ready", createdAt: "2026-11-02T00:00:00Z", originalBytes: 700, thumbnailBytes: 10, contentType: "image/png" },
    ]);
    // The first instant of the first month shown is in it.
    await entry("https://down.example/x", "2026-10-01T00:00:00Z", [
      { status: "failed", createdAt: "2026-10-10T00:00:00Z", error: "DNS failure: could not resolve down.example" },
      { status: "failed", createdAt: "2026-10-11T00:00:00Z", error: `${FAILURE.tooSlow} Retrying (attempt 2 of 3).` },
      { status: "failed", createdAt: "2026-10-12T00:00:00Z", error: FAILURE.tooSlow },
      { status: "queued", createdAt: "2026-12-02T00:00:00Z" },
    ]);
    // Before the window: counted as earlier, not in a month.
    await entry("https://old.example/", "2025-01-05T00:00:00Z", [{ status: "ready", createdAt: "2025-01-05T00:00:00Z", htmlBytes: 50 }]);
    await entry("kura://seed/docker", "2026-12-02T00:00:00Z", [{ status: "ready", createdAt: "2026-12-02T00:00:00Z", htmlBytes: 400 }], "seed");
    await entry("kura://seed/iptables", "2026-12-02T00:00:00Z", [{ status: "ready", createdAt: "2026-12-02T00:00:00Z", htmlBytes: 600 }], "seed");

    const stats = await libraryStats({ now: NOW, months: 3, topSites: 2 });
    expect(stats.months).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(stats.entries).toEqual({ total: 7, earlier: 1, perMonth: [1, 2, 3] });
    // The queued capture is neither ready nor failed yet; the 23:59 UTC failure belongs to November.
    expect(stats.captures).toEqual({ ready: [0, 2, 3], failed: [3, 1, 0], earlier: { ready: 1, failed: 0 } });
    expect(stats.storage.total).toBe(1320 + 5000 + 710 + 50 + 1000);
    expect(stats.storage.bySite).toEqual([
      { site: "docs.example", bytes: 6320, entries: 2 },
      { site: null, bytes: 1000, entries: 2 },
    ]);
    expect(stats.storage.otherSites).toEqual({ sites: 2, bytes: 760, entries: 2 });
    expect(stats.storage.byType).toEqual([
      { type: "pdf", bytes: 5000, files: 1 },
      { type: "html", bytes: 2050, files: 4 },
      { type: "image", bytes: 700, files: 1 },
      { type: "screenshot", bytes: 300, files: 1 },
      { type: "thumbnail", bytes: 30, files: 2 },
    ]);
    expect(stats.failures).toEqual([
      { kind: "timeout", count: 2 },
      { kind: "clientError", count: 1 },
      { kind: "dnsNotFound", count: 1 },
    ]);
  });

  it("counts a file several captures share once on disk, and for each of them in the entries' total", async () => {
    const blob = "blobs/sha256/ab/ab12.html";
    await entry("https://docs.example/a", "2026-12-01T08:00:00Z", [
      { status: "ready", createdAt: "2026-12-01T08:00:00Z", htmlPath: blob, htmlBytes: 1000, screenshotPath: "blobs/sha256/cd/cd34.png", screenshotBytes: 300 },
      // A re-capture of the unchanged page: the same HTML blob, a new screenshot.
      { status: "ready", createdAt: "2026-12-02T08:00:00Z", htmlPath: blob, htmlBytes: 1000, screenshotPath: "blobs/sha256/ef/ef56.png", screenshotBytes: 310 },
    ]);
    // The same page kept under another address shares the blob too.
    await entry("https://mirror.example/a", "2026-12-02T09:00:00Z", [{ status: "ready", createdAt: "2026-12-02T09:00:00Z", htmlPath: blob, htmlBytes: 1000 }]);
    const stats = await libraryStats({ now: NOW, months: 3 });
    expect(stats.storage.total).toBe(1000 + 300 + 1000 + 310 + 1000);
    expect(stats.storage.onDisk).toBe(1000 + 300 + 310);
  });
});
