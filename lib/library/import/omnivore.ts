import { z } from "@/lib/validation/zod";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, isoTime } from "./fields";
import { readRows } from "./rows";
import type { ParsedRows } from "./types";

// Omnivore's export (metadata_*.json): an array of saved pages with state Active | Archived | Deleted, labels and
// savedAt. Omnivore's "Pinned" label is its star.

const pageSchema = z.object({
  url: z.string().min(1),
  title: z.string().nullish(),
  description: z.string().nullish(),
  state: z.string().nullish(),
  labels: z.array(z.string()).catch([]),
  savedAt: z.string().nullish(),
});

export function parseOmnivore(rows: unknown[]): ParsedRows {
  return readRows(rows, pageSchema, (page) => {
    if (page.state === "Deleted") return { reject: page.url, key: "import.reasons.deleted" };
    const pinned = page.labels.some((l) => l.trim().toLowerCase() === "pinned");
    return {
      url: page.url.trim(),
      title: cleanText(page.title),
      description: cleanText(page.description),
      tags: cleanTags(page.labels.filter((l) => l.trim().toLowerCase() !== "pinned")),
      addedAt: isoTime(page.savedAt),
      state: page.state === "Archived" ? ENTRY_STATE.archived : ENTRY_STATE.unread,
      ...(pinned ? { favourite: true } : {}),
    };
  });
}
