import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { libraryQuerySchema } from "@/lib/validation/forms";
import { tagKey } from "@/lib/validation/tags";

export const PAGE_SIZE = 24;

/** What the library listing shows: entries carrying every tag in `tags` (AND) and matching `q`, one page of them. */
export type LibrarySearch = { readonly tags: string[]; readonly q?: string; readonly page: number };

type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

export const LibrarySearch = {
  /**
   * The search a request asks for (`?tag=a&tag=b&q=…&page=2`), from a page's search params or an API URL's.
   * Never throws on odd input: an unusable `q` or `page` falls back to none and page 1 (the schema says how).
   */
  from(params: SearchParams): LibrarySearch {
    const raw =
      params instanceof URLSearchParams
        ? { tag: params.getAll("tag"), q: params.get("q") ?? undefined, page: params.get("page") ?? undefined }
        : { tag: params.tag, q: params.q, page: params.page };
    const query = libraryQuerySchema.parse(raw);
    return { tags: query.tag, q: query.q, page: query.page };
  },

  /** True when the search narrows the library (some tag or text), as opposed to listing everything. */
  isFiltered(search: LibrarySearch): boolean {
    return search.tags.length > 0 || Boolean(search.q);
  },
};

/**
 * How the listing matches the text of a search. Today a substring match (`contains`) over title, URL, description
 * and archived text; a full-text index can replace it behind the same shape (a filter over entries).
 */
export type TextMatch = (q: string) => Promise<Prisma.LinkWhereInput>;

export const substringMatch: TextMatch = async (q) => ({
  OR: [{ title: { contains: q } }, { url: { contains: q } }, { description: { contains: q } }, { snapshots: { some: { text: { contains: q } } } }],
});

const listInclude = {
  tags: { include: { tag: true } },
  snapshots: { orderBy: { id: "desc" }, take: 1 },
} satisfies Prisma.LinkInclude;

export type LibraryEntry = Prisma.LinkGetPayload<{ include: typeof listInclude }>;

export type LibraryPage = { entries: LibraryEntry[]; total: number; page: number; pageCount: number };

/** One page of the library, newest first. */
export async function listEntries(search: LibrarySearch, matchText: TextMatch = substringMatch): Promise<LibraryPage> {
  const where: Prisma.LinkWhereInput = {
    AND: [...search.tags.map((t) => ({ tags: { some: { tag: { key: tagKey(t) } } } })), ...(search.q ? [await matchText(search.q)] : [])],
  };
  const prisma = db();
  const [total, entries] = await Promise.all([
    prisma.link.count({ where }),
    prisma.link.findMany({
      where,
      include: listInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (search.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { entries, total, page: search.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
