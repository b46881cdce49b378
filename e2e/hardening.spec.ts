import { expect, test } from "@playwright/test";

// Issue 10 (web app side): CSRF on the JSON API, API tokens only on /api/*, sign-in redirects, odd input.

test.describe("JSON API with the session cookie", () => {
  test("refuses a cross-site text/plain form post, accepts the app's own JSON call", async ({ request, baseURL }) => {
    // What a form on another site can send with the victim's cookie: no preflight, text/plain.
    const forged = await request.post("/api/links", {
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      data: JSON.stringify({ url: "http://no-such-host.invalid/csrf-forged" }),
    });
    expect(forged.status()).toBe(403);
    const wrongOrigin = await request.post("/api/links", {
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      data: { url: "http://no-such-host.invalid/csrf-forged" },
    });
    expect(wrongOrigin.status()).toBe(403);
    const noOrigin = await request.post("/api/links", { data: { url: "http://no-such-host.invalid/csrf-forged" } });
    expect(noOrigin.status()).toBe(403);
    const listed = (await (await request.get("/api/links?q=csrf-forged")).json()) as { total: number };
    expect(listed.total).toBe(0);

    const own = await request.post("/api/links", {
      headers: { "content-type": "application/json", origin: new URL(baseURL!).origin },
      data: { url: "http://no-such-host.invalid/csrf-own-call" },
    });
    expect([200, 201]).toContain(own.status());
  });
});

test.describe("API tokens", () => {
  test("work on /api/* only, not on pages", async ({ page, playwright, baseURL }) => {
    await page.goto("/settings");
    await page.getByLabel("Token name").fill("pages-refused");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").innerText();
    // No cookies at all: only the token speaks for this client.
    const api = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    expect((await api.get("/api/links")).status()).toBe(200);
    const settings = await api.get("/settings", { maxRedirects: 0 });
    expect(settings.status()).toBe(307);
    expect(settings.headers()["location"]).toMatch(/\/login\?next=/);
    expect((await api.get("/archive/1/html")).status()).toBe(401);
    await api.dispose();
    await page.reload();
    await page.getByRole("listitem").filter({ hasText: "pages-refused" }).getByRole("button", { name: "Revoke" }).click();
  });
});

test.describe("sign-in and odd input", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a next of /%09/evil.example/ or with a newline stays on this site", async ({ page, baseURL }) => {
    for (const next of ["/%09/evil.example/", "/%0A/evil.example/", "/%5Cevil.example"]) {
      await page.goto(`/login?next=${next}`);
      await expect(page.locator('input[name="next"]')).toHaveValue("/");
    }
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
});

test("a tag filter over 80 characters or past 10 tags is ignored, not a 500", async ({ page }) => {
  const long = await page.goto(`/?tag=${"x".repeat(81)}`);
  expect(long!.status()).toBe(200);
  const many = await page.goto(`/?${Array.from({ length: 12 }, (_, i) => `tag=t${i}`).join("&")}`);
  expect(many!.status()).toBe(200);
});

test("app pages refuse framing and sniffing; archive files revalidate and keep their sandbox", async ({ request }) => {
  const page = await request.get("/tags");
  expect(page.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  const list = await request.get("/api/links");
  expect(list.headers()["x-content-type-options"]).toBe("nosniff");
  const { links } = (await list.json()) as { links: { id: number; status: string | null }[] };
  // The newest finished capture that is a page (earlier specs may have kept files, which have no archived page).
  let snapshotId: string | undefined;
  for (const ready of links.filter((l) => l.status === "ready")) {
    const detail = await request.get(`/links/${ready.id}?view=archive`);
    snapshotId = /\/archive\/(\d+)\/html/.exec(await detail.text())?.[1];
    if (snapshotId) break;
  }
  expect(snapshotId, "the e2e library holds a finished page capture (seeded)").toBeTruthy();
  const archived = await request.get(`/archive/${snapshotId}/html`);
  expect(archived.status()).toBe(200);
  expect(archived.headers()["cache-control"]).toBe("private, no-cache");
  expect(archived.headers()["content-security-policy"]).toMatch(/sandbox/);
  expect(archived.headers()["content-security-policy"]).not.toContain("frame-ancestors 'none'");
});
