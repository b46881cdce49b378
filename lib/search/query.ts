import { z } from "@/lib/validation/zod";

// The search box's syntax: words, "exact phrase", -word, key:value filters. Parsing never throws: what cannot be
// used as a filter is kept as words.

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const parsedQuerySchema = z.object({
  words: z.array(z.string()),
  phrases: z.array(z.string()),
  not: z.array(z.string()),
  tags: z.array(z.string()),
  notTags: z.array(z.string()),
  sites: z.array(z.string()),
  lang: z.string().optional(),
  isFailed: z.boolean(),
  /** `is:fav` */
  isFav: z.boolean(),
  /** `has:note` */
  hasNote: z.boolean(),
  /** `is:unread` | `is:read` | `is:archived`; without one, archived entries are left out of the listing. */
  state: z.enum(["unread", "read", "archived"]).optional(),
  type: z.string().optional(),
  before: date.optional(),
  after: date.optional(),
});

export type ParsedQuery = z.infer<typeof parsedQuerySchema>;

export function emptyQuery(): ParsedQuery {
  return { words: [], phrases: [], not: [], tags: [], notTags: [], sites: [], isFailed: false, isFav: false, hasNote: false };
}

/** True when the query asks for text (words or phrases), as opposed to filters only. */
export function hasText(q: ParsedQuery): boolean {
  return q.words.length > 0 || q.phrases.length > 0;
}

export function parseQuery(input: string | null | undefined): ParsedQuery {
  const q = emptyQuery();
  const text = (input ?? "").slice(0, 500);
  for (const m of text.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    if (m[2] !== undefined) {
      const phrase = m[2].trim();
      if (!phrase) continue;
      if (m[1]) q.not.push(phrase);
      else q.phrases.push(phrase);
      continue;
    }
    let token = m[3]!;
    const negative = token.startsWith("-") && token.length > 1;
    if (negative) token = token.slice(1);
    const kv = /^([a-z]+):(.+)$/i.exec(token);
    if (kv && applyFilter(q, kv[1]!.toLowerCase(), kv[2]!, negative)) continue;
    if (negative) q.not.push(token);
    else if (token !== "-") q.words.push(token);
  }
  const checked = parsedQuerySchema.safeParse(q);
  return checked.success ? checked.data : emptyQuery();
}

function applyFilter(q: ParsedQuery, key: string, value: string, negative: boolean): boolean {
  const isDate = date.safeParse(value).success;
  switch (key) {
    case "tag":
      (negative ? q.notTags : q.tags).push(value);
      return true;
    case "site":
      if (negative) return false;
      q.sites.push(value.toLowerCase());
      return true;
    case "lang":
      if (negative) return false;
      q.lang = value.toLowerCase();
      return true;
    case "is":
      return negative ? false : applyIs(q, value.toLowerCase());
    case "has":
      if (negative || value.toLowerCase() !== "note") return false;
      q.hasNote = true;
      return true;
    case "type":
      if (negative) return false;
      q.type = value.toLowerCase();
      return true;
    case "before":
    case "after":
      if (negative || !isDate) return false;
      q[key] = value;
      return true;
    default:
      return false;
  }
}

function applyIs(q: ParsedQuery, value: string): boolean {
  switch (value) {
    case "failed":
      q.isFailed = true;
      return true;
    case "fav":
    case "favourite":
    case "favorite":
      q.isFav = true;
      return true;
    case "unread":
    case "read":
    case "archived":
      q.state = value;
      return true;
    default:
      return false;
  }
}
