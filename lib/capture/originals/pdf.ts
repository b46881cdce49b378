import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser } from "playwright-core";
import { bestEffort, describeFailure } from "@/lib/log/best-effort";
import { unifyCjkRadicals } from "./cjk-radicals";
import { renderOffline, type DrawLimits } from "../browser/offline-page";
import type { OriginalProblem } from "./types";

export type PdfReading = {
  pages?: number;
  title?: string;
  author?: string;
  /** One block per page, pages separated by a blank line (lines within a page by single newlines). */
  text: string;
  /** PNG of the first page, drawn by the capture browser; null when it could not be drawn. */
  firstPage: Buffer | null;
  problem?: OriginalProblem;
};

/** First-page picture width: the capture viewport's, so a PDF's screenshot reads like a page's. */
const RENDER_WIDTH = 1280;
const MAX_RENDER_HEIGHT = 4000;

/** Text, metadata and a picture of the first page; a damaged or locked PDF gives what it can and says why. */
export async function readPdf(browser: Browser, body: Buffer, draw: DrawLimits): Promise<PdfReading> {
  // Independent, and each mostly waits on loading pdf.js (in Node, in the page): run them side by side.
  const [reading, drawn] = await Promise.all([
    readPdfText(body),
    renderFirstPage(browser, body, draw).then(
      (png) => ({ png, error: null }),
      (error: unknown) => ({ png: null, error }),
    ),
  ]);
  // A PDF pdf.js cannot open fails both ways; only an unexpected drawing failure is worth a log line.
  if (drawn.error && !reading.problem)
    console.warn(`[kura] ${describeFailure("drawing a PDF's first page (the text is kept, without a picture)", drawn.error)}`);
  return { ...reading, firstPage: reading.problem ? null : drawn.png };
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    // The worker's code runs in this thread (Node has no module workers for it here): registering it first makes
    // pdf.js use it directly instead of locating a worker file at run time.
    // The minified builds: the same code, noticeably quicker to load (and to transform, under tsx).
    const worker = await import("pdfjs-dist/legacy/build/pdf.worker.min.mjs");
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return import("pdfjs-dist/legacy/build/pdf.min.mjs");
  })();
  return pdfjs;
}

function pdfjsRoot(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  } catch {
    return path.join(process.cwd(), "node_modules", "pdfjs-dist");
  }
}

async function readPdfText(body: Buffer): Promise<Omit<PdfReading, "firstPage">> {
  const lib = await loadPdfJs();
  const root = pdfjsRoot();
  let doc;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(body),
      // CJK text in PDFs without embedded fonts needs Adobe's CMaps; they ship with pdfjs-dist (no download).
      cMapUrl: `${path.join(root, "cmaps")}/`,
      cMapPacked: true,
      standardFontDataUrl: `${path.join(root, "standard_fonts")}/`,
      isEvalSupported: false,
      enableXfa: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { text: "", problem: name === "PasswordException" ? "encrypted" : "damaged" };
  }
  try {
    const info = await bestEffort(doc.getMetadata(), "reading a PDF's title and author (its info dictionary may be damaged); the text is still read");
    const fields = (info?.info ?? {}) as { Title?: unknown; Author?: unknown };
    const pages: string[] = [];
    let unreadable = false;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        let text = "";
        for (const item of content.items) {
          if (!("str" in item)) continue;
          text += item.str;
          if (item.hasEOL) text += "\n";
        }
        pages.push(tidyPage(unifyCjkRadicals(text)));
        page.cleanup();
      } catch {
        unreadable = true;
        pages.push("");
      }
    }
    return {
      pages: doc.numPages,
      title: clean(fields.Title),
      author: clean(fields.Author),
      text: pages.join("\n\n").trim(),
      problem: unreadable && pages.every((p) => !p) ? "damaged" : undefined,
    };
  } finally {
    await bestEffort(doc.destroy(), "releasing pdf.js's document (a damaged file may fail to clean up)");
  }
}

function tidyPage(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\f\v\u00a0]+\n/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

function clean(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed ? trimmed.slice(0, 500) : undefined;
}

let browserScripts: { lib: string; worker: string } | undefined;

function pdfjsBrowserScripts(): { lib: string; worker: string } {
  if (!browserScripts) {
    const build = path.join(pdfjsRoot(), "build");
    browserScripts = {
      lib: fs.readFileSync(path.join(build, "pdf.min.mjs"), "utf8"),
      worker: fs.readFileSync(path.join(build, "pdf.worker.min.mjs"), "utf8"),
    };
  }
  return browserScripts;
}

/** Draws page 1 on a canvas in the capture browser (no network: pdf.js is handed in as script text, the PDF as bytes). */
async function renderFirstPage(browser: Browser, body: Buffer, draw: DrawLimits): Promise<Buffer> {
  const scripts = pdfjsBrowserScripts();
  return renderOffline(
    browser,
    async (page) => {
      await page.setContent("<!doctype html><meta charset=utf-8><body></body>");
      // Both builds set globals (pdfjsLib, pdfjsWorker); with the worker's code on the page pdf.js needs no Worker.
      await page.addScriptTag({ content: scripts.worker, type: "module" });
      await page.addScriptTag({ content: scripts.lib, type: "module" });
      await page.waitForFunction(() => "pdfjsLib" in globalThis && "pdfjsWorker" in globalThis, undefined, { timeout: 10_000 });
      const dataUrl = await page.evaluate(
        async ({ base64, width, maxHeight }) => {
          type Viewport = { width: number; height: number };
          type PdfPage = {
            getViewport(o: { scale: number }): Viewport;
            render(o: { canvas: HTMLCanvasElement; canvasContext: CanvasRenderingContext2D; viewport: Viewport }): { promise: Promise<void> };
          };
          type Lib = { getDocument(o: object): { promise: Promise<{ getPage(n: number): Promise<PdfPage>; destroy(): Promise<void> }> } };
          const lib = (globalThis as unknown as { pdfjsLib: Lib }).pdfjsLib;
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const doc = await lib.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, useSystemFonts: true, verbosity: 0 }).promise;
          const first = await doc.getPage(1);
          const natural = first.getViewport({ scale: 1 });
          const scale = Math.min(width / natural.width, maxHeight / natural.height);
          const viewport = first.getViewport({ scale });
          const canvas = document.createElement("canvas");
          canvas.width = Math.ceil(viewport.width);
          canvas.height = Math.ceil(viewport.height);
          const context = canvas.getContext("2d")!;
          await first.render({ canvas, canvasContext: context, viewport }).promise;
          const url = canvas.toDataURL("image/png");
          await doc.destroy();
          return url;
        },
        { base64: body.toString("base64"), width: RENDER_WIDTH, maxHeight: MAX_RENDER_HEIGHT },
      );
      return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
    },
    draw,
  );
}
