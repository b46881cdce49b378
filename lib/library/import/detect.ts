import type { ImportFormat } from "./types";

// Which tool wrote a file, from its content (file names are renamed freely): the HTML exports by their doctype or
// title, CSV by its header, JSON by the shape of its first level.

export type Detected = { format: ImportFormat; json?: unknown } | { format: null };

function jsonFormat(data: unknown): ImportFormat | null {
  if (Array.isArray(data)) {
    const first = data.find((row) => row && typeof row === "object") as Record<string, unknown> | undefined;
    if (!first) return data.length === 0 ? "wallabag" : null;
    if ("is_archived" in first || "is_starred" in first || "domain_name" in first || "reading_time" in first) return "wallabag";
    if ("savedAt" in first || "labels" in first || "slug" in first) return "omnivore";
    return null;
  }
  if (data && typeof data === "object") {
    const record = data as Record<string, unknown>;
    if (Array.isArray(record.collections)) return "linkwarden";
    if (Array.isArray(record.bookmarks)) return "karakeep";
  }
  return null;
}

export function detectFormat(text: string): Detected {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith("{") || head.startsWith("[")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { format: null };
    }
    const format = jsonFormat(data);
    return format ? { format, json: data } : { format: null };
  }
  if (/<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(head)) return { format: "netscape" };
  if (/<title>\s*Pocket Export\s*<\/title>/i.test(head) || /\btime_added=/i.test(text.slice(0, 65536))) return { format: "pocket-html" };
  // Some tools write the bookmark markup without the doctype: a <DL> of <DT><A HREF> still says what it is.
  if (/<dl\b/i.test(head) && /<dt\b/i.test(text)) return { format: "netscape" };
  const firstLine = head.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/^(?=.*\burl\b)(?=.*\btitle\b).*,/.test(firstLine)) return { format: "pocket-csv" };
  if (/^\s*https?:\/\//im.test(head) && !/<[a-z!]/i.test(head)) return { format: "url-list" };
  return { format: null };
}
