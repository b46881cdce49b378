import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSnapshotFiles, useTempDataDir, waitFor } from "@/lib/db/testing";
import { startPostgres } from "@/lib/db/testing-postgres";

// Capture workers on a real PostgreSQL server (DATABASE_URL=postgresql://…): the database is migrated by the first
// process to start, two workers share the queue, and every page ends ready exactly once.
const postgres = await startPostgres();
const databaseUrl = await postgres.createDatabase("workers");
const dataDir = useTempDataDir({
  DATABASE_URL: databaseUrl,
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_NAV_TIMEOUT_MS: "8000",
  KURA_CAPTURE_BUDGET_MS: "20000",
  KURA_NETWORK_IDLE_MS: "100",
});

const { config } = await import("@/lib/config");
const { db } = await import("@/lib/db/client");
const { prepareDatabase } = await import("@/lib/db/prepare");
const { CaptureWorker } = await import("./capture-worker");
const { addEntry } = await import("@/lib/library/entries");
const { searchIndex } = await import("@/lib/search");

let server: http.Server;
let origin: string;
const served: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    served.push(req.url ?? "");
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(`<!doctype html><title>${req.url}</title><h1>頁 ${req.url}</h1><p>${"防火墙 firewalld. ".repeat(30)}</p>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await db().$disconnect();
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("capture workers on PostgreSQL", () => {
  it("the database is PostgreSQL, migrated at the first start and left alone at the next", async () => {
    expect(config().database).toEqual({ kind: "postgresql", url: databaseUrl });
    const lines: string[] = [];
    await prepareDatabase((line) => lines.push(line));
    expect(lines.join("\n")).toMatch(/applied \d+ migration/);
    const again: string[] = [];
    await prepareDatabase((line) => again.push(line));
    expect(again).toEqual([]);
    expect(await searchIndex().count()).toBe(0);
  });

  it("two workers capture every page once, and the queue records when each was claimed", async () => {
    const linkIds: number[] = [];
    for (let i = 0; i < 8; i++) linkIds.push((await addEntry({ url: `${origin}/page-${i}`, tags: ["pg"] })).linkId);
    const workers = [0, 1].map(
      () => new CaptureWorker({ concurrency: 2, pollMs: 100, leaseMs: 10_000, retry: { baseMs: 200, maxMs: 1000 }, runDir: path.join(dataDir, "run") }),
    );
    workers.forEach((w) => w.start());
    try {
      await waitFor("every capture to end", async () => (await db().snapshot.count({ where: { status: "ready" } })) === 8, 90_000, 200);
    } finally {
      await Promise.all(workers.map((w) => w.stop(5000)));
    }
    const snapshots = await db().snapshot.findMany({ where: { linkId: { in: linkIds } }, include: { job: true } });
    expect(snapshots).toHaveLength(8);
    expect(snapshots.every((s) => s.status === "ready" && s.job?.state === "done" && s.job.attempts === 1)).toBe(true);
    expect(snapshots.every((s) => s.job!.claimedAt! >= s.job!.runAt)).toBe(true);
    // Both workers took part (each ran 2 slots over 8 jobs), and each page was loaded once by the browser.
    expect(new Set(snapshots.map((s) => s.job!.workerId)).size).toBe(2);
    for (let i = 0; i < 8; i++) expect(served.filter((u) => u === `/page-${i}`)).toHaveLength(1);
    const ready = await db().snapshot.findFirstOrThrow({ where: { linkId: linkIds[0] } });
    expect(ready.text).toContain("防火墙 firewalld.");
    expect(listSnapshotFiles(dataDir).some((f) => f.endsWith(".html"))).toBe(true);
  }, 120_000);
});
