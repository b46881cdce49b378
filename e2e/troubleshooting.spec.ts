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

const titleOf = (slugEnd: string) => seedArticles.find((a) => a.slug.endsWith(slugEnd))!.title;

test("the Commands page lists each seeded command once with the write-ups quoting it, and filters", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Commands" }).click();
  await expect(page).toHaveURL(/\/commands$/);
  await page.getByRole("searchbox", { name: "Find a command" }).fill("firewall-cmd --add-port");
  await page.getByRole("searchbox", { name: "Find a command" }).press("Enter");
  await expect(page).toHaveURL(/\/commands\?q=firewall-cmd/);
  const command = page
    .getByTestId("extract")
    .filter({ has: page.getByTestId("extract-text").getByText("firewall-cmd --add-port=5000/tcp --permanent", { exact: true }) });
  await expect(command).toHaveCount(1);
  await expect(command.getByTestId("extract-entry").filter({ hasText: titleOf("centos7-firewalld-en") })).toHaveCount(1);
  // Every command listed contains the filter.
  for (const text of await page.getByTestId("extract-text").allInnerTexts()) expect(text.toLowerCase()).toContain("firewall-cmd --add-port");
  await command
    .getByTestId("extract-entry")
    .filter({ hasText: titleOf("centos7-firewalld-en") })
    .click();
  await expect(page.getByTestId("reader")).toContainText("firewall-cmd --add-port=5000/tcp --permanent");
});

test("the Errors page lists Docker's IPv4 forwarding warning; searching for it finds the Chinese write-up", async ({ page }) => {
  await page.goto("/errors?q=ipv4%20forwarding");
  const warning = page.getByTestId("extract").filter({ hasText: "WARNING: IPv4 forwarding is disabled. Networking will not work." });
  await expect(warning).toHaveCount(1);
  await expect(warning.getByTestId("extract-entry").filter({ hasText: titleOf("centos7-firewalld-zh") })).toHaveCount(1);
  await warning.getByRole("link", { name: "Search the library for this" }).click();
  await expect(page.getByTestId("entry").filter({ hasText: titleOf("centos7-firewalld-zh") })).toHaveCount(1);
  // A filter that matches nothing says so.
  await page.goto("/errors?q=no-such-error-message-anywhere");
  await expect(page.getByTestId("extract-count")).toHaveText("0 messages");
  await expect(page.getByText("Nothing matches this filter.")).toBeVisible();
});
