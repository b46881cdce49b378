import { sanitizeReaderHtml } from "@/lib/capture/page/reader-html";
import { fileStore } from "@/lib/storage/configured-store";
import { readStoredFile } from "@/lib/storage/stored-file";

/**
 * A snapshot's stored reader article, ready to put into an app page. It was sanitized when captured; it is
 * sanitized again here (only data: images, absolute http(s) links) so a file written under an older, looser
 * policy — or altered on disk — can never bring markup into the app that today's policy refuses.
 */
export async function readReaderHtml(readerPath: string | null | undefined): Promise<string | null> {
  if (!readerPath) return null;
  let html: string;
  try {
    html = (await readStoredFile(fileStore(), readerPath)).toString("utf8");
  } catch {
    return null;
  }
  const clean = sanitizeReaderHtml(html);
  return clean.trim() ? clean : null;
}
