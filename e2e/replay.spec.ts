import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { startCorpusServer, type CorpusServer } from "../bench/corpus-server";
import { seedArticles } from "../lib/seed/articles";
import { parseArticle } from "../lib/seed/render-article";
import { expect, test } from "./fixtures/kura";

// App-level replay: hazard pages are pasted into the running app, captured by its worker, then the site is shut
// down and every request that is not to the app is refused; the stored archive must still show its text, its
// images decoded and its web font applied, and must not try to reach anything outside the app.

const HAZARDS = ["webfont.html", "images.html", "lazy-native.html"] as const;
type Hazard = (typeof HAZARDS)[number];

let corpus: CorpusServer | null = null;
const snapshotIds = new Map<Hazard, string>();

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  corpus = await startCorpusServer();
});

test.afterAll(async () => {
  await corpus?.close();
});

/** Refuses and records every request of the page's context that does not go to the app. */
async function onlyTheApp(page: Page, appOrigin: string): Promise<string[]> {
  const outside: string[] = [];
  await page.context().route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(appOrigin + "/")) return route.continue();
    outside.push(url);
    return route.abort("blockedbyclient");
  });
  return outside;
}

test("three hazard pages are captured by the app; then the site goes away", async ({ page, kura }) => {
  test.setTimeout(180_000);
  for (const file of HAZARDS) {
    await page.goto("/");
    await kura.paste(`${corpus!.origin}/${file}`);
  }
  for (const file of HAZARDS) {
    const url = `${corpus!.origin}/${file}`;
    await page.goto("/");
    const entry = kura.entryFor(url);
    await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 90_000 });
    await entry.getByTestId("entry-title").click();
    await page.getByRole("link", { name: "Archived page", exact: true }).click();
    const src = await page.getByTestId("archive-frame").getAttribute("src");
    const id = /^\/archive\/(\d+)\/html$/.exec(src ?? "")?.[1];
    expect(id, `archive frame src of ${file}`).toBeTruthy();
    snapshotIds.set(file, id!);
  }
  const served = corpus!.hits.get("/webfont.html") ?? 0;
  expect(served).toBeGreaterThan(0);
  await corpus!.close();
  corpus = null;
});

test("the web font page replays offline with the web font applied", async ({ page, baseURL }) => {
  const outside = await onlyTheApp(page, baseURL!);
  await page.goto(`/archive/${snapshotIds.get("webfont.html")}/html`);
  await expect(page.getByRole("heading", { name: "Typography from web fonts" })).toBeVisible();
  await expect(page.getByText("Sphinx of black quartz, judge my vow.")).toBeVisible();
  const font = await page.evaluate(async () => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, "") === "Corpus Sans");
    const p = document.querySelector("main p")!;
    // The same text in the web font (with its fallback) and in the fallback alone: a lost font measures equal.
    const measure = (family: string) => {
      const span = document.createElement("span");
      span.textContent = "The quick brown fox jumps over the lazy dog 0123456789";
      span.style.cssText = `font-family:${family};font-size:32px;position:absolute;white-space:nowrap`;
      document.body.append(span);
      const width = span.getBoundingClientRect().width;
      span.remove();
      return width;
    };
    return {
      loaded: faces.filter((f) => f.status === "loaded").length,
      check: document.fonts.check('16px "Corpus Sans"'),
      computed: getComputedStyle(p).fontFamily,
      webWidth: measure('"Corpus Sans", serif'),
      fallbackWidth: measure("serif"),
    };
  });
  expect(font.loaded).toBeGreaterThan(0);
  expect(font.check).toBe(true);
  expect(font.computed).toContain("Corpus Sans");
  expect(Math.abs(font.webWidth - font.fallbackWidth)).toBeGreaterThan(5);
  expect(outside).toEqual([]);
});

test("the images page replays offline: img, svg, srcset fallback and background images decoded", async ({ page, baseURL }) => {
  const outside = await onlyTheApp(page, baseURL!);
  await page.goto(`/archive/${snapshotIds.get("images.html")}/html`);
  await expect(page.getByRole("heading", { name: "PNG, JPEG, SVG and background images" })).toBeVisible();
  const images = await page.evaluate(async () => {
    const imgs = [...document.querySelectorAll("img")];
    // Wait for every image to decode or fail; a failed one shows as naturalWidth 0 and fails the checks below.
    await Promise.allSettled(imgs.map((img) => img.decode()));
    const backgrounds = [...document.querySelectorAll<HTMLElement>("[style*=background]")].map((el) => getComputedStyle(el).backgroundImage);
    return {
      imgs: imgs.map((img) => ({ alt: img.alt, width: img.naturalWidth, src: img.currentSrc.slice(0, 11) })),
      backgrounds,
    };
  });
  expect(images.imgs.length).toBeGreaterThanOrEqual(4);
  for (const img of images.imgs) {
    expect(img.width, `naturalWidth of "${img.alt}"`).toBeGreaterThan(0);
    expect(img.src, `source of "${img.alt}"`).toMatch(/^(data|blob):/);
  }
  expect(images.imgs.map((i) => i.alt)).toEqual(expect.arrayContaining(["a photo", "a chart", "logo", "behind a redirect"]));
  expect(images.backgrounds.length).toBeGreaterThan(0);
  for (const bg of images.backgrounds) expect(bg).toMatch(/^url\("data:image\//);
  expect(outside).toEqual([]);
});

test("the lazy-image page replays offline in the link page's archive tab", async ({ page, baseURL }) => {
  const outside = await onlyTheApp(page, baseURL!);
  const id = snapshotIds.get("lazy-native.html")!;
  await page.goto(`/archive/${id}/html`);
  const lazy = page.locator("img[alt^='lazy']");
  await expect(lazy).toHaveCount(6);
  for (let i = 0; i < 6; i++) {
    const img = lazy.nth(i);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  }

  // The same snapshot inside the app, in the sandboxed frame of the archive tab.
  await page.goto("/");
  await page.locator(`[data-testid="entry"][data-url$="/lazy-native.html"]`).getByTestId("entry-title").click();
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const frame = page.frameLocator('[data-testid="archive-frame"]');
  await expect(frame.locator("img[alt='lazy 1']")).toBeAttached();
  const first = frame.locator("img[alt='lazy 1']");
  await first.scrollIntoViewIfNeeded();
  await expect.poll(() => first.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  await expect(frame.locator("h1")).toBeVisible();
  expect(outside).toEqual([]);
});

test("the reader tab shows the sanitized article with its image inlined; the info tab shows the page metadata", async ({ page, kura, site, baseURL }) => {
  const url = site.url("/articles/reader-view");
  const entry = await kura.pasteAndWait(url, "ready");
  const outside = await onlyTheApp(page, baseURL!);
  await entry.getByTestId("entry-title").click();
  const reader = page.getByTestId("reader-html");
  await expect(reader).toContainText("the DOCKER chain was gone after a firewalld reload");
  await expect(reader.locator("pre code")).toContainText("systemctl restart docker");
  const img = reader.locator("img");
  await expect(img).toHaveCount(1);
  expect(await img.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  expect(await img.evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth))).toBe(240);
  await expect(reader.locator("script, style, iframe")).toHaveCount(0);
  expect(await page.getByTestId("reader").getAttribute("lang")).toBe("en");

  await page.getByRole("link", { name: "Info" }).click();
  const metadata = page.getByTestId("page-metadata");
  await expect(metadata).toContainText("Loopback Notes");
  await expect(metadata).toContainText("A test article about reader-view served from loopback.");
  expect(outside).toEqual([]);
});

test("a seeded write-up still renders its own article blocks in the reader", async ({ page }) => {
  const article = seedArticles[0]!;
  // Filtered by the write-up's own tags: by now other specs may have pushed it off the library's first page.
  await page.goto(`/?${article.tags.map((t) => `tag=${encodeURIComponent(t)}`).join("&")}`);
  await page.getByTestId("entry").filter({ hasText: article.title }).getByTestId("entry-title").click();
  const reader = page.getByTestId("reader");
  await expect(reader).toBeVisible();
  await expect(reader.locator("h2").first()).toBeVisible();
  // Its own blocks (rendered once when it was captured, stored as its reader article), not Readability's guess.
  const blocks = parseArticle(fs.readFileSync(path.resolve(import.meta.dirname, "../prisma/seed-articles", article.file), "utf8"));
  await expect(page.getByTestId("reader-html").locator("p, h2, h3, pre")).toHaveCount(blocks.length);
  expect((await reader.innerText()).length).toBeGreaterThan(500);
});
