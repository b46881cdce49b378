import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { createDiffUrl, createShareUrl, forbiddenPage, SIGNED_IN_PAGES, signedOutPage } from "./fixtures/every-page";

// Issue 13's phone layout, on a 390×844 screen: nothing scrolls sideways on any page (in the light and the dark
// theme), the header is compact (the paste box behind a button), an entry's actions are on the first screen, and
// controls are at least 24 px.

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, hasTouch: true });

async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // Named in the failure: the elements reaching past the right edge, so the culprit is obvious.
    wide: [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length > 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)} px)`),
  }));
  expect(scrollWidth, `${where} is ${scrollWidth} px wide on a ${innerWidth} px screen: ${wide.join(", ")}`).toBeLessThanOrEqual(innerWidth);
}

/** Visible controls smaller than 24×24 CSS px (WCAG 2.5.8); links inside running text are exempt, so not checked. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input:not([type="hidden"]), textarea, nav a, [data-testid="tag"]')]
      .filter((el) => el.getClientRects().length > 0 && !el.closest("[hidden], [inert]"))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
      .map(
        ({ el, box }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
      ),
  );
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });

    for (const { name, path } of SIGNED_IN_PAGES) {
      test(`the ${name} (${path}) fits a phone's width and its controls are touch-sized`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        await expectNoSidewaysScroll(page, path);
        const small = await smallTargets(page);
        expect(small, `controls under 24 px on ${path}: ${small.join(", ")}`).toEqual([]);
      });
    }

    test("the versions page and the forbidden page fit a phone's width", async ({ page, browser, site }) => {
      // The first run of it makes the entry: two captures.
      test.slow();
      const url = await createDiffUrl(browser, site);
      await page.goto(url);
      await expect(page.getByTestId("diff-stats").or(page.getByTestId("diff-notice")).first()).toBeVisible();
      await expectNoSidewaysScroll(page, url);
      expect(await smallTargets(page), `controls under 24 px on ${url}`).toEqual([]);
      const forbidden = await forbiddenPage(browser, { viewport: PHONE, colorScheme: theme });
      await expectNoSidewaysScroll(forbidden, "/forbidden");
      expect(await smallTargets(forbidden), "controls under 24 px on /forbidden").toEqual([]);
      await forbidden.context().close();
    });

    test("the sign-in page and a share page fit a phone's width", async ({ browser }) => {
      const url = await createShareUrl(browser);
      const page = await signedOutPage(browser, { viewport: PHONE, colorScheme: theme });
      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSidewaysScroll(page, "/login");
      await page.goto(url);
      await expect(page.getByTestId("shared-entry")).toBeVisible();
      await expectNoSidewaysScroll(page, url);
      await page.context().close();
    });
  });
}

test("a long unbroken URL and error wrap instead of widening the page", async ({ page, kura, site }) => {
  // A 404 fails at once (no retry): the entry keeps the long URL as its title and shows the failure.
  const url = site.url(`/missing-${"a-very-long-path-segment-without-any-break".repeat(6)}`);
  await page.goto("/");
  // The toggle works once the page is hydrated (a click before that does nothing).
  await expect(page.locator("html")).toHaveAttribute("data-shortcuts", "on");
  await page.getByTestId("paste-toggle").click();
  await expect(kura.pasteForm().locator('textarea[name="url"]')).toBeVisible();
  await kura.paste(url);
  await expect(kura.entryFor(url).getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 45_000 });
  await expectNoSidewaysScroll(page, "the library with a long failed URL");
  await kura.entryFor(url).getByTestId("entry-title").click();
  await expect(page.getByTestId("capture-error")).toBeVisible();
  await expectNoSidewaysScroll(page, "the failed entry's page");
});

test("the header is compact: the paste box opens from a button", async ({ page, kura }) => {
  await page.goto("/");
  const header = await page.locator("header").boundingBox();
  expect(header!.height).toBeLessThan(PHONE.height * 0.15);
  await expect(kura.pasteForm()).toBeHidden();
  await expect(page.locator("html")).toHaveAttribute("data-shortcuts", "on");
  await page.getByTestId("paste-toggle").click();
  await expect(kura.pasteForm().locator('textarea[name="url"]')).toBeFocused();
  await page.getByTestId("paste-toggle").click();
  await expect(kura.pasteForm()).toBeHidden();
});

test("an entry page's actions are on the first screen", async ({ page }) => {
  await page.goto("/links/1");
  const actions = page.getByTestId("entry-actions");
  await expect(actions).toBeVisible();
  for (const control of await actions.getByRole("button").all()) {
    const box = await control.boundingBox();
    expect(box!.y + box!.height, `${await control.innerText()} is below the first screen`).toBeLessThanOrEqual(PHONE.height);
  }
  expect(await actions.getByRole("button").count()).toBeGreaterThanOrEqual(2);
});

test("an entry page's other actions are a menu beside its buttons, each leading to its part of the page", async ({ page }) => {
  await page.goto("/links/1");
  const menu = page.getByTestId("entry-more");
  const summary = menu.locator("summary");
  const box = await summary.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
  await summary.click();
  const items = menu.getByRole("link");
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeGreaterThanOrEqual(3);
  // The last item, the versions, sits at the very end of a phone's page.
  await expect(page.locator("#versions-heading")).not.toBeInViewport();
  await items.last().click();
  await expect(page.locator("#versions-heading")).toBeInViewport();
  await expect(items.first()).toBeHidden();
});

test("the app is installable: a manifest named Kura with icons, and a favicon", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as { name: string; short_name: string; icons: Array<{ src: string; sizes: string }> };
  expect(manifest.name).toContain("Kura");
  expect(manifest.name).toContain("蔵");
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  expect((await request.get("/favicon.ico")).status()).toBe(200);
});
