import { expect, test } from "./fixtures/kura";
import { startSite } from "./fixtures/site-server";
import { storageStateOf } from "./fixtures/accounts";

// Issue 13's library views: cards or a dense list (remembered), an order and status/file-type/site filters in the
// URL (so a listing can be shared), combined with the search, each filter's chip removable on its own, and the
// position kept on back navigation.

test.use({ locale: "en-US" });

test("the list view is dense, and the choice is remembered across reloads", async ({ page }) => {
  // Filtered to the seeded write-ups' tag: by now other specs may have pushed entry 1 off the first page.
  await page.goto("/?tag=firewalld");
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "cards");
  // A seeded write-up (always ready, with tags and a description): the same entry in both views.
  const seeded = page.locator('[data-testid="entry"][data-link-id="1"]');
  const cardHeight = (await seeded.boundingBox())!.height;
  await page.getByTestId("view-list").click();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "list");
  await expect(page.getByTestId("view-list")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("thumbnail")).toHaveCount(0);
  expect((await seeded.boundingBox())!.height).toBeLessThan(cardHeight / 2);
  await page.reload();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "list");
  await page.getByTestId("view-cards").click();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "cards");
  await page.reload();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "cards");
});

test("sorting by title orders the entries by title and is in the URL, with the search kept", async ({ page }) => {
  // The seeded write-ups' tag: one page of entries whatever other specs added, so both orders list the same ones.
  await page.goto("/?tag=troubleshooting");
  await page.getByTestId("library-sort").selectOption("title");
  await expect(page).toHaveURL(/[?&]sort=title/);
  // The index sorts by code point of the lower-cased title: compare the same way. Polled: the URL changes before
  // the new listing has arrived.
  const sorted = (xs: string[]) => [...xs].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  await expect
    .poll(async () => {
      const shown = await page.getByTestId("entry-title").allInnerTexts();
      return shown.length > 2 && JSON.stringify(shown) === JSON.stringify(sorted(shown));
    })
    .toBe(true);
  const titles = await page.getByTestId("entry-title").allInnerTexts();

  // The default order is newest first: a different order of the same entries.
  await page.getByTestId("library-sort").selectOption("added");
  await expect(page).not.toHaveURL(/sort=/);
  await expect.poll(async () => [...(await page.getByTestId("entry-title").allInnerTexts())].sort()).toEqual([...titles].sort());

  // Combined with a search and a tag: the URL carries all of them, and the shared URL opens the same listing.
  await page.goto("/?q=docker&sort=title");
  await expect(page.getByTestId("library-sort")).toHaveValue("title");
  await expect(page.getByRole("searchbox")).toHaveValue("docker");
});

test("the status filter narrows to failed entries and is in the URL", async ({ page, kura, site }) => {
  const missing = site.url("/missing-library-views");
  await kura.pasteAndWait(missing, "failed");
  await page.getByTestId("library-status").selectOption("failed");
  await expect(page).toHaveURL(/[?&]status=failed/);
  const statuses = page.getByTestId("entry").getByTestId("status");
  await expect(statuses.first()).toBeVisible();
  for (const status of await statuses.all()) await expect(status).toHaveAttribute("data-status", "failed");
  await expect(kura.entryFor(missing)).toBeVisible();
  await page.getByTestId("library-status").selectOption("ready");
  await expect(page).toHaveURL(/[?&]status=ready/);
  await expect(kura.entryFor(missing)).toHaveCount(0);
  await page.getByTestId("library-type").selectOption("html");
  await expect(page).toHaveURL(/status=ready&type=html|type=html&status=ready/);
  await expect(page.getByTestId("entry").first()).toBeVisible();
});

test("each filter's chip removes that filter alone, keeping the others, the order and the view", async ({ page }) => {
  // The seeded write-ups: ready web pages tagged firewalld, some mentioning docker.
  await page.goto("/?tag=firewalld");
  await page.getByTestId("view-list").click();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "list");
  await page.goto("/?tag=firewalld&tag=troubleshooting&q=docker&sort=title&status=ready&type=html");
  const chips = page.getByTestId("filter-chip");
  // Each chip shows its filter and a ×, as two pieces of text side by side.
  await expect(chips).toHaveText(["“docker”×", "#firewalld×", "#troubleshooting×", "Status: Ready×", "Type: Web page×"]);
  const params = () => Object.fromEntries([...new URL(page.url()).searchParams].map(([k, v]) => [k === "tag" ? `tag:${v}` : k, v]));

  await page.getByRole("link", { name: "Remove search: docker" }).click();
  await expect(page).not.toHaveURL(/q=/);
  expect(params()).toEqual({ "tag:firewalld": "firewalld", "tag:troubleshooting": "troubleshooting", sort: "title", status: "ready", type: "html" });
  await expect(page.getByRole("searchbox")).toHaveValue("");
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "list");
  await expect(page.getByTestId("entry").first()).toBeVisible();

  await page.getByRole("link", { name: "Remove tag: firewalld" }).click();
  await expect(page).not.toHaveURL(/tag=firewalld/);
  expect(params()).toEqual({ "tag:troubleshooting": "troubleshooting", sort: "title", status: "ready", type: "html" });

  await page.getByRole("link", { name: "Remove status filter: Ready" }).click();
  await expect(page).not.toHaveURL(/status=/);
  expect(params()).toEqual({ "tag:troubleshooting": "troubleshooting", sort: "title", type: "html" });
  // The controls show the listing the URL now names.
  await expect(page.getByTestId("library-status")).toHaveValue("");
  await expect(page.getByTestId("library-type")).toHaveValue("html");
  await expect(page.getByTestId("library-sort")).toHaveValue("title");

  await page.getByRole("link", { name: "Remove file type filter: Web page" }).click();
  await expect(page).not.toHaveURL(/type=/);
  await expect(chips).toHaveText(["#troubleshooting×"]);

  // A new search keeps the tag and the order.
  await page.getByRole("searchbox").fill("firewalld");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/q=firewalld/);
  expect(params()).toEqual({ "tag:troubleshooting": "troubleshooting", sort: "title", q: "firewalld" });

  // Clear filters: every filter goes, the order and the view stay.
  await page.getByTestId("clear-filters").click();
  await expect(page).toHaveURL(/\/\?sort=title$/);
  await expect(page.getByTestId("active-filters")).toHaveCount(0);
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "list");
  await page.getByTestId("view-cards").click();
  await expect(page.getByTestId("entries")).toHaveAttribute("data-view", "cards");
});

for (const { locale, search, tag } of [
  { locale: "zh-CN", search: "移除搜索：docker", tag: "移除标签：firewalld" },
  { locale: "ja-JP", search: "検索を外す：docker", tag: "タグを外す：firewalld" },
]) {
  test(`the chips are named for screen readers in ${locale}`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("admin"), locale });
    const page = await context.newPage();
    await page.goto("/?q=docker&tag=firewalld&site=127.0.0.1");
    await expect(page.getByRole("link", { name: search, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: tag, exact: true })).toHaveAttribute("href", "/?q=docker&site=127.0.0.1");
    await context.close();
  });
}

test("the site filter lists the library's sites and narrows the listing to one, with the other filters", async ({ page, kura, site }) => {
  // A second website on another port: another site of the library.
  const other = await startSite();
  try {
    const here = site.url("/articles/site-filter-here");
    const there = other.url("/articles/site-filter-there");
    await kura.pasteAndWait(here, "ready", "site-filter");
    await kura.pasteAndWait(there, "ready", "site-filter");
    const host = new URL(there).host;
    await page.reload();
    const select = page.getByTestId("library-site");
    await expect(select.locator("option", { hasText: host })).toHaveText(`${host} (1)`);
    await select.selectOption(host);
    const param = (name: string) => new URL(page.url()).searchParams.get(name);
    await expect.poll(() => param("site")).toBe(host);
    await expect(kura.entryFor(there)).toBeVisible();
    await expect(kura.entryFor(here)).toHaveCount(0);
    await expect(page.getByTestId("entry")).toHaveCount(1);
    await expect(page.getByRole("link", { name: `Remove site filter: ${host}` })).toBeVisible();

    // Combined with the status filter and a tag; the shared URL opens the same listing. (A tag, not words: the two
    // pages' texts are alike enough to be folded into one search result as versions of one write-up.)
    await page.getByTestId("library-status").selectOption("ready");
    await expect.poll(() => param("status")).toBe("ready");
    expect(param("site")).toBe(host);
    await expect(kura.entryFor(there)).toBeVisible();
    await page.goto(`/?site=${host}&tag=site-filter`);
    await expect(page.getByTestId("library-site")).toHaveValue(host);
    await expect(page.getByTestId("entry")).toHaveCount(1);
    await expect(kura.entryFor(there)).toBeVisible();

    // The chip takes the site filter off and keeps the tag: both sites' entries again.
    await page.getByRole("link", { name: `Remove site filter: ${host}` }).click();
    await expect(page).not.toHaveURL(/site=/);
    await expect(kura.entryFor(here)).toBeVisible();
    await expect(kura.entryFor(there)).toBeVisible();
    await expect(page.getByTestId("library-site")).toHaveValue("");
  } finally {
    await other.close();
  }
});

test("back from an entry returns to the same place in the library", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto("/");
  const last = page.getByTestId("entry-title").last();
  await last.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(200);
  await last.click();
  await expect(page.getByTestId("link-page")).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("entries")).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before - 50);
});
