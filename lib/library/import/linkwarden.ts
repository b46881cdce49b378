import { z } from "@/lib/validation/zod";
import { cleanTags, cleanText, isoTime } from "./fields";
import { readRows } from "./rows";
import type { ParsedRows } from "./types";

// Linkwarden's backup.json (Settings → Data → Export): collections, each with its links, nested by parentId. A
// link's tags are its own tags plus the names of its collection and the collections above it; pinned links are
// favourites.

const linkSchema = z.object({
  id: z.number().optional(),
  url: z.string().min(1),
  name: z.string().nullish(),
  description: z.string().nullish(),
  createdAt: z.string().nullish(),
  importDate: z.string().nullish(),
  tags: z.array(z.object({ name: z.string() })).catch([]),
});

const collectionSchema = z.object({
  id: z.number(),
  name: z.string().catch(""),
  parentId: z.number().nullish(),
  links: z.array(z.unknown()).catch([]),
});

export const linkwardenSchema = z.object({
  collections: z.array(collectionSchema),
  pinnedLinks: z.array(z.object({ id: z.number() }).loose()).catch([]),
});

// Linkwarden puts every link without a collection in "Unorganized": it says nothing about the link.
const DEFAULT_COLLECTION = "Unorganized";

export function parseLinkwarden(data: z.output<typeof linkwardenSchema>): ParsedRows {
  const byId = new Map(data.collections.map((c) => [c.id, c]));
  const path = (id: number): string[] => {
    const names: string[] = [];
    const seen = new Set<number>();
    for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId == null ? undefined : byId.get(c.parentId)) {
      seen.add(c.id);
      if (c.name !== DEFAULT_COLLECTION) names.unshift(c.name);
    }
    return names;
  };
  const pinned = new Set(data.pinnedLinks.map((l) => l.id));
  const out: ParsedRows = { items: [], rejects: [] };
  for (const collection of data.collections) {
    const folders = path(collection.id);
    const rows = readRows(collection.links, linkSchema, (link) => ({
      url: link.url.trim(),
      title: cleanText(link.name),
      description: cleanText(link.description),
      tags: cleanTags([...folders, ...link.tags.map((t) => t.name)]),
      // importDate is when Linkwarden itself imported the link from elsewhere: the older, truer date.
      addedAt: isoTime(link.importDate) ?? isoTime(link.createdAt),
      ...(link.id !== undefined && pinned.has(link.id) ? { favourite: true } : {}),
    }));
    out.items.push(...rows.items);
    out.rejects.push(...rows.rejects);
  }
  return out;
}
