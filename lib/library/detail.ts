import { db } from "@/lib/db/client";
import { SNAPSHOT_PATHS } from "./stored-files";

// Reads about one entry: the entry page (with every version), the pages about versions, and a snapshot's files.

export async function getEntry(linkId: number) {
  return db().link.findUnique({
    where: { id: linkId },
    include: {
      tags: { include: { tag: true }, orderBy: { tag: { key: "asc" } } },
      snapshots: { orderBy: { id: "desc" }, include: { job: true } },
    },
  });
}

export type EntryDetail = NonNullable<Awaited<ReturnType<typeof getEntry>>>;

/** An entry's title and its versions' dates only (no texts or files): for pages about versions, such as the diff. */
export async function getEntryVersions(linkId: number) {
  return db().link.findUnique({
    where: { id: linkId },
    select: {
      id: true,
      url: true,
      title: true,
      language: true,
      snapshots: { orderBy: { id: "desc" }, select: { id: true, capturedAt: true, createdAt: true } },
    },
  });
}

export async function getSnapshotFiles(snapshotId: number) {
  return db().snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      id: true,
      status: true,
      ...SNAPSHOT_PATHS,
      contentType: true,
      metadataJson: true,
      link: { select: { faviconPath: true } },
    },
  });
}

/** The entry a snapshot belongs to, or null when there is no such snapshot. */
export async function snapshotLinkId(snapshotId: number): Promise<number | null> {
  const snapshot = await db().snapshot.findUnique({ where: { id: snapshotId }, select: { linkId: true } });
  return snapshot?.linkId ?? null;
}
