import { decodeHTML } from "entities";
import sanitizeHtml from "sanitize-html";
import { MAX_TAG_LENGTH, MAX_TAGS_PER_LINK, tagKey } from "@/lib/validation/tags";

// Small readers every format shares: dates in the units exports use, titles with entities left in, tag names made
// acceptable to Kura's tag rules, and HTML content reduced to inert text.

/**
 * A Unix time as exports write it: seconds (browsers, Pocket), milliseconds (some linkding and Chrome tools) or
 * microseconds (Firefox's internal PRTime leaking out). Told apart by size: seconds reach 1e11 only in the year 5138.
 */
export function unixTime(value: unknown): Date | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,17}$/.test(text)) return undefined;
  const n = Number(text);
  const ms = n >= 1e14 ? n / 1000 : n >= 1e11 ? n : n * 1000;
  return plausible(new Date(ms));
}

/** An ISO-like date string ("2016-09-08T11:55:58+0200" too); undefined when it does not read as one. */
export function isoTime(value: unknown): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return plausible(new Date(value));
}

// 0 means "unknown" in bookmark files, and a date after now is a clock or unit error: neither is kept.
function plausible(date: Date): Date | undefined {
  const t = date.getTime();
  return Number.isFinite(t) && t > 0 && t <= Date.now() + 86_400_000 ? date : undefined;
}

/** Text with HTML entities decoded (exports often store "You&#39;re"), whitespace collapsed; undefined when empty. */
export function cleanText(value: unknown, maxLength = 2000): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = decodeHTML(value).replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text.slice(0, maxLength);
}

/**
 * Imported article HTML as plain text: sanitize-html with no allowed tags drops scripts, styles and handlers with
 * their contents, so nothing of it can run anywhere it is shown.
 */
export function htmlToText(html: unknown, maxLength: number): string | undefined {
  if (typeof html !== "string") return undefined;
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ["script", "style", "textarea", "noscript", "template", "iframe"] });
  return cleanText(text, maxLength);
}

/**
 * Tag names as other tools allow them ("label a", "C#", a 60-character folder) made into Kura tags: spaces become
 * hyphens and the characters tags may not hold are dropped, as typed tags are (lib/validation/tags.ts); duplicates
 * collapse case-insensitively and at most MAX_TAGS_PER_LINK are kept.
 */
export function cleanTags(names: Iterable<unknown>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    if (typeof raw !== "string") continue;
    const name = decodeHTML(raw)
      .normalize("NFKC")
      .trim()
      .replace(/\s+/g, "-")
      .replace(/[,#<>"'`]/g, "")
      .slice(0, MAX_TAG_LENGTH);
    const key = tagKey(name);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
    if (out.length === MAX_TAGS_PER_LINK) break;
  }
  return out;
}

/** A "tag1, tag2" or "a|b" list as one string. */
export function splitTags(value: unknown, separator: RegExp = /,/): string[] {
  return typeof value === "string" ? value.split(separator).map((s) => s.trim()) : [];
}
