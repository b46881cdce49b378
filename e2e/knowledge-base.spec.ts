import fs from "node:fs";
import path from "node:path";
import { seedArticles } from "../lib/seed/articles";
import { parseArticle } from "../lib/seed/render-article";
import { expect, test } from "./fixtures/kura";

const seedDir = path.resolve(import.meta.dirname, "../prisma/seed-articles");
const mentions = (word: RegExp) => seedArticles.filter((a) => word.test(fs.readFileSync(path.join(seedDir, a.file), "utf8"))).map((a) => a.title);

test("the five seeded write-ups are in the library, tagged and ready", async ({ page }) => {
  for (const article of seedArticles) {
    // Earlier specs add entries, so a write-up may be past the first page: reach it through its own tag.
    await page.goto(`/?tag=${encodeURIComponent(article.tags[0]!)}`);
    const entry = page.getByTestId("entry").filter({ hasText: article.title });
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready");
    await expect(entry.getByTestId("thumbnail")).toBeVisible();
    for (const tag of article.tags) await expect(entry.getByTestId("tag").filter({ hasText: `#${tag}` })).toHaveCount(1);
  }
});

test("filtering by firewalld lists exactly the write-ups that mention it", async ({ page }) => {
  const expected = mentions(/firewalld/i);
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(seedArticles.length);
  await page.goto("/?tag=firewalld");
  await expect(page.getByTestId("entry")).toHaveCount(expected.length);
  const titles = await page.getByTestId("entry-title").allInnerTexts();
  expect(titles.map((t) => t.trim()).sort()).toEqual([...expected].sort());
});

test("two tag filters combine with AND", async ({ page }) => {
  const both = seedArticles.filter((a) => a.tags.includes("kubernetes") && a.tags.includes("iptables"));
  await page.goto("/?tag=kubernetes&tag=iptables");
  await expect(page.getByTestId("entry")).toHaveCount(both.length);
  await page.goto("/?tag=kubernetes&tag=firewalld");
  await expect(page.getByTestId("entry")).toHaveCount(seedArticles.filter((a) => a.tags.includes("kubernetes") && a.tags.includes("firewalld")).length);
});

test("each write-up reads in its own language, paragraph by paragraph", async ({ page }) => {
  for (const article of seedArticles) {
    await page.goto(`/?tag=${encodeURIComponent(article.tags[0]!)}`);
    await page.getByRole("link", { name: article.title, exact: true }).click();
    await expect(page.getByTestId("link-title")).toHaveText(article.title);
    const reader = page.getByTestId("reader");
    await expect(reader).toHaveAttribute("lang", article.language);
    // Every block of the write-up is shown, in order, code blocks as <pre>.
    const blocks = parseArticle(fs.readFileSync(path.join(seedDir, article.file), "utf8"));
    await expect(reader.locator("p, h2, h3, pre")).toHaveCount(blocks.length);
    await expect(reader.locator("p, h2, h3, pre").first()).toHaveText(blocks[0]!.text.replace(/\s+/g, " ").trim());
    await expect(reader.locator("pre")).toHaveCount(blocks.filter((b) => b.kind === "code").length);
  }
});

test("the tags page counts entries per tag", async ({ page }) => {
  await page.goto("/tags");
  const docker = page.getByTestId("tag-row").filter({ hasText: "#docker" });
  const count = seedArticles.filter((a) => a.tags.includes("docker")).length;
  await expect(docker.getByTestId("tag-count")).toHaveText(`${count} ${count === 1 ? "entry" : "entries"}`);
  await docker.click();
  await expect(page).toHaveURL(/\?tag=docker$/);
  await expect(page.getByTestId("entry")).toHaveCount(count);
});
