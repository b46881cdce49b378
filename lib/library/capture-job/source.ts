import { isSeeded } from "@/lib/db/vocabulary";
import { seedSourceFor } from "@/lib/seed/seed-source";

/** What the capture job captures for an entry: a page on the web, or a seeded write-up that never touches the network. */
export type CaptureSource = {
  /** The address the browser loads (a seed's reserved `.invalid` address, answered from `html`). */
  url: string;
  /** The page itself, when it does not come from the network. */
  html?: string;
  /** The source's own reader article and text, kept instead of what the capture reads from the rendered page. */
  readerHtml?: string;
  text?: string;
  /** The entry keeps its own title, description and language, and gets no final URL or page metadata. */
  describesItself: boolean;
};

export async function captureSourceFor(link: { url: string; origin: string }): Promise<CaptureSource> {
  const seed = isSeeded(link) ? await seedSourceFor(link.url) : null;
  if (!seed) return { url: link.url, describesItself: false };
  return { url: seed.captureUrl, html: seed.html, readerHtml: seed.readerHtml, text: seed.text, describesItself: true };
}
