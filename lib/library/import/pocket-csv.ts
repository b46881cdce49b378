import { parse } from "csv-parse/sync";
import { z } from "@/lib/validation/zod";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, splitTags, unixTime } from "./fields";
import { reason, type ImportItem, type ParsedRows } from "./types";

// Pocket's CSV export (part_000000.csv): title,url,time_added,tags,status — tags separated by "|", status
// "unread" or "archive". Titles may hold commas, quotes and line breaks, so a real CSV parser reads it.

const rowSchema = z.object({
  url: z.string().trim().min(1),
  title: z.string().optional(),
  time_added: z.string().optional(),
  tags: z.string().optional(),
  status: z.string().optional(),
  favorite: z.string().optional(),
});

export function parsePocketCsv(text: string): ParsedRows {
  const rows: unknown[] = parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const out: ParsedRows = { items: [], rejects: [] };
  for (const [index, raw] of rows.entries()) {
    const row = rowSchema.safeParse(raw);
    if (!row.success) {
      out.rejects.push({ item: `row ${index + 2}`, reason: reason("import.reasons.noUrl") });
      continue;
    }
    const { url, title, time_added, tags, status, favorite } = row.data;
    const item: ImportItem = {
      url,
      title: cleanText(title),
      tags: cleanTags(splitTags(tags, /[|,]/)),
      addedAt: unixTime(time_added),
      state: status?.trim().toLowerCase().startsWith("archive") ? ENTRY_STATE.archived : ENTRY_STATE.unread,
      ...(favorite?.trim() === "1" ? { favourite: true } : {}),
    };
    out.items.push(item);
  }
  return out;
}
