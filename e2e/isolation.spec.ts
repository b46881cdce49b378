import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Dialog, Frame, Page } from "@playwright/test";
import { bestEffort } from "../lib/log/best-effort";
import { expect, test } from "./fixtures/kura";

// An archived page is hostile content served from Kura's own origin. This archives a page full of scripts,
// event handlers, javascript: URLs, markup in its title, SVG scripts and a meta refresh, then shows it the ways
// Kura does (library card, link page, "Archived page" tab, the raw file in a tab of its own) and proves that
// nothing of it runs, reaches the app or calls home.
//
// The page's scripts are harmless while they run at home (the capture browser runs them, as it must to render
// the page): there they only send a "capture-…" beacon, which proves every vector was live. Anywhere else they
// alert(), mark the DOM (data-pwned, title "PWNED"), send document.cookie home, touch parent.document, call the
// app's API and move top.location.

const FIXTURES = path.join(import.meta.dirname, "fixtures", "hostile");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};
const TITLE = "Hostile isolation page <img src=x onerror=alert(1)> & <script>alert(2)</script>";

type Hostile = { origin: string; hits: string[]; close: () => Promise<void> };

/** Serves e2e/fixtures/hostile/ under /isolation/ on loopback, with __ORIGIN__ replaced; records every request. */
async function startHostileSite(): Promise<Hostile> {
  const hits: string[] = [];
  let origin = "";
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    hits.push(url);
    const match = /^\/isolation\/([a-z]+\.(?:html|js|svg))$/.exec(new URL(url, "http://x").pathname);
    const file = match ? path.join(FIXTURES, match[1]!) : null;
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = fs.readFileSync(file, "utf8").replaceAll("__ORIGIN__", origin);
    res.writeHead(200, { "content-type": TYPES[path.extname(file)]!, "cache-control": "no-store" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Every `on…` attribute in the tags of serialized HTML (quoted attribute values, e.g. escaped markup, are skipped). */
function handlerAttributes(html: string): string[] {
  const found: string[] = [];
  const tag = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g;
  const attribute = /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g;
  for (const [, name, attributes] of html.matchAll(tag)) {
    for (const [, attr] of attributes!.matchAll(attribute)) {
      if (/^on/i.test(attr!)) found.push(`<${name} ${attr}>`);
    }
  }
  return found;
}

let hostile: Hostile;
let pageUrl: string;
/** Requests the hostile site received while Kura captured it. */
let captureHits: string[] = [];
let snapshotId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  hostile = await startHostileSite();
  // A path of its own, so no other spec's entries can be mistaken for this one.
  pageUrl = `${hostile.origin}/isolation/page.html`;
});

test.afterAll(async () => {
  await hostile?.close();
});

/** Collects every dialog a page (or any of its frames) opens; none may open. */
function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void bestEffort(dialog.dismiss(), "dismissing a dialog (the page may have closed it or navigated)");
  });
  return dialogs;
}

/** Everything in the document (and its frames) that a script that ran would have left behind. */
async function traces(page: Page) {
  const marks: string[] = [];
  for (const frame of page.frames()) {
    const reading = frame.locator("[data-pwned]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.pwned ?? ""));
    const pwned = await bestEffort(reading, `reading marks in frame ${frame.url()} (it may be detached or navigating); none counted from it`);
    marks.push(...(pwned ?? []));
  }
  return { url: page.url(), title: await page.title(), marks };
}

test("a hostile page is archived; its title is text everywhere and nothing runs in the link page or its archive tab", async ({ page, kura, baseURL }) => {
  test.slow(); // a real capture of a busy page, then three views of it
  // A readable cookie of the app's own origin: anything that could read it would send it home.
  await page.context().addCookies([{ name: "kura_e2e_isolation", value: "app-cookie-s3cret", url: baseURL! }]);
  const dialogs = recordDialogs(page);

  const entry = await kura.pasteAndWait(pageUrl, "ready");
  captureHits = [...hostile.hits];
  hostile.hits.length = 0;

  // Every vector was live during the capture (it ran at home and said so).
  const ran = new Set(captureHits.filter((h) => h.startsWith("/beacon?")).map((h) => new URL(h, "http://x").searchParams.get("v")));
  for (const vector of [
    "capture-inline-script",
    "capture-external-script",
    "capture-body-onload",
    "capture-img-onerror",
    "capture-svg-onload",
    "capture-svg-script",
    "capture-frame-script",
    "capture-svg-document",
  ]) {
    expect(ran, `${vector} should have run during the capture`).toContain(vector);
  }
  expect([...ran].filter((v) => v?.startsWith("view-"))).toEqual([]);

  // The library card: the title is text, the markup in it is not an element.
  const title = entry.getByTestId("entry-title");
  await expect(title).toHaveText(TITLE);
  await expect(title.locator("img, script, b")).toHaveCount(0);
  await expect(entry.locator("img:not([data-testid=thumbnail]), script, b")).toHaveCount(0);
  await expect(entry).toContainText("<b onmouseover=alert(4)>Hostile site</b>");

  // The link page: heading and document title are text too.
  await title.click();
  const heading = page.getByTestId("link-title");
  await expect(heading).toHaveText(TITLE);
  await expect(heading.locator("*")).toHaveCount(0);
  expect(await page.title()).toContain(TITLE);
  await expect(page.locator("body img[src=x]")).toHaveCount(0);

  // The archived page, framed.
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const frameElement = page.getByTestId("archive-frame");
  await expect(frameElement).toHaveAttribute("sandbox", "");
  const framed = page.frameLocator('[data-testid="archive-frame"]');
  await expect(framed.getByRole("heading", { name: "Hostile isolation page" })).toBeVisible();
  await expect(framed.locator("#marker")).toHaveText("ISOLATION-PAGE-BODY");
  snapshotId = /\/archive\/(\d+)\/html$/.exec((await frameElement.getAttribute("src")) ?? "")?.[1] ?? "";
  expect(snapshotId).not.toBe("");
  const linkPageUrl = page.url();

  // Try the links a visitor might click (their javascript: URLs are gone, and the frame may not run script).
  for (const id of ["#js-link", "#js-link-spaced", "#js-link-split", "#top-link"]) {
    await framed.locator(id).click({ timeout: 5_000 });
  }
  await framed.locator("#js-form-button").click({ timeout: 5_000 });
  await page.waitForTimeout(1_500);

  const after = await traces(page);
  expect(dialogs).toEqual([]);
  expect(after.marks).toEqual([]);
  expect(after.url.replace(/#$/, "")).toBe(linkPageUrl);
  expect(after.title).toContain(TITLE);
  expect(await page.evaluate(() => document.body.dataset.pwned ?? null)).toBeNull();
  // Not one request went back to the site while its archive was shown: no beacon, no cookie, no hijack.
  expect(hostile.hits).toEqual([]);

  // The frame is an opaque origin: the app's cookies and same-origin API are out of its reach.
  // (Its URL may have gained a "#" from the clicks: the javascript: hrefs were rewritten to "#".)
  const archiveFrame = page.frames().find((f: Frame) => new URL(f.url(), "http://x").pathname === `/archive/${snapshotId}/html`);
  expect(archiveFrame).toBeDefined();
  const inside = await archiveFrame!
    .evaluate(() => {
      let cookie: string;
      try {
        cookie = document.cookie;
      } catch (e) {
        cookie = `threw ${(e as Error).name}`;
      }
      let parentReachable: boolean;
      try {
        parentReachable = Boolean(window.parent.document);
      } catch {
        parentReachable = false;
      }
      return { origin: self.origin, cookie, parentReachable };
    })
    .catch((e: unknown) => ({ origin: "null", cookie: `evaluate refused: ${String(e).split("\n")[0]}`, parentReachable: false }));
  expect(inside.origin).toBe("null");
  expect(inside.cookie).not.toContain("app-cookie-s3cret");
  expect(inside.parentReachable).toBe(false);
});

test("the archived HTML opened directly in a tab runs nothing", async ({ context }) => {
  test.skip(!snapshotId, "needs the snapshot archived by the previous test");
  await context.addCookies([{ name: "kura_e2e_isolation", value: "app-cookie-s3cret", url: test.info().project.use.baseURL! }]);
  const tab = await context.newPage();
  const dialogs = recordDialogs(tab);
  const url = `/archive/${snapshotId}/html`;
  await tab.goto(url);
  await expect(tab.locator("#marker")).toHaveText("ISOLATION-PAGE-BODY");
  await tab.waitForTimeout(1_500);
  for (const id of ["#js-link", "#top-link"]) await tab.locator(id).click({ timeout: 5_000 });
  await tab.waitForTimeout(500);

  const after = await traces(tab);
  expect(dialogs).toEqual([]);
  expect(after.marks).toEqual([]);
  expect(after.title).toBe(TITLE);
  expect(new URL(after.url).pathname).toBe(url);
  expect(hostile.hits).toEqual([]);
  const inside = await tab
    .evaluate(() => {
      try {
        return { origin: self.origin, cookie: document.cookie };
      } catch (e) {
        return { origin: self.origin, cookie: `threw ${(e as Error).name}` };
      }
    })
    .catch((e: unknown) => ({ origin: "null", cookie: `evaluate refused: ${String(e).split("\n")[0]}` }));
  expect(inside.origin).toBe("null");
  expect(inside.cookie).not.toContain("app-cookie-s3cret");
  await tab.close();
});

test("the archived HTML is served sandboxed and stored without scripts, handlers, javascript: URLs or refresh", async ({ page, request }) => {
  test.skip(!snapshotId, "needs the snapshot archived by the first test");
  const response = await request.get(`/archive/${snapshotId}/html`);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const csp = (headers["content-security-policy"] ?? "").split(";").map((d) => d.trim());
  expect(csp).toEqual(expect.arrayContaining(["sandbox", "script-src 'none'", "default-src 'none'", "connect-src 'none'"]));
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-type"]).toMatch(/^text\/html/);

  const html = await response.text();
  expect(html).toContain("ISOLATION-PAGE-BODY");
  expect(html).toContain("FRAME-BODY");
  expect(html).not.toMatch(/<script/i);
  expect(handlerAttributes(html)).toEqual([]);
  // eslint-disable-next-line no-control-regex -- browsers skip control characters before a URL scheme ("\x01javascript:" runs): the check must too
  expect(html).not.toMatch(/=\s*["']?[\s\u0000-\u0020]*javascript:/i);
  expect(html).not.toMatch(/http-equiv\s*=\s*["']?refresh/i);

  // The same, parsed as a browser would, through every nested document (srcdoc frames, data: documents).
  const findings = await page.evaluate((source: string) => {
    const found: string[] = [];
    const visit = (markup: string, where: string, type: DOMParserSupportedType) => {
      const doc = new DOMParser().parseFromString(markup, type);
      for (const el of Array.from(doc.querySelectorAll("*"))) {
        const tag = el.localName.toLowerCase();
        if (tag === "script") found.push(`${where}: <script>`);
        if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") ?? "")) found.push(`${where}: meta refresh`);
        for (const attr of Array.from(el.attributes)) {
          // eslint-disable-next-line no-control-regex -- browsers drop control characters in a URL attribute before reading its scheme: so does the check
          const value = attr.value.replace(/[\u0000-\u0020]/g, "");
          if (/^on/i.test(attr.name)) found.push(`${where}: <${tag} ${attr.name}>`);
          if (/^javascript:/i.test(value)) found.push(`${where}: <${tag} ${attr.name}="${attr.value}">`);
          if (attr.name === "srcdoc") visit(attr.value, `${where} > ${tag}[srcdoc]`, "text/html");
          // Documents a frame, object or embed would render (an <img> never runs what its SVG holds).
          const data = /^(iframe|frame|object|embed)$/.test(tag) ? /^data:([^;,]+)(;base64)?,(.*)$/is.exec(attr.value) : null;
          if (data && /html|svg|xml/i.test(data[1]!)) {
            const text = data[2] ? atob(data[3]!) : decodeURIComponent(data[3]!);
            visit(text, `${where} > ${tag}[${attr.name}=data:${data[1]}]`, /svg/i.test(data[1]!) ? "image/svg+xml" : "text/html");
          }
        }
      }
    };
    visit(source, "document", "text/html");
    return found;
  }, html);
  expect(findings).toEqual([]);
});
