import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";

// Issue 13's keyboard shortcuts: / search, a paste box, j/k through the cards, Enter opens, x selects, ? lists them;
// none fires while typing or with a modifier key.

test.use({ locale: "en-US" });

/** Opens a page once its shortcuts listen (a key pressed before hydration does nothing). */
async function open(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-shortcuts", "on");
}

test("/ focuses the search and a focuses the paste box", async ({ page, kura }) => {
  await open(page);
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox")).toBeFocused();
  // Typed into the search now, not a shortcut: "a" is text there.
  await page.keyboard.type("a");
  await expect(page.getByRole("searchbox")).toHaveValue("a");
  await expect(page.getByRole("searchbox")).toBeFocused();

  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("a");
  const url = kura.pasteForm().locator('textarea[name="url"]');
  await expect(url).toBeFocused();
  await expect(url).toHaveValue("");
});

test("on a phone, a opens the paste box behind its button and focuses it", async ({ page, kura }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await expect(kura.pasteForm()).toBeHidden();
  // Until the page has hydrated a key does nothing (no field has focus, so a repeat types nothing either).
  await expect(async () => {
    await page.keyboard.press("a");
    await expect(kura.pasteForm().locator('textarea[name="url"]')).toBeFocused({ timeout: 1000 });
  }).toPass();
  await expect(kura.pasteForm().locator('textarea[name="url"]')).toHaveValue("");
});

test("j and k move through the cards, Enter opens the focused one", async ({ page }) => {
  await open(page);
  const titles = page.getByTestId("entry-title");
  expect(await titles.count()).toBeGreaterThan(2);
  await page.keyboard.press("j");
  await expect(titles.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(titles.nth(1)).toBeFocused();
  await page.keyboard.press("j");
  await expect(titles.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(titles.nth(1)).toBeFocused();
  const href = await titles.nth(1).getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByTestId("link-page")).toBeVisible();
});

test("x toggles the focused card's selection, and the selection bar counts it", async ({ page }) => {
  await open(page);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  const second = page.getByTestId("entry").nth(1);
  await page.keyboard.press("x");
  await expect(second.getByTestId("entry-select")).toBeChecked();
  await expect(page.getByTestId("bulk-bar")).toBeVisible();
  await expect(page.getByTestId("entry").nth(0).getByTestId("entry-select")).not.toBeChecked();
  // Focus stays on the card: x again unselects it.
  await page.keyboard.press("x");
  await expect(second.getByTestId("entry-select")).not.toBeChecked();
  await expect(page.getByTestId("bulk-bar")).toBeHidden();
});

test("? lists the shortcuts in the page's language, and Escape closes the list", async ({ page }) => {
  await open(page);
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Search the library");
  await expect(dialog).toContainText("Next entry");
  // No shortcut fires behind the open dialog.
  await page.keyboard.press("j");
  await expect(page.getByTestId("entry-title").first()).not.toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test.describe("in Japanese", () => {
  test.use({ locale: "ja-JP" });
  test("? lists the shortcuts in Japanese", async ({ page }) => {
    await open(page);
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "キーボードショートカット" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("ライブラリを検索");
  });
});

test("no shortcut fires while typing in a field or with a modifier key", async ({ page, kura }) => {
  await open(page);
  const url = kura.pasteForm().locator('textarea[name="url"]');
  await url.fill("");
  await url.focus();
  await page.keyboard.type("/ajkx?");
  await expect(url).toHaveValue("/ajkx?");
  await expect(page.getByTestId("shortcuts-dialog")).toBeHidden();
  await url.fill("");

  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("Control+j");
  await page.keyboard.press("Alt+j");
  await expect(page.getByTestId("entry-title").first()).not.toBeFocused();
  await page.keyboard.press("Meta+/");
  await expect(page.getByRole("searchbox")).not.toBeFocused();
});

/** Enough entries for a second page (24 a page), recorded without captures so nothing loads the machine. */
async function fillFirstPage(page: Page) {
  // A browser's bookmark file: two tags on each entry, as a tagged library's cards have.
  const list = [
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
    "<DL><p>",
    ...Array.from({ length: 26 }, (_, n) => `<DT><A HREF="https://tab-stops.example/entry-${n}" TAGS="tab-stops,batch-${n % 3}">Tab stop ${n}</A>`),
    "</DL><p>",
  ].join("\n");
  const status = await page.evaluate(async (text) => {
    const response = await fetch("/api/v1/import", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ file: btoa(text), capture: false }),
    });
    return response.status;
  }, list);
  expect([200, 201]).toContain(status);
}

test("a library card is one tab stop: Tab goes card to card and reaches Older →", async ({ page }) => {
  await open(page);
  await fillFirstPage(page);
  await open(page);
  const older = page.getByRole("link", { name: "Older →" });
  await expect(older).toBeVisible();
  const cards = await page.getByTestId("entry").count();
  // Walks the page with Tab from the top, noting which card (if any) holds focus at each stop.
  const stops: Array<string | null> = [];
  for (let n = 0; n < 600; n++) {
    await page.keyboard.press("Tab");
    const where = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      return { card: active?.closest<HTMLElement>('[data-testid="entry"]')?.dataset.linkId ?? null, text: active?.textContent?.trim() ?? "" };
    });
    stops.push(where.card);
    if (where.text === "Older →") break;
  }
  const inCards = stops.filter((s) => s !== null);
  console.log(`Tab presses to reach Older →: ${stops.length} (${inCards.length} of them inside the ${cards} cards)`);
  expect(stops.length).toBeLessThan(600);
  expect(inCards.length).toBe(cards);
  expect(new Set(inCards).size).toBe(cards);
});

test("← and → reach the focused card's other controls, which keep their names", async ({ page }) => {
  await open(page);
  await fillFirstPage(page);
  await open(page);
  const card = page.getByTestId("entry").first();
  await page.keyboard.press("j");
  await expect(card.getByTestId("entry-title")).toBeFocused();
  // Before the title: the checkbox and the star; after it, the card's tags (the cards on top have some).
  await page.keyboard.press("ArrowLeft");
  await expect(card.getByTestId("entry-star")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(card.getByTestId("entry-select")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(card.getByTestId("entry-select")).toBeFocused();
  // x still selects the card from its checkbox.
  await page.keyboard.press("x");
  await expect(card.getByTestId("entry-select")).toBeChecked();
  await page.keyboard.press("x");
  await expect(card.getByTestId("entry-select")).not.toBeChecked();
  // → walks on past the title (and any capture buttons) to the tags; it stops at the card's last control.
  const tag = card.getByTestId("tag").first();
  for (let n = 0; n < 10 && !(await tag.evaluate((el) => el === document.activeElement)); n++) await page.keyboard.press("ArrowRight");
  await expect(tag).toBeFocused();
  // Out of the tab order, still a named link for a screen reader; Tab from here leaves the card.
  await expect(tag).toHaveAttribute("tabindex", "-1");
  await expect(card.getByRole("link", { name: await tag.innerText() })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("entry").nth(1).getByTestId("entry-title")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(card.getByTestId("entry-title")).toBeFocused();
  // j from inside the card still goes to the next card's title.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("j");
  await expect(page.getByTestId("entry").nth(1).getByTestId("entry-title")).toBeFocused();
});
