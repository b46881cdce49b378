import { z } from "@/lib/validation/zod";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, unixTime } from "./fields";
import { readRows } from "./rows";
import type { ParsedRows } from "./types";

// Karakeep's export (Settings → Import/Export → JSON): {bookmarks: [{createdAt (seconds), title, tags, content:
// {type: "link", url} | {type: "text", text}, note, archived, favourited}]}. Text notes and assets have no address.

const bookmarkSchema = z.object({
  createdAt: z.number().nullish(),
  title: z.string().nullish(),
  tags: z.array(z.string()).catch([]),
  content: z.object({ type: z.string(), url: z.string().optional(), text: z.string().optional() }).loose().nullish(),
  note: z.string().nullish(),
  archived: z.boolean().nullish(),
  favourited: z.boolean().nullish(),
});

export const karakeepSchema = z.object({ bookmarks: z.array(z.unknown()) });

export function parseKarakeep(data: z.output<typeof karakeepSchema>): ParsedRows {
  return readRows(data.bookmarks, bookmarkSchema, (b) => {
    if (b.content?.type !== "link" || !b.content.url) {
      return { reject: cleanText(b.title) ?? cleanText(b.content?.text, 80) ?? b.content?.type ?? "?", key: "import.reasons.noUrl" };
    }
    return {
      url: b.content.url.trim(),
      title: cleanText(b.title),
      note: b.note?.trim() || undefined,
      tags: cleanTags(b.tags),
      addedAt: unixTime(b.createdAt),
      ...(b.archived ? { state: ENTRY_STATE.archived } : {}),
      ...(b.favourited ? { favourite: true } : {}),
    };
  });
}
