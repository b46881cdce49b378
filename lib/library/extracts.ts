import { db } from "@/lib/db/client";
import { searchIndex, type ExtractKind } from "@/lib/search";
import { shownTitle } from "./organise";

// The Commands and Errors pages: every command and error message the library quotes, with the entries quoting it.
// The search index keeps them (one row per entry and command, in step with every write); this adds the entries.

export const EXTRACTS_PAGE_SIZE = 50;
const MAX_FILTER = 200;

export type ExtractEntry = { id: number; title: string; language: string | null };
export type ExtractListing = { groups: Array<{ text: string; entries: ExtractEntry[] }>; total: number; page: number; pageCount: number };

export async function listExtracts(kind: ExtractKind, filter: string, page: number): Promise<ExtractListing> {
  const size = EXTRACTS_PAGE_SIZE;
  const wanted = Math.max(1, Math.floor(page));
  const result = await searchIndex().extracts(kind, filter.slice(0, MAX_FILTER), { page: wanted, size });
  const ids = [...new Set(result.groups.flatMap((g) => g.linkIds))];
  const links = await db().link.findMany({ where: { id: { in: ids } }, select: { id: true, url: true, title: true, customTitle: true, language: true } });
  const byId = new Map(links.map((l) => [l.id, { id: l.id, title: shownTitle(l), language: l.language }]));
  return {
    groups: result.groups.map((g) => ({ text: g.text, entries: g.linkIds.flatMap((id) => byId.get(id) ?? []) })),
    total: result.total,
    page: wanted,
    pageCount: Math.max(1, Math.ceil(result.total / size)),
  };
}
