import { expect, test } from "./fixtures/kura";

// Not a check: writes docs/screenshots/{library,entry,settings,commands}-{en,zh,ja}-{light,dark}-{desktop,phone}.png for the
// docs and for looking at each language's layout in both themes and sizes. Run with KURA_SCREENSHOTS=1; skipped otherwise.

const LANGUAGES = [
  { locale: "en-US", lang: "en" },
  { locale: "zh-CN", lang: "zh" },
  { locale: "ja-JP", lang: "ja" },
];
const SCHEMES = ["light", "dark"] as const;
const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];

for (const { locale, lang } of LANGUAGES) {
  for (const scheme of SCHEMES) {
    for (const size of SIZES) {
      test.describe(`screenshots in ${lang}, ${scheme}, ${size.name}`, () => {
        test.skip(!process.env.KURA_SCREENSHOTS, "KURA_SCREENSHOTS=1 writes the docs screenshots");
        test.use({ locale, viewport: size.viewport, colorScheme: scheme });

        test(`library, entry page, Settings and Commands (${lang}, ${scheme}, ${size.name})`, async ({ page, kura, site }) => {
          const name = (what: string) => `docs/screenshots/${what}-${lang}-${scheme}-${size.name}.png`;
          const url = site.url(`/articles/screenshot-${lang}`);
          await page.goto("/");
          const entry = await kura.pasteAndWait(url, "ready");
          await page.reload();
          await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready");
          await page.screenshot({ path: name("library") });
          await entry.getByTestId("entry-title").click();
          await expect(page.locator("#versions-heading")).toBeVisible();
          await page.screenshot({ path: name("entry") });
          await page.goto("/settings");
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          await page.screenshot({ path: name("settings") });
          await page.goto("/commands");
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          await page.screenshot({ path: name("commands") });
        });
      });
    }
  }
}
