import { db } from "@/lib/db/client";
import { ENTRY_STATE, type EntryState } from "@/lib/db/vocabulary";
import { fileStore } from "@/lib/storage/configured-store";
import { linkFolder } from "@/lib/storage/file-store";
import { tagKey } from "@/lib/validation/tags";
import { MAX_BULK } from "@/lib/validation/organise";
import { parseQuery, searchIndex } from "@/lib/search";
import { LibrarySearch } from "./search";
import { recaptureEntry } from "./entries";
import { addEntryTags, removeUnusedTags } from "./tags";

export { shownDescription, shownTitle } from "./shown-text";

// The reader's own layer over the captures: a star, a reading state, a note, an own title/description, and the
// same changes over many entries at once. Every write is one transaction; the search triggers see them.

export async function setFavourite(linkIds: number[], favourite: boolean): Promise<number> {
  const { count } = await db().link.updateMany({ where: { id: { in: linkIds } }, data: { favourite } });
  return count;
}

export async function setEntryState(linkIds: number[], state: EntryState): Promise<number> {
  const { count } = await db().link.updateMany({ where: { id: { in: linkIds } }, data: { state } });
  return count;
}

/** Opening an entry marks it read (an archived one stays archived). */
export async function markOpened(linkId: number): Promise<void> {
  await db().link.updateMany({ where: { id: linkId, state: ENTRY_STATE.unread }, data: { state: ENTRY_STATE.read } });
}

export async function setNote(linkId: number, note: string | null): Promise<boolean> {
  const { count } = await db().link.updateMany({ where: { id: linkId }, data: { note } });
  return count === 1;
}

/** The reader's title and description; null shows the captured value again (which is never overwritten). */
export async function setCustomText(linkId: number, text: { customTitle: string | null; customDescription: string | null }): Promise<boolean> {
  const { count } = await db().link.updateMany({ where: { id: linkId }, data: text });
  return count === 1;
}

export async function addTagsTo(linkIds: number[], names: string[]): Promise<number> {
  return db().$transaction(async (tx) => {
    const found = await tx.link.findMany({ where: { id: { in: linkIds } }, select: { id: true } });
    for (const { id } of found) await addEntryTags(tx, id, names);
    return found.length;
  });
}

export async function removeTagsFrom(linkIds: number[], names: string[]): Promise<number> {
  return db().$transaction(async (tx) => {
    const tags = await tx.tag.findMany({ where: { key: { in: names.map(tagKey) } }, select: { id: true } });
    const { count } = await tx.linkTag.deleteMany({ where: { linkId: { in: linkIds }, tagId: { in: tags.map((t) => t.id) } } });
    await removeUnusedTags(tx);
    return count;
  });
}

export async function recaptureEntries(linkIds: number[]): Promise<number> {
  let queued = 0;
  for (const id of linkIds) if (await recaptureEntry(id)) queued++;
  return queued;
}

/** Deletes the entries, their snapshots and their files; returns how many existed. */
export async function deleteEntries(linkIds: number[]): Promise<number> {
  const deleted = await db().$transaction(async (tx) => {
    const found = await tx.link.findMany({ where: { id: { in: linkIds } }, select: { id: true } });
    await tx.link.deleteMany({ where: { id: { in: found.map((f) => f.id) } } });
    await removeUnusedTags(tx);
    return found.map((f) => f.id);
  });
  for (const id of deleted) await fileStore().removeTree(linkFolder(id));
  return deleted.length;
}

export type TagChange = { ok: true; merged: boolean } | { ok: false; error: "missing" };

/**
 * Renames a tag. A name whose key belongs to another tag merges the two: the other tag's entries get this one's
 * links and this one disappears (the existing tag keeps its id and colour, takes the new spelling).
 */
export async function renameTag(key: string, name: string): Promise<TagChange> {
  return db().$transaction(async (tx) => {
    const tag = await tx.tag.findUnique({ where: { key } });
    if (!tag) return { ok: false, error: "missing" } as const;
    const newKey = tagKey(name);
    if (newKey === tag.key) {
      await tx.tag.update({ where: { id: tag.id }, data: { name } });
      return { ok: true, merged: false } as const;
    }
    const target = await tx.tag.findUnique({ where: { key: newKey } });
    if (!target) {
      await tx.tag.update({ where: { id: tag.id }, data: { name, key: newKey } });
      return { ok: true, merged: false } as const;
    }
    const links = await tx.linkTag.findMany({ where: { tagId: tag.id }, select: { linkId: true } });
    for (const { linkId } of links) {
      await tx.linkTag.upsert({ where: { linkId_tagId: { linkId, tagId: target.id } }, update: {}, create: { linkId, tagId: target.id } });
    }
    await tx.tag.delete({ where: { id: tag.id } });
    await tx.tag.update({ where: { id: target.id }, data: { name } });
    return { ok: true, merged: true } as const;
  });
}

/** Removes a tag from every entry (the entries stay). */
export async function deleteTag(key: string): Promise<boolean> {
  const { count } = await db().tag.deleteMany({ where: { key } });
  return count === 1;
}

export async function setTagColor(key: string, color: string | null): Promise<boolean> {
  const { count } = await db().tag.updateMany({ where: { key }, data: { color } });
  return count === 1;
}

/** Every tag name, for autocomplete where tags are typed. */
export async function allTagNames(): Promise<string[]> {
  const tags = await db().tag.findMany({ select: { name: true }, orderBy: { key: "asc" } });
  return tags.map((t) => t.name);
}

/** Every entry the library's search matches (as listed: archived only when asked), up to MAX_BULK, for "select all". */
export async function matchingIds(search: LibrarySearch): Promise<number[]> {
  const result = await searchIndex().query(parseQuery(search.q), LibrarySearch.filtersOf(search), { page: 1, size: MAX_BULK, snippets: false });
  return result.hits.map((h) => h.linkId);
}
