import type { ParsedRows } from "./types";

// A plain text file of links, one per line; blank lines and "#" comments are skipped.

export function parseUrlList(text: string): ParsedRows {
  const items = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((url) => ({ url, tags: [] }));
  return { items, rejects: [] };
}
