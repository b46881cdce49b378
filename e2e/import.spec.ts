import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, Browser } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { storageStateOf, type AccountName } from "./fixtures/accounts";

// Import from other tools: a real browser export uploaded on Settings → Data, its report, and its entries in the
// library; and POST /api/v1/import as scripts call it (raw body, multipart, errors, roles). Captures stay off: the
// files' sites are on the internet, which the run does not reach.

const CASES = path.resolve("../shared/import-cases");
type ApiError = { error: { code: string; message: string } };

async function tokenOf(browser: Browser, account: AccountName, name: string): Promise<string> {
  const context = await browser.newContext({ storageState: storageStateOf(account) });
  const page = await context.newPage();
  await page.goto("/settings");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").innerText();
  await context.close();
  return token;
}

async function api(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL: string | undefined, token?: string) {
  return playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

test("Settings → Data: upload a browser export, see the report with the refused row, find the entries by their folder tags", async ({ page, kura }) => {
  await page.goto("/settings");
  const data = page.getByRole("region", { name: "Data" });
  await data.getByLabel("Export file").setInputFiles(path.join(CASES, "readeck__browser.html"));
  await data.getByLabel("Queue a capture of every new link").uncheck();
  await data.getByRole("button", { name: "Import" }).click();

  const report = page.getByTestId("import-report");
  await expect(report).toContainText("4 links imported, 1 duplicate merged.");
  await expect(report).toContainText("browser bookmark file (HTML)");
  await expect(report.getByTestId("import-refused").locator("li")).toHaveCount(1);
  await expect(report.getByTestId("import-refused")).toContainText('ftp://example.net/ — Only http and https links can be archived (got "ftp:").');

  await page.goto("/?tag=Misc");
  await expect(kura.entryFor("https://example.net/")).toHaveCount(1);
  await expect(kura.entryFor("https://example.org/")).toHaveCount(1);
  await expect(kura.entryFor("https://example.org/")).toContainText("Example.org");

  // The same file again: nothing new.
  await page.goto("/settings");
  await data.getByLabel("Export file").setInputFiles(path.join(CASES, "readeck__browser.html"));
  await data.getByLabel("Queue a capture of every new link").uncheck();
  await data.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-report")).toContainText("No new links, 5 duplicates merged.");
});

test("POST /api/v1/import: raw body and multipart with a token, JSON errors, roles", async ({ browser, playwright, baseURL }) => {
  const editor = await api(playwright, baseURL, await tokenOf(browser, "editor", "import-editor"));
  const csv = fs.readFileSync(path.join(CASES, "wallabag__pocket.csv"));

  const raw = await editor.post("/api/v1/import?capture=false", { headers: { "content-type": "text/csv" }, data: csv });
  expect(raw.status()).toBe(201);
  expect(await raw.json()).toEqual({ format: "pocket-csv", imported: 7, duplicates: 0, failed: [] });

  const multipart = await editor.post("/api/v1/import?capture=false", { multipart: { file: { name: "pocket.csv", mimeType: "text/csv", buffer: csv } } });
  expect(multipart.status()).toBe(200);
  expect(await multipart.json()).toMatchObject({ imported: 0, duplicates: 7 });

  const unknown = await editor.post("/api/v1/import", { headers: { "content-type": "text/plain" }, data: "no links in here" });
  expect(unknown.status()).toBe(422);
  expect(((await unknown.json()) as ApiError).error.code).toBe("invalid_input");

  const anonymous = await api(playwright, baseURL);
  expect((await anonymous.post("/api/v1/import", { headers: { "content-type": "text/csv" }, data: csv })).status()).toBe(401);
  const viewer = await api(playwright, baseURL, await tokenOf(browser, "viewer", "import-viewer"));
  const refused = await viewer.post("/api/v1/import", { headers: { "content-type": "text/csv" }, data: csv });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as ApiError).error.code).toBe("forbidden");
});
