import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures/kura";

// Issue 10, item 3: stored files are streamed from disk with Range support, and one client's parallel reads are capped.
const SIZE = 20_000_000;
const file = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) file[i] = i % 251;

let server: http.Server;
let origin: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
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
