import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "./fixtures/kura";

// Issue 10, item 3: stored files are streamed from disk with Range support, and one client's parallel reads are capped.
const SIZE = 20_000_000;
const file = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) file[i] = i % 251;

// Issue 14: two pages showing the same image.
const chart = fs.readFileSync(path.join(import.meta.dirname, "..", "bench", "corpus", "img", "chart.png"));
const sharedPage = (n: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Shared chart ${n}</title></head><body><h1>Shared chart ${n}</h1><img src="chart.png" alt="the chart"><p>Page ${n} only.</p></body></html>`;
const sha256 = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");

let server: http.Server;
let origin: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const shared = /^\/shared\/page-(\d+)\.html$/.exec(req.url ?? "");
    if (shared) return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(sharedPage(shared[1]!));
    if (req.url === "/shared/chart.png") return void res.writeHead(200, { "content-type": "image/png" }).end(chart);
    if (req.url !== "/exports/big-backup.bin") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-disposition": 'attachment; filename="big-backup.bin"' }).end(file);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

type Opened = { status: number; headers: http.IncomingHttpHeaders; request: http.ClientRequest; response: http.IncomingMessage };

/** An anonymous GET whose body is not read: the server's stream stays open (back-pressured) until the request is destroyed. */
function openWithoutReading(url: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.pause();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, request, response });
    });
    request.on("error", reject);
  });
}

test("a kept file is served in ranges (206, 416); past four reads at once per client the next waits its turn, then gets 429", async ({
  page,
  kura,
  request,
  baseURL,
}) => {
  const url = `${origin}/exports/big-backup.bin`;
  const entry = await kura.pasteAndWait(url, "ready");
  await entry.getByTestId("entry-title").click();
  await page.waitForURL(/\/links\/\d+/);
  const entryPage = page.url();
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const href = await page.getByTestId("download-original").getAttribute("href");
  expect(href).toMatch(/^\/archive\/\d+\/original$/);

  const whole = await request.get(href!);
  expect(whole.status()).toBe(200);
  expect(whole.headers()["accept-ranges"]).toBe("bytes");
  expect(Buffer.compare(await whole.body(), file)).toBe(0);

  const part = await request.get(href!, { headers: { range: "bytes=1000000-1000999" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 1000000-1000999/${SIZE}`);
  expect(Buffer.compare(await part.body(), file.subarray(1_000_000, 1_001_000))).toBe(0);

  const tail = await request.get(href!, { headers: { range: "bytes=-16" } });
  expect(tail.status()).toBe(206);
  expect(Buffer.compare(await tail.body(), file.subarray(SIZE - 16))).toBe(0);

  const beyond = await request.get(href!, { headers: { range: `bytes=${SIZE}-` } });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()["content-range"]).toBe(`bytes */${SIZE}`);

  // The held reads go through a public link of this entry: its anonymous readers are one client of their own, so the
  // slots held here never hold up the signed-in account the other specs browse with.
  await page.goto(entryPage);
  await page.getByRole("button", { name: "Create public link" }).click();
  const token = new URL(await page.getByTestId("share-url").innerText()).pathname.split("/").pop();
  const target = new URL(`${href}?share=${token}`, baseURL).toString();

  // Four downloads held open by a client that does not read.
  const held: Opened[] = [];
  for (let i = 0; i < 4; i++) held.push(await openWithoutReading(target));
  expect(held.map((h) => h.status)).toEqual([200, 200, 200, 200]);

  // A fifth waits its turn: it is let in as soon as one of the four hangs up.
  const waiting = openWithoutReading(target);
  await new Promise((r) => setTimeout(r, 300));
  held.shift()!.request.destroy();
  const fifth = await waiting;
  expect(fifth.status).toBe(200);
  held.push(fifth);

  // With all four still held, the next one is turned away once its wait runs out.
  const started = Date.now();
  const refused = await openWithoutReading(target);
  expect(refused.status).toBe(429);
  expect(refused.headers["retry-after"]).toBe("1");
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  refused.request.destroy();

  // Hanging up gives the slots back.
  for (const h of held) h.request.destroy();
  await expect
    .poll(async () => {
      const again = await openWithoutReading(target);
      again.request.destroy();
      return again.status;
    })
    .toBe(200);
});

test("an image two pages show is stored once, and each archived page is served as the exact page, whole and in ranges", async ({ page, kura, request }) => {
  const sources: Array<{ src: string; html: Buffer }> = [];
  for (const n of ["1", "2"]) {
    const entry = await kura.pasteAndWait(`${origin}/shared/page-${n}.html`, "ready");
    await entry.getByTestId("entry-title").click();
    await page.getByRole("link", { name: "Archived page", exact: true }).click();
    const frame = page.frameLocator('[data-testid="archive-frame"]');
    await expect(frame.getByRole("heading", { name: `Shared chart ${n}` })).toBeVisible();
    // The replay shows the image (joined back into the page it was cut from).
    await expect.poll(() => frame.getByAltText("the chart").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const src = (await page.getByTestId("archive-frame").getAttribute("src"))!;
    const whole = await request.get(src);
    expect(whole.status()).toBe(200);
    expect(whole.headers()["content-security-policy"]).toMatch(/^sandbox/);
    sources.push({ src, html: await whole.body() });
  }

  // The rows: each page's length and sha256 as captured, its HTML a skeleton, the chart one part both name.
  const dataDir = path.resolve(`.kura/e2e-data-${process.env.KURA_E2E_PORT ?? "3100"}`);
  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true });
  const ids = sources.map((s) => Number(/\/archive\/(\d+)\//.exec(s.src)![1]));
  const rows = ids.map(
    (id) =>
      sqlite.prepare(`SELECT htmlPath, htmlSha256, htmlBytes FROM "Snapshot" WHERE id = ?`).get(id) as {
        htmlPath: string;
        htmlSha256: string;
        htmlBytes: number;
      },
  );
  const parts = ids.map((id) => sqlite.prepare(`SELECT path FROM "SnapshotPart" WHERE snapshotId = ?`).pluck().all(id) as string[]);
  sqlite.close();
  const chartKey = `blobs/sha256/${sha256(chart).slice(0, 2)}/${sha256(chart)}.png`;
  for (const [i, { html }] of sources.entries()) {
    expect(rows[i]!.htmlPath).toMatch(/\.skeleton$/);
    expect(html.length).toBe(rows[i]!.htmlBytes);
    expect(sha256(html)).toBe(rows[i]!.htmlSha256);
    expect(html.toString("latin1")).toContain(`data:image/png;base64,${chart.toString("base64")}`);
    expect(parts[i]).toContain(chartKey);
  }
  expect(sha256(fs.readFileSync(path.join(dataDir, chartKey)))).toBe(sha256(chart));
  // The skeleton on disk is the page without the image: far smaller than the page.
  expect(fs.statSync(path.join(dataDir, rows[0]!.htmlPath)).size).toBeLessThan(rows[0]!.htmlBytes - chart.length);

  // Ranges: across the start and the end of the image's payload, inside it, and the last bytes.
  const { src, html } = sources[0]!;
  const at = html.indexOf(`base64,${chart.toString("base64").slice(0, 40)}`) + "base64,".length;
  const end = at + chart.toString("base64").length;
  for (const [from, to] of [
    [at - 20, at + 20],
    [at + 1001, at + 5003],
    [end - 7, end + 30],
    [at - 5, end + 5],
  ]) {
    const part = await request.get(src, { headers: { range: `bytes=${from}-${to}` } });
    expect(part.status()).toBe(206);
    expect(part.headers()["content-range"]).toBe(`bytes ${from}-${to}/${html.length}`);
    expect(Buffer.compare(await part.body(), html.subarray(from, to! + 1))).toBe(0);
  }
  const tail = await request.get(src, { headers: { range: "bytes=-16" } });
  expect(Buffer.compare(await tail.body(), html.subarray(html.length - 16))).toBe(0);
  expect((await request.get(src, { headers: { range: `bytes=${html.length}-` } })).status()).toBe(416);
});
