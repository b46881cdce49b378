import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { parseQuery, searchIndex } from "@/lib/search";
import { tagKey } from "@/lib/validation/tags";
import { encodeCursor, type EditEntryInput, type ListEntriesQuery } from "@/lib/validation/api";
import { SNAPSHOT_FILE_KINDS, type SnapshotFileKind } from "@/lib/validation/snapshot-file-kinds";
import { removeUnusedTags, replaceEntryTags } from "./tags";
import { storedPath } from "./stored-files";

// The library as the REST API v1 shows it: plain JSON views of entries, snapshots and tags, cursor pages over the
// search index, and the edits the web app has no form for (title, description, tag renames).

const entryInclude = {
  tags: { include: { tag: true }, orderBy: { tag: { key: "asc" } } },
  snapshots: { orderBy: { id: "desc" }, take: 1, select: { id: true, status: true } },
} satisfies Prisma.LinkInclude;

type EntryRow = Prisma.LinkGetPayload<{ include: typeof entryInclude }>;

function entryView(row: EntryRow) {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    description: row.description,
    siteName: row.siteName,
    language: row.language,
    tags: row.tags.map(({ tag }) => tag.name),
    status: (row.snapshots[0]?.status ?? null) as "queued" | "capturing" | "ready" | "failed" | null,
    latestSnapshotId: row.snapshots[0]?.id ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ApiEntry = ReturnType<typeof entryView>;

/**
 * One page of the listing after `cursor` (an offset into the ranked results). The index is asked for the page that
 * holds the offset when it lines up with `limit` (what clients following nextCursor do), otherwise for everything up
 * to it. One more than `limit` is not needed: the index's total says whether a next page exists.
 */
export async function listEntriesPage(query: ListEntriesQuery) {
  const offset = query.cursor ?? 0;
  const { limit } = query;
  const aligned = offset % limit === 0;
  const page = aligned ? { page: offset / limit + 1, size: limit } : { page: 1, size: offset + limit };
  const result = await searchIndex().query(parseQuery(query.q), { tagKeys: query.tag.map(tagKey) }, page);
  const hits = aligned ? result.hits : result.hits.slice(offset);
  const ids = hits.map((h) => h.linkId);
  const rows = await db().link.findMany({ where: { id: { in: ids } }, include: entryInclude });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const snippets = new Map(hits.map((h) => [h.linkId, h.snippet]));
  const entries = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...entryView(row), snippet: snippets.get(id) ?? null }] : [];
  });
  const next = offset + limit;
  return { entries, total: result.total, totalCapped: result.capped, nextCursor: next < result.total ? encodeCursor(next) : null };
}

export async function getApiEntry(linkId: number): Promise<ApiEntry | null> {
  const row = await db().link.findUnique({ where: { id: linkId }, include: entryInclude });
  return row ? entryView(row) : null;
}

export async function getApiEntriesByUrl(urls: string[]): Promise<Map<string, number>> {
  const rows = await db().link.findMany({ where: { url: { in: urls } }, select: { id: true, url: true } });
  return new Map(rows.map((r) => [r.url, r.id]));
}

/** Applies the fields the edit sends (undefined leaves a field alone); null when there is no such entry. */
export async function editEntry(linkId: number, edit: EditEntryInput): Promise<ApiEntry | null> {
  const found = await db().$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId }, select: { id: true } });
    if (!link) return false;
    if (edit.tags !== undefined) await replaceEntryTags(tx, linkId, edit.tags);
    const data: Prisma.LinkUpdateInput = { updatedAt: new Date() };
    if (edit.title !== undefined) data.title = edit.title || null;
    if (edit.description !== undefined) data.description = edit.description || null;
    await tx.link.update({ where: { id: linkId }, data });
    return true;
  });
  if (!found) return null;
  await searchIndex().index(linkId);
  return getApiEntry(linkId);
}

function filesOf(snapshot: Parameters<typeof storedPath>[0]): SnapshotFileKind[] {
  return SNAPSHOT_FILE_KINDS.filter((kind) => storedPath(snapshot, kind) !== null);
}

/** Every snapshot of an entry, newest first; null when there is no such entry. */
export async function listApiSnapshots(linkId: number) {
  const link = await db().link.findUnique({
    where: { id: linkId },
    select: {
      faviconPath: true,
      snapshots: {
        orderBy: { id: "desc" },
        select: {
          id: true,
          status: true,
          error: true,
          createdAt: true,
          capturedAt: true,
          httpStatus: true,
          contentType: true,
          htmlPath: true,
          originalPath: true,
          screenshotPath: true,
          thumbnailPath: true,
          readerPath: true,
        },
      },
    },
  });
  if (!link) return null;
  return link.snapshots.map((s) => ({
    id: s.id,
    status: s.status as "queued" | "capturing" | "ready" | "failed",
    error: s.error,
    createdAt: s.createdAt.toISOString(),
    capturedAt: s.capturedAt?.toISOString() ?? null,
    httpStatus: s.httpStatus,
    contentType: s.contentType,
    files: filesOf({ ...s, link: { faviconPath: link.faviconPath } }),
  }));
}

export type ApiTag = { id: number; name: string; key: string; count: number };

export async function listApiTags(): Promise<ApiTag[]> {
  const tags = await db().tag.findMany({ include: { _count: { select: { links: true } } } });
  return tags
    .map((t) => ({ id: t.id, name: t.name, key: t.key, count: t._count.links }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * Renames a tag everywhere it is used. A new spelling of the same key ("docker" → "Docker") is a rename; a name
 * that is another tag's is refused (`conflict`) rather than silently merging the two.
 */
export async function renameTag(tagId: number, name: string): Promise<ApiTag | "not-found" | "conflict"> {
  const outcome = await db().$transaction(async (tx) => {
    const tag = await tx.tag.findUnique({ where: { id: tagId } });
    if (!tag) return "not-found" as const;
    const other = await tx.tag.findUnique({ where: { key: tagKey(name) } });
    if (other && other.id !== tagId) return "conflict" as const;
    await tx.tag.update({ where: { id: tagId }, data: { name, key: tagKey(name) } });
    const links = await tx.linkTag.findMany({ where: { tagId }, select: { linkId: true } });
    await tx.link.updateMany({ where: { id: { in: links.map((l) => l.linkId) } }, data: { updatedAt: new Date() } });
    return links.map((l) => l.linkId);
  });
  if (typeof outcome === "string") return outcome;
  await searchIndex().index(outcome);
  return { id: tagId, name, key: tagKey(name), count: outcome.length };
}

/** Takes a tag off every entry and deletes it; false when there is no such tag. */
export async function deleteTag(tagId: number): Promise<boolean> {
  const linkIds = await db().$transaction(async (tx) => {
    const tag = await tx.tag.findUnique({ where: { id: tagId } });
    if (!tag) return null;
    const links = await tx.linkTag.findMany({ where: { tagId }, select: { linkId: true } });
    await tx.linkTag.deleteMany({ where: { tagId } });
    await tx.tag.delete({ where: { id: tagId } });
    await removeUnusedTags(tx);
    return links.map((l) => l.linkId);
  });
  if (linkIds === null) return false;
  await searchIndex().index(linkIds);
  return true;
}
