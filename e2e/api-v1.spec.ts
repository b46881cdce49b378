import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { compileErrors, validate } from "@readme/openapi-parser";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { storageStateOf, type AccountName } from "./fixtures/accounts";

// The REST API v1 against the built app: every endpoint, every error code, tokens (role, read-only scope, expiry),
// cursor pages, the JSON 404 for unknown /api paths, and the OpenAPI document checked against the route files.

const DB_FILE = path.resolve(`.kura/e2e-data-${process.env.KURA_E2E_PORT ?? 3100}/kura.db`);
type ApiError = { error: { code: string; message: string; fields?: Record<string, string> } };
type Entry = {
  id: number;
  url: string;
  title: string | null;
  description: string | null;
  tags: string[];
  status: string | null;
  latestSnapshotId: number | null;
};

async function createToken(page: Page, name: string, options: { readOnly?: boolean; days?: number } = {}): Promise<string> {
  await page.goto("/settings");
  await page.getByLabel("Token name").fill(name);
  if (options.readOnly) await page.getByLabel("Token scope").selectOption("read");
  if (options.days) await page.getByLabel("Token lifetime").selectOption(String(options.days));
  await page.getByRole("button", { name: "Create token" }).click();
  return page.getByTestId("new-token").innerText();
}

async function tokenOf(browser: Browser, account: AccountName, name: string, options?: { readOnly?: boolean; days?: number }) {
  const context = await browser.newContext({ storageState: storageStateOf(account) });
  const token = await createToken(await context.newPage(), name, options);
  await context.close();
  return token;
}

async function client(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL: string | undefined, token?: string) {
  return playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

async function expectError(response: { status(): number; json(): Promise<unknown> }, status: number, code: string) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as ApiError;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

test("unknown /api paths answer a JSON 404 for every method, not the app's page", async ({ request }) => {
  for (const method of ["get", "post", "put", "patch", "delete"] as const) {
    const response = await request[method]("/api/nope", method === "get" ? {} : { data: {} });
    await expectError(response, 404, "not_found");
    expect(response.headers()["content-type"]).toMatch(/application\/json/);
  }
  await expectError(await request.get("/api/v1/no/such/thing"), 404, "not_found");
});

test("auth: no token 401, unknown token 401, expired token 401, viewer and read-only tokens cannot write", async ({ browser, playwright, baseURL }) => {
  const anonymous = await client(playwright, baseURL);
  await expectError(await anonymous.get("/api/v1/entries"), 401, "unauthenticated");
  await expectError(await anonymous.get("/api/v1/tags"), 401, "unauthenticated");
  const bogus = await client(playwright, baseURL, "kura_not-a-token");
  await expectError(await bogus.get("/api/v1/entries"), 401, "unauthenticated");

  const viewer = await client(playwright, baseURL, await tokenOf(browser, "viewer", "api-v1 viewer"));
  expect((await viewer.get("/api/v1/entries")).status()).toBe(200);
  await expectError(await viewer.post("/api/v1/entries", { data: { urls: ["http://no-such-host.invalid/viewer"] } }), 403, "forbidden");

  const readOnly = await client(playwright, baseURL, await tokenOf(browser, "admin", "api-v1 read-only", { readOnly: true }));
  expect((await readOnly.get("/api/v1/tags")).status()).toBe(200);
  await expectError(await readOnly.post("/api/v1/entries", { data: { urls: ["http://no-such-host.invalid/read-only"] } }), 403, "forbidden");
  await expectError(await readOnly.delete("/api/v1/entries/1"), 403, "forbidden");

  const expiring = await tokenOf(browser, "admin", "api-v1 expiring", { days: 7 });
  const soon = await client(playwright, baseURL, expiring);
  expect((await soon.get("/api/v1/tags")).status()).toBe(200);
  // The clock cannot be moved in the built app, so the token's stored expiry is put in the past instead.
  const db = new Database(DB_FILE);
  // Written the way the row's own dates are stored (Prisma keeps SQLite DateTime as a number or ISO text).
  const { kind } = db.prepare("SELECT typeof(createdAt) AS kind FROM ApiToken WHERE name = ?").get("api-v1 expiring") as { kind: string };
  const past = new Date(Date.now() - 60_000);
  db.prepare("UPDATE ApiToken SET expiresAt = ? WHERE name = ?").run(kind === "integer" ? past.getTime() : past.toISOString(), "api-v1 expiring");
  db.close();
  await expectError(await soon.get("/api/v1/tags"), 401, "unauthenticated");

  for (const c of [anonymous, bogus, viewer, readOnly, soon]) await c.dispose();
});

test("entries, snapshots, files and tags through the API, with cursor pages and every input error", async ({ browser, playwright, baseURL, site }) => {
  test.setTimeout(150_000);
  const api = await client(playwright, baseURL, await tokenOf(browser, "editor", "api-v1 editor"));
  const urls = ["api-v1-one", "api-v1-two", "api-v1-three"].map((slug) => site.url(`/articles/${slug}`));

  // Adding: many at once, then again (nothing duplicated), then every way a body can be wrong.
  const added = await api.post("/api/v1/entries", { data: { urls, tags: ["apiv1", "APIv1", "api-v1-extra"] } });
  expect(added.status()).toBe(201);
  const { entries: created } = (await added.json()) as { entries: Array<{ id: number; url: string; created: boolean }> };
  expect(created.map((e) => [e.url, e.created])).toEqual(urls.map((u) => [u, true]));
  const again = await api.post("/api/v1/entries", { data: { urls: [urls[0]] } });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { entries: Array<{ id: number; created: boolean }> }).entries).toEqual([
    { id: created[0]!.id, url: urls[0], created: false },
  ]);
  const refused = await expectError(await api.post("/api/v1/entries", { data: { urls: ["javascript:alert(1)"], tags: ["a,b"] } }), 422, "invalid_input");
  expect(Object.keys(refused.error.fields ?? {})).toEqual(expect.arrayContaining(["urls.0", "tags.0"]));
  await expectError(await api.post("/api/v1/entries", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } }), 400, "bad_request");
  await expectError(
    await api.post("/api/v1/entries", { data: Buffer.from("url=x"), headers: { "content-type": "application/x-www-form-urlencoded" } }),
    415,
    "unsupported_media_type",
  );
  await expectError(await api.post("/api/v1/entries", { data: { urls: ["x".repeat(70_000)] } }), 413, "payload_too_large");

  // Listing: cursor pages of 2 walk all three exactly once; the search syntax and bad paging are handled.
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await api.get("/api/v1/entries", { params: { tag: "apiv1", limit: 2, ...(cursor ? { cursor } : {}) } });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as { entries: Entry[]; total: number; nextCursor: string | null };
    expect(page.total).toBe(3);
    expect(page.entries.length).toBeLessThanOrEqual(2);
    seen.push(...page.entries.map((e) => e.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 5);
  expect(pages).toBe(2);
  expect(seen.sort()).toEqual(created.map((e) => e.id).sort());
  const searched = (await (await api.get(`/api/v1/entries?q=${encodeURIComponent("tag:api-v1-extra -tag:nothing")}`)).json()) as { total: number };
  expect(searched.total).toBe(3);
  await expectError(await api.get("/api/v1/entries?limit=101"), 422, "invalid_input");
  const badCursor = await expectError(await api.get("/api/v1/entries?cursor=made-up"), 422, "invalid_input");
  expect(badCursor.error.fields?.cursor).toMatch(/nextCursor/);

  // One entry: read, edit (only what is sent changes), refused edits, unknown ids.
  const id = created[0]!.id;
  const one = (await (await api.get(`/api/v1/entries/${id}`)).json()) as { entry: Entry };
  expect(one.entry).toMatchObject({ id, url: urls[0], tags: ["api-v1-extra", "apiv1"] });
  const edited = await api.patch(`/api/v1/entries/${id}`, { data: { title: "Edited by API", description: "Set over HTTP", tags: ["apiv1", "apiv1-edited"] } });
  expect(edited.status()).toBe(200);
  expect(((await edited.json()) as { entry: Entry }).entry).toMatchObject({
    title: "Edited by API",
    description: "Set over HTTP",
    tags: ["apiv1", "apiv1-edited"],
  });
  const partly = (await (await api.patch(`/api/v1/entries/${id}`, { data: { description: null } })).json()) as { entry: Entry };
  expect(partly.entry).toMatchObject({ title: "Edited by API", description: null });
  await expectError(await api.patch(`/api/v1/entries/${id}`, { data: {} }), 422, "invalid_input");
  await expectError(await api.patch(`/api/v1/entries/${id}`, { data: { colour: "red" } }), 422, "invalid_input");
  await expectError(await api.get("/api/v1/entries/999999"), 404, "not_found");
  await expectError(await api.get("/api/v1/entries/abc"), 404, "not_found");
  await expectError(await api.patch("/api/v1/entries/999999", { data: { title: "x" } }), 404, "not_found");

  // Snapshots and files: once captured, the archived page downloads with the archive's headers.
  await expect.poll(async () => ((await (await api.get(`/api/v1/entries/${id}`)).json()) as { entry: Entry }).entry.status, { timeout: 60_000 }).toBe("ready");
  const snapshots = (await (await api.get(`/api/v1/entries/${id}/snapshots`)).json()) as { snapshots: Array<{ id: number; status: string; files: string[] }> };
  expect(snapshots.snapshots).toHaveLength(1);
  expect(snapshots.snapshots[0]!.files).toContain("html");
  const snapshotId = snapshots.snapshots[0]!.id;
  const html = await api.get(`/api/v1/snapshots/${snapshotId}/files/html`);
  expect(html.status()).toBe(200);
  expect(html.headers()["content-type"]).toMatch(/text\/html/);
  // The archive's sandbox policy, not the app pages' nonce policy (proxy.ts leaves the API alone).
  expect(html.headers()["content-security-policy"]).toMatch(/^sandbox/);
  expect(html.headers()["content-security-policy"]).not.toContain("nonce-");
  expect(await html.text()).toContain("Loopback article api-v1-one");
  await expectError(await api.get(`/api/v1/snapshots/${snapshotId}/files/original`), 404, "not_found");
  await expectError(await api.get(`/api/v1/snapshots/${snapshotId}/files/passwd`), 404, "not_found");
  await expectError(await api.get("/api/v1/entries/999999/snapshots"), 404, "not_found");

  // Re-capture queues a second snapshot.
  const recapture = await api.post(`/api/v1/entries/${id}/recapture`);
  expect(recapture.status()).toBe(202);
  const { snapshotId: queued } = (await recapture.json()) as { snapshotId: number };
  expect(queued).toBeGreaterThan(snapshotId);
  const after = (await (await api.get(`/api/v1/entries/${id}/snapshots`)).json()) as { snapshots: Array<{ id: number }> };
  expect(after.snapshots.map((s) => s.id)).toEqual([queued, snapshotId]);
  await expectError(await api.post("/api/v1/entries/999999/recapture"), 404, "not_found");

  // Tags: listed with counts, renamed (a taken name is a conflict), deleted.
  const tags = (await (await api.get("/api/v1/tags")).json()) as { tags: Array<{ id: number; name: string; count: number }> };
  const extra = tags.tags.find((t) => t.name === "api-v1-extra")!;
  const edit = tags.tags.find((t) => t.name === "apiv1-edited")!;
  expect(extra.count).toBe(2);
  const renamed = await api.patch(`/api/v1/tags/${extra.id}`, { data: { name: "API-v1-Renamed" } });
  expect(renamed.status()).toBe(200);
  expect(((await renamed.json()) as { tag: { name: string; count: number } }).tag).toMatchObject({ name: "API-v1-Renamed", count: 2 });
  expect(((await (await api.get(`/api/v1/entries/${created[1]!.id}`)).json()) as { entry: Entry }).entry.tags).toContain("API-v1-Renamed");
  const taken = await expectError(await api.patch(`/api/v1/tags/${extra.id}`, { data: { name: "APIV1" } }), 409, "conflict");
  expect(taken.error.fields?.name).toBeTruthy();
  await expectError(await api.patch(`/api/v1/tags/${extra.id}`, { data: { name: "a,b" } }), 422, "invalid_input");
  await expectError(await api.patch("/api/v1/tags/999999", { data: { name: "nope" } }), 404, "not_found");
  expect((await api.delete(`/api/v1/tags/${edit.id}`)).status()).toBe(204);
  await expectError(await api.delete(`/api/v1/tags/${edit.id}`), 404, "not_found");
  expect(((await (await api.get(`/api/v1/entries/${id}`)).json()) as { entry: Entry }).entry.tags).not.toContain("apiv1-edited");

  // Deleting: gone, and a second delete is a 404.
  for (const entry of created) expect((await api.delete(`/api/v1/entries/${entry.id}`)).status()).toBe(204);
  await expectError(await api.get(`/api/v1/entries/${id}`), 404, "not_found");
  await expectError(await api.delete(`/api/v1/entries/${id}`), 404, "not_found");
  await api.dispose();
});

test("the OpenAPI document validates, lists exactly the routes under app/api/v1, and /api/docs shows every operation", async ({
  page,
  playwright,
  baseURL,
}) => {
  const anonymous = await client(playwright, baseURL);
  const response = await anonymous.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toBe("3.1.0");
  const result = await validate(structuredClone(doc) as unknown as Parameters<typeof validate>[0]);
  expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);

  const onDisk: string[] = [];
  const root = path.resolve("app/api/v1");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith("_")) walk(path.join(dir, entry.name));
      else if (entry.name === "route.ts") {
        const route = `/api/v1/${path.relative(root, dir).replace(/\[(\w+)\]/g, "{$1}")}`;
        for (const m of fs
          .readFileSync(path.join(dir, entry.name), "utf8")
          .matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          onDisk.push(`${m[1]!.toLowerCase()} ${route}`);
        }
      }
    }
  };
  walk(root);
  const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
  expect(documented.sort()).toEqual(onDisk.sort());

  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: "Kura API" })).toBeVisible();
  await expect(page.getByTestId("api-operation")).toHaveCount(documented.length);
  await expect(page.getByRole("heading", { name: "PATCH /api/v1/entries/{id}" })).toBeVisible();
  await anonymous.dispose();
});
