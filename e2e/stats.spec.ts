import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { seedArticles } from "../lib/seed/articles";

// Issue 13's stats page: entries and captures per month, storage by site and by file type, and why captures failed,
// with real numbers — the seeded write-ups from the start, and what one ready and one failed capture add — in the
// reader's language.

/** This month in UTC, as the page's months are ("2026-12"). */
const thisMonth = () => new Date().toISOString().slice(0, 7);

/** A number the page shows, read from the cell's raw value (its text is the formatted one). */
async function valueOf(cell: Locator): Promise<number> {
  if ((await cell.count()) === 0) return 0;
  return Number(await cell.getAttribute("data-value"));
}

async function readNumbers(page: Page) {
  await page.goto("/stats");
  const month = thisMonth();
  const monthRow = (chart: string) => page.getByTestId(`${chart}-table`).locator(`tr[data-month="${month}"]`);
  const site = page.getByTestId("stats-by-site").locator('tr[data-key="127.0.0.1"]');
  return {
    entries: await valueOf(monthRow("stats-entries").locator('[data-series="entries"]')),
    ready: await valueOf(monthRow("stats-captures").locator('[data-series="ready"]')),
    failed: await valueOf(monthRow("stats-captures").locator('[data-series="failed"]')),
    notFound: await valueOf(page.getByTestId("stats-failures").locator('tr[data-key="clientError"] [data-value]')),
    siteBytes: await valueOf(site.locator("[data-value]")),
    siteEntries: (await site.count()) === 0 ? 0 : Number(await site.locator("[data-extra]").getAttribute("data-extra")),
  };
}

/** The bytes the stored files of an entry's latest snapshot take, read back through the API. */
async function storedBytes(page: Page, linkId: string): Promise<number> {
  const { entry } = (await (await page.request.get(`/api/v1/entries/${linkId}`)).json()) as { entry: { latestSnapshotId: number } };
  let total = 0;
  for (const kind of ["html", "screenshot", "thumbnail", "original"]) {
    const file = await page.request.get(`/api/v1/snapshots/${entry.latestSnapshotId}/files/${kind}`);
    if (file.status() === 200) total += (await file.body()).byteLength;
  }
  return total;
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("one ready and one failed capture add exactly their numbers", async ({ page, kura, site }) => {
    const before = await readNumbers(page);
    const ready = await kura.pasteAndWait(site.url("/articles/stats-ready"), "ready");
    const linkId = (await ready.getAttribute("data-link-id"))!;
    await kura.pasteAndWait(site.url("/missing-for-stats"), "failed");
    const bytes = await storedBytes(page, linkId);
    expect(bytes).toBeGreaterThan(1000);

    const after = await readNumbers(page);
    expect(after).toEqual({
      entries: before.entries + 2,
      ready: before.ready + 1,
      failed: before.failed + 1,
      notFound: before.notFound + 1,
      siteBytes: before.siteBytes + bytes,
      siteEntries: before.siteEntries + 1,
    });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stats");
    await expect(page).toHaveTitle(/Stats/);
    await expect(page.getByTestId("stats-failures").locator('tr[data-key="clientError"] th')).toHaveText("Page unavailable (HTTP 4xx)");
    // The bar chart says its numbers in words, this month's included.
    const monthName = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date());
    await expect(page.getByTestId("stats-entries-svg")).toHaveAttribute("aria-label", new RegExp(`${monthName}: ${after.entries}(;|$)`));
    // The seeded write-ups are there from the start, counted as one site.
    const seeded = page.getByTestId("stats-by-site").locator('tr[data-key="seeded"]');
    await expect(seeded.locator("th")).toContainText("Knowledge base");
    await expect(seeded.locator("[data-extra]")).toHaveText(String(seedArticles.length));
    // The types add up to the sites: the same files counted two ways.
    const sum = async (rows: Locator) => (await rows.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-value"))))).reduce((a, b) => a + b, 0);
    expect(await sum(page.getByTestId("stats-by-type").locator("td[data-value]"))).toBe(await sum(page.getByTestId("stats-by-site").locator("td[data-value]")));
    await expect(page.getByTestId("stats-summary")).toContainText(/\d+ entries, \d+ captures, [\d.]+ (KB|MB) stored/);
  });

  test("the header links to it, and on a phone from its More menu", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Stats" }).click();
    await expect(page).toHaveURL(/\/stats$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Stats" })).toBeHidden();
    await nav.getByText("More").click();
    await nav.getByRole("link", { name: "Stats" }).click();
    await expect(page).toHaveURL(/\/stats$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stats");
    // The menu closes once its link is followed.
    await expect(nav.getByRole("link", { name: "Settings" })).toBeHidden();
  });
});

for (const { locale, lang, title, seeded, notFound } of [
  { locale: "ja-JP", lang: "ja", title: "統計", seeded: "ナレッジベース", notFound: "ページを利用できない（HTTP 4xx）" },
  { locale: "zh-CN", lang: "zh-CN", title: "统计", seeded: "知识库", notFound: "页面不可用（HTTP 4xx）" },
]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test("the same numbers, in its language and number formats", async ({ page, kura, site }) => {
      // A failure of its own, so the reasons table has a row whatever ran before.
      await kura.pasteAndWait(site.url(`/missing-for-stats-${lang.toLowerCase()}`), "failed");
      await page.goto("/stats");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      const month = thisMonth();
      const monthName = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
      await page.getByTestId("stats-entries").locator("summary").click();
      const row = page.getByTestId("stats-entries-table").locator(`tr[data-month="${month}"]`);
      await expect(row.locator("th")).toHaveText(monthName);
      const entries = await valueOf(row.locator("[data-value]"));
      expect(entries).toBeGreaterThanOrEqual(seedArticles.length + 1);
      await expect(row.locator("[data-value]")).toHaveText(new Intl.NumberFormat(lang).format(entries));
      await expect(page.getByTestId("stats-by-site").locator('tr[data-key="seeded"] th')).toContainText(seeded);
      await expect(page.getByTestId("stats-by-site").locator('tr[data-key="seeded"] [data-extra]')).toHaveText(String(seedArticles.length));
      const failures = page.getByTestId("stats-failures").locator('tr[data-key="clientError"]');
      await expect(failures.locator("th")).toHaveText(notFound);
      expect(await valueOf(failures.locator("[data-value]"))).toBeGreaterThanOrEqual(1);
      // Sizes say KB/MB with the locale's decimal mark.
      const size = page.getByTestId("stats-by-type").locator('tr[data-key="html"] td[data-value]');
      const bytes = await valueOf(size);
      expect(bytes).toBeGreaterThan(0);
      await expect(size).toHaveText(/^[\d.]+ (B|KB|MB)$/);
    });
  });
}
