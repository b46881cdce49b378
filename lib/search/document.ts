import { extractFromPlainText, normalizeForMatch } from "./troubleshooting";
import { fingerprint } from "./fingerprint";

// What one entry puts into an index, whichever database holds it: its fields (in WORD_COLUMNS order), its commands
// and error messages, its write-up fingerprint. Shared by the SQLite and the PostgreSQL index so both find the same.

/** An entry's texts as the document query of either index reads them. */
export type DocumentRow = {
  id: number;
  url: string;
  title: string | null;
  description: string | null;
  siteName: string | null;
  tags: string | null;
  body: string | null;
  page: string | null;
  note: string | null;
};

export type IndexedDocument = {
  /** title, tags, commands, errors, site, url, description, body, page (WORD_COLUMNS), as stored text (not normalised). */
  fields: Array<string | null>;
  /** The texts of the substring index: everything but the extracted commands and errors (which the body holds). */
  substringText: string;
  extracts: Array<{ kind: "command" | "error"; key: string; text: string }>;
  features: Set<string>;
};

export function documentOf(row: DocumentRow): IndexedDocument {
  const site = [row.siteName ?? "", hostOf(row.url)].join(" ");
  // Commands and errors from all the visible text (a fix in a TL;DR box); the write-up fingerprint from the
  // article only, since a site's menus and footers are shared by all its pages and prove nothing.
  const article = extractFromPlainText(row.body ?? "");
  const extracted = row.page ? mergeExtracts(article, extractFromPlainText(row.page)) : article;
  const extracts: IndexedDocument["extracts"] = [];
  for (const [kind, texts] of [
    ["command", extracted.commands],
    ["error", extracted.errors],
  ] as const) {
    for (const text of texts) extracts.push({ kind, key: normalizeForMatch(text), text });
  }
  const features = fingerprint({ codeBlocks: [], text: row.body ?? "", ...article });
  const [commands, errors] = [extracted.commands.join("\n"), extracted.errors.join("\n")];
  // The note is indexed with the description: the reader's own words about the page.
  const description = [row.description, row.note].filter(Boolean).join("\n");
  // The visible text repeats the article: only what the article leaves out is added.
  const page = row.page && row.body ? pageOnly(row.page, row.body) : row.page;
  return {
    fields: [row.title, row.tags, commands, errors, site, row.url, description, row.body, page],
    substringText: [row.title, row.tags, row.url, description, row.body, page].filter(Boolean).join("\n"),
    extracts,
    features,
  };
}

/** The texts a snippet is cut from, in the order they are tried. */
export function snippetTexts(row: DocumentRow): Array<string | null> {
  return [row.body, row.page, row.description, row.note, row.title];
}

/** The lines of the page's visible text that the article does not already hold. */
function pageOnly(page: string, article: string): string {
  const known = new Set(article.split("\n").map((l) => l.trim()));
  return page
    .split("\n")
    .filter((l) => l.trim() && !known.has(l.trim()))
    .join("\n");
}

function mergeExtracts(a: { commands: string[]; errors: string[] }, b: { commands: string[]; errors: string[] }) {
  const union = (x: string[], y: string[]) => {
    const seen = new Set(x.map(normalizeForMatch));
    return [...x, ...y.filter((t) => !seen.has(normalizeForMatch(t)))];
  };
  return { commands: union(a.commands, b.commands), errors: union(a.errors, b.errors) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
