import { expect, test } from "@playwright/test";
import { ACCOUNTS, storageStateOf } from "./fixtures/accounts";

// Walks every page, route and action entry point as anonymous, viewer, editor and admin.

const PAGES = ["/", "/tags", "/links/1", "/links/1?view=archive", "/settings"];

test.describe("anonymous", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("every page sends to the sign-in page and comes back after signing in", async ({ page }) => {
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login\?next=/);
    }
    await page.goto("/links/1");
    await page.getByLabel("Email").fill(ACCOUNTS.viewer.email);
    await page.getByLabel("Password").fill(ACCOUNTS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/links\/1$/);
  });

  test("archived files and the API answer 401", async ({ request }) => {
    for (const file of ["html", "screenshot", "thumbnail"]) expect((await request.get(`/archive/1/${file}`)).status()).toBe(401);
    expect((await request.get("/api/links")).status()).toBe(401);
    expect((await request.post("/api/links", { data: { url: "https://example.com/" } })).status()).toBe(401);
  });

  test("a sign-in with a wrong password is refused, and repeated failures are throttled", async ({ page }) => {
    const email = `nobody-${Date.now()}@kura.test`;
    for (let i = 0; i < 5; i++) {
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("main").getByRole("alert")).toHaveText("Wrong email or password.");
    }
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("main").getByRole("alert")).toHaveText(/Too many failed attempts/);
  });

  test("sign-in never redirects to another site", async ({ page }) => {
    await page.goto("/login?next=//evil.example/");
    await page.getByLabel("Email").fill(ACCOUNTS.viewer.email);
    await page.getByLabel("Password").fill(ACCOUNTS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("reads everything but sees no way to change anything", async ({ page, request }) => {
    for (const path of ["/", "/tags", "/links/1"]) {
      await page.goto(path);
      await expect(page.getByTestId("signed-in-as")).toContainText("(Viewer)");
    }
    await expect(page.getByRole("form", { name: "Link to archive" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save tags" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await page.goto("/settings");
    await expect(page.getByTestId("users")).toHaveCount(0);
    expect((await request.get("/archive/1/html")).status()).toBe(200);
  });

  test("API: reads with a token, cannot add", async ({ page, request }) => {
    await page.goto("/settings");
    await page.getByLabel("Token name").fill("viewer script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").innerText();
    const headers = { Authorization: `Bearer ${token}` };
    const list = await request.get("/api/links?tag=firewalld", { headers });
    expect(list.status()).toBe(200);
    expect(((await list.json()) as { total: number }).total).toBeGreaterThan(0);
    expect((await request.post("/api/links", { headers, data: { url: "https://example.com/" } })).status()).toBe(403);
  });
});

test.describe("editor", () => {
  test.use({ storageState: storageStateOf("editor") });

  test("adds links through the API with a token, which can be revoked", async ({ page, playwright, baseURL }) => {
    await page.goto("/settings");
    await page.getByLabel("Token name").fill("bookmarklet");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").innerText();
    // A fresh request context: no session cookie, only the token.
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const bad = await api.post("/api/links", { data: { url: "javascript:alert(1)" } });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields.url).toMatch(/Only http and https/);
    expect((await api.post("/api/links", { data: "{not json", headers: { "content-type": "application/json" } })).status()).toBe(400);
    expect((await api.post("/api/links", { data: { url: "x".repeat(70_000) } })).status()).toBe(413);
    const added = await api.post("/api/links", { data: { url: "http://no-such-host.invalid/api-added", tags: ["api"] } });
    expect(added.status()).toBe(201);
    await page.reload();
    await page.getByRole("listitem").filter({ hasText: "bookmarklet" }).getByRole("button", { name: "Revoke" }).click();
    // This token is gone (other specs may have left the editor tokens of their own).
    await expect(page.getByRole("listitem").filter({ hasText: "bookmarklet" })).toHaveCount(0);
    expect((await api.get("/api/links")).status()).toBe(401);
    await api.dispose();
  });

  test("sees the paste box and editing controls, but no user management", async ({ page }) => {
    await page.goto("/links/1");
    await expect(page.getByRole("form", { name: "Link to archive" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save tags" })).toBeVisible();
    await page.goto("/settings");
    await expect(page.getByTestId("users")).toHaveCount(0);
  });
});

test.describe("admin", () => {
  test("shares one entry read-only with a public link, and revokes it", async ({ page, browser }) => {
    await page.goto("/links/1");
    await page.getByRole("button", { name: "Create public link" }).click();
    const url = await page.getByTestId("share-url").innerText();
    const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, timezoneId: "Asia/Tokyo" });
    const visitor = await anonymous.newPage();
    await visitor.goto(url);
    // The first page told the server the visitor's time zone: the capture time is written in it.
    await visitor.reload();
    await expect(visitor.getByTestId("shared-entry")).toBeVisible();
    const frame = visitor.frameLocator('[data-testid="archive-frame"]');
    await expect(frame.locator("h1").first()).toBeVisible();
    // Provenance: it says it is an archived copy, where it comes from and when it was captured.
    const provenance = visitor.getByTestId("provenance");
    await expect(provenance).toContainText("This is an archived copy");
    // /links/1 is a seeded write-up: its kura-seed:// origin is shown as text, not as a link to follow.
    await expect(visitor.getByTestId("original-url")).toHaveText(/^kura-seed:\/\/\S+/);
    await expect(visitor.locator('a[href^="kura-seed:"]')).toHaveCount(0);
    const capturedAt = await visitor.getByTestId("captured-at").getAttribute("datetime");
    expect(capturedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const tokyo = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" }).format(new Date(capturedAt!));
    await expect(visitor.getByTestId("captured-at")).toHaveText(tokyo);
    // Nothing on the page leads an anonymous visitor into the library (it would only end on the sign-in page).
    await expect(visitor.locator('a[href="/"], a[href="/tags"], a[href="/settings"], a[href^="/login"], a[href^="/links/"]')).toHaveCount(0);
    // The share opens this entry only: the library stays closed.
    await visitor.goto("/");
    await expect(visitor).toHaveURL(/\/login/);
    await page.reload();
    await page.getByRole("button", { name: "Revoke all" }).click();
    await expect(page.getByText(/active public link/)).toHaveCount(0);
    expect((await visitor.goto(url))?.status()).toBe(404);
    // A revoked link says so, and still leads nowhere (the skip link to #main is the page's own).
    await expect(visitor.getByTestId("share-gone")).toContainText("This link no longer works");
    await expect(visitor.locator('a[href]:not([href^="#"])')).toHaveCount(0);
    await anonymous.close();
  });

  test("signing out everywhere ends the other sessions too", async ({ page, browser }) => {
    // A fresh account, so the shared admin session of the other tests stays signed in.
    const roaming = { email: `roaming-${Date.now()}@kura.test`, password: "roaming-password" };
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Add user" });
    await form.getByLabel("Email").fill(roaming.email);
    await form.getByLabel("Password").fill(roaming.password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId("user-row").filter({ hasText: roaming.email })).toBeVisible();
    const sign = async () => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByLabel("Email").fill(roaming.email);
      await page.getByLabel("Password").fill(roaming.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("signed-in-as")).toContainText(roaming.email);
      return { context, page };
    };
    const a = await sign();
    const b = await sign();
    await a.page.goto("/settings");
    await a.page.getByRole("button", { name: "Sign out on every device" }).click();
    await expect(a.page).toHaveURL(/\/login/);
    await b.page.goto("/tags");
    await expect(b.page).toHaveURL(/\/login/);
    await a.context.close();
    await b.context.close();
  });
});
