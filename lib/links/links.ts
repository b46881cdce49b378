import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { enqueueCapture } from "@/lib/queue/jobs";
import { notifyWorker } from "@/lib/queue/worker-signal";
import { addLinkTags, removeUnusedTags, replaceLinkTags } from "@/lib/tags/tags";
import { tagKey } from "@/lib/validation/tags";
import { fileStore, linkFolder } from "@/lib/storage/file-store";

export const PAGE_SIZE = 24;

export type AddLinkResult = { linkId: number; created: boolean };

/**
 * Adds a link and queues its first capture; the capture runs in the background after the transaction commits.
 * A URL already in the library is not duplicated: its entry is returned (with any new tags added).
 */
export async function addLink(input: { url: string; tags: string[] }): Promise<AddLinkResult> {
  const prisma = db();
  const result = await prisma.$transaction(async (tx) => {
    const existing = await tx.link.findUnique({ where: { url: input.url } });
    if (existing) {
      await addLinkTags(tx, existing.id, input.tags);
      return { linkId: existing.id, created: false };
    }
    const link = await tx.link.create({ data: { url: input.url } });
    await addLinkTags(tx, link.id, input.tags);
    const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
    await enqueueCapture(tx, snapshot.id);
    return { linkId: link.id, created: true };
  });
  if (result.created) notifyWorker();
  return result;
}

/** Adds several links in one go (each as `addLink` would); returns them in the order given. */
export async function addLinks(input: { urls: string[]; tags: string[] }): Promise<AddLinkResult[]> {
  const results: AddLinkResult[] = [];
  for (const url of input.urls) results.push(await addLink({ url, tags: input.tags }));
  return results;
}

/** Queues a new snapshot of an existing link; older snapshots stay. */
export async function recaptureLink(linkId: number): Promise<number | null> {
  const prisma = db();
  const snapshotId = await prisma.$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return null;
    const pending = await tx.snapshot.findFirst({ where: { linkId, status: { in: ["queued", "capturing"] } } });
    if (pending) return pending.id;
    const snapshot = await tx.snapshot.create({ data: { linkId } });
    await enqueueCapture(tx, snapshot.id);
    return snapshot.id;
  });
  if (snapshotId) notifyWorker();
  return snapshotId;
}

export async function setLinkTags(linkId: number, tags: string[]): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId } });
    if (!link) return false;
    await replaceLinkTags(tx, linkId, tags);
    await tx.link.update({ where: { id: linkId }, data: { updatedAt: new Date() } });
    return true;
  });
}

/** Deletes the entry, its snapshots and their files. */
export async function deleteLink(linkId: number): Promise<boolean> {
  const deleted = await db().$transaction(async (tx) => {
    const { count } = await tx.link.deleteMany({ where: { id: linkId } });
    await removeUnusedTags(tx);
    return count === 1;
  });
  if (deleted) await fileStore().removeTree(linkFolder(linkId));
  return deleted;
}

const listInclude = {
  tags: { include: { tag: true } },
  snapshots: { orderBy: { id: "desc" }, take: 1 },
} satisfies Prisma.LinkInclude;

export type LibraryEntry = Prisma.LinkGetPayload<{ include: typeof listInclude }>;

export type LibraryPage = { entries: LibraryEntry[]; total: number; page: number; pageCount: number };

/** Newest first; every tag in `tags` must be on the entry (AND); `q` matches title, URL or archived text. */
export async function listLinks(query: { tags: string[]; q?: string; page: number }): Promise<LibraryPage> {
  const where: Prisma.LinkWhereInput = {
    AND: [
      ...query.tags.map((t) => ({ tags: { some: { tag: { key: tagKey(t) } } } })),
      ...(query.q
        ? [
            {
              OR: [
                { title: { contains: query.q } },
                { url: { contains: query.q } },
                { description: { contains: query.q } },
                { snapshots: { some: { text: { contains: query.q } } } },
              ],
            },
          ]
        : []),
    ],
  };
  const prisma = db();
  const [total, entries] = await Promise.all([
    prisma.link.count({ where }),
    prisma.link.findMany({
      where,
      include: listInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { entries, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function getLink(linkId: number) {
  return db().link.findUnique({
    where: { id: linkId },
    include: {
      tags: { include: { tag: true }, orderBy: { tag: { key: "asc" } } },
      snapshots: { orderBy: { id: "desc" }, include: { job: true } },
    },
  });
}

export type LinkDetail = NonNullable<Awaited<ReturnType<typeof getLink>>>;

export async function getSnapshotFiles(snapshotId: number) {
  return db().snapshot.findUnique({
    where: { id: snapshotId },
    select: { id: true, status: true, htmlPath: true, screenshotPath: true, thumbnailPath: true, link: { select: { faviconPath: true } } },
  });
}

/** States of a few entries, for the live progress of the library and link pages. */
export async function snapshotStates(linkIds: number[]) {
  const links = await db().link.findMany({
    where: { id: { in: linkIds } },
    select: { id: true, snapshots: { orderBy: { id: "desc" }, take: 1, select: { id: true, status: true, stage: true, error: true } } },
  });
  return links.map((l) => ({ linkId: l.id, ...(l.snapshots[0] ?? { id: null, status: "none", stage: null, error: null }) }));
}
