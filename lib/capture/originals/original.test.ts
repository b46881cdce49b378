import crypto from "node:crypto";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowlist } from "@/lib/security/address-guard";
import { capturePage } from "../capture-page";
import { CaptureError } from "../errors";
import { fileNameFrom } from "./mime";
import { LOOPBACK_ALLOWED, launchCaptureBrowser, serveRoutes, testLimits, type LoopbackSite } from "../testing";

const limits = testLimits({ budgetMs: 60_000 });
const allow = LOOPBACK_ALLOWED;

// Two pages: Latin on the first, Japanese on the second, a dark title bar so the first page is visibly not blank.
const PDF_SOURCE = `<!doctype html><html><head><meta charset="utf-8"><title>Harvest Ledger 2026</title>
<style>body{font-family:sans-serif} h1{background:#1e3a5f;color:#fff;padding:20px} .next{break-before:page}</style></head>
<body><h1>Harvest Ledger 2026</h1><p>The granary keeps rice, millet and buckwheat through the winter.</p>
<section class="next"><h2>蔵の記録</h2><p>米と蕎麦を冬の間保管します。</p></section></body></html>`;

// An SVG that would run script and load a tracker if it were opened as a document.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="200">
<rect width="300" height="200" fill="#1e3a5f"/><script>fetch("/svg-script-ran")</script>
<image href="/svg-tracker.png" width="10" height="10"/></svg>`;

let browser: Browser;
let site: LoopbackSite;
let origin: string;
let pdf: Buffer;
let png: Buffer;
const hits: string[] = [];

beforeAll(async () => {
  browser = await launchCaptureBrowser();
  const maker = await browser.newPage();
  await maker.setContent(PDF_SOURCE);
  pdf = await maker.pdf({ format: "A4", printBackground: true });
  await maker.close();
  png = await sharp({ create: { width: 640, height: 360, channels: 3, background: "#2a7" } })
    .png()
    .toBuffer();
  const big = Buffer.concat([pdf, Buffer.alloc(2_000_000, 0x20)]);
  site = await serveRoutes(
    {
      "/ledger.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end(pdf),
      "/no-type": (res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(pdf),
      "/big.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end(big),
      "/corrupt.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7\nthis is not really a PDF\n%%EOF\n"),
      "/photo.png": (res) => res.writeHead(200, { "content-type": "image/png" }).end(png),
      "/badge.svg": (res) => res.writeHead(200, { "content-type": "image/svg+xml" }).end(SVG),
      "/export": (res) =>
        res.writeHead(200, { "content-type": "text/csv", "content-disposition": 'attachment; filename="report 2026.csv"' }).end("crop,tonnes\nrice,12\n"),
    },
    (url) => hits.push(url),
  );
  origin = site.origin;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

describe("non-HTML captures", () => {
  it("keeps a PDF byte-for-byte, with its text (Latin and Japanese, page by page), metadata and a first-page picture", async () => {
    const result = await capturePage(browser, { url: `${origin}/ledger.pdf`, allow, limits });
    expect(result.html).toBeNull();
    expect(result.original?.info.kind).toBe("pdf");
    expect(result.contentType).toBe("application/pdf");
    expect(sha(result.original!.file.body)).toBe(sha(pdf));
    expect(result.original!.file.extension).toBe("pdf");
    expect(result.original!.info.pages).toBe(2);
    expect(result.original!.info.title).toBe("Harvest Ledger 2026");
    expect(result.metadata.title).toBe("Harvest Ledger 2026");
    expect(result.text).toContain("The granary keeps rice, millet and buckwheat through the winter.");
    expect(result.text).toContain("米と蕎麦を冬の間保管します。");
    // Page break = blank line: the Latin page and the Japanese page are separate blocks.
    const blocks = result.text.split("\n\n");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain("granary");
    expect(blocks[1]).toContain("蔵の記録");

    const thumb = await sharp(result.thumbnail!).metadata();
    expect(thumb.format).toBe("webp");
    expect(thumb.width).toBe(480);
    const shot = await sharp(result.screenshot!).metadata();
    expect(shot.width).toBe(1280);
    // An A4 page drawn 1280 px wide is about 1810 px tall.
    expect(shot.height).toBeGreaterThan(1700);
    // Not blank: the dark title bar is drawn at the top of the page.
    const { channels } = await sharp(result.thumbnail!).stats();
    expect(Math.min(...channels.slice(0, 3).map((c) => c.min))).toBeLessThan(80);
    expect(channels[0]!.stdev).toBeGreaterThan(10);
  });

  it("recognises a PDF by its %PDF- magic when the server does not say what it is", async () => {
    const result = await capturePage(browser, { url: `${origin}/no-type`, allow, limits });
    expect(result.original?.info.kind).toBe("pdf");
    expect(result.original?.file.fileName).toBe("no-type.pdf");
    expect(sha(result.original!.file.body)).toBe(sha(pdf));
  });

  it("keeps an image as an image, with its dimensions, a WebP screenshot and a 480 px thumbnail", async () => {
    const result = await capturePage(browser, { url: `${origin}/photo.png`, allow, limits });
    expect(result.original?.info).toMatchObject({ kind: "image", width: 640, height: 360, fileName: "photo.png" });
    expect(result.original!.file.extension).toBe("png");
    expect(sha(result.original!.file.body)).toBe(sha(png));
    const shot = await sharp(result.screenshot!).metadata();
    expect([shot.format, shot.width, shot.height]).toEqual(["webp", 640, 360]);
    expect((await sharp(result.thumbnail!).metadata()).width).toBe(480);
    expect(result.text).toBe("");
  });

  it("keeps an SVG as a file and draws it without running its script or loading what it links to", async () => {
    hits.length = 0;
    const result = await capturePage(browser, { url: `${origin}/badge.svg`, allow, limits });
    expect(result.original?.info).toMatchObject({ kind: "image", width: 300, height: 200, fileName: "badge.svg" });
    expect(result.original!.file.body.toString()).toBe(SVG);
    const shot = await sharp(result.screenshot!).metadata();
    expect([shot.width, shot.height]).toEqual([300, 200]);
    const { channels } = await sharp(result.screenshot!).stats();
    expect(channels[2]!.mean).toBeGreaterThan(channels[0]!.mean); // the dark blue fill was drawn
    expect(hits).toEqual(["/badge.svg"]);
  });

  it("keeps a download (Content-Disposition: attachment) as the original file, without a picture", async () => {
    const result = await capturePage(browser, { url: `${origin}/export`, allow, limits });
    expect(result.original?.info.kind).toBe("download");
    expect(result.original!.file.body.toString()).toBe("crop,tonnes\nrice,12\n");
    expect(result.original!.file.fileName).toBe("report 2026.csv");
    expect(result.original!.file.extension).toBe("csv");
    expect(result.contentType).toBe("text/csv");
    expect(result.screenshot).toBeNull();
    expect(result.text).toBe("");
  });

  it("refuses a PDF larger than maxResourceBytes with a permanent, clear reason", async () => {
    const error = await capturePage(browser, { url: `${origin}/big.pdf`, allow, limits: { ...limits, maxResourceBytes: 1_000_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as CaptureError).transient).toBe(false);
    expect((error as CaptureError).message).toMatch(/larger than the 1 MiB limit/);
  });

  it("keeps a damaged PDF and says its text could not be read", async () => {
    const result = await capturePage(browser, { url: `${origin}/corrupt.pdf`, allow, limits });
    expect(result.original?.info).toMatchObject({ kind: "pdf", problem: "damaged" });
    expect(result.original!.file.body.toString()).toContain("this is not really a PDF");
    expect(result.text).toBe("");
    expect(result.screenshot).toBeNull();
  });

  it("still refuses a PDF on an address that is not allowlisted, without a request reaching it", async () => {
    hits.length = 0;
    const error = await capturePage(browser, { url: `${origin}/ledger.pdf`, allow: parseAllowlist("example.org"), limits }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as CaptureError).transient).toBe(false);
    expect(hits).toEqual([]);
  });
});

describe("fileNameFrom", () => {
  it("prefers filename*, strips paths and quoting characters, falls back to the URL", () => {
    expect(fileNameFrom(`attachment; filename*=UTF-8''%E8%94%B5.pdf; filename="x.pdf"`, "http://h/a")).toBe("蔵.pdf");
    expect(fileNameFrom(`attachment; filename="../../etc/passwd"`, "http://h/a")).toBe("passwd");
    expect(fileNameFrom(`attachment; filename="a\\"b.pdf"`, "http://h/a")).not.toMatch(/["\\/]/);
    expect(fileNameFrom(undefined, "http://h/docs/Annual%20Report.pdf?x=1")).toBe("Annual Report.pdf");
    expect(fileNameFrom(undefined, "http://h/")).toBe("file");
  });
});
