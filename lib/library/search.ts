import { Prisma, type Link, type LinkTag, type Snapshot, type Tag } from "@/lib/generated/prisma/client";
import { db, onPostgres } from "@/lib/db/client";
import { libraryQuerySchema } from "@/lib/validation/forms";
import { tagKey } from "@/lib/validation/tags";
import { hasText, parseQuery, searchIndex, type SearchFilters } from "@/lib/search";
import type { FileTypeFilter, LibrarySort, StatusFilter } from "@/lib/validation/library-views";
import { foldSiblings, siblingsOf, type Sibling } from "./write-ups";
import { pendingRetry, type PendingRetry } from "./retry";

export { hitPattern } from "@/lib/search";

export const PAGE_SIZE = 24;

/** What the library listing shows: entries carrying every tag in `tags` (AND) and matching `q`, one page of them. */
export type LibrarySearch = {
  readonly tags: string[];
  readonly q?: string;
  readonly page: number;
  readonly sort?: LibrarySort;
  readonly status?: StatusFilter;
  readonly type?: FileTypeFilter;
  /** The entry's site (host[:port] of its address), from the site filter. */
  readonly site?: string;
};

type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

export const LibrarySearch = {
  /**
   * The search a request asks for (`?tag=a&tag=b&q=…&page=2`), from a page's search params or an API URL's.
   * Never throws on odd input: an unusable `q` or `page` falls back to none and page 1 (the schema says how).
   */
  from(params: SearchParams): LibrarySearch {
    const raw =
      params instanceof URLSearchParams
        ? {
            tag: params.getAll("tag"),
            q: params.get("q") ?? undefined,
            page: params.get("page") ?? undefined,
            sort: params.get("sort") ?? undefined,
            status: params.get("status") ?? undefined,
            type: params.get("type") ?? undefined,
            site: params.get("site") ?? undefined,
          }
        : { tag: params.tag, q: params.q, page: params.page, sort: params.sort, status: params.status, type: params.type, site: params.site };
    const query = libraryQuerySchema.parse(raw);
    return { tags: query.tag, q: query.q, page: query.page, sort: query.sort, status: query.status, type: query.type, site: query.site };
  },

  /** What the index narrows by besides the query text. */
  filtersOf(search: LibrarySearch): SearchFilters {
    return { tagKeys: search.tags.map(tagKey), status: search.status, fileType: search.type, site: search.site };
  },

  /** True when the search narrows the library (some tag or text), as opposed to listing everything. */
  isFiltered(search: LibrarySearch): boolean {
    return search.tags.length > 0 || Boolean(search.q) || Boolean(search.status) || Boolean(search.type) || Boolean(search.site);
  },

  /** True when the search names a reading state (is:archived, is:read…): only then are archived entries listed. */
  namesState(search: LibrarySearch): boolean {
    return Boolean(parseQuery(search.q).state);
  },
};

/** What a card shows of an entry's latest capture (never its texts, which can be megabytes). */
export type ListedSnapshot = Pick<Snapshot, "id" | "status" | "stage" | "error" | "thumbnailPath" | "contentType" | "originalPath" | "metadataJson"> & {
  /** When its capture failed for now: the attempt to come and its time, from the Job row. */
  retry: PendingRetry | null;
};

/** The latest snapshot as the listing reads it: its Job's retry columns side by side, made into `retry` below. */
type ReadSnapshot = Omit<ListedSnapshot, "retry"> & { jobState: string | null; jobAttempts: number; jobMaxAttempts: number; jobRunAt: string | number };

export type LibraryEntry = Link & { tags: Array<LinkTag & { tag: Tag }>; snapshots: ListedSnapshot[] };

const sqliteEntries = (ids: number[]) => Prisma.sql`
    SELECT l.*,
      (SELECT json_group_array(json_object('linkId', lt.linkId, 'tagId', lt.tagId,
          'tag', json_object('id', t.id, 'name', t.name, 'key', t.key, 'color', t.color)) ORDER BY lt.tagId)
        FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt.tagId WHERE lt.linkId = l.id) AS tagsJson,
      (SELECT json_object('id', s.id, 'status', s.status, 'stage', s.stage, 'error', s.error, 'thumbnailPath', s.thumbnailPath,
          'contentType', s.contentType, 'originalPath', s.originalPath, 'metadataJson', s.metadataJson,
          'jobState', j.state, 'jobAttempts', j.attempts, 'jobMaxAttempts', j.maxAttempts, 'jobRunAt', j.runAt)
        FROM "Snapshot" s LEFT JOIN "Job" j ON j.snapshotId = s.id WHERE s.linkId = l.id ORDER BY s.id DESC LIMIT 1) AS snapshotJson
    FROM "Link" l WHERE l.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

// The same read on PostgreSQL: quoted camel-case names, json_agg/json_build_object, the ids as an int[] parameter.
const postgresEntries = (ids: number[]) => Prisma.sql`
    SELECT l.*,
      (SELECT COALESCE(json_agg(json_build_object('linkId', lt."linkId", 'tagId', lt."tagId",
          'tag', json_build_object('id', t.id, 'name', t.name, 'key', t.key, 'color', t.color)) ORDER BY lt."tagId"), '[]'::json)::text
        FROM "LinkTag" lt JOIN "Tag" t ON t.id = lt."tagId" WHERE lt."linkId" = l.id) AS "tagsJson",
      (SELECT json_build_object('id', s.id, 'status', s.status, 'stage', s.stage, 'error', s.error, 'thumbnailPath', s."thumbnailPath",
          'contentType', s."contentType", 'originalPath', s."originalPath", 'metadataJson', s."metadataJson",
          'jobState', j.state, 'jobAttempts', j.attempts, 'jobMaxAttempts', j."maxAttempts", 'jobRunAt', j."runAt")::text
        FROM "Snapshot" s LEFT JOIN "Job" j ON j."snapshotId" = s.id WHERE s."linkId" = l.id ORDER BY s.id DESC LIMIT 1) AS "snapshotJson"
    FROM "Link" l WHERE l.id = ANY(${ids}::int[])`;

/**
 * The page's entries with their tags and latest capture, in one statement: the listing's only read besides the
 * index, so its cost stays a small multiple of the index query's (four ORM queries cost ten times more; see
 * docs/bench.md). "Link" columns come back converted as the client converts them (dates, booleans).
 */
async function readEntries(ids: number[]): Promise<LibraryEntry[]> {
  if (ids.length === 0) return [];
  const rows = await db().$queryRaw<Array<Link & { tagsJson: string; snapshotJson: string | null }>>(onPostgres() ? postgresEntries(ids) : sqliteEntries(ids));
  return rows.map(({ tagsJson, snapshotJson, ...link }) => ({
    ...link,
    tags: JSON.parse(tagsJson) as LibraryEntry["tags"],
    snapshots: snapshotJson ? [listedSnapshot(JSON.parse(snapshotJson) as ReadSnapshot)] : [],
  }));
}

function listedSnapshot({ jobState, jobAttempts, jobMaxAttempts, jobRunAt, ...snapshot }: ReadSnapshot): ListedSnapshot {
  const job = jobState === null ? null : { state: jobState, attempts: jobAttempts, maxAttempts: jobMaxAttempts, runAt: jobRunAt };
  return { ...snapshot, retry: pendingRetry(snapshot, job) };
}

export type LibraryPage = {
  entries: LibraryEntry[];
  /** Highlighted passage per entry id (HTML-escaped, hits in <mark>), when the search has words. */
  snippets: Record<number, string>;
  /** Other versions of each entry's write-up (translations, mirrors): "also in English / 日本語"; with foldWriteUps only. */
  siblings: Record<number, Sibling[]>;
  /** Exact up to the search's cap (1,000); `capped` says there are more. */
  total: number;
  capped: boolean;
  page: number;
  pageCount: number;
};

/**
 * One page of the library: the search index picks and ranks the entries (best match first when there are words,
 * newest first otherwise), the rows are then read with Prisma in that order.
 */
export async function listEntries(search: LibrarySearch, options: { foldWriteUps?: boolean; language?: string } = {}): Promise<LibraryPage> {
  const result = await searchIndex().query(parseQuery(search.q), LibrarySearch.filtersOf(search), { page: search.page, size: PAGE_SIZE, sort: search.sort });
  const ranked = result.hits.map((h) => h.linkId);
  const rows = await readEntries(ranked);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Write-up versions are the library page's: its cards name them and its search shows one result per write-up
  // (browsing lists every entry, so nothing seems to vanish). API clients get every match and no version lookups.
  const siblingMap = options.foldWriteUps ? await siblingsOf(ranked) : new Map<number, Sibling[]>();
  const ids =
    options.foldWriteUps && hasText(parseQuery(search.q))
      ? foldSiblings(ranked, siblingMap, { language: options.language, languageOf: (id) => byId.get(id)?.language })
      : ranked;
  const entries = ids.map((id) => byId.get(id)).filter((e): e is LibraryEntry => e !== undefined);
  const snippets: Record<number, string> = {};
  for (const h of result.hits) if (h.snippet) snippets[h.linkId] = h.snippet;
  const siblings: Record<number, Sibling[]> = {};
  for (const id of ids) siblings[id] = siblingMap.get(id) ?? [];
  return {
    entries,
    snippets,
    siblings,
    total: result.total,
    capped: result.capped,
    page: search.page,
    pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
  };
}
