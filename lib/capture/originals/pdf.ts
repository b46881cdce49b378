import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser } from "playwright-core";
import { Worker } from "node:worker_threads";
import { describeFailure } from "@/lib/log/best-effort";
import { CaptureError, FAILURE } from "../errors";
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
    readPdfText(body, draw.signal),
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

function pdfjsRoot(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  } catch {
    return path.join(process.cwd(), "node_modules", "pdfjs-dist");
  }
}

/** Limits on reading a PDF's text: past any of them the capture fails for good (the same file would again). */
export const PDF_TEXT_LIMITS = { deadlineMs: 20_000, maxPages: 2_000, maxTextChars: 2 * 1024 * 1024 };

type WorkerAnswer =
  | { open: OriginalProblem }
  | { overLimit: "pages" | "text"; pages: number }
  | { pages: string[]; numPages: number; title?: unknown; author?: unknown; unreadable: boolean };

// By absolute path from the app's folder: bundlers do not follow it, so tsx, vitest and `next start` load the same file.
const WORKER_FILE = path.resolve(process.cwd(), "lib/capture/originals/pdf-worker.mjs");

/** Runs pdf.js in a worker thread with a hard deadline; the capture's signal ends it at once. */
function readInWorker(body: Buffer, limits: typeof PDF_TEXT_LIMITS, signal?: AbortSignal): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: { data: new Uint8Array(body), root: pdfjsRoot(), maxPages: limits.maxPages, maxTextChars: limits.maxTextChars },
      // A hostile PDF must not take the server's memory with it.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    const finish = (end: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      end();
    };
    const timer = setTimeout(() => finish(() => reject(new CaptureError(FAILURE.pdfTooLarge(limits), false))), limits.deadlineMs);
    const onAbort = () => finish(() => reject(signal?.reason instanceof Error ? signal.reason : new Error("The capture was aborted.")));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (answer: WorkerAnswer) => finish(() => resolve(answer)));
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the PDF reader stopped (exit code ${code})`))));
  });
}

export async function readPdfText(
  body: Buffer,
  signal?: AbortSignal,
  limits: typeof PDF_TEXT_LIMITS = PDF_TEXT_LIMITS,
): Promise<Omit<PdfReading, "firstPage">> {
  const answer = await readInWorker(body, limits, signal);
  if ("open" in answer) return { text: "", problem: answer.open };
  if ("overLimit" in answer) throw new CaptureError(FAILURE.pdfTooLarge(limits), false);
  const pages = answer.pages.map((text) => tidyPage(unifyCjkRadicals(text)));
  return {
    pages: answer.numPages,
    title: clean(answer.title),
    author: clean(answer.author),
    text: pages.join("\n\n").trim(),
    problem: answer.unreadable && pages.every((p) => !p) ? "damaged" : undefined,
  };
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
