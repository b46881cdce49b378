/**
 * A table of contents for the reader: the article's headings (h1–h3), each given an id to link to. Works on the
 * sanitized reader markup, which sanitize-html writes out normalised (lower-case tags, quoted attributes, no id
 * attributes), so a plain pattern over it is exact. Ids are prefixed: an article can never name one of the app's.
 */
export type OutlineHeading = { id: string; level: 1 | 2 | 3; text: string };

const HEADING = /<h([1-3])((?:\s[^>]*)?)>([\s\S]*?)<\/h\1>/g;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

export function headingId(n: number): string {
  return `kura-h-${n}`;
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (whole, name: string) => {
      if (ENTITIES[name]) return ENTITIES[name];
      const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : name.startsWith("#") ? parseInt(name.slice(1), 10) : NaN;
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

export function outlineReaderHtml(html: string): { html: string; headings: OutlineHeading[] } {
  const headings: OutlineHeading[] = [];
  const withIds = html.replace(HEADING, (whole, level: string, attributes: string, inner: string) => {
    const text = plainText(inner);
    if (!text) return whole;
    const id = headingId(headings.length + 1);
    headings.push({ id, level: Number(level) as 1 | 2 | 3, text });
    return `<h${level} id="${id}"${attributes}>${inner}</h${level}>`;
  });
  return { html: withIds, headings };
}

/** Worth a table of contents: a few sections, not one title. The article's own top heading level is dropped when it is alone. */
export function tableOfContents(headings: OutlineHeading[]): OutlineHeading[] {
  const tops = headings.filter((h) => h.level === 1);
  const shown = tops.length === 1 ? headings.filter((h) => h.level !== 1) : headings;
  return shown.length >= 3 ? shown : [];
}
