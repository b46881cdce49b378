import { seedArticles } from "../lib/seed/articles";
import { expect, test } from "./fixtures/kura";

const MONO = /^ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace$/;

test("code blocks are monospace in Chinese and Japanese write-ups", async ({ page }) => {
  for (const language of ["zh", "ja"] as const) {
    const article = seedArticles.find((a) => a.language === language && a.slug.startsWith("docker-registry"))!;
    // Filtered by its own tags: by now other specs may have pushed it off the library's first page.
    await page.goto(`/?${article.tags.map((t) => `tag=${encodeURIComponent(t)}`).join("&")}`);
    await page.getByTestId("entry").filter({ hasText: article.title }).getByTestId("entry-title").click();
    const reader = page.getByTestId("reader");
    await expect(reader).toHaveAttribute("lang", language);
    const pre = reader.locator("pre").first();
    await expect(pre).toBeVisible();
    expect(await pre.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(MONO);
    // The prose around it keeps the language's sans face.
    expect(
      await reader
        .locator("p")
        .first()
        .evaluate((el) => getComputedStyle(el).fontFamily),
    ).not.toMatch(/monospace/);
  }
});
