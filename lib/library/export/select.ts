import { db } from "@/lib/db/client";
import { parseQuery, searchIndex } from "@/lib/search";
import { LibrarySearch } from "../search";

// Which entries an export holds. The whole library is every entry, archived ones too (nothing is left behind when
// leaving); a search is what the library page lists for it, so "Export these N entries" exports those N.

/** The listing an export holds: the library page's search, tags and status/file-type filters (not its order). */
export type ExportScope = Pick<LibrarySearch, "tags" | "q" | "status" | "type">;

/** Pages through the search index this many ids at a time: the index caps its counted total, never its pages. */
const ID_PAGE = 1000;

export function isWholeLibrary(scope: ExportScope): boolean {
  return !LibrarySearch.isFiltered({ ...scope, page: 1 });
}

/** The ids in the order the export lists them: newest first for the whole library, the listing's order for a search. */
export async function exportIds(scope: ExportScope): Promise<number[]> {
  if (isWholeLibrary(scope)) {
    const rows = await db().link.findMany({ select: { id: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return rows.map((r) => r.id);
  }
  const query = parseQuery(scope.q);
  // The library's own filters, so an export holds exactly what the listing shows.
  const filters = LibrarySearch.filtersOf({ ...scope, page: 1 });
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const { hits } = await searchIndex().query(query, filters, { page, size: ID_PAGE, snippets: false });
    ids.push(...hits.map((h) => h.linkId));
    if (hits.length < ID_PAGE) return ids;
  }
}

/** How many entries an export of this scope holds (Settings says it; the library page has its listing's count). */
export async function exportCount(scope: ExportScope): Promise<number> {
  return isWholeLibrary(scope) ? libraryCount() : (await exportIds(scope)).length;
}

/**
 * Every entry, counted by SQLite's own count of a table (it walks the smallest index): the ORM's count wraps the
 * table in a subquery that reads every row, 100 times slower at 100,000 entries, and the library page asks on
 * every view.
 */
async function libraryCount(): Promise<number> {
  const [row] = await db().$queryRaw<Array<{ n: bigint | number }>>`SELECT count(*) AS n FROM "Link"`;
  return Number(row?.n ?? 0);
}
