import { expect, test } from "./fixtures/kura";

// Not a check: writes docs/screenshots/{library,entry,settings}-{en,zh,ja}.png (desktop 1280×900, light) for the docs,
// and the same pages dark and on a 390×844 phone into .kura/screenshots/ (not kept in git), for looking at each
// language's layout. Run with KURA_SCREENSHOTS=1; skipped in ordinary runs.

const LANGUAGES = [
  { locale: "en-US", lang: "en" },
  { locale: "zh-CN", lang: "zh" },
  { locale: "ja-JP", lang: "ja" },
];

for (const { locale, lang } of LANGUAGES) {
  test.describe(`screenshots in ${lang}`, () => {
    test.skip(!process.env.KURA_SCREENSHOTS, "KURA_SCREENSHOTS=1 writes the docs screenshots");
    test.use({ locale, viewport: { width: 1280, height: 900 } });

    test(`library, entry page and Settings (${lang})`, async ({ page, kura, site }) => {
      const url = site.url(`/articles/screenshot-${lang}`);
      await page.goto("/");
      const entry = await kura.pasteAndWait(url, "ready");
      await page.reload();
      await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready");
      await page.screenshot({ path: `docs/screenshots/library-${lang}.png` });
      await entry.getByTestId("entry-title").click();
      await expect(page.locator("#versions-heading")).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/entry-${lang}.png` });
      const entryPath = new URL(page.url()).pathname;
      await page.goto("/settings");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/settings-${lang}.png` });

      for (const variant of ["dark", "phone", "phone-dark"] as const) {
        await page.emulateMedia({ colorScheme: variant.endsWith("dark") ? "dark" : "light" });
        await page.setViewportSize(variant.startsWith("phone") ? { width: 390, height: 844 } : { width: 1280, height: 900 });
        for (const [name, path] of [
          ["library", "/"],
          ["entry", entryPath],
          ["settings", "/settings"],
        ] as const) {
          await page.goto(path);
          await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
          await page.screenshot({ path: `.kura/screenshots/${name}-${lang}-${variant}.png` });
        }
      }
    });
  });
}
