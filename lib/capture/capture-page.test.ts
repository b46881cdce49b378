import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowlist } from "@/lib/security/address-guard";
import { capturePage } from "./capture-page";
import { CaptureError } from "./errors";
import { LOOPBACK_ALLOWED, launchCaptureBrowser, serveRoutes, testLimits, type LoopbackSite } from "./testing";

const limits = testLimits();
const allow = LOOPBACK_ALLOWED;

const ARTICLE = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>記事のタイトル</title>
<meta name="description" content="説明文です。"><meta property="og:site_name" content="テストサイト">
<link rel="icon" href="/icon.png"></head><body><article><h1>見出し</h1>
<p>${"最初の段落です。".repeat(20)}</p><p>${"二番目の段落です。".repeat(20)}</p>
<pre>firewall-cmd --state
systemctl restart docker</pre></article></body></html>`;

let browser: Browser;
let site: LoopbackSite;
let origin: string;

beforeAll(async () => {
  const icon = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();
  site = await serveRoutes({
    "/article": (res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(ARTICLE),
    "/icon.png": (res) => res.writeHead(200, { "content-type": "image/png" }).end(icon),
    "/moved": (res) => res.writeHead(301, { location: "/article" }).end(),
    "/loop": (res) => res.writeHead(302, { location: "/loop" }).end(),
    "/gone": (res) => res.writeHead(410, { "content-type": "text/plain" }).end("gone"),
    "/broken": (res) => res.writeHead(503, { "content-type": "text/plain" }).end("try later"),
    "/tall": (res) =>
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(`<body style="margin:0"><div style="height:10000px;background:linear-gradient(red,blue)">tall</div></body>`),
  });
  origin = site.origin;
  browser = await launchCaptureBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("capturePage", () => {
  it("keeps the text with its paragraphs, the metadata, favicon, screenshot and thumbnail", async () => {
    const result = await capturePage(browser, { url: `${origin}/article`, allow, limits });
    expect(result.httpStatus).toBe(200);
    expect(result.metadata).toMatchObject({ title: "記事のタイトル", description: "説明文です。", siteName: "テストサイト", language: "ja" });
    const blocks = result.text.split("\n\n");
    expect(blocks).toContain("最初の段落です。".repeat(20));
    expect(blocks).toContain("二番目の段落です。".repeat(20));
    expect(blocks).toContain("firewall-cmd --state\nsystemctl restart docker");
    expect(result.favicon?.contentType).toBe("image/png");
    const shot = await sharp(result.screenshot!).metadata();
    expect([shot.format, shot.width]).toEqual(["webp", 1280]);
    const thumb = await sharp(result.thumbnail!).metadata();
    expect([thumb.format, thumb.width]).toEqual(["webp", 480]);
    expect(result.html).not.toMatch(/<script/i);
    expect(result.html).toContain(`Archived by Kura from ${origin}/article`);
  });

  it("follows redirects and reports the final URL", async () => {
    const result = await capturePage(browser, { url: `${origin}/moved`, allow, limits });
    expect(result.finalUrl).toBe(`${origin}/article`);
  });

  it("fails HTTP errors with the status: 4xx permanent, 5xx transient", async () => {
    const gone = await capturePage(browser, { url: `${origin}/gone`, allow, limits }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CaptureError);
    expect(gone).toMatchObject({ message: "The server answered HTTP 410 Gone.", transient: false, httpStatus: 410 });
    const broken = await capturePage(browser, { url: `${origin}/broken`, allow, limits }).catch((e: unknown) => e);
    expect(broken).toMatchObject({ transient: true, httpStatus: 503 });
  });

  it("ends a redirect loop within its limit", async () => {
    const loop = await capturePage(browser, { url: `${origin}/loop`, allow, limits }).catch((e: unknown) => e);
    expect(loop).toBeInstanceOf(CaptureError);
    expect((loop as Error).message).toMatch(/redirect/i);
  });

  it("cuts the full-page screenshot at the height limit and says so", async () => {
    const result = await capturePage(browser, { url: `${origin}/tall`, allow, limits });
    expect((await sharp(result.screenshot!).metadata()).height).toBe(3000);
    expect(result.limitsHit).toContain("maxScreenshotHeight");
  });

  it("refuses a loopback page when loopback is not allowlisted", async () => {
    const refused = await capturePage(browser, { url: `${origin}/article`, allow: parseAllowlist(""), limits }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ message: "blocked: loopback address (127.0.0.1)", transient: false });
  });
});
