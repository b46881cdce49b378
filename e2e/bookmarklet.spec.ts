import { expect, test } from "./fixtures/kura";
import { ACCOUNTS, storageStateOf } from "./fixtures/accounts";

// The bookmarklet on Settings and the phone share target both land on /save, which saves the page in one step.

test("the bookmarklet dragged from Settings saves the page it is clicked on, in a small window", async ({ page, context, site, kura }) => {
  await page.goto("/settings");
  const bookmarklet = page.getByTestId("bookmarklet");
  await expect(bookmarklet).toHaveAttribute("href", /^javascript:\(function/);
  const href = (await bookmarklet.getAttribute("href"))!;
  // React 19 would have replaced a rendered javascript: URL with one that throws.
  expect(href).not.toContain("React has blocked");

  const article = site.url("/articles/bookmarklet-page");
  const visited = await context.newPage();
  await visited.goto(article);
  // Clicking a bookmark runs its code in the visited page, as the browser does for a javascript: bookmark.
  const [popup] = await Promise.all([
    context.waitForEvent("page"),
    visited.evaluate(
      (code) => {
        (0, eval)(code);
      },
      decodeURIComponent(href.slice("javascript:".length)),
    ),
  ]);
  await expect(popup).toHaveURL(/\/save\?url=/);
  await expect(popup.getByTestId("save-result")).toHaveText("Saved to Kura — the capture is on its way.");
  // A window the bookmarklet opened closes itself after confirming.
  const closed = popup.waitForEvent("close", { timeout: 15_000 });
  await expect(popup.getByTestId("save-url")).toContainText("Loopback article bookmarklet-page");

  await page.goto("/");
  await expect(kura.entryFor(article)).toBeVisible();
  await expect(kura.entryFor(article).getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 45_000 });

  await closed;

  // The same page again is not a second entry.
  await page.goto(`/save?url=${encodeURIComponent(article)}`);
  await expect(page.getByTestId("save-result")).toHaveText("Already in your library.");
});

test("the share target takes the address from shared text, and opening /save alone adds nothing", async ({ page, site, kura, request }) => {
  const shared = site.url("/articles/shared-from-phone");
  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as { share_target: unknown; icons: Array<{ src: string }> };
  expect(manifest.share_target).toMatchObject({ action: "/save", method: "GET" });
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status()).toBe(200);
  expect((await request.get("/favicon.ico")).status()).toBe(200);

  // A GET with JavaScript off (an <img> on another site) must not save: only the page's own POST does.
  const before = await request.get(`/save?text=${encodeURIComponent(`Read this ${shared}`)}`);
  expect(before.status()).toBe(200);
  await page.goto("/");
  await expect(kura.entryFor(shared)).toHaveCount(0);

  await page.goto(`/save?title=${encodeURIComponent("From my phone")}&text=${encodeURIComponent(`Read this ${shared}`)}`);
  await expect(page.getByTestId("save-result")).toHaveText("Saved to Kura — the capture is on its way.");
  await page.getByRole("link", { name: "Open the entry" }).click();
  await expect(page).toHaveURL(/\/links\/\d+/);

  await page.goto(`/save?url=${encodeURIComponent("javascript:alert(1)")}`);
  await expect(page.getByTestId("save-panel").getByRole("alert")).toContainText("Only http and https links can be archived");
});

test.describe("a viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });
  test("cannot save through /save", async ({ page }) => {
    await page.goto(`/save?url=${encodeURIComponent("https://example.com/")}`);
    await expect(page).toHaveURL(/\/forbidden/);
  });
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("signs in first and comes back to the save", async ({ page, site }) => {
    const url = site.url("/articles/save-after-login");
    await page.goto(`/save?url=${encodeURIComponent(url)}`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel("Email").fill(ACCOUNTS.editor.email);
    await page.getByLabel("Password").fill(ACCOUNTS.editor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("save-result")).toHaveText("Saved to Kura — the capture is on its way.");
  });
});
