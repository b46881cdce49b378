import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { CaptureError } from "../errors";
import { PDF_TEXT_LIMITS, readPdfText } from "./pdf";

/** A valid PDF of `count` pages that all share one content stream (small file, many pages). */
function manyPages(count: number): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: count }, (_, i) => `${i + 5} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${count} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const stream = "BT /F1 12 Tf 72 720 Td (Kura page text) Tj ET";
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  for (let i = 0; i < count; i++)
    objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length); // ASCII only: characters are bytes
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

describe("reading a PDF's text off the main thread", () => {
  it("reads a small PDF's pages", async () => {
    const reading = await readPdfText(manyPages(3));
    expect(reading.pages).toBe(3);
    expect(reading.text).toContain("Kura page text");
  }, 30_000);

  it("refuses a 20,000-page PDF for good within the deadline, without stalling the event loop", async () => {
    const pdf = manyPages(20_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = Date.now();
    const error = await readPdfText(pdf).catch((e: unknown) => e);
    delay.disable();
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as CaptureError).transient).toBe(false);
    expect((error as Error).message).toMatch(/too large to read/);
    expect(Date.now() - started).toBeLessThan(PDF_TEXT_LIMITS.deadlineMs + 5_000);
    // pdf.js parsing 20,000 pages on the main thread blocks for seconds; in a worker the loop keeps ticking.
    expect(delay.max / 1e6).toBeLessThan(1_000);
  }, 60_000);

  it("terminates the reader at the deadline", async () => {
    const error = await readPdfText(manyPages(3_000), undefined, { deadlineMs: 50, maxPages: 100_000, maxTextChars: 1e9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as CaptureError).transient).toBe(false);
  }, 30_000);

  it("stops when the capture is cancelled", async () => {
    const controller = new AbortController();
    const reading = readPdfText(manyPages(3_000), controller.signal, { deadlineMs: 60_000, maxPages: 100_000, maxTextChars: 1e9 });
    setTimeout(() => controller.abort(new Error("cancelled by the test")), 50);
    await expect(reading).rejects.toThrow("cancelled by the test");
  }, 30_000);
});
