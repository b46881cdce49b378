import { seedArticles } from "../lib/seed/articles";
import { expect, test } from "./fixtures/kura";

// The three language versions of the Docker Registry write-up are one write-up: one search result naming the other
// versions, the entry page listing them, and a person's split and join. Then the reader's contents and copy buttons.
const article = (slugEnd: string) => seedArticles.find((a) => a.slug.endsWith(slugEnd))!;
const [zh, en, ja] = ["registry-centos7-firewalld-zh", "registry-centos7-firewalld-en", "registry-centos7-firewalld-ja"].map(article);
const REGISTRY_TAGS = ["docker", "firewalld"];

test("a search shows the Docker Registry write-up once, in the reader's language, naming its other versions", async ({ page }) => {
  await page.goto(`/?q=${encodeURIComponent("firewalld ip_forward")}`);
  const titles = await page.getByTestId("entry-title").allInnerTexts();
  expect(titles.filter((t) => [zh, en, ja].some((a) => a!.title === t))).toEqual([en!.title]);
  const card = page.getByTestId("entry").filter({ has: page.getByTestId("entry-title").getByText(en!.title, { exact: true }) });
  const also = card.getByTestId("also-in-link");
  await expect(also).toHaveCount(2);
  expect((await also.allInnerTexts()).sort()).toEqual(["中文", "日本語"].sort());
  await also.filter({ hasText: "日本語" }).click();
  await expect(page.getByTestId("link-title")).toHaveText(ja!.title);
  // Opened from the search: the hit is marked in that version too.
  await expect(page.getByTestId("search-hit").first()).toBeVisible();
});

test.describe("in a Chinese interface", () => {
  test.use({ locale: "zh-CN" });
  test("the Chinese version stands for the write-up, naming the English and Japanese ones", async ({ page }) => {
    await page.goto(`/?q=${encodeURIComponent("firewalld ip_forward")}`);
    const titles = await page.getByTestId("entry-title").allInnerTexts();
    expect(titles.filter((t) => [zh, en, ja].some((a) => a!.title === t))).toEqual([zh!.title]);
    const card = page.getByTestId("entry").filter({ has: page.getByTestId("entry-title").getByText(zh!.title, { exact: true }) });
    expect((await card.getByTestId("also-in-link").allInnerTexts()).sort()).toEqual(["English", "日本語"].sort());
    await expect(card.getByTestId("also-in")).toContainText("其他版本");
  });
});

test("the entry page lists the other versions; 'Not the same write-up' splits one off and a bulk 'Same write-up' joins it again", async ({ page }) => {
  await page.goto(`/?${REGISTRY_TAGS.map((t) => `tag=${t}`).join("&")}`);
  await page.getByTestId("entry").filter({ hasText: zh!.title }).getByTestId("entry-title").click();
  const versions = page.getByTestId("write-up-version");
  await expect(versions).toHaveCount(2);
  expect((await versions.getByRole("link").allInnerTexts()).sort()).toEqual([en!.title, ja!.title].sort());

  await versions.filter({ hasText: en!.title }).getByTestId("write-up-split").click();
  await expect(versions).toHaveCount(1);
  await expect(versions.getByRole("link")).toHaveText(ja!.title);

  // Browsing lists every entry; the English card no longer names the Chinese version.
  await page.goto(`/?${REGISTRY_TAGS.map((t) => `tag=${t}`).join("&")}`);
  const enCard = page.getByTestId("entry").filter({ has: page.getByTestId("entry-title").getByText(en!.title, { exact: true }) });
  await expect(enCard.getByTestId("also-in-link")).toHaveText(["日本語"]);

  const zhCard = page.getByTestId("entry").filter({ has: page.getByTestId("entry-title").getByText(zh!.title, { exact: true }) });
  await zhCard.getByTestId("entry-select").check();
  await enCard.getByTestId("entry-select").check();
  await page.getByTestId("bulk-sameWriteUp").click();
  await expect(page.getByTestId("bulk-summary")).toHaveText("Marked 2 entries as one write-up.");
  await expect(enCard.getByTestId("also-in-link")).toHaveCount(2);
  expect((await enCard.getByTestId("also-in-link").allInnerTexts()).sort()).toEqual(["中文", "日本語"].sort());
});

test("a bulk 'Same write-up' of one entry is refused with a message", async ({ page }) => {
  await page.goto(`/?${REGISTRY_TAGS.map((t) => `tag=${t}`).join("&")}`);
  await page.getByTestId("entry-select").first().check();
  await page.getByTestId("bulk-sameWriteUp").click();
  await expect(page.getByRole("alert").filter({ hasText: "Select at least two entries to mark them as one write-up." })).toBeVisible();
});

test("the reader has a table of contents and copy buttons on code blocks", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/?${REGISTRY_TAGS.map((t) => `tag=${t}`).join("&")}`);
  await page.getByTestId("entry").filter({ hasText: en!.title }).getByTestId("entry-title").click();
  const toc = page.getByTestId("reader-toc");
  await expect(toc).toBeVisible();
  const links = toc.getByRole("link");
  expect(await links.count()).toBeGreaterThanOrEqual(3);
  const second = links.nth(1);
  const target = (await second.getAttribute("href"))!;
  await second.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator(target)).toBeInViewport();

  const pre = page.getByTestId("reader").locator("pre").first();
  await expect(pre).toHaveAttribute("tabindex", "0");
  const code = (await pre.innerText()).trim();
  const copy = page.getByTestId("copy-code").first();
  await copy.click();
  await expect(copy).toHaveText("Copied");
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(code);
});
