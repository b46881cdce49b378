// Reads a PDF's text with pdf.js off the main thread (a hostile PDF must not stall the server's event loop).
// Plain .mjs loaded by absolute path, so it runs the same under vitest/tsx and in the Next production build.
import { parentPort, workerData } from "node:worker_threads";

const { data, root, maxPages, maxTextChars } = workerData;

async function main() {
  // pdf.js's own worker code runs in this thread: registering it first stops pdf.js looking for a worker file.
  globalThis.pdfjsWorker = await import("pdfjs-dist/legacy/build/pdf.worker.min.mjs");
  const lib = await import("pdfjs-dist/legacy/build/pdf.min.mjs");
  let doc;
  try {
    doc = await lib.getDocument({
      data,
      cMapUrl: `${root}/cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${root}/standard_fonts/`,
      isEvalSupported: false,
      enableXfa: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    return { open: error?.name === "PasswordException" ? "encrypted" : "damaged" };
  }
  if (doc.numPages > maxPages) return { overLimit: "pages", pages: doc.numPages };
  // A damaged info dictionary gives no title or author; the text is still read.
  const metadata = await doc.getMetadata().catch((error) => {
    console.warn(`[kura] reading a PDF's title and author failed (the text is still read): ${String(error)}`);
    return null;
  });
  const info = metadata?.info ?? {};
  const pages = [];
  let total = 0;
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
      total += text.length;
      if (total > maxTextChars) return { overLimit: "text", pages: doc.numPages };
      pages.push(text);
      page.cleanup();
    } catch {
      unreadable = true;
      pages.push("");
    }
  }
  return { pages, numPages: doc.numPages, title: info.Title, author: info.Author, unreadable };
}

main().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ open: "damaged", error: String(error) }),
);
