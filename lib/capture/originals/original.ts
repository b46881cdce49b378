import type { Browser } from "playwright-core";
import sharp from "sharp";
import { bestEffort } from "@/lib/log/best-effort";
import { renderOffline, type DrawLimits } from "../browser/offline-page";
import { CaptureError, FAILURE } from "../errors";
import { fileNameFrom, extensionOf, IMAGE_EXTENSIONS, mimeOf, renderable, sniffRasterImage, withExtension } from "./mime";
import { readPdf } from "./pdf";
import type { MainResponse, OriginalCapture, OriginalFile, OriginalKind } from "./types";

function isAttachment(disposition: string | undefined): boolean {
  return /^\s*attachment\b/i.test(disposition ?? "");
}

/**
 * Decides whether a main document is a file to keep as it is (PDF, image, download) rather than a page to render:
 * null means "render it". The PDF magic wins over a wrong content type, as browsers' own sniffing does.
 */
export function classifyMainResponse(response: MainResponse): OriginalFile | null {
  const declared = mimeOf(response.headers["content-type"] ?? "");
  const head = response.body.subarray(0, 1024);
  const disposition = response.headers["content-disposition"];
  let kind: OriginalKind | null = null;
  let contentType = declared;
  if (declared === "application/pdf" || declared === "application/x-pdf" || head.subarray(0, 5).toString("latin1") === "%PDF-") {
    kind = "pdf";
    contentType = "application/pdf";
  } else if (IMAGE_EXTENSIONS[declared]) {
    kind = "image";
  } else if ((declared === "" || declared === "application/octet-stream") && sniffRasterImage(head)) {
    kind = "image";
    contentType = sniffRasterImage(head)!;
  } else if (isAttachment(disposition) || !renderable(declared)) {
    kind = "download";
    contentType = declared || "application/octet-stream";
  }
  if (!kind) return null;
  const suggested = fileNameFrom(disposition, response.url);
  const extension = kind === "pdf" ? "pdf" : kind === "image" ? IMAGE_EXTENSIONS[contentType]! : (extensionOf(suggested) ?? "bin");
  return { kind, contentType, body: response.body, fileName: withExtension(suggested, extension), extension };
}

/** Over a limit, a file cannot be kept whole: a clear reason, and not worth another attempt. */
export function checkOriginalSize(response: MainResponse, limits: { maxResourceBytes: number; maxPageBytes: number }): void {
  const limit = Math.min(limits.maxResourceBytes, limits.maxPageBytes);
  if (response.truncated || response.body.length > limit) {
    throw new CaptureError(FAILURE.fileTooLarge(limit), false);
  }
}

const THUMBNAIL_WIDTH = 480;
/** A still image is shown whole, but not at any size a server may claim. */
const MAX_IMAGE_SIDE = 2560;

/** Reads the kept file for the snapshot's screenshot, thumbnail and text; never fails on what it cannot read. */
export async function captureOriginal(browser: Browser, file: OriginalFile, draw: DrawLimits): Promise<OriginalCapture> {
  if (file.kind === "pdf") {
    const pdf = await readPdf(browser, file.body, draw);
    const render = pdf.firstPage ? await toPictures(pdf.firstPage) : null;
    return {
      file,
      info: { kind: "pdf", fileName: file.fileName, pages: pdf.pages, title: pdf.title, author: pdf.author, problem: pdf.problem },
      text: pdf.text,
      screenshot: render?.screenshot ?? null,
      thumbnail: render?.thumbnail ?? null,
    };
  }
  if (file.kind === "image") {
    // An image the browser cannot draw is kept byte for byte and says so (problem: unreadableImage).
    const picture = await bestEffort(imagePicture(browser, file, draw), "drawing a kept image (the file may not be an image the browser can decode)");
    if (!picture) {
      return { file, info: { kind: "image", fileName: file.fileName, problem: "unreadableImage" }, text: "", screenshot: null, thumbnail: null };
    }
    const render = await toPictures(picture.png);
    return {
      file,
      info: { kind: "image", fileName: file.fileName, width: picture.width, height: picture.height },
      text: "",
      ...render,
    };
  }
  return { file, info: { kind: "download", fileName: file.fileName }, text: "", screenshot: null, thumbnail: null };
}

/**
 * Raster images are decoded by sharp; an SVG is drawn by the capture browser as an <img> (which runs no script and
 * loads nothing), on a page with no network at all, rather than by an SVG library that may follow external links.
 */
async function imagePicture(browser: Browser, file: OriginalFile, draw: DrawLimits): Promise<{ png: Buffer; width: number; height: number }> {
  if (file.contentType === "image/svg+xml") {
    const dataUrl = `data:image/svg+xml;base64,${file.body.toString("base64")}`;
    return renderOffline(
      browser,
      async (page) => {
        await page.setContent(`<!doctype html><body style="margin:0;background:#fff"><img id="i" style="display:block;max-width:${MAX_IMAGE_SIDE}px"></body>`);
        const size = await page.evaluate(async (src) => {
          const img = document.getElementById("i") as HTMLImageElement;
          img.src = src;
          await img.decode();
          return { width: img.naturalWidth || img.width, height: img.naturalHeight || img.height };
        }, dataUrl);
        if (!size.width || !size.height) throw new Error("empty SVG");
        const png = await page.locator("#i").screenshot({ type: "png" });
        return { png, ...size };
      },
      draw,
    );
  }
  const image = sharp(file.body, { animated: false, limitInputPixels: 100_000_000 });
  const meta = await image.metadata();
  const png = await image.rotate().png().toBuffer();
  return { png, width: meta.autoOrient?.width ?? meta.width ?? 0, height: meta.autoOrient?.height ?? meta.height ?? 0 };
}

async function toPictures(png: Buffer): Promise<{ screenshot: Buffer; thumbnail: Buffer }> {
  const [screenshot, thumbnail] = await Promise.all([
    sharp(png)
      .flatten({ background: "#ffffff" })
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer(),
    // The first screenful of the picture, like an HTML page's thumbnail: 480 px wide, at most 3:2 tall.
    sharp(png)
      .flatten({ background: "#ffffff" })
      .resize({ width: THUMBNAIL_WIDTH, height: 300, fit: "cover", position: "top" })
      .webp({ quality: 72 })
      .toBuffer(),
  ]);
  return { screenshot, thumbnail };
}
