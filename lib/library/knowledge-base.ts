import { db } from "@/lib/db/client";
import { LINK_ORIGIN, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { enqueueCapture } from "@/lib/queue/jobs";
import { seedArticles, seedArticleUrl, type SeedArticle } from "@/lib/seed/articles";
import { captureSnapshotNow, settlementOf, type CaptureJobDeps } from "./capture-job";
import { addEntryTags } from "@/lib/library/tags";

export type SeedReport = { added: string[]; skipped: string[]; failed: Array<{ slug: string; reason: string }> };

const SEEDED_KEY = (slug: string) => `seeded:${slug}`;

/**
 * Imports the shipped write-ups once per installation. Each import is remembered, so a second start adds nothing
 * and an entry the user deleted stays deleted. With `capture`, snapshots are made right away by the capture job
 * (the write-up is its source), so the knowledge base is readable as soon as the server answers; a failed capture,
 * or every capture without it, is left queued for the worker.
 */
export async function seedKnowledgeBase(options: { capture: CaptureJobDeps | null }): Promise<SeedReport> {
  const prisma = db();
  const report: SeedReport = { added: [], skipped: [], failed: [] };
  // Oldest first, so the library (newest first) lists them in a stable order.
  for (const article of seedArticles) {
    const snapshotId = await importArticle(article);
    if (snapshotId === null) {
      report.skipped.push(article.slug);
      continue;
    }
    report.added.push(article.slug);
    if (!options.capture) {
      await enqueueCapture(prisma, snapshotId);
      continue;
    }
    const outcome = await captureSnapshotNow(snapshotId, options.capture);
    // Not published (whatever the outcome): the import goes on, and the worker tries again later.
    if (settlementOf(outcome) !== "committed") {
      report.failed.push({ slug: article.slug, reason: "reason" in outcome ? outcome.reason : outcome.kind });
      await prisma.snapshot.update({ where: { id: snapshotId }, data: { status: SNAPSHOT_STATUS.queued } });
      await enqueueCapture(prisma, snapshotId);
    }
  }
  return report;
}

async function importArticle(article: SeedArticle): Promise<number | null> {
  return db().$transaction(async (tx) => {
    const marker = await tx.appState.findUnique({ where: { key: SEEDED_KEY(article.slug) } });
    if (marker) return null;
    await tx.appState.create({ data: { key: SEEDED_KEY(article.slug), value: new Date().toISOString() } });
    const url = seedArticleUrl(article);
    const existing = await tx.link.findUnique({ where: { url } });
    if (existing) return null;
    const link = await tx.link.create({
      data: {
        url,
        origin: LINK_ORIGIN.seed,
        title: article.title,
        description: article.description,
        language: article.language,
        siteName: "Kura knowledge base",
      },
    });
    await addEntryTags(tx, link.id, article.tags);
    const snapshot = await tx.snapshot.create({ data: { linkId: link.id } });
    return snapshot.id;
  });
}
