import fs from "node:fs";
import { seedArticles } from "../lib/seed/articles";
import { escapeHtml } from "../lib/library/export/netscape";
import { storageStateOf } from "./fixtures/accounts";
import { expect, test } from "./fixtures/kura";

// Export from the library page, and the admin's full backup from Settings, as a user downloads them.

test("the library's export button downloads a bookmark file listing the seeded write-ups, and a filter narrows it", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("export-links")).toContainText(/Export the whole library \(\d+ entries/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-netscape").click()]);
  expect(download.suggestedFilename()).toMatch(/^kura-bookmarks-\d{4}-\d{2}-\d{2}\.html$/);
  const file = fs.readFileSync(await download.path(), "utf8");
  expect(file.startsWith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")).toBe(true);
  for (const article of seedArticles) {
    expect(file).toContain(`>${escapeHtml(article.title)}</A>`);
    expect(file).toMatch(new RegExp(`TAGS="[^"]*${article.tags[0]}`));
  }

  const firewalld = seedArticles.filter((a) => a.tags.includes("firewalld"));
  await page.goto("/?tag=firewalld");
  await expect(page.getByTestId("export-links")).toContainText(`Export these ${firewalld.length} ${firewalld.length === 1 ? "entry" : "entries"}`);
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const data = JSON.parse(fs.readFileSync(await json.path(), "utf8")) as { count: number; entries: Array<{ title: string; tags: string[] }> };
  expect(data.count).toBe(firewalld.length);
  expect(data.entries.map((e) => e.title).sort()).toEqual(firewalld.map((a) => a.title).sort());
});

test("one entry downloads as its self-contained HTML file, the stored bytes", async ({ page }) => {
  await page.goto("/links/1?view=archive");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-html").click()]);
  expect(download.suggestedFilename()).toMatch(/^kura-1-snapshot-\d+\.html$/);
  const bytes = fs.readFileSync(await download.path());
  const snapshotId = /snapshot-(\d+)/.exec(download.suggestedFilename())![1];
  const stored = await page.request.get(`/api/v1/snapshots/${snapshotId}/files/html`);
  expect(bytes.equals(await stored.body())).toBe(true);
  expect(bytes.toString("utf8")).toMatch(/^<!DOCTYPE html>|^<!--|^<html/i);
});

test("the admin's backup download starts: a tar archive, named and sized like one", async ({ page }) => {
  await page.goto("/settings");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("backup-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^kura-backup-\d{4}-\d{2}-\d{2}\.tar$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.length).toBeGreaterThan(20_000);
  expect(bytes.length % 512).toBe(0);
  expect(bytes.subarray(0, 13).toString()).toBe("database.json");
  expect(bytes.subarray(257, 262).toString()).toBe("ustar");
  const response = await page.request.get("/api/v1/backup");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/x-tar");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="kura-backup-/);
  expect(bytes.includes(Buffer.from('"format": "kura-backup"'))).toBe(true);
});

test.describe("an editor", () => {
  test.use({ storageState: storageStateOf("editor") });

  test("exports, but gets no backup (admins only)", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByTestId("export-section")).toBeVisible();
    await expect(page.getByTestId("backup-download")).toHaveCount(0);
    const denied = await page.request.get("/api/v1/backup");
    expect(denied.status()).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const bad = await page.request.get("/api/v1/export?format=csv");
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.format).toBe("format must be netscape or json.");
  });
});
