import { z } from "@/lib/validation/zod";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, htmlToText, isoTime } from "./fields";
import { readRows } from "./rows";
import type { ParsedRows } from "./types";

// wallabag v2's JSON export: an array of entries with is_archived / is_starred (booleans or 0/1), tags, created_at
// and the article's HTML as wallabag extracted it. That HTML is someone else's markup: only its text is kept (as
// the description until Kura's own capture reads the page), and annotations become the note.

const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 1 || v === "1" || v === "true");

const entrySchema = z.object({
  url: z.string().min(1),
  title: z.string().nullish(),
  content: z.string().nullish(),
  is_archived: flag,
  is_starred: flag,
  tags: z.array(z.union([z.string(), z.object({ label: z.string() }).transform((t) => t.label)])).catch([]),
  created_at: z.string().nullish(),
  annotations: z.array(z.object({ text: z.string().nullish(), quote: z.string().nullish() }).loose()).catch([]),
});

const DESCRIPTION_LENGTH = 300;

function annotationsNote(annotations: Array<{ text?: string | null; quote?: string | null }>): string | undefined {
  const parts = annotations.map((a) => [a.quote?.trim() ? `> ${a.quote.trim()}` : "", a.text?.trim() ?? ""].filter(Boolean).join("\n\n")).filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

export function parseWallabag(rows: unknown[]): ParsedRows {
  return readRows(rows, entrySchema, (entry) => ({
    url: entry.url.trim(),
    title: cleanText(entry.title),
    description: htmlToText(entry.content, DESCRIPTION_LENGTH),
    note: annotationsNote(entry.annotations),
    tags: cleanTags(entry.tags),
    addedAt: isoTime(entry.created_at),
    state: entry.is_archived ? ENTRY_STATE.archived : ENTRY_STATE.unread,
    ...(entry.is_starred ? { favourite: true } : {}),
  }));
}
