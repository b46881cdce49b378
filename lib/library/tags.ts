import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { tagKey } from "@/lib/validation/tags";

type Tx = Prisma.TransactionClient;

/** Finds or creates each tag by its case-insensitive key; the first spelling typed is the display name. */
export async function upsertTags(tx: Tx, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const tag = await tx.tag.upsert({ where: { key: tagKey(name) }, update: {}, create: { name, key: tagKey(name) } });
    ids.push(tag.id);
  }
  return ids;
}

/** Replaces an entry's tags; tags left without links disappear. */
export async function replaceEntryTags(tx: Tx, linkId: number, names: string[]): Promise<void> {
  const ids = await upsertTags(tx, names);
  await tx.linkTag.deleteMany({ where: { linkId, tagId: { notIn: ids } } });
  for (const tagId of ids) {
    await tx.linkTag.upsert({ where: { linkId_tagId: { linkId, tagId } }, update: {}, create: { linkId, tagId } });
  }
  await removeUnusedTags(tx);
}

export async function addEntryTags(tx: Tx, linkId: number, names: string[]): Promise<void> {
  for (const tagId of await upsertTags(tx, names)) {
    await tx.linkTag.upsert({ where: { linkId_tagId: { linkId, tagId } }, update: {}, create: { linkId, tagId } });
  }
}

export async function removeUnusedTags(tx: Tx): Promise<void> {
  await tx.tag.deleteMany({ where: { links: { none: {} } } });
}

export type TagCount = { name: string; key: string; count: number; color: string | null };

export async function listTagsWithCounts(): Promise<TagCount[]> {
  const tags = await db().tag.findMany({ include: { _count: { select: { links: true } } } });
  return tags
    .map((t) => ({ name: t.name, key: t.key, count: t._count.links, color: t.color }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export type TagSort = "count" | "name";

/** The Tags page's list: names containing `find` (case-insensitively), most used first or by name. */
export async function findTags(find: string, sort: TagSort): Promise<TagCount[]> {
  const needle = tagKey(find);
  const tags = (await listTagsWithCounts()).filter((t) => needle === "" || t.key.includes(needle));
  return sort === "name" ? tags.sort((a, b) => a.key.localeCompare(b.key)) : tags;
}
