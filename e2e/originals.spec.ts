import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, loadedWidth, test } from "./fixtures/kura";

// A loopback site that answers with a PDF (made by Chromium's page.pdf(), English and Japanese text) instead of a page.
let server: http.Server;
let origin: string;
let pdf: Buffer;

test.beforeAll(async ({ browser }) => {
  const maker = await browser.newPage();
  await maker.setContent(`<!doctype html><meta charset="utf-8"><title>Cellar Rotation Guide</title>
    <style>h1{background:#7a2e0e;color:#fff;padding:16px;font-family:sans-serif}</style>
    <h1>Cellar Rotation Guide</h1><p>Rotate the quincewine barrels every equinox.</p>
    <p style="break-before:page">味噌の樽は春に入れ替えます。</p>`);
  pdf = await maker.pdf({ format: "A4", printBackground: true });
  await maker.close();
  server = http.createServer((req, res) => {
    if (req.url === "/guides/cellar-rotation.pdf") return void res.writeHead(200, { "content-type": "application/pdf" }).end(pdf);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

test("paste a PDF link: kept as the original, with thumbnail, per-page text, download and search", async ({ page, kura, request }) => {
  const url = `${origin}/guides/cellar-rotation.pdf`;
  const entry = await kura.pasteAndWait(url, "ready");
  await expect(entry.getByTestId("entry-title")).toHaveText("Cellar Rotation Guide");
  await expect(entry.getByTestId("file-type-badge")).toHaveText("PDF");
  const thumbnail = entry.getByTestId("thumbnail");
  await expect(thumbnail).toBeVisible();
  expect(await loadedWidth(thumbnail)).toBe(480);
  await entry.screenshot({ path: ".kura/test-results/originals-card.png" });

  await entry.getByTestId("entry-title").click();
  const pages = page.getByTestId("reader-page");
  await expect(pages).toHaveCount(2);
  await expect(pages.nth(0)).toContainText("Rotate the quincewine barrels every equinox.");
  await expect(pages.nth(1)).toContainText("味噌の樽は春に入れ替えます。");
  await expect(pages.nth(1)).toContainText("Page 2 of 2");

  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const download = page.getByTestId("download-original");
  await expect(download).toContainText(/Download original \(PDF, [\d.]+ KB, 2 pages\)/);
  const firstPage = page.getByTestId("screenshot");
  await expect(firstPage).toBeVisible();
  expect(await loadedWidth(firstPage)).toBe(1280);
  await page.screenshot({ path: ".kura/test-results/originals-archive-tab.png", fullPage: false });

  // The download link returns exactly the bytes the site sent, as an attachment that is never sniffed.
  const href = await download.getAttribute("href");
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="cellar-rotation\.pdf"/);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(sha(await response.body())).toBe(sha(pdf));

  await page.getByRole("link", { name: "Info" }).click();
  await expect(page.getByTestId("info")).toContainText(sha(pdf));
  await expect(page.getByTestId("info")).toContainText("application/pdf");

  // Search finds words that exist only inside the PDF.
  for (const word of ["quincewine", "味噌の樽"]) {
    await page.goto(`/?q=${encodeURIComponent(word)}`);
    await expect(page.getByTestId("entry")).toHaveCount(1);
    await expect(page.getByTestId("entry-title")).toHaveText("Cellar Rotation Guide");
  }
});
