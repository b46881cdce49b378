import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";

// Dark mode: the system's setting by default, the header's choice over it (kept across reloads).

/** The relative luminance of an element's background (0 black … 1 white). */
async function luminance(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const [r, g, b] = (getComputedStyle(el).backgroundColor.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number);
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    });
}

test("the library follows the system's dark setting, and the header's choice overrides it and sticks", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await luminance(page, "body")).toBeLessThan(0.05);
  expect(await luminance(page, "header")).toBeLessThan(0.05);
  // The system changing while the page is open is followed too.
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await luminance(page, "body")).toBeGreaterThan(0.8);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("theme-switcher").selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await luminance(page, "body")).toBeGreaterThan(0.8);

  await page.emulateMedia({ colorScheme: "light" });
  await page.getByTestId("theme-switcher").selectOption("dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await luminance(page, "body")).toBeLessThan(0.05);
  // Text on the cards keeps its contrast: the entry count's grey is light on the dark page.
  expect(await page.getByTestId("entry-count").evaluate((el) => getComputedStyle(el).color)).not.toBe("rgb(120, 113, 108)");

  await page.getByTestId("theme-switcher").selectOption("system");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("in dark mode the archived page and the screenshot keep a light backdrop", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  // A seeded write-up (always ready): /links/1 is the first seeded entry.
  await page.goto("/links/1?view=archive");
  await expect(page.getByTestId("archive-frame")).toBeVisible();
  expect(await luminance(page, '[data-testid="archive-frame"]')).toBeGreaterThan(0.9);
  expect(await luminance(page, "body")).toBeLessThan(0.05);
  await page.goto("/links/1?view=screenshot");
  await expect(page.getByTestId("screenshot")).toBeVisible();
  expect(await luminance(page, '[data-testid="screenshot"]')).toBeGreaterThan(0.9);
});
