import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { createDiffUrl, createShareUrl, forbiddenPage, SIGNED_IN_PAGES, signedOutPage } from "./fixtures/every-page";

// Issue 13's accessibility check: axe-core (WCAG 2.0/2.1 A and AA rules) finds no serious or critical violation on
// any page, in the light and the dark theme. Archived pages (the sandboxed frame of the archive view and the share
// page) are the archived site's own markup, not ours, so they are left out (axe could not look inside anyway: the
// frame's sandbox lets no script run in it).

const THEMES = ["light", "dark"] as const;

/** Fails with one readable paragraph per offending element: the rule, where, and what axe says would fix it. */
async function expectNoSeriousViolations(page: Page, where: string) {
  const found = await seriousViolations(page);
  expect(found, `axe on ${where}:\n\n${found.join("\n\n")}`).toHaveLength(0);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).exclude('[data-testid="archive-frame"]').analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help}\n    at ${n.target.join(" ")}\n    ${n.failureSummary?.replace(/\n/g, "\n    ")}`));
}

async function settle(page: Page, theme: (typeof THEMES)[number]) {
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
  // Fonts and transitions settled, so colours are read as the viewer sees them.
  await page.evaluate(() => document.fonts.ready);
}

for (const theme of THEMES) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });

    for (const { name, path } of SIGNED_IN_PAGES) {
      test(`the ${name} (${path}) has no serious or critical axe violation`, async ({ page }) => {
        await page.goto(path);
        await settle(page, theme);
        await expectNoSeriousViolations(page, path);
      });
    }

    test("the sign-in page, signed out, has no serious or critical axe violation", async ({ browser }) => {
      const page = await signedOutPage(browser, { colorScheme: theme });
      await page.goto("/login");
      await settle(page, theme);
      await expectNoSeriousViolations(page, "/login");
      await page.context().close();
    });

    test("the versions page (two captures compared) has no serious or critical axe violation", async ({ page, browser, site }) => {
      // The first run of it makes the entry: two captures.
      test.slow();
      const url = await createDiffUrl(browser, site);
      await page.goto(url);
      await expect(page.getByTestId("diff-stats").or(page.getByTestId("diff-notice")).first()).toBeVisible();
      await settle(page, theme);
      await expectNoSeriousViolations(page, url);
    });

    test("the forbidden page (a viewer opening an editor's page) has no serious or critical axe violation", async ({ browser }) => {
      const page = await forbiddenPage(browser, { colorScheme: theme });
      await settle(page, theme);
      await expectNoSeriousViolations(page, "/forbidden");
      await page.context().close();
    });

    test("a share page, signed out, has no serious or critical axe violation", async ({ browser }) => {
      const url = await createShareUrl(browser);
      const page = await signedOutPage(browser, { colorScheme: theme });
      await page.goto(url);
      await expect(page.getByTestId("shared-entry")).toBeVisible();
      await settle(page, theme);
      await expectNoSeriousViolations(page, url);
      await page.context().close();
    });
  });
}

test("the first tab stop is a skip link that moves focus to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.locator(":focus");
  await expect(skip).toHaveText("Skip to content");
  await expect(skip).toBeVisible();
  await skip.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("a library card is one tab stop to its entry: the title link, not the thumbnail", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("entry");
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    // Links to the card's own entry (an "Also in" link leads to another version, its own stop).
    const stops = await card.evaluate(
      (li) =>
        [...li.querySelectorAll<HTMLAnchorElement>('a[href^="/links/"]')].filter(
          (a) =>
            new RegExp(`^/links/${li.dataset.linkId}(?:[?#]|$)`).test(a.getAttribute("href") ?? "") && a.tabIndex >= 0 && !a.closest('[aria-hidden="true"]'),
        ).length,
    );
    expect(stops).toBe(1);
  }
});

test("scrollable code blocks in the reader take keyboard focus", async ({ page }) => {
  await page.goto("/links/1");
  const blocks = page.locator("article pre");
  expect(await blocks.count()).toBeGreaterThan(0);
  for (const pre of await blocks.all()) await expect(pre).toHaveAttribute("tabindex", "0");
});
