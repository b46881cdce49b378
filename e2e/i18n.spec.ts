import { expect, test } from "./fixtures/kura";
import type { Browser } from "@playwright/test";
import { storageStateOf } from "./fixtures/accounts";
import { startLiveSite, type LiveSite } from "./fixtures/live-site";

// Issue 13's languages: the locale from Accept-Language or the switcher, <html lang>, dates per locale and time
// zone, capture failures explained in the reader's language, and cancelled captures shown as cancelled.

let slowSite: LiveSite;
test.beforeAll(async () => {
  slowSite = await startLiveSite();
});
test.afterAll(async () => {
  await slowSite.close();
});

const LANGUAGES = [
  {
    locale: "en-US",
    lang: "en",
    title: "Library",
    tags: "Tags",
    settings: "Settings",
    tokens: "API tokens",
    versions: "Versions",
    info: "Info",
    admin: "Admin",
  },
  { locale: "zh-CN", lang: "zh-CN", title: "资料库", tags: "标签", settings: "设置", tokens: "API 令牌", versions: "版本", info: "信息", admin: "管理员" },
  {
    locale: "ja-JP",
    lang: "ja",
    title: "ライブラリ",
    tags: "タグ",
    settings: "設定",
    tokens: "API トークン",
    versions: "バージョン",
    info: "情報",
    admin: "管理者",
  },
];

for (const { locale, lang, title, tags, settings, tokens, versions, info, admin } of LANGUAGES) {
  test.describe(`a browser asking for ${locale}`, () => {
    test.use({ locale, timezoneId: "Asia/Tokyo" });

    test(`gets the library in its language, <html lang="${lang}">, and dates in its format and time zone`, async ({ page, kura, site }) => {
      const url = site.url(`/articles/i18n-${lang.toLowerCase()}`);
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.getByRole("navigation").getByRole("link", { name: tags, exact: true })).toBeVisible();
      await kura.paste(url);
      const entry = kura.entryFor(url);
      await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 45_000 });
      // The first page told the server the browser's time zone; from now on times are in Asia/Tokyo.
      await page.reload();
      const added = entry.getByTestId("entry-added");
      const iso = await added.getAttribute("datetime");
      const expected = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" }).format(new Date(iso!));
      await expect(added).toHaveAttribute("title", expected);
      const relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
      // Just added: seconds or minutes ago ("15 seconds ago", "15 秒前", "15秒前"), in the page's language.
      const recent = [
        ...Array.from({ length: 60 }, (_, n) => relative.format(-n, "second")),
        ...Array.from({ length: 59 }, (_, n) => relative.format(-(n + 1), "minute")),
      ];
      expect(recent).toContain(await added.innerText());
    });

    test("gets Settings and an entry page in its language, page titles included", async ({ page, kura, site }) => {
      await page.goto("/settings");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(settings);
      await expect(page.getByRole("heading", { level: 2, name: tokens })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(settings));
      // Role names too: the account line and every role picker (the option's value stays the stored word).
      await expect(page.locator("main").getByText(new RegExp(`[(（]${admin}[)）]$`))).toBeVisible();
      for (const option of await page.locator('select[name="role"] option[value="admin"]').all()) await expect(option).toHaveText(admin);
      expect(await page.locator('select[name="role"] option[value="admin"]').count()).toBeGreaterThan(1);
      const url = site.url(`/articles/i18n-entry-${lang.toLowerCase()}`);
      await page.goto("/");
      const entry = await kura.pasteAndWait(url, "ready");
      await entry.getByTestId("entry-title").click();
      await expect(page.locator("#versions-heading")).toHaveText(versions);
      await expect(page.getByRole("link", { name: info, exact: true })).toBeVisible();
    });
  });
}

/** A fresh viewer account (added by the admin), so a saved language never leaks into the shared e2e accounts. */
async function freshAccount(browser: Browser, name: string) {
  const account = { email: `${name}-${Date.now()}@kura.test`, password: "e2e-locale-password" };
  const admin = await browser.newContext({ storageState: storageStateOf("admin"), locale: "en-US" });
  const page = await admin.newPage();
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill(account.email);
  await form.getByLabel("Password").fill(account.password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: account.email })).toBeVisible();
  await admin.close();
  return account;
}

async function signedIn(browser: Browser, account: { email: string; password: string }) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(account.email);
  return { context, page };
}

test.describe("the language switcher", () => {
  test("changes the language, the choice sticks after a reload, beats Accept-Language and follows the user to a new browser", async ({ browser }) => {
    const account = await freshAccount(browser, "switcher");
    const { context, page } = await signedIn(browser, account);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Library");
    await page.getByTestId("locale-switcher").selectOption("ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ライブラリ");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ライブラリ");
    await page.getByTestId("locale-switcher").selectOption("zh");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("资料库");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await context.close();

    // Another browser, no cookie, asking for English: the account's choice (User.locale) wins.
    const other = await signedIn(browser, account);
    await other.page.goto("/settings");
    await expect(other.page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText("设置");
    await other.context.close();
  });
});

test.describe("a failed capture in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("shows the translated sentence and hint, with the raw reason in a disclosure", async ({ page, kura, site }) => {
    const url = site.url("/missing-page-i18n");
    await page.goto("/");
    await kura.paste(url);
    const entry = kura.entryFor(url);
    await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
    await expect(entry.getByTestId("status")).toHaveText("失败");
    await expect(entry.getByTestId("entry-error")).toHaveText("服务器返回 HTTP 404 Not Found。");
    const detail = entry.getByTestId("failure-detail");
    await expect(detail.locator("code")).toBeHidden();
    await detail.locator("summary").click();
    await expect(detail.locator("code")).toHaveText("The server answered HTTP 404 Not Found.");
    // A long reason wraps inside the card: the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});

test.describe("refused input in Japanese and Chinese", () => {
  test.use({ locale: "ja-JP" });

  test("the paste box names the refused line in Japanese and keeps the text", async ({ page, kura }) => {
    await page.goto("/");
    const text = "https://ok.example/i18n-refused\njavascript:alert(1)";
    await kura.paste(text, "ok,,x");
    await expect(kura.pasteError().first()).toBeVisible();
    await expect(kura.pasteForm()).toContainText("2 行目：保存できるのは http と https のリンクだけです（「javascript:」が指定されました）。");
    await expect(kura.pasteForm()).toContainText("タグ名を空にはできません。");
    await expect(kura.pasteForm().locator('textarea[name="url"]')).toHaveValue(text);
  });

  test("the same refusal in Chinese after switching the language", async ({ page, kura, context }) => {
    await context.addCookies([{ name: "kura_locale", value: "zh", url: test.info().project.use.baseURL! }]);
    await page.goto("/");
    await kura.paste("ftp://files.example/x");
    await expect(kura.pasteForm()).toContainText("只能存档 http 和 https 链接（收到的是“ftp:”）。");
  });
});

test("a cancelled capture shows a neutral Cancelled, not Failed", async ({ page, kura }) => {
  const slow = slowSite.url("/slow/40000/i18n-cancel");
  await page.goto("/");
  await kura.paste(slow);
  const entry = kura.entryFor(slow);
  await expect(entry.getByTestId("status")).toHaveText("Loading page", { timeout: 15_000 });
  await entry.getByTestId("cancel-capture").click();
  await expect(entry.getByTestId("status")).toHaveText("Cancelled");
  await expect(entry.getByTestId("status")).toHaveAttribute("data-cancelled", "true");
  await expect(entry.getByTestId("entry-error")).toHaveText("Cancelled");
});

for (const locale of ["en-US", "zh-CN", "ja-JP"]) {
  test.describe(`the header in ${locale}`, () => {
    test.use({ locale });
    for (const width of [1024, 1280, 1536]) {
      test(`fits a ${width} px screen: the nav on one line, nothing past the edge`, async ({ page }) => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto("/");
        const { scrollWidth, lines } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          lines: new Set(
            [...document.querySelectorAll("header nav a")].filter((a) => a.getClientRects().length > 0).map((a) => Math.round(a.getBoundingClientRect().top)),
          ).size,
        }));
        expect(scrollWidth).toBeLessThanOrEqual(width);
        expect(lines).toBe(1);
        // All six links shown (the phone's More menu is not).
        await expect(page.locator("header nav").getByRole("link")).toHaveCount(6);
      });
    }
  });
}

// Pages that are not there, in the reader's language with a real 404: an unknown entry (signed in: the way back to
// the library), and a share link that does not work (anonymous: no way into the library or to the sign-in page).
for (const { locale, lang, notFound, back, shareGone, signIn, fileNotFound } of [
  {
    locale: "zh-CN",
    lang: "zh-CN",
    notFound: "找不到页面",
    back: "返回资料库",
    shareGone: "此链接已失效",
    signIn: "请登录后查看存档页面。",
    fileNotFound: "未找到。",
  },
  {
    locale: "ja-JP",
    lang: "ja",
    notFound: "ページが見つかりません",
    back: "ライブラリに戻る",
    shareGone: "このリンクは使えなくなりました",
    signIn: "アーカイブしたページを見るにはログインしてください。",
    fileNotFound: "見つかりません。",
  },
]) {
  test.describe(`a page that is not there, in ${locale}`, () => {
    test.use({ locale });

    test("an unknown entry answers 404 with a translated page and the way back to the library", async ({ page }) => {
      for (const path of ["/links/999999", "/no-such-page"]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        const shown = page.getByTestId("not-found");
        await expect(shown.getByRole("heading", { level: 1 })).toHaveText(notFound);
        await expect(shown.getByRole("link", { name: back })).toHaveAttribute("href", "/");
        await expect(page).toHaveTitle(new RegExp(notFound));
      }
    });

    test("an unknown share link answers 404 with a translated page that leads nowhere", async ({ browser, baseURL }) => {
      const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale, baseURL });
      try {
        const page = await anonymous.newPage();
        const response = await page.goto("/s/no-such-share-token-0123456789");
        expect(response?.status()).toBe(404);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await expect(page.getByTestId("share-gone").getByRole("heading", { level: 1 })).toHaveText(shareGone);
        await expect(page.getByTestId("not-found")).toHaveCount(0);
        // No link but the skip link: into the library or to sign in would both end on the sign-in page.
        await expect(page.locator('a[href]:not([href^="#"])')).toHaveCount(0);
        // An archived file's address opened by hand: its refusal reads in the visitor's language too.
        const file = await page.goto("/archive/1/html");
        expect(file?.status()).toBe(401);
        expect(await file?.text()).toBe(signIn);
        const shared = await page.goto("/archive/1/html?share=no-such-share-token-0123456789");
        expect(shared?.status()).toBe(404);
        expect(await shared?.text()).toBe(fileNotFound);
      } finally {
        await anonymous.close();
      }
    });
  });
}
