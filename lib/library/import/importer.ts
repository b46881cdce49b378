import { db, type DbTransaction } from "@/lib/db/client";
import { enqueueCaptures } from "@/lib/queue/jobs";
import { notifyWorker } from "@/lib/queue/worker-signal";
import { validationTranslator } from "@/lib/i18n/translator";
import { tagKey } from "@/lib/validation/tags";
import type { ImportResult } from "@/lib/validation/import";
import { parseImportFile } from "./parse";
import { reason, type ImportFormat, type ImportItem, type Reject } from "./types";

// Writes parsed bookmarks into the library, a batch per transaction: thousands of rows commit in seconds, and a
// crash loses at most the batch in flight (the rest is in, and importing the file again skips it). A link already
// in the library is not duplicated: it gains the file's tags and keeps the earlier of the two dates.

export const IMPORT_BATCH_SIZE = 500;

export type ImportOptions = {
  /** Queue a capture of every new link (default), or only record the bookmarks. */
  capture?: boolean;
  batchSize?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
};

export type ImportReport = { format: ImportFormat; imported: number; duplicates: number; failed: Reject[] };

type TagIds = Map<string, number>;

async function tagIds(tx: DbTransaction, names: string[], known: TagIds): Promise<void> {
  for (const name of names) {
    const key = tagKey(name);
    if (known.has(key)) continue;
    const tag = await tx.tag.upsert({ where: { key }, update: {}, create: { name, key } });
    known.set(key, tag.id);
  }
}

/** One batch in one transaction; returns how many links it created and how many it found already there. */
async function writeBatch(items: ImportItem[], capture: boolean): Promise<{ created: number; existing: number }> {
  return db().$transaction(
    async (tx) => {
      const known: TagIds = new Map();
      await tagIds(
        tx,
        items.flatMap((i) => i.tags),
        known,
      );
      const found = await tx.link.findMany({
        where: { url: { in: items.map((i) => i.url) } },
        select: { id: true, url: true, createdAt: true, favourite: true, note: true, tags: { select: { tagId: true } } },
      });
      const existing = new Map(found.map((l) => [l.url, l]));
      const fresh: ImportItem[] = [];
      for (const item of items) {
        const link = existing.get(item.url);
        if (!link) {
          fresh.push(item);
          continue;
        }
        const has = new Set(link.tags.map((t) => t.tagId));
        const missing = [...new Set(item.tags.map((t) => known.get(tagKey(t))!))].filter((id) => !has.has(id));
        if (missing.length > 0) await tx.linkTag.createMany({ data: missing.map((tagId) => ({ linkId: link.id, tagId })) });
        const earlier = item.addedAt && item.addedAt < link.createdAt ? { createdAt: item.addedAt } : {};
        const star = item.favourite && !link.favourite ? { favourite: true } : {};
        const note = item.note && !link.note ? { note: item.note } : {};
        if (Object.keys({ ...earlier, ...star, ...note }).length > 0) await tx.link.update({ where: { id: link.id }, data: { ...earlier, ...star, ...note } });
      }
      // New links go in a few statements per batch, not a few per link: that is what makes thousands take seconds.
      const rows = await tx.link.createManyAndReturn({
        data: fresh.map((item) => ({
          url: item.url,
          title: item.title ?? null,
          description: item.description ?? null,
          note: item.note ?? null,
          favourite: item.favourite ?? false,
          ...(item.state ? { state: item.state } : {}),
          ...(item.addedAt ? { createdAt: item.addedAt } : {}),
        })),
        select: { id: true, url: true },
      });
      const idOf = new Map(rows.map((r) => [r.url, r.id]));
      const linkTags = fresh.flatMap((item) =>
        [...new Set(item.tags.map((t) => known.get(tagKey(t))!))].map((tagId) => ({ linkId: idOf.get(item.url)!, tagId })),
      );
      if (linkTags.length > 0) await tx.linkTag.createMany({ data: linkTags });
      if (capture && rows.length > 0) {
        const snapshots = await tx.snapshot.createManyAndReturn({ data: rows.map((r) => ({ linkId: r.id })), select: { id: true } });
        await enqueueCaptures(
          tx,
          snapshots.map((s) => s.id),
        );
      }
      const created = rows.length;
      return { created, existing: found.length };
    },
    // A batch of hundreds of rows outlasts Prisma's 5 s default on a slow disk; it is still one short write.
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Imports checked, de-duplicated items (see parseImportFile). `duplicatesInFile` are the file's own repeats,
 * counted with the links already in the library. A batch that fails to commit is retried row by row, so one bad
 * row is reported and the others still import.
 */
export async function importItems(items: ImportItem[], options: ImportOptions = {}, duplicatesInFile = 0): Promise<Omit<ImportReport, "format">> {
  const capture = options.capture ?? true;
  const size = options.batchSize ?? IMPORT_BATCH_SIZE;
  const report = { imported: 0, duplicates: duplicatesInFile, failed: [] as Reject[] };
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    try {
      const { created, existing } = await writeBatch(batch, capture);
      report.imported += created;
      report.duplicates += existing;
    } catch (batchError) {
      for (const item of batch) {
        try {
          const { created, existing } = await writeBatch([item], capture);
          report.imported += created;
          report.duplicates += existing;
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(batchError)).split("\n").at(-1) ?? "";
          report.failed.push({ item: item.url, reason: reason("import.reasons.writeFailed", { error: message.slice(0, 200) }) });
        }
      }
    }
    options.onProgress?.({ done: Math.min(start + size, items.length), total: items.length });
  }
  if (capture && report.imported > 0) notifyWorker();
  return report;
}

/** Reads and imports one file; throws UnknownImportFormat (nothing written) when it is not an export Kura reads. */
export async function importFile(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportReport> {
  const parsed = parseImportFile(bytes);
  const written = await importItems(parsed.items, options, parsed.duplicates);
  return { format: parsed.format, ...written, failed: [...parsed.rejects, ...written.failed] };
}

/** The API's answer: reasons in English, and as keys with their values for a client that words them itself. */
export function reportWithKeys(report: ImportReport): ImportResult {
  const en = validationTranslator("en");
  return {
    format: report.format,
    imported: report.imported,
    duplicates: report.duplicates,
    failed: report.failed.map((f) => ({
      item: f.item,
      reason: en(f.reason.key, f.reason.values),
      reasonKey: f.reason.key,
      ...(f.reason.values ? { reasonValues: f.reason.values } : {}),
    })),
  };
}

/** The report as the CLI prints it: the reasons worded in English, like the API's other messages. */
export function reportJson(report: ImportReport): { imported: number; duplicates: number; failed: Array<{ item: string; reason: string }> } {
  const en = validationTranslator("en");
  return {
    imported: report.imported,
    duplicates: report.duplicates,
    failed: report.failed.map((f) => ({ item: f.item, reason: en(f.reason.key, f.reason.values) })),
  };
}
