import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { shownDescription, shownTitle } from "../organise";
import { SNAPSHOT_PATHS, storedPath } from "../stored-files";
import { SNAPSHOT_FILE_KINDS } from "@/lib/validation/snapshot-file-kinds";

// One exported entry, read in batches so an export of 100,000 entries never holds more than a batch of rows.

const BATCH = 200;

const exportInclude = {
  tags: { include: { tag: true }, orderBy: { tag: { key: "asc" } } },
  snapshots: {
    orderBy: { id: "asc" },
    select: {
      id: true,
      status: true,
      error: true,
      createdAt: true,
      capturedAt: true,
      httpStatus: true,
      finalUrl: true,
      contentType: true,
      htmlSha256: true,
      htmlBytes: true,
      originalSha256: true,
      originalBytes: true,
      screenshotBytes: true,
      thumbnailBytes: true,
      textBytes: true,
      ...SNAPSHOT_PATHS,
    },
  },
} satisfies Prisma.LinkInclude;

type ExportRow = Prisma.LinkGetPayload<{ include: typeof exportInclude }>;

type SnapshotRow = ExportRow["snapshots"][number];

function snapshotView(snapshot: SnapshotRow, link: { faviconPath: string | null }) {
  const { htmlPath: _html, originalPath: _original, screenshotPath: _screenshot, thumbnailPath: _thumbnail, readerPath: _reader, ...facts } = snapshot;
  const kinds = SNAPSHOT_FILE_KINDS.filter((kind) => storedPath({ ...snapshot, link }, kind) !== null);
  return {
    ...facts,
    createdAt: facts.createdAt.toISOString(),
    capturedAt: facts.capturedAt?.toISOString() ?? null,
    // Where each file this snapshot has is downloaded (GET with a token or the session), not where it is stored.
    files: Object.fromEntries(kinds.map((kind) => [kind, `/api/v1/snapshots/${snapshot.id}/files/${kind}`])),
  };
}

function exportEntry(row: ExportRow) {
  const link = { faviconPath: row.faviconPath };
  return {
    id: row.id,
    url: row.url,
    /** What the library shows: the reader's own title/description when set, else the capture's. */
    title: shownTitle(row),
    description: shownDescription(row),
    capturedTitle: row.title,
    capturedDescription: row.description,
    note: row.note,
    tags: row.tags.map(({ tag }) => tag.name),
    favourite: row.favourite,
    state: row.state,
    siteName: row.siteName,
    language: row.language,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    snapshots: row.snapshots.map((snapshot) => snapshotView(snapshot, link)),
  };
}

export type ExportEntry = ReturnType<typeof exportEntry>;

/** The entries with these ids, in this order, a batch of rows at a time (an entry deleted meanwhile is left out). */
export async function* exportEntries(ids: number[]): AsyncGenerator<ExportEntry> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const rows = await db().link.findMany({ where: { id: { in: batch } }, include: exportInclude });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of batch) {
      const row = byId.get(id);
      if (row) yield exportEntry(row);
    }
  }
}
