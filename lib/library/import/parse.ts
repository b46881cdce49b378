import { assumesHttps, webUrlSchema } from "@/lib/validation/url";
import { decodeImportBytes } from "./decode";
import { detectFormat } from "./detect";
import { karakeepSchema, parseKarakeep } from "./karakeep";
import { linkwardenSchema, parseLinkwarden } from "./linkwarden";
import { parseNetscape } from "./netscape";
import { parseOmnivore } from "./omnivore";
import { parsePocketCsv } from "./pocket-csv";
import { parsePocketHtml } from "./pocket-html";
import { parseUrlList } from "./url-list";
import { parseWallabag } from "./wallabag";
import { reason, type ImportFormat, type ImportItem, type ParsedRows, type Reject } from "./types";

// A file's bytes to the bookmarks to import: decoded, its format recognised, read by that format's parser, each
// address checked and normalised as a pasted one is (http/https only), and repeats inside the file folded into one.

export type ParsedImport = {
  format: ImportFormat;
  /** One item per normalised URL, repeats merged (tags joined, the earliest date kept). */
  items: ImportItem[];
  /** How many rows repeated a URL already seen earlier in the file. */
  duplicates: number;
  rejects: Reject[];
};

export class UnknownImportFormat extends Error {
  constructor() {
    super(
      "This file is not an import format Kura reads: a browser bookmark file (HTML), Pocket (HTML or CSV), Linkwarden, Karakeep, Omnivore or wallabag JSON, or a list of URLs.",
    );
    this.name = "UnknownImportFormat";
  }
}

function rowsOf(format: ImportFormat, text: string, json: unknown): ParsedRows {
  switch (format) {
    case "netscape":
      return parseNetscape(text);
    case "pocket-html":
      return parsePocketHtml(text);
    case "pocket-csv":
      return parsePocketCsv(text);
    case "linkwarden":
      return parseLinkwarden(linkwardenSchema.parse(json));
    case "karakeep":
      return parseKarakeep(karakeepSchema.parse(json));
    case "omnivore":
      return parseOmnivore(json as unknown[]);
    case "wallabag":
      return parseWallabag(json as unknown[]);
    case "url-list":
      return parseUrlList(text);
  }
}

/** Folds a repeat of a URL into the first item seen for it: tags joined, the earliest date, a star or note kept. */
export function mergeInto(target: ImportItem, other: ImportItem): void {
  const keys = new Set(target.tags.map((t) => t.toLowerCase()));
  for (const tag of other.tags) if (!keys.has(tag.toLowerCase())) target.tags.push(tag);
  if (other.addedAt && (!target.addedAt || other.addedAt < target.addedAt)) target.addedAt = other.addedAt;
  target.title ??= other.title;
  target.description ??= other.description;
  target.note ??= other.note;
  if (other.favourite) target.favourite = true;
  target.state ??= other.state;
}

/**
 * Checks every address, as the paste box does. Only a plain list may leave the scheme out ("example.org/page"): in an
 * export an address without one is a relative link or a tool's placeholder, not a page.
 */
export function checkItems(rows: ParsedRows, bareAllowed = false): Omit<ParsedImport, "format"> {
  const byUrl = new Map<string, ImportItem>();
  const rejects = [...rows.rejects];
  let duplicates = 0;
  for (const item of rows.items) {
    if (!bareAllowed && item.url !== "" && assumesHttps(item.url)) {
      rejects.push({ item: item.url, reason: reason("validation.urlInvalid") });
      continue;
    }
    const url = webUrlSchema.safeParse(item.url);
    if (!url.success) {
      const issue = url.error.issues[0]!;
      const params = issue.code === "custom" ? (issue.params as Record<string, string> | undefined) : undefined;
      rejects.push({ item: item.url || item.title || "?", reason: reason(issue.message, params) });
      continue;
    }
    const seen = byUrl.get(url.data);
    if (seen) {
      mergeInto(seen, item);
      duplicates++;
    } else byUrl.set(url.data, { ...item, url: url.data, tags: [...item.tags] });
  }
  return { items: [...byUrl.values()], duplicates, rejects };
}

/** Throws UnknownImportFormat when the file is none of the formats (nothing is imported then). */
export function parseImportFile(bytes: Uint8Array): ParsedImport {
  const text = decodeImportBytes(bytes);
  const detected = detectFormat(text);
  if (!detected.format) throw new UnknownImportFormat();
  return { format: detected.format, ...checkItems(rowsOf(detected.format, text, detected.json), detected.format === "url-list") };
}
